import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, signedIn, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';

const CONTACT = {
  contactName: 'Councillor Pat Example',
  contactOffice: 'Regional Chair',
  occurredAt: '2026-03-02 09:15',
  channel: 'phone',
  content: 'Asked whether the case against Councillor Fictional could be dropped before the selection.',
  reachedDecisionMaker: 'no',
};
const REASON = 'The complainant reports a new threat today and the assigned case manager is on leave.';

for (const kind of testDatabaseKinds()) {
  describe(`independence pages (${kind})`, () => {
    let t: TestApp;
    let caseId: string;
    let reference: string;
    let emails: Record<'investigator' | 'outsider' | 'leader' | 'overseer' | 'manager', string>;

    beforeEach(async () => {
      t = await createTestApp(kind);
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      emails = {
        manager: manager.email,
        investigator: investigator.email,
        outsider: (await createStaff(ctx, ['case_manager'], 'Morgan Otherdesk')).email,
        leader: (await createStaff(ctx, ['leadership'], 'Jo Leader')).email,
        overseer: (await createStaff(ctx, ['overseer'], 'Olu Overseer')).email,
      };
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      caseId = receipt.caseId;
      reference = receipt.reference;
      await startTriage({ ctx, staff: intake, caseId });
      await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
    });
    afterEach(async () => t.close());

    it('takes an outside contact from the case page to the register on the overseer’s desk, and from no one else', async () => {
      const investigator = await signedIn(t.app, emails.investigator);
      const casePage = await investigator.get(`/staff/cases/${caseId}`);
      expect(casePage.body).toContain(`/staff/contacts/new?reference=${reference}`);
      const form = await investigator.get(`/staff/contacts/new?reference=${reference}`);
      expect(form.body).toContain(`value="${reference}"`);

      const refused = await investigator.post('/staff/contacts/new', { reference, ...CONTACT, contactName: '' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Name the person who contacted you.');
      const recorded = await investigator.post('/staff/contacts/new', { reference, ...CONTACT });
      expect(recorded.statusCode).toBe(201);
      expect(recorded.body).toContain('Recorded as no. 1');

      const leader = await signedIn(t.app, emails.leader);
      expect((await leader.get('/staff/contacts/new')).body).toContain('Declare a contact you made');
      expect((await leader.post('/staff/contacts/new', { reference, ...CONTACT, contactName: '', contactedName: 'The investigator' })).body).toContain('Recorded as no. 2');

      const overseer = await signedIn(t.app, emails.overseer);
      const masked = await overseer.get('/oversight/register');
      expect(masked.statusCode).toBe(200);
      expect(masked.body.match(/data-testid="contact-row"/g)).toHaveLength(2);
      expect(masked.body).toContain('Councillor Pat Example, Regional Chair');
      expect(masked.body).not.toContain('Councillor Fictional');
      expect((await overseer.get('/oversight/register?identities=shown')).body).toContain('Councillor Fictional could be dropped');
      const desk = await overseer.get('/oversight');
      expect(desk.body).toMatch(/<strong>2<\/strong> outside contacts recorded/);

      for (const email of [emails.manager, emails.investigator, emails.leader]) {
        const response = await (await signedIn(t.app, email)).get('/oversight/register');
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toContain('Councillor Pat Example');
      }
      // The entries never reach the case page.
      expect((await (await signedIn(t.app, emails.manager)).get(`/staff/cases/${caseId}`)).body).not.toContain('Councillor Pat Example');
    });

    it('offers emergency access on the refusal, opens the case with a reason, marks it, and can be ended', async () => {
      const outsider = await signedIn(t.app, emails.outsider);
      const refused = await outsider.get(`/staff/cases/${caseId}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain(`/staff/emergency-access?reference=${reference}`);
      await outsider.get(`/staff/emergency-access?reference=${reference}`);
      const noReason = await outsider.post('/staff/emergency-access', { reference, reason: 'urgent' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toContain('at least 20 characters');
      const opened = await outsider.post('/staff/emergency-access', { reference, reason: REASON });
      expect(opened.statusCode).toBe(303);
      expect(opened.headers.location).toBe(`/staff/cases/${caseId}`);
      const page = await outsider.get(`/staff/cases/${caseId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Opened with emergency access');
      expect(page.body).toContain(REASON);
      const ended = await outsider.post(`/staff/cases/${caseId}/end-emergency-access`, {});
      expect(ended.headers.location).toBe('/staff?notice=handed-on');
      expect((await outsider.get(`/staff/cases/${caseId}`)).statusCode).toBe(403);

      const overseer = await signedIn(t.app, emails.overseer);
      const register = await overseer.get('/oversight/register');
      expect(register.body.match(/data-testid="emergency-row"/g)).toHaveLength(1);
      expect(register.body.match(/data-testid="refused-row"/g)!.length).toBeGreaterThanOrEqual(2);
      // Someone who may not use emergency access is not offered it.
      const investigator = await signedIn(t.app, emails.investigator);
      await investigator.post(`/staff/cases/${caseId}/end-emergency-access`, {});
      expect((await (await signedIn(t.app, emails.leader)).get(`/staff/cases/${caseId}`)).body).not.toContain('emergency-access');
    });

    it('lets the overseer verify the record and save a state that later checkpoints are proved against', async () => {
      const overseer = await signedIn(t.app, emails.overseer);
      await issueCheckpoint({ ctx: t.ctx, key: t.ledgerKey, force: true });
      const verified = await overseer.post('/oversight/record/verify', {});
      expect(verified.body).toMatch(/data-testid="verification"[^>]*>\s*<strong>Verified:<\/strong>/);
      expect((await overseer.post('/oversight/record/save', {})).statusCode).toBe(303);
      await (await signedIn(t.app, emails.investigator)).get(`/staff/cases/${caseId}`);
      await issueCheckpoint({ ctx: t.ctx, key: t.ledgerKey, force: true });
      expect((await overseer.get('/oversight/record')).body).toContain('Intact since you saved it.');
    });

    it('shows leadership aggregate figures and no case', async () => {
      const leader = await signedIn(t.app, emails.leader);
      const home = await leader.get('/staff');
      expect(home.headers.location).toBe('/staff/statistics');
      const statistics = await leader.get('/staff/statistics');
      expect(statistics.statusCode).toBe(200);
      expect(statistics.body).toContain('fewer than 5');
      expect(statistics.body).not.toContain(reference);
      expect((await leader.get('/staff/cases')).statusCode).toBe(403);
      expect((await leader.get(`/staff/cases/${caseId}`)).statusCode).toBe(403);
    });
  });
}
