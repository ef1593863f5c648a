import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn as signInAs, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, REPORT, triageInput } from '../helpers/factories.js';
import { createPanelPool, noticeFor, portalTokenSentTo, RESPONDENT_EMAIL } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { submitInvestigationReport } from '../../src/services/cases/investigate.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { scheduleHearing } from '../../src/services/due-process/hearings.js';

const REPRESENTATIVE = 'rep@example.test';
const COMPANION = 'friend@example.test';

for (const kind of testDatabaseKinds()) {
  describe(`the respondent's representative and companion (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    it('lets a representative answer for the respondent, and shows a companion the hearing and nothing more', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      await createPanelPool(ctx, manager);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      await issueNotice({ ctx, staff: investigator, caseId: receipt.caseId, notice: await noticeFor(ctx, receipt.caseId) });

      // The respondent names a representative through their portal; an address is required there.
      const respondent = new PageClient(t.app);
      await respondent.get(`/portal/enter/${await portalTokenSentTo(ctx, RESPONDENT_EMAIL)}`);
      expect((await respondent.get('/portal')).body).toContain('Name a representative or companion');
      const noAddress = await respondent.post('/portal/supporter', { kind: 'representative', name: 'Rhona Rep' });
      expect(noAddress.statusCode).toBe(400);
      expect(noAddress.body).toContain('Give their e-mail address');
      expect((await respondent.post('/portal/supporter', { kind: 'representative', name: 'Rhona Rep', email: REPRESENTATIVE })).statusCode).toBe(303);
      expect((await respondent.post('/portal/supporter', { kind: 'representative', name: 'Second Rep', email: 'second@example.test' })).statusCode).toBe(409);

      // The representative, with their own link, reads the notice and answers for the respondent.
      const representative = new PageClient(t.app);
      await representative.get(`/portal/enter/${await portalTokenSentTo(ctx, REPRESENTATIVE)}`);
      const asRepresentative = await representative.get('/portal');
      expect(asRepresentative.body).toContain('Representative: Rhona Rep — for Councillor Fictional (respondent)');
      expect(asRepresentative.body).toContain('The notice of the complaint');
      expect(asRepresentative.body).not.toContain('Name a representative or companion');
      expect((await representative.postMultipart('/portal/response', { generalResponse: 'My client accepts sending the messages.', hearingRequested: 'yes' })).statusCode).toBe(303);
      const answered = await ctx.db.selectFrom('case_events').select(['type', 'actor']).where('case_id', '=', receipt.caseId).where('type', '=', 'notice_answered').executeTakeFirstOrThrow();
      expect(JSON.parse(answered.actor)).toMatchObject({ kind: 'party', role: 'representative' });

      // Staff add the respondent's companion; the companion sees the hearing arrangements only, and cannot act.
      const cara = await signInAs(t.app, manager.email);
      expect((await cara.post(`/staff/cases/${receipt.caseId}/supporter`, { forRole: 'respondent', kind: 'companion', name: 'Fred Friend', email: 'not an address' })).statusCode).toBe(400);
      expect((await cara.post(`/staff/cases/${receipt.caseId}/supporter`, { forRole: 'respondent', kind: 'companion', name: 'Fred Friend', email: COMPANION })).statusCode).toBe(303);
      await submitInvestigationReport({ ctx, staff: investigator, caseId: receipt.caseId, ...REPORT });
      await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      await scheduleHearing({ ctx, staff: manager, caseId: receipt.caseId, date: '2026-03-16', time: '18:30', location: 'Committee Room 2' });
      const companion = new PageClient(t.app);
      await companion.get(`/portal/enter/${await portalTokenSentTo(ctx, COMPANION)}`);
      const asCompanion = await companion.get('/portal');
      expect(asCompanion.body).toContain('Companion: Fred Friend — for Councillor Fictional (respondent)');
      expect(asCompanion.body).toContain('Committee Room 2');
      expect(asCompanion.body).not.toContain('The notice of the complaint');
      expect(asCompanion.body).not.toContain('Messages with the complaints team');
      expect((await companion.post('/portal/postponement', { date: '2026-03-18', reason: 'I cannot make that date at all.' })).statusCode).toBe(403);
      expect((await companion.get(`/portal/evidence/anything`)).statusCode).toBe(403);
      expect((await respondent.get('/portal')).body).toContain('Companion: Fred Friend');
    });
  });
}
