import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../src/db/repositories/user.repository.js';
import { NO_PASSWORD } from '../../src/infra/secrets.js';
import type { DatabaseKind } from '../../src/db/connection.js';
import { disableUser, resetPassword } from '../../src/services/users/manage-users.js';
import { refusal } from '../helpers/refusal.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createStaff, TEST_PASSWORD } from '../helpers/factories.js';
import { createTestApp, PageClient, type TestApp } from '../helpers/test-app.js';

/*
 * A real OpenID Connect provider (oidc-provider) runs in the test on
 * 127.0.0.1. Its interaction is made non-interactive: whoever the test names
 * in `signingInAs` is signed in and consents at once. The browser is played by
 * hand: fetch against the provider, inject against Redress, whose public URL
 * is the fixed default http://127.0.0.1:3000.
 */

const CLIENT_ID = 'redress';
const CLIENT_SECRET = 'a-client-secret-for-the-test-provider';
const PUBLIC_URL = 'http://127.0.0.1:3000';
const CALLBACK = `${PUBLIC_URL}/login/sso/callback`;

type Person = { email: string; email_verified: boolean; name: string; groups: string[] };

/** The identity provider's directory, keyed by subject; tests change it between sign-ins. */
const directory = new Map<string, Person>();
let signingInAs = '';
let discoveryRequests = 0;
let userInfoRequests = 0;

// The parts of oidc-provider this test uses (it ships no type declarations).
type Interaction = { prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } }; params: { client_id: string }; session?: { accountId: string } };
type KoaContext = { path: string; req: IncomingMessage; res: ServerResponse; status: number; redirect(url: string): void };
type Grant = { addOIDCScope(scope: string): void; addOIDCClaims(claims: string[]): void; save(): Promise<string> };
type Provider = {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionResult(req: IncomingMessage, res: ServerResponse, result: object, options: { mergeWithLastSubmission: boolean }): Promise<string>;
  Grant: new (options: { accountId: string; clientId: string }) => Grant;
};

async function startProvider(): Promise<{ issuer: string; server: Server }> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const moduleName = 'oidc-provider';
  const { default: ProviderClass } = (await import(moduleName)) as { default: new (issuer: string, configuration: object) => Provider };
  const provider = new ProviderClass(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [CALLBACK], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    findAccount: async (_ctx: unknown, sub: string) => {
      const person = directory.get(sub);
      return person ? { accountId: sub, claims: async () => ({ sub, ...person }) } : undefined;
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', kid: 'test' }] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  provider.use(async (ctx, next) => {
    if (ctx.path === '/.well-known/openid-configuration') discoveryRequests += 1;
    if (ctx.path === '/me') userInfoRequests += 1;
    if (!/^\/interaction\/[^/]+$/.test(ctx.path)) return next();
    // The person signs in, then consents to everything asked.
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result: object;
    if (details.prompt.name === 'login') {
      result = { login: { accountId: signingInAs } };
    } else {
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
      if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
      if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
      result = { consent: { grantId: await grant.save() } };
    }
    ctx.status = 303;
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true }));
  });
  handle = provider.callback();
  return { issuer, server };
}

/** Follows the provider's redirects with its own cookies, as a browser would, until it sends the browser back to Redress. */
async function throughProvider(authorisationUrl: string, as: string): Promise<string> {
  signingInAs = as;
  const cookies = new Map<string, string>();
  let url = authorisationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider answered ${response.status} at ${url}: ${await response.text()}`);
    url = new URL(location, url).href;
    if (url.startsWith(CALLBACK)) return url.slice(PUBLIC_URL.length);
  }
  throw new Error('the provider never sent the browser back');
}

async function startRedress(kind: DatabaseKind, issuer: string, options: { createAccounts?: boolean } = {}): Promise<TestApp> {
  const organisation = [
    'security:',
    '  requireTotpForRoles: [case_manager, panel_member]',
    'singleSignOn:',
    `  issuer: ${issuer}`,
    `  clientId: ${CLIENT_ID}`,
    '  label: Sign in with Example ID',
    '  scopes: [openid, email, profile, groups]',
    `  createAccounts: ${options.createAccounts ?? false}`,
    '  allowInsecureHttp: true',
    '  roleMapping:',
    '    complaints-team: [case_manager, investigator]',
    '    panel: [panel_member]',
  ].join('\n');
  const redress = await createTestApp(kind, { organisation, singleSignOnClientSecret: CLIENT_SECRET });
  expect(redress.config.publicUrl).toBe(PUBLIC_URL);
  return redress;
}

/** Starts at Redress, signs in at the provider as `as`, and comes back; the callback's response. */
async function signInWithProvider(browser: PageClient, as: string, options: { start?: string; tamper?: (callback: string) => string } = {}): Promise<LightMyRequestResponse> {
  const start = await browser.get(options.start ?? '/login/sso');
  expect(start.statusCode).toBe(303);
  const pending = start.cookies.find((cookie) => cookie.name === 'redress_sso');
  expect(pending).toMatchObject({ httpOnly: true, path: '/login/sso', sameSite: 'Lax' });
  const callback = await throughProvider(start.headers.location as string, as);
  return browser.get(options.tamper ? options.tamper(callback) : callback);
}

async function sessionCount(t: TestApp, userId: string | undefined): Promise<number> {
  if (!userId) return 0;
  const row = await t.ctx.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('count')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.count);
}

let provider: { issuer: string; server: Server };
beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => {
  await new Promise((resolve) => provider.server.close(resolve));
});

for (const kind of testDatabaseKinds()) {
  describe(`single sign-on with OpenID Connect (${kind})`, () => {
    let t: TestApp;
    afterEach(async () => t?.close());

    it('signs an existing member of staff in, links the identity, sets the roles from the groups, and skips TOTP', async () => {
      t = await startRedress(kind, provider.issuer);
      const staff = await createStaff(t.ctx, ['intake_officer'], 'Alice Adams');
      directory.set('alice-sub', { email: staff.email.toUpperCase(), email_verified: true, name: 'Alice A.', groups: ['complaints-team', 'some-other-group'] });
      const browser = new PageClient(t.app);

      const login = await browser.get('/login?next=/staff/account');
      expect(login.body).toContain('Sign in with Example ID');
      expect(login.body).toContain('href="/login/sso?next=%2Fstaff%2Faccount"');

      const discoveriesBefore = discoveryRequests;
      const userInfosBefore = userInfoRequests;
      const callback = await signInWithProvider(browser, 'alice-sub', { start: '/login/sso?next=%2Fstaff%2Faccount' });
      expect(callback.statusCode).toBe(303);
      expect(callback.headers.location).toBe('/staff/account');
      expect(callback.cookies.find((cookie) => cookie.name === 'redress_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      // The spent sign-in values are cleared.
      expect(callback.cookies.find((cookie) => cookie.name === 'redress_sso')?.value).toBe('');

      const user = (await findUserByEmail(t.ctx.db, staff.email))!;
      expect(user.roles).toEqual(['case_manager', 'investigator']);
      // oidc-provider keeps the address and groups out of the ID token in the code flow: they came from UserInfo.
      expect(userInfoRequests - userInfosBefore).toBe(1);
      expect({ issuer: user.oidc_issuer, subject: user.oidc_subject }).toEqual({ issuer: provider.issuer, subject: 'alice-sub' });
      // case_manager requires TOTP for a password sign-in; the provider stands in for it.
      const page = await browser.get('/staff/account');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Alice Adams');

      // A second sign-in finds the account by its identity and uses the discovery document fetched the first time.
      expect((await signInWithProvider(new PageClient(t.app), 'alice-sub')).headers.location).toBe('/staff');
      expect(discoveryRequests - discoveriesBefore).toBe(1);
      expect(await sessionCount(t, user.id)).toBe(2);

      // Another identity at the provider claiming the same address does not get the account.
      directory.set('mallory-sub', { email: staff.email, email_verified: true, name: 'Mallory', groups: ['complaints-team', 'panel'] });
      const other = await signInWithProvider(new PageClient(t.app), 'mallory-sub');
      expect(other.statusCode).toBe(403);
      expect(other.body).toContain('is already linked to another single sign-on identity');
      expect(await findUserByEmail(t.ctx.db, staff.email)).toMatchObject({ roles: ['case_manager', 'investigator'], oidc_subject: 'alice-sub' });
      expect(await sessionCount(t, user.id)).toBe(2);
    });

    it('creates an account at first sign-in when createAccounts is on, and it can never sign in with a password', async () => {
      t = await startRedress(kind, provider.issuer, { createAccounts: true });
      directory.set('bob-sub', { email: 'bob.sso@example.test', email_verified: true, name: 'Bob Brown', groups: ['panel'] });
      const browser = new PageClient(t.app);
      // A `next` leading off the site is replaced, as on the password sign-in.
      const callback = await signInWithProvider(browser, 'bob-sub', { start: '/login/sso?next=%2F%2Fevil.example%2F' });
      expect(callback.statusCode).toBe(303);
      expect(callback.headers.location).toBe('/staff');
      const bob = (await findUserByEmail(t.ctx.db, 'bob.sso@example.test'))!;
      expect(bob).toMatchObject({ display_name: 'Bob Brown', roles: ['panel_member'], oidc_subject: 'bob-sub', password_hash: NO_PASSWORD });
      expect((await browser.get('/staff')).statusCode).toBe(200);

      const passwordBrowser = new PageClient(t.app);
      for (const password of ['', NO_PASSWORD, TEST_PASSWORD, 'bob-sub', 'x'.repeat(200)]) {
        const attempt = await passwordBrowser.signIn('bob.sso@example.test', password);
        expect(attempt.statusCode).toBe(401);
        expect(attempt.body).toContain('That e-mail address and password do not match an active account.');
        expect(attempt.cookies.some((cookie) => cookie.name === 'redress_session')).toBe(false);
      }
      expect(await sessionCount(t, bob.id)).toBe(1);
      // Nor can an administrator give it one.
      const reset = await refusal(() => resetPassword({ ctx: t.ctx, by: { kind: 'operator' }, email: 'bob.sso@example.test', password: 'a long enough new password' }));
      expect(reset.code).toBe('rule_violated');
      expect((await findUserByEmail(t.ctx.db, 'bob.sso@example.test'))!.password_hash).toBe(NO_PASSWORD);

      // An address the provider has not verified neither makes an account nor finds one.
      directory.set('eve-sub', { email: 'eve@example.test', email_verified: false, name: 'Eve', groups: ['panel'] });
      const unverified = await signInWithProvider(new PageClient(t.app), 'eve-sub');
      expect(unverified.statusCode).toBe(403);
      expect(unverified.body).toContain('did not give a verified e-mail address');
      expect(await findUserByEmail(t.ctx.db, 'eve@example.test')).toBeUndefined();
    });

    it('refuses a person without an account when createAccounts is off, creating nothing', async () => {
      t = await startRedress(kind, provider.issuer);
      directory.set('carl-sub', { email: 'carl@example.test', email_verified: true, name: 'Carl', groups: ['complaints-team'] });
      const browser = new PageClient(t.app);
      const refused = await signInWithProvider(browser, 'carl-sub');
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('There is no account here for carl@example.test');
      expect(refused.body).toContain('Sign in with Example ID');
      expect(refused.cookies.some((cookie) => cookie.name === 'redress_session')).toBe(false);
      expect(await findUserByEmail(t.ctx.db, 'carl@example.test')).toBeUndefined();
      expect((await browser.get('/staff')).statusCode).toBe(302);
    });

    it('refuses a person whose groups give no role, naming the claim, and opens no session', async () => {
      t = await startRedress(kind, provider.issuer, { createAccounts: true });
      const staff = await createStaff(t.ctx, ['investigator'], 'Dana Dale');
      directory.set('dana-sub', { email: staff.email, email_verified: true, name: 'Dana', groups: ['volunteers'] });
      const browser = new PageClient(t.app);
      const refused = await signInWithProvider(browser, 'dana-sub');
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('not in any group that gives a role here');
      expect(refused.body).toContain('the &quot;groups&quot; claim: it lists volunteers');
      expect(await sessionCount(t, staff.userId)).toBe(0);
      expect((await browser.get('/staff')).statusCode).toBe(302);
      // Not linked and not changed: the refusal wrote nothing.
      expect(await findUserByEmail(t.ctx.db, staff.email)).toMatchObject({ roles: ['investigator'], oidc_subject: null });

      // Nor does a disabled account get in, whatever its groups.
      directory.set('dana-sub', { ...directory.get('dana-sub')!, groups: ['complaints-team'] });
      await disableUser({ ctx: t.ctx, by: { kind: 'operator' }, email: staff.email });
      const disabled = await signInWithProvider(new PageClient(t.app), 'dana-sub');
      expect(disabled.statusCode).toBe(403);
      expect(disabled.body).toContain('This account is disabled');
      expect(await sessionCount(t, staff.userId)).toBe(0);
    });

    it('refuses a tampered state, and an answer brought to a browser that did not start the sign-in, writing nothing', async () => {
      t = await startRedress(kind, provider.issuer);
      const staff = await createStaff(t.ctx, ['intake_officer']);
      directory.set('erin-sub', { email: staff.email, email_verified: true, name: 'Erin', groups: ['complaints-team'] });

      const tampered = await signInWithProvider(new PageClient(t.app), 'erin-sub', { tamper: (url) => url.replace(/state=[^&]+/, 'state=forged-state-value') });
      expect(tampered.statusCode).toBe(401);
      expect(tampered.body).toContain('does not match the sign-in started in this browser');

      // The provider's answer replayed in a browser that did not start the sign-in.
      const start = await new PageClient(t.app).get('/login/sso');
      const callback = await throughProvider(start.headers.location as string, 'erin-sub');
      const stranger = await new PageClient(t.app).get(callback);
      expect(stranger.statusCode).toBe(401);
      expect(stranger.body).toContain('This sign-in has expired, or was started in another browser');

      expect(await findUserByEmail(t.ctx.db, staff.email)).toMatchObject({ roles: ['intake_officer'], oidc_subject: null });
      expect(await sessionCount(t, staff.userId)).toBe(0);
    });

    it('reports an error the provider sends back as a 4xx refusal', async () => {
      t = await startRedress(kind, provider.issuer);
      const browser = new PageClient(t.app);
      const start = await browser.get('/login/sso');
      const state = new URL(start.headers.location as string).searchParams.get('state')!;
      const refused = await browser.get(`/login/sso/callback?error=access_denied&error_description=End-User+aborted&state=${state}&iss=${encodeURIComponent(provider.issuer)}`);
      expect(refused.statusCode).toBe(401);
      expect(refused.body).toContain('The sign-in was cancelled, or the single sign-on service refused it');
    });

    it('takes a role away at the next sign-in when a group is removed at the provider, and every role when all are', async () => {
      t = await startRedress(kind, provider.issuer, { createAccounts: true });
      directory.set('finn-sub', { email: 'finn@example.test', email_verified: true, name: 'Finn', groups: ['complaints-team', 'panel'] });
      await signInWithProvider(new PageClient(t.app), 'finn-sub');
      expect((await findUserByEmail(t.ctx.db, 'finn@example.test'))!.roles).toEqual(['case_manager', 'investigator', 'panel_member']);

      directory.set('finn-sub', { ...directory.get('finn-sub')!, groups: ['panel'] });
      const again = await signInWithProvider(new PageClient(t.app), 'finn-sub');
      expect(again.statusCode).toBe(303);
      expect((await findUserByEmail(t.ctx.db, 'finn@example.test'))!.roles).toEqual(['panel_member']);

      directory.set('finn-sub', { ...directory.get('finn-sub')!, groups: [] });
      const none = await signInWithProvider(new PageClient(t.app), 'finn-sub');
      expect(none.statusCode).toBe(403);
      expect(none.body).toContain('it lists none');
      const finn = (await findUserByEmail(t.ctx.db, 'finn@example.test'))!;
      expect(finn.roles).toEqual([]);
      expect(await sessionCount(t, finn.id)).toBe(2);
    });

    it('has no single sign-on when it is not configured', async () => {
      t = await createTestApp(kind);
      const browser = new PageClient(t.app);
      expect((await browser.get('/login')).body).not.toContain('/login/sso');
      const start = await browser.get('/login/sso');
      expect(start.statusCode).toBe(404);
      expect(start.body).toContain('Single sign-on is not set up here');
      expect((await browser.get('/login/sso/callback?code=x&state=y')).statusCode).toBe(404);
      // Held to 10 a minute from one address, like the password sign-in.
      for (let request = 2; request <= 10; request++) expect((await browser.get('/login/sso')).statusCode).toBe(404);
      expect((await browser.get('/login/sso')).statusCode).toBe(429);
    });

    it('says so, without a session or a stack trace, when the provider cannot be reached', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const issuer = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
      await new Promise((resolve) => closed.close(resolve));
      t = await startRedress(kind, issuer);
      const unreachable = await new PageClient(t.app).get('/login/sso');
      expect(unreachable.statusCode).toBe(502);
      expect(unreachable.body).toContain('The single sign-on service cannot be reached just now');
      expect(unreachable.cookies.some((cookie) => cookie.name === 'redress_sso' || cookie.name === 'redress_session')).toBe(false);
    });
  });
}
