import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn as signInAs, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { giveNoticeAndAnswer, portalTokenSentTo, RESPONDENT_EMAIL } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { revokePartyLinks } from '../../src/db/repositories/case-party.repository.js';

const TO_RESPONDENT = 'Please confirm that you received the notice and the evidence.';
const STAFF_ONLY = 'Staff only: the respondent asked for an interpreter last time.';

for (const kind of testDatabaseKinds()) {
  describe(`case messages through the pages, the portal and the status page (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    const signedIn = (email: string) => signInAs(t.app, email);
    const messageCount = async (caseId: string) => (await t.ctx.db.selectFrom('case_messages').select('id').where('case_id', '=', caseId).execute()).length;

    async function caseWithRespondent() {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager'], 'Cara Manager');
      const investigator = await createStaff(ctx, ['investigator'], 'Ivan Investigator');
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      const { token } = await giveNoticeAndAnswer(ctx, { investigator, caseId: receipt.caseId });
      return { caseId: receipt.caseId, reference: receipt.reference, intake, manager, investigator, portalToken: token };
    }

    it('sends a message from the case page, shows it in the portal signed by role, and takes the reply from the portal', async () => {
      const { caseId, reference, investigator, manager, portalToken } = await caseWithRespondent();
      const casePath = `/staff/cases/${caseId}`;
      const ivan = await signedIn(investigator.email);
      const page = await ivan.get(casePath);
      expect(page.body).toContain('id="messages-title"');
      expect(page.body).toContain('No messages yet.');

      // The form refuses a post without its CSRF token, an empty message, and a staff-only message shown to a party.
      const forged = await ivan.post(`${casePath}/messages`, { recipient: 'respondent', visibility: 'party', body: TO_RESPONDENT }, { csrf: false });
      expect(forged.statusCode).toBe(403);
      const empty = await ivan.post(`${casePath}/messages`, { recipient: 'respondent', visibility: 'party', body: '  ' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Write the message.');
      const incoherent = await ivan.post(`${casePath}/messages`, { recipient: 'staff', visibility: 'party', body: 'Who reads this?' });
      expect(incoherent.statusCode).toBe(400);
      expect(incoherent.body).toContain('A message for staff only cannot be shown to a party');
      expect(incoherent.body).toContain('Who reads this?');
      expect(await messageCount(caseId)).toBe(0);

      expect((await ivan.post(`${casePath}/messages`, { recipient: 'respondent', visibility: 'party', body: TO_RESPONDENT })).statusCode).toBe(303);
      expect((await ivan.post(`${casePath}/messages`, { recipient: 'respondent', visibility: 'staff_on_case', body: STAFF_ONLY })).statusCode).toBe(303);
      const withMessages = await ivan.get(casePath);
      expect(withMessages.body).toContain(TO_RESPONDENT);
      expect(withMessages.body).toContain(STAFF_ONLY);
      expect(withMessages.body).toContain('signed “Investigator”');
      expect(withMessages.body).toContain('Message to the respondent, who was told of it by e-mail.');

      // The respondent, told by e-mail (without the text), opens the link from the notice, reads it signed by role and replies.
      const mail = JSON.parse((await t.ctx.db.selectFrom('outbox').select('payload').orderBy('id', 'desc').executeTakeFirstOrThrow()).payload) as { to: string; subject: string; text: string };
      expect(mail).toMatchObject({ to: RESPONDENT_EMAIL, subject: `New message about ${reference}` });
      expect(mail.text).not.toContain(TO_RESPONDENT);
      const respondent = new PageClient(t.app);
      expect((await respondent.get(`/portal/enter/${portalToken}`)).statusCode).toBe(303);
      const portal = await respondent.get('/portal');
      expect(portal.statusCode).toBe(200);
      expect(portal.body).toContain(TO_RESPONDENT);
      expect(portal.body).toContain('<strong>Investigator</strong>');
      expect(portal.body).not.toContain('Ivan Investigator');
      expect(portal.body).not.toContain(STAFF_ONLY);

      expect((await respondent.post('/portal/message', { body: 'Received, thank you.' }, { csrf: false })).statusCode).toBe(403);
      const blank = await respondent.post('/portal/message', { body: '' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('Write the message.');
      expect((await respondent.post('/portal/message', { body: 'Received, <b>thank you</b>.' })).statusCode).toBe(303);
      const afterReply = await respondent.get('/portal');
      expect(afterReply.body).toContain('Received, &lt;b>thank you&lt;/b>.');
      expect(afterReply.body).not.toContain('<b>thank you');

      // Staff see the reply under the respondent's name; the read shows on the message.
      const cara = await signedIn(manager.email);
      const staffPage = await cara.get(casePath);
      expect(staffPage.body).toContain('Received, &lt;b>thank you&lt;/b>.');
      expect(staffPage.body).toContain('<strong>Councillor Fictional</strong>');
      expect(staffPage.body).toContain('Read by the respondent');
      expect(staffPage.body).toContain('Message from the respondent.');
    });

    it('records a reply a party sent by e-mail, through its own form', async () => {
      const { caseId, manager } = await caseWithRespondent();
      const cara = await signedIn(manager.email);
      await cara.get(`/staff/cases/${caseId}`);
      expect((await cara.post(`/staff/cases/${caseId}/messages-received`, { from: 'complainant', body: 'I can attend on Tuesday.' }, { csrf: false })).statusCode).toBe(403);
      expect((await cara.post(`/staff/cases/${caseId}/messages-received`, { from: 'complainant', body: 'I can attend on Tuesday.' })).statusCode).toBe(303);
      const page = await cara.get(`/staff/cases/${caseId}`);
      expect(page.body).toContain('I can attend on Tuesday.');
      expect(page.body).toContain('entered by Cara Manager');
    });

    it('sends the respondent a fresh portal link with the message when theirs no longer works', async () => {
      const { caseId, manager } = await caseWithRespondent();
      const respondentParty = await t.ctx.db.selectFrom('case_parties').select('id').where('case_id', '=', caseId).where('role', '=', 'respondent').executeTakeFirstOrThrow();
      const oldToken = await portalTokenSentTo(t.ctx, RESPONDENT_EMAIL);
      await revokePartyLinks(t.ctx.db, respondentParty.id, t.clock.now().toISOString());
      const cara = await signedIn(manager.email);
      await cara.get(`/staff/cases/${caseId}`);
      expect((await cara.post(`/staff/cases/${caseId}/messages`, { recipient: 'respondent', visibility: 'party', body: TO_RESPONDENT })).statusCode).toBe(303);
      const newToken = await portalTokenSentTo(t.ctx, RESPONDENT_EMAIL);
      expect(newToken).not.toBe(oldToken);
      const respondent = new PageClient(t.app);
      expect((await respondent.get(`/portal/enter/${oldToken}`)).statusCode).toBe(404);
      expect((await respondent.get(`/portal/enter/${newToken}`)).statusCode).toBe(303);
      expect((await respondent.get('/portal')).body).toContain(TO_RESPONDENT);
    });

    it('lets the anonymous complainant read and reply on the status page, the code travelling only in the form', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer'], 'Ines Intake');
      const receipt = await submitComplaint({ ctx, complaint: complaintInput({ anonymous: true, relation: 'witness', complainant: {} }), files: [], channel: 'web' });
      const code = receipt.receiptCode!;
      const ines = await signedIn(intake.email);
      await ines.get(`/staff/cases/${receipt.caseId}`);
      expect((await ines.post(`/staff/cases/${receipt.caseId}/messages`, { recipient: 'complainant', visibility: 'party', body: 'Can you tell us which chat group it was?' })).statusCode).toBe(303);

      const browser = new PageClient(t.app);
      await browser.get('/status');
      const status = await browser.post('/status', { receiptCode: code });
      expect(status.statusCode).toBe(200);
      expect(status.body).toContain('Can you tell us which chat group it was?');
      expect(status.body).toContain('<strong>Intake officer</strong>');
      expect(status.body).not.toContain('Ines Intake');
      expect(status.body).toContain('action="/status/message"');
      expect(status.body).toContain(`name="receiptCode" value="${code}"`);
      expect(status.body).not.toMatch(/href="[^"]*\d{4} ?\d{4} ?\d{4} ?\d{4}/);

      const forged = await browser.post('/status/message', { receiptCode: code, body: 'The branch group.' }, { csrf: false });
      expect(forged.statusCode).toBe(403);
      const empty = await browser.post('/status/message', { receiptCode: code, body: ' ' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Write the message.');
      expect(empty.body).toContain('Can you tell us which chat group it was?');
      const wrong = await browser.post('/status/message', { receiptCode: '0000 0000 0000 0000', body: 'Let me in.' });
      expect(wrong.statusCode).toBe(404);
      expect(wrong.body).toContain('No complaint matches that receipt code');
      expect(wrong.body).not.toContain('Can you tell us which chat group it was?');
      expect(await messageCount(receipt.caseId)).toBe(1);

      const sent = await browser.post('/status/message', { receiptCode: code, body: 'The North Branch <i>members</i> group.' });
      expect(sent.statusCode).toBe(200);
      expect(sent.body).toContain('Your message has been sent.');
      expect(sent.body).toContain('The North Branch &lt;i>members&lt;/i> group.');
      expect(sent.headers['cache-control']).toBe('no-store');

      const staffPage = await ines.get(`/staff/cases/${receipt.caseId}`);
      expect(staffPage.body).toContain('The North Branch &lt;i>members&lt;/i> group.');
      expect(staffPage.body).toContain('The anonymous complainant');
      expect(staffPage.body).toContain('Read by the complainant');
    });

    it('sends and reads messages through the API, refusing people off the case', async () => {
      const { caseId, manager } = await caseWithRespondent();
      const outsider = await createStaff(t.ctx, ['investigator']);
      const { token } = await createApiToken({ ctx: t.ctx, staff: manager, name: 'case system' });
      const { token: outsiderToken } = await createApiToken({ ctx: t.ctx, staff: outsider, name: 'other system' });
      const url = `/api/v1/cases/${caseId}/messages`;
      const auth = (value: string) => ({ authorization: `Bearer ${value}` });

      const sent = await t.app.inject({ method: 'POST', url, headers: auth(token), payload: { recipient: 'respondent', visibility: 'party', body: TO_RESPONDENT } });
      expect(sent.statusCode).toBe(200);
      expect(sent.json().case.id).toBe(caseId);
      const refused = await t.app.inject({ method: 'POST', url, headers: auth(token), payload: { recipient: 'respondent', visibility: 'party', body: 'x'.repeat(10_001) } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.issues).toEqual([{ field: 'body', message: expect.stringContaining('at most 10,000') }]);
      expect((await t.app.inject({ method: 'POST', url, headers: auth(token), payload: { recipient: 'everyone', visibility: 'party', body: 'Hello' } })).statusCode).toBe(400);

      const read = await t.app.inject({ method: 'GET', url, headers: auth(token) });
      expect(read.statusCode).toBe(200);
      expect(read.json().messages).toEqual([
        expect.objectContaining({ direction: 'to_party', visibility: 'party', partyRole: 'respondent', authorName: 'Cara Manager', signedAs: 'Case manager', body: TO_RESPONDENT, readByPartyAt: null }),
      ]);
      expect(read.json().recipients.map((recipient: { role: string; reachable: boolean }) => [recipient.role, recipient.reachable])).toEqual([
        ['respondent', true],
        ['complainant', true],
      ]);
      const reads = await t.ctx.db.selectFrom('case_events').select('type').where('case_id', '=', caseId).where('type', '=', 'messages_read').execute();
      expect(reads).toHaveLength(1);

      expect((await t.app.inject({ method: 'GET', url, headers: auth(outsiderToken) })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url, headers: auth(outsiderToken), payload: { recipient: 'staff', visibility: 'internal', body: 'Hello' } })).statusCode).toBe(403);
      expect(await messageCount(caseId)).toBe(1);
    });
  });
}
