import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, TEST_PASSWORD } from '../helpers/factories.js';
import { totpCode } from '../../src/services/auth/totp.js';
import { issueSetupToken } from '../../src/services/setup/first-run.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { findUserByEmail } from '../../src/db/repositories/user.repository.js';

const SESSION_COOKIE = 'redress_session';
const REFUSED = 'That e-mail address and password do not match an active account.';

/** The session cookie a response set, as a Cookie header, to replay it later. */
function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((item) => item.name === SESSION_COOKIE);
  expect(cookie?.value).toBeTruthy();
  return `${SESSION_COOKIE}=${cookie!.value}`;
}

function minutesLater(t: TestApp, minutes: number): void {
  t.clock.set(new Date(t.clock.now().getTime() + minutes * 60_000).toISOString());
}

/** A different 6-digit code from the one given. */
function wrongCode(code: string): string {
  return String((Number(code) + 500_001) % 1_000_000).padStart(6, '0');
}

for (const kind of testDatabaseKinds()) {
  describe(`staff sign-in and sessions (${kind})`, () => {
    let t: TestApp;
    let browser: PageClient;
    beforeEach(async () => {
      t = await createTestApp(kind);
      browser = new PageClient(t.app);
    });
    afterEach(async () => t.close());

    it('signs in with the right password and redirects to /staff with 303', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      const login = await browser.get('/login');
      expect(login.statusCode).toBe(200);
      const signedIn = await browser.post('/login', { email: officer.email, password: TEST_PASSWORD });
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers.location).toBe('/staff');
      const cookie = signedIn.cookies.find((item) => item.name === SESSION_COOKIE);
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Lax');
      const dashboard = await browser.get('/staff');
      expect(dashboard.statusCode).toBe(200);
      expect(dashboard.body).toContain('Dashboard');
    });

    it('answers a wrong password with 401 and the same message as an unknown e-mail address', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      const wrong = await browser.signIn(officer.email, 'not the right password at all');
      const unknown = await browser.signIn('nobody@example.test', TEST_PASSWORD);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.body).toContain(REFUSED);
      expect(unknown.body).toContain(REFUSED);
      // The e-mail typed is kept on the form, the password is not.
      expect(wrong.body).toContain(`value="${officer.email}"`);
      expect(wrong.body).not.toContain('not the right password at all');
      expect(wrong.cookies.some((item) => item.name === SESSION_COOKIE)).toBe(false);
      expect((await browser.get('/staff')).statusCode).toBe(302);
    });

    it('locks the account after 5 failures, even against the right password, and unlocks it after the lockout', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      await browser.get('/login');
      for (let attempt = 1; attempt <= 5; attempt++) {
        const failed = await browser.post('/login', { email: officer.email, password: `wrong password number ${attempt}` });
        expect(failed.statusCode).toBe(401);
      }
      const locked = await browser.post('/login', { email: officer.email, password: TEST_PASSWORD });
      expect(locked.statusCode).toBe(423);
      expect(locked.body).toContain('This account is locked');
      expect(locked.cookies.some((item) => item.name === SESSION_COOKIE)).toBe(false);

      minutesLater(t, 10);
      expect((await browser.post('/login', { email: officer.email, password: TEST_PASSWORD })).statusCode).toBe(423);

      minutesLater(t, 6);
      const unlocked = await browser.post('/login', { email: officer.email, password: TEST_PASSWORD });
      expect(unlocked.statusCode).toBe(303);
      expect(unlocked.headers.location).toBe('/staff');
      expect((await browser.get('/staff')).statusCode).toBe(200);
    });

    it('counts failures made at the same time, so parallel guessing still locks the account', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      await browser.get('/login');
      const failed = await Promise.all([1, 2, 3, 4, 5].map((attempt) => browser.post('/login', { email: officer.email, password: `wrong password number ${attempt}` })));
      expect(failed.map((response) => response.statusCode)).toEqual([401, 401, 401, 401, 401]);
      const after = await browser.post('/login', { email: officer.email, password: TEST_PASSWORD });
      expect(after.statusCode).toBe(423);
    });

    it('matches the e-mail address whatever its case and surrounding spaces', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      const signedIn = await browser.signIn(`  ${officer.email.toUpperCase()} `, TEST_PASSWORD);
      expect(signedIn.statusCode).toBe(303);
    });

    it('refuses a disabled account with the same 401, even with the right password', async () => {
      const admin = await createStaff(t.ctx, ['system_admin']);
      const officer = await createStaff(t.ctx, ['intake_officer']);
      expect((await browser.signIn(admin.email, TEST_PASSWORD)).statusCode).toBe(303);
      expect((await browser.get('/staff/users')).statusCode).toBe(200);
      const disabled = await browser.post(`/staff/users/${officer.userId}/disable`, {});
      expect(disabled.statusCode).toBe(303);
      expect((await findUserByEmail(t.ctx.db, officer.email))?.disabled_at).toBeTruthy();

      const person = new PageClient(t.app);
      const refused = await person.signIn(officer.email, TEST_PASSWORD);
      expect(refused.statusCode).toBe(401);
      expect(refused.body).toContain(REFUSED);
      expect((await person.get('/staff')).statusCode).toBe(302);
    });

    it('ends the sessions of an account when it is disabled', async () => {
      const admin = await createStaff(t.ctx, ['system_admin']);
      const officer = await createStaff(t.ctx, ['intake_officer']);
      const officerBrowser = new PageClient(t.app);
      expect((await officerBrowser.signIn(officer.email, TEST_PASSWORD)).statusCode).toBe(303);
      expect((await officerBrowser.get('/staff')).statusCode).toBe(200);

      await browser.signIn(admin.email, TEST_PASSWORD);
      await browser.get('/staff/users');
      expect((await browser.post(`/staff/users/${officer.userId}/disable`, {})).statusCode).toBe(303);

      const after = await officerBrowser.get('/staff');
      expect(after.statusCode).toBe(302);
      expect(after.headers.location).toBe('/login?next=%2Fstaff');
    });

    it('follows `next` only to local paths', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      const cases = await browser.get('/staff/cases?stage=received');
      expect(cases.statusCode).toBe(302);
      const loginUrl = cases.headers.location as string;
      expect(loginUrl).toBe(`/login?next=${encodeURIComponent('/staff/cases?stage=received')}`);
      const login = await browser.get(loginUrl);
      expect(login.body).toContain('name="next" value="/staff/cases?stage=received"');
      const local = await browser.post('/login', { email: officer.email, password: TEST_PASSWORD, next: '/staff/cases?stage=received' });
      expect(local.statusCode).toBe(303);
      expect(local.headers.location).toBe('/staff/cases?stage=received');

      for (const next of ['//evil.example', 'https://evil.example', 'evil.example', 'javascript:alert(1)']) {
        const other = new PageClient(t.app);
        await other.get(`/login?next=${encodeURIComponent(next)}`);
        const signedIn = await other.post('/login', { email: officer.email, password: TEST_PASSWORD, next });
        expect(signedIn.statusCode, next).toBe(303);
        expect(signedIn.headers.location, next).toBe('/staff');
      }
    });

    it('does not follow a `next` that browsers read as another site ("/\\evil.example")', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      await browser.get('/login');
      const signedIn = await browser.post('/login', { email: officer.email, password: TEST_PASSWORD, next: '/\\evil.example' });
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers.location).toBe('/staff');
    });

    it('redirects staff pages to /login when signed out', async () => {
      await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const caseRow = await t.ctx.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
      for (const url of ['/staff', '/staff/cases', '/staff/cases/new', '/staff/users', '/staff/account', `/staff/cases/${caseRow.id}`]) {
        const response = await browser.get(url);
        expect(response.statusCode, url).toBe(302);
        expect(response.headers.location, url).toBe(`/login?next=${encodeURIComponent(url)}`);
        expect(response.body, url).not.toContain('Abusive messages');
      }
      // A forged or tampered session cookie is no better than none.
      const forged = await t.app.inject({ method: 'GET', url: '/staff', headers: { cookie: `${SESSION_COOKIE}=not-a-signed-token` } });
      expect(forged.statusCode).toBe(302);
      expect(forged.headers.location).toBe('/login?next=%2Fstaff');
    });

    it('signs out: the old session cookie no longer opens /staff', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      const signedIn = await browser.signIn(officer.email, TEST_PASSWORD);
      const oldCookie = sessionCookieOf(signedIn);
      expect((await t.app.inject({ method: 'GET', url: '/staff', headers: { cookie: oldCookie } })).statusCode).toBe(200);

      const dashboard = await browser.get('/staff');
      expect(dashboard.body).toContain('action="/logout"');
      const signedOut = await browser.post('/logout', {});
      expect(signedOut.statusCode).toBe(303);
      expect(signedOut.headers.location).toBe('/');
      const cleared = signedOut.cookies.find((item) => item.name === SESSION_COOKIE);
      expect(cleared?.value).toBe('');

      const replayed = await t.app.inject({ method: 'GET', url: '/staff', headers: { cookie: oldCookie } });
      expect(replayed.statusCode).toBe(302);
      expect(replayed.headers.location).toBe('/login?next=%2Fstaff');
      expect((await browser.get('/staff')).statusCode).toBe(302);
      expect(await t.ctx.db.selectFrom('sessions').select('user_id').where('user_id', '=', officer.userId).execute()).toHaveLength(0);
    });

    it('ends the session when the clock passes its expiry', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      await browser.signIn(officer.email, TEST_PASSWORD);
      expect((await browser.get('/staff')).statusCode).toBe(200);
      minutesLater(t, t.config.organisation.security.sessionHours * 60 + 1);
      expect((await browser.get('/staff')).statusCode).toBe(302);
    });
  });

  describe(`second factor required by configuration (${kind})`, () => {
    let t: TestApp;
    let browser: PageClient;
    beforeEach(async () => {
      t = await createTestApp(kind, { organisation: 'security:\n  requireTotpForRoles: [case_manager]\n' });
      browser = new PageClient(t.app);
    });
    afterEach(async () => t.close());

    /** Signs the case manager in and turns the authenticator on; returns its secret. */
    async function enrol(email: string): Promise<string> {
      const signedIn = await browser.signIn(email, TEST_PASSWORD);
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers.location).toBe('/account/second-factor');
      // Nothing else opens until the authenticator is set up.
      const early = await browser.get('/staff');
      expect(early.statusCode).toBe(302);
      expect(early.headers.location).toBe('/account/second-factor');

      const page = await browser.get('/account/second-factor');
      expect(page.statusCode).toBe(200);
      const secret = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1]?.replace(/ /g, '');
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      expect(page.body).toContain('otpauth://totp/');

      const code = await totpCode(secret!, t.clock.now());
      const wrong = await browser.post('/account/second-factor', { code: wrongCode(code) });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('Enter the 6-digit code your authenticator app shows now.');
      // The secret shown again is the same one, so the app already set up still works.
      expect(wrong.body.replace(/ /g, '')).toContain(secret);

      const on = await browser.post('/account/second-factor', { code });
      expect(on.statusCode).toBe(303);
      expect(on.headers.location).toBe('/staff/account');
      expect((await findUserByEmail(t.ctx.db, email))?.totp_enabled).toBe(1);
      return secret!;
    }

    it('sends a case manager to set up an authenticator, then asks for a code at every sign-in', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      const secret = await enrol(manager.email);

      const dashboard = await browser.get('/staff');
      expect(dashboard.statusCode).toBe(200);
      expect((await browser.get('/staff/account')).body).toContain('An authenticator app is set up for this account.');
      expect((await browser.post('/logout', {})).statusCode).toBe(303);

      // The next sign-in, in a later 30-second window so the code differs from the enrolment one.
      minutesLater(t, 1);
      const signedIn = await browser.signIn(manager.email, TEST_PASSWORD);
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers.location).toBe('/login/second-factor');

      const before = await browser.get('/staff');
      expect(before.statusCode).toBe(302);
      expect(before.headers.location).toBe('/login/second-factor');
      expect((await browser.get('/staff/cases')).headers.location).toBe('/login/second-factor');

      const form = await browser.get('/login/second-factor');
      expect(form.statusCode).toBe(200);
      const code = await totpCode(secret, t.clock.now());
      const wrong = await browser.post('/login/second-factor', { code: wrongCode(code) });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('There is a problem');
      expect((await browser.get('/staff')).headers.location).toBe('/login/second-factor');

      await browser.get('/login/second-factor');
      const right = await browser.post('/login/second-factor', { code });
      expect(right.statusCode).toBe(303);
      expect(right.headers.location).toBe('/staff');
      expect((await browser.get('/staff')).statusCode).toBe(200);
    });

    it('does not ask an intake officer, whose role is not listed, for a second factor', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      const signedIn = await browser.signIn(officer.email, TEST_PASSWORD);
      expect(signedIn.headers.location).toBe('/staff');
      expect((await browser.get('/staff')).statusCode).toBe(200);
    });

    it('does not let a half-signed-in session reach the second-factor form without a session', async () => {
      const form = await browser.get('/login/second-factor');
      expect(form.statusCode).toBe(302);
      expect(form.headers.location).toBe('/login');
      expect((await browser.get('/account/second-factor')).headers.location).toBe('/login');
    });

    it('refuses a code that was already used, within its time window', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      const secret = await enrol(manager.email);
      const used = await totpCode(secret, t.clock.now());
      await browser.get('/staff');
      await browser.post('/logout', {});
      await browser.signIn(manager.email, TEST_PASSWORD);
      await browser.get('/login/second-factor');
      const replayed = await browser.post('/login/second-factor', { code: used });
      expect(replayed.statusCode).toBe(400);
    });
  });

  describe(`first run (${kind})`, () => {
    let t: TestApp;
    let browser: PageClient;
    beforeEach(async () => {
      t = await createTestApp(kind);
      browser = new PageClient(t.app);
    });
    afterEach(async () => t.close());

    it('creates the first administrator once, with the set-up link', async () => {
      const token = await issueSetupToken({ ctx: t.ctx });
      expect(token).toBeTruthy();

      const wrong = await browser.get('/setup?token=wrong');
      expect(wrong.statusCode).toBe(403);
      expect(wrong.body).toContain('This set-up link cannot be used');
      expect((await browser.get('/setup')).statusCode).toBe(403);

      const form = await browser.get(`/setup?token=${encodeURIComponent(token!)}`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Create the first administrator');

      const short = await browser.post('/setup', { token: token!, displayName: 'Ada Admin', email: 'ada@example.test', password: 'too short', loadDemo: 'no' });
      expect(short.statusCode).toBe(400);
      expect(short.body).toContain('There is a problem');
      expect(short.body).toContain('Use at least 12 characters.');
      expect(short.body).toContain('value="Ada Admin"');
      expect(short.body).toContain('value="ada@example.test"');
      expect(short.body).toContain(`name="token" value="${token}"`);
      expect(short.body).not.toContain('too short');
      expect(await t.ctx.db.selectFrom('users').select('id').execute()).toHaveLength(0);

      const done = await browser.post('/setup', { token: token!, displayName: 'Ada Admin', email: 'ada@example.test', password: TEST_PASSWORD, loadDemo: 'no' });
      expect(done.statusCode).toBe(201);
      expect(done.body).toContain('Redress is ready');
      expect(done.body).not.toContain('Demonstration organisation');
      expect(done.cookies.some((item) => item.name === SESSION_COOKIE && item.value)).toBe(true);
      const users = await browser.get('/staff/users');
      expect(users.statusCode).toBe(200);
      expect(users.body).toContain('ada@example.test');
      expect(await t.ctx.db.selectFrom('cases').select('id').execute()).toHaveLength(0);

      // The link is spent.
      const again = new PageClient(t.app);
      expect((await again.get(`/setup?token=${encodeURIComponent(token!)}`)).statusCode).toBe(403);
      const reused = await browser.post('/setup', { token: token!, displayName: 'Mallory', email: 'mallory@example.test', password: TEST_PASSWORD, loadDemo: 'no' });
      expect(reused.statusCode).toBe(403);
      expect(await t.ctx.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'ada@example.test' }]);
      expect(await issueSetupToken({ ctx: t.ctx })).toBeNull();
    });

    it('lets only one of two simultaneous set-up posts through', async () => {
      const token = await issueSetupToken({ ctx: t.ctx });
      await browser.get(`/setup?token=${encodeURIComponent(token!)}`);
      const [first, second] = await Promise.all([
        browser.post('/setup', { token: token!, displayName: 'Ada Admin', email: 'ada@example.test', password: TEST_PASSWORD, loadDemo: 'no' }),
        browser.post('/setup', { token: token!, displayName: 'Mallory', email: 'mallory@example.test', password: TEST_PASSWORD, loadDemo: 'no' }),
      ]);
      expect([first.statusCode, second.statusCode].sort()).toEqual([201, 403]);
      expect(await t.ctx.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    });
  });

  describe(`user administration (${kind})`, () => {
    let t: TestApp;
    let browser: PageClient;
    beforeEach(async () => {
      t = await createTestApp(kind);
      browser = new PageClient(t.app);
    });
    afterEach(async () => t.close());

    it('lets a system administrator list and add accounts, and shows refusals on the form', async () => {
      const admin = await createStaff(t.ctx, ['system_admin'], 'Ada Admin');
      const signedIn = await browser.signIn(admin.email, TEST_PASSWORD);
      expect(signedIn.headers.location).toBe('/staff');
      const dashboard = await browser.get('/staff');
      expect(dashboard.statusCode).toBe(302);
      expect(dashboard.headers.location).toBe('/staff/users');

      const users = await browser.get('/staff/users');
      expect(users.statusCode).toBe(200);
      expect(users.body).toContain(admin.email);
      expect(users.body).not.toContain('href="/staff/cases"');

      const added = await browser.post('/staff/users', { displayName: 'Nina New', email: 'Nina@Example.test', password: TEST_PASSWORD, roles: ['intake_officer', 'case_manager'] });
      expect(added.statusCode).toBe(303);
      expect(added.headers.location).toBe('/staff/users');
      const listed = await browser.get('/staff/users');
      expect(listed.body).toContain('nina@example.test');
      expect(listed.body).toMatch(/nina@example\.test<\/td><td>(Case manager, Intake officer|Intake officer, Case manager)<\/td>/);
      // The new person can sign in.
      expect((await new PageClient(t.app).signIn('nina@example.test', TEST_PASSWORD)).statusCode).toBe(303);

      const duplicate = await browser.post('/staff/users', { displayName: 'Nina Again', email: 'nina@example.test', password: TEST_PASSWORD, roles: 'investigator' });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.body).toContain('This address already has an account.');
      expect(duplicate.body).toContain('value="Nina Again"');

      await browser.get('/staff/users');
      const short = await browser.post('/staff/users', { displayName: 'Otto Short', email: 'otto@example.test', password: 'short', roles: 'investigator' });
      expect(short.statusCode).toBe(400);
      expect(short.body).toContain('Use at least 12 characters.');
      expect(short.body).toContain('value="Otto Short"');
      expect(short.body).toContain('value="otto@example.test"');
      expect(short.body).toMatch(/value="investigator"[^>]*checked/);

      const noRole = await browser.post('/staff/users', { displayName: 'Rolf None', email: 'rolf@example.test', password: TEST_PASSWORD });
      expect(noRole.statusCode).toBe(400);
      expect(noRole.body).toContain('Choose at least one role');
      expect((await t.ctx.db.selectFrom('users').select('email').execute()).map((row) => row.email).sort()).toEqual([admin.email, 'nina@example.test'].sort());
    });

    it('keeps an administrator without a case role out of cases', async () => {
      const admin = await createStaff(t.ctx, ['system_admin']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await browser.signIn(admin.email, TEST_PASSWORD);
      const list = await browser.get('/staff/cases');
      expect(list.statusCode).toBe(403);
      expect(list.body).not.toContain(receipt.reference);
      const page = await browser.get(`/staff/cases/${receipt.caseId}`);
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain('Abusive messages');
      expect((await browser.get('/staff/cases/new')).statusCode).toBe(403);
      await browser.get('/staff/users');
      const started = await browser.post(`/staff/cases/${receipt.caseId}/start-triage`, {});
      expect(started.statusCode).toBe(403);
      const caseRow = await t.ctx.db.selectFrom('cases').select('stage').where('id', '=', receipt.caseId).executeTakeFirstOrThrow();
      expect(caseRow.stage).toBe('received');
    });

    it('refuses the users page to anyone who is not an administrator', async () => {
      const manager = await createStaff(t.ctx, ['case_manager', 'intake_officer']);
      await browser.signIn(manager.email, TEST_PASSWORD);
      const page = await browser.get('/staff/users');
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain(manager.email);
      await browser.get('/staff');
      const post = await browser.post('/staff/users', { displayName: 'Sneaky', email: 'sneaky@example.test', password: TEST_PASSWORD, roles: 'system_admin' });
      expect(post.statusCode).toBe(403);
      expect(await findUserByEmail(t.ctx.db, 'sneaky@example.test')).toBeUndefined();
    });
  });

  describe(`CSRF protection of staff forms (${kind})`, () => {
    let t: TestApp;
    let browser: PageClient;
    beforeEach(async () => {
      t = await createTestApp(kind);
      browser = new PageClient(t.app);
    });
    afterEach(async () => t.close());

    it('refuses every staff POST without its token with 403, and changes nothing', async () => {
      const admin = await createStaff(t.ctx, ['system_admin', 'intake_officer']);
      const other = await createStaff(t.ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await browser.signIn(admin.email, TEST_PASSWORD);
      expect((await browser.get('/staff')).statusCode).toBe(200);
      const countEvents = async () => (await t.ctx.db.selectFrom('case_events').select('id').execute()).length;
      const eventsBefore = await countEvents();

      const posts: [string, Record<string, string | string[]>][] = [
        ['/staff/users', { displayName: 'Forged', email: 'forged@example.test', password: TEST_PASSWORD, roles: 'system_admin' }],
        [`/staff/users/${other.userId}/disable`, {}],
        [`/staff/cases/${receipt.caseId}/start-triage`, {}],
        [`/staff/cases/${receipt.caseId}/notes`, { text: 'A forged note' }],
        [`/staff/cases/${receipt.caseId}/withdraw`, { explanation: 'Forged withdrawal of the complaint' }],
        ['/staff/cases/new', { channel: 'phone', relation: 'witness', anonymous: 'yes', 'respondent.name': 'Someone', summary: 'Forged complaint', description: 'A forged complaint recorded without a token.' }],
        ['/staff/account/tokens', { name: 'forged token' }],
        ['/logout', {}],
      ];
      for (const [url, fields] of posts) {
        const refused = await browser.post(url, fields, { csrf: false });
        expect(refused.statusCode, url).toBe(403);
        expect(refused.body, url).toContain('This form has expired');
        // A token made for someone else's browser is refused too.
        const stranger = new PageClient(t.app);
        await stranger.get('/login');
        const strangerToken = /name="_csrf" value="([^"]+)"/.exec((await stranger.get('/login')).body)![1]!;
        const crossed = await browser.post(url, { ...fields, _csrf: strangerToken }, { csrf: false });
        expect(crossed.statusCode, url).toBe(403);
      }

      expect(await findUserByEmail(t.ctx.db, 'forged@example.test')).toBeUndefined();
      expect((await findUserByEmail(t.ctx.db, other.email))?.disabled_at).toBeNull();
      expect(await countEvents()).toBe(eventsBefore);
      expect(await t.ctx.db.selectFrom('cases').select(['stage']).execute()).toEqual([{ stage: 'received' }]);
      expect(await t.ctx.db.selectFrom('api_tokens').select('id').execute()).toHaveLength(0);
      // Still signed in: the forged sign-out did nothing.
      expect((await browser.get('/staff')).statusCode).toBe(200);
    });

    it('refuses a sign-in form without its token', async () => {
      const officer = await createStaff(t.ctx, ['intake_officer']);
      await browser.get('/login');
      const refused = await browser.post('/login', { email: officer.email, password: TEST_PASSWORD }, { csrf: false });
      expect(refused.statusCode).toBe(403);
      expect(refused.cookies.some((item) => item.name === SESSION_COOKIE)).toBe(false);
    });
  });
}
