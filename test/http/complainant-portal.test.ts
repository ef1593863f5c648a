import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, portalTokenSentTo, referForDecision, sittingPanel } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';

const COMPLAINANT = 'ruth@example.test';

for (const kind of testDatabaseKinds()) {
  describe(`the complainant's case page (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    /** A decided case whose named complainant was given a case page; the complaint's relation is chosen. */
    async function decidedCase(relation: 'targeted' | 'witness') {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const pool = await createPanelPool(ctx, manager);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput({ relation }), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      const cara = await signedIn(t.app, manager.email);
      expect((await cara.get(`/staff/cases/${receipt.caseId}`)).body).toContain('Give the complainant a case page');
      expect((await cara.post(`/staff/cases/${receipt.caseId}/invite-complainant`, {})).statusCode).toBe(303);
      await referForDecision(ctx, { investigator, caseId: receipt.caseId });
      await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      const [chair] = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      await recordPanelDecision({ ctx, staff: chair!, caseId: receipt.caseId, decision: await decisionFor(ctx, receipt.caseId, { finding: 'upheld', sanctionId: 'education_course' }) });
      const complainant = new PageClient(t.app);
      expect((await complainant.get(`/portal/enter/${await portalTokenSentTo(ctx, COMPLAINANT)}`)).statusCode).toBe(303);
      return { receipt, complainant };
    }

    it('shows the person targeted the findings and lets them appeal, and writes to the team in the same thread as e-mail', async () => {
      const { receipt, complainant } = await decidedCase('targeted');
      const page = await complainant.get('/portal');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Complainant: Ruth Example');
      expect(page.body).toContain('Sanction: Mandatory education course.');
      expect(page.body).not.toContain('The notice of the complaint');
      expect((await complainant.post('/portal/supporter', { kind: 'companion', name: 'Dana Friend', email: 'dana@example.test' })).statusCode).toBe(303);
      const companion = new PageClient(t.app);
      expect((await companion.get(`/portal/enter/${await portalTokenSentTo(t.ctx, 'dana@example.test')}`)).statusCode).toBe(303);
      const asCompanion = await companion.get('/portal');
      expect(asCompanion.body).toContain('Companion: Dana Friend — for Ruth Example (complainant)');
      expect(asCompanion.body).not.toContain('Sanction:');
      expect((await complainant.post('/portal/message', { body: 'Thank you for letting me know.' })).statusCode).toBe(303);
      expect((await complainant.get('/portal')).body).toContain('Thank you for letting me know.');
      expect((await complainant.post('/portal/appeal', { grounds: ['sanction'], statement: 'An education course is too light for messages sent to me repeatedly over weeks.' })).statusCode).toBe(303);
      const [appeal] = await t.ctx.db.selectFrom('appeals').select('case_id').execute();
      expect(appeal!.case_id).toBe(receipt.caseId);
    });

    it('tells a witness the outcome only, and refuses their appeal', async () => {
      const { complainant } = await decidedCase('witness');
      const page = await complainant.get('/portal');
      expect(page.body).toContain('the detailed reasons go to the people directly involved');
      expect(page.body).not.toContain('Sanction:');
      expect(page.body).not.toContain('Appeal against the decision');
      expect((await complainant.post('/portal/appeal', { grounds: ['sanction'], statement: 'I think the sanction is too light for what I saw happen at the meeting.' })).statusCode).toBe(403);
      expect(await t.ctx.db.selectFrom('appeals').select('id').execute()).toEqual([]);
    });

    it('refuses to invite an anonymous complainant, who keeps their receipt code', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput({ anonymous: true, complainant: {} }), files: [], channel: 'web' });
      await startTriage({ ctx: t.ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx: t.ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      const cara = await signedIn(t.app, manager.email);
      expect((await cara.get(`/staff/cases/${receipt.caseId}`)).body).not.toContain('Give the complainant a case page');
      expect((await cara.post(`/staff/cases/${receipt.caseId}/invite-complainant`, {})).statusCode).toBe(422);
      expect(await t.ctx.db.selectFrom('case_parties').select('id').execute()).toEqual([]);
    });
  });
}
