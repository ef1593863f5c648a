import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, signedIn as signInAs, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, referForDecision, sittingPanel } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { imposeInterimMeasure } from '../../src/services/due-process/interim-measures.js';

for (const kind of testDatabaseKinds()) {
  describe(`the panel pool, declared interests and the register of sanctions (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    const signedIn = (email: string) => signInAs(t.app, email);
    const interestsOf = (userId: string) => t.ctx.db.selectFrom('panel_interests').selectAll().where('user_id', '=', userId).execute();

    it('lets a case manager build the pool, and a panel member declare their own interests, and no one else', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      const member = await createStaff(t.ctx, ['panel_member'], 'Priya Panel');
      const other = await createStaff(t.ctx, ['panel_member'], 'Otto Other');
      const investigator = await createStaff(t.ctx, ['investigator']);
      const cara = await signedIn(manager.email);

      expect((await cara.get('/staff/panel-pool')).body).toContain('Panel pool');
      const noRoles = await cara.post('/staff/panel-pool', { userId: member.userId, active: 'yes' });
      expect(noRoles.statusCode).toBe(400);
      expect(noRoles.body).toContain('Choose at least one of chair, member, independent lawyer and lay member.');
      expect(await t.ctx.db.selectFrom('panel_pool').selectAll().execute()).toEqual([]);
      expect((await cara.post('/staff/panel-pool', { userId: investigator.userId, roles: ['member'], active: 'yes' })).statusCode).toBe(422);
      expect((await cara.post('/staff/panel-pool', { userId: member.userId, roles: ['lay', 'member'], active: 'yes' })).statusCode).toBe(303);
      const badDate = await cara.post('/staff/panel-pool/training', { userId: member.userId, course: 'Due process and the code of conduct', completedOn: '2026-02-30x', expiresOn: '2027-01-01' });
      expect(badDate.statusCode).toBe(400);
      expect((await cara.post('/staff/panel-pool/training', { userId: member.userId, course: 'Due process and the code of conduct', completedOn: '2026-01-10', expiresOn: '2028-01-10' })).statusCode).toBe(303);
      expect((await cara.post('/staff/panel-pool/interests', { userId: member.userId, kind: 'unit', value: 'Riverside Branch' })).statusCode).toBe(303);
      const page = await cara.get('/staff/panel-pool');
      expect(page.body).toContain('Priya Panel');
      expect(page.body).toContain('Lay member, Member');
      expect(page.body).toContain('Riverside Branch');
      expect(page.body).toContain('In date');

      // The member declares their own interest and ends it; they cannot touch anyone else's.
      const priya = await signedIn(member.email);
      expect((await priya.post('/staff/interests', { kind: 'faction', value: 'Friends of the Canal' })).statusCode).toBe(303);
      const [, own] = await interestsOf(member.userId);
      expect(own).toMatchObject({ kind: 'faction', value: 'Friends of the Canal', ended_on: null });
      const otto = await signedIn(other.email);
      expect((await otto.post(`/staff/interests/${own!.id}/end`, {})).statusCode).toBe(404);
      expect((await priya.post(`/staff/interests/${own!.id}/end`, {})).statusCode).toBe(303);
      expect((await interestsOf(member.userId)).find((interest) => interest.id === own!.id)!.ended_on).not.toBeNull();

      // Neither a panel member nor an investigator manages the pool.
      expect((await priya.get('/staff/panel-pool')).statusCode).toBe(403);
      expect((await otto.post('/staff/panel-pool', { userId: other.userId, roles: ['chair'], active: 'yes' })).statusCode).toBe(403);
      const ivan = await signedIn(investigator.email);
      expect((await ivan.get('/staff/panel-pool')).statusCode).toBe(403);
      expect((await ivan.get('/staff/interests')).statusCode).toBe(403);
    });

    it('shows a sanction in force on the register to membership staff, searched by number or name', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const pool = await createPanelPool(ctx, manager);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      await imposeInterimMeasure({
        ctx,
        staff: manager,
        caseId: receipt.caseId,
        measure: { effects: ['no_candidacy'], reasons: 'The respondent is standing for selection while the allegation is investigated.', weeks: 12 },
      });
      await referForDecision(ctx, { investigator, caseId: receipt.caseId });
      await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      const [chair] = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      await recordPanelDecision({ ctx, staff: chair!, caseId: receipt.caseId, decision: await decisionFor(ctx, receipt.caseId, { finding: 'upheld', sanctionId: 'expulsion', sanctionMonths: 24 }) });

      const desk = await signedIn(intake.email);
      expect((await desk.get('/staff/sanctions')).body).not.toContain('data-testid="register"');
      const byNumber = await desk.get('/staff/sanctions?membershipNumber=M-1001');
      expect(byNumber.statusCode).toBe(200);
      expect(byNumber.body).toContain('Expulsion, with a period before readmission may be considered');
      expect(byNumber.body).toContain('readmission considered from 2 March 2028');
      expect(byNumber.body).toContain(receipt.reference);
      expect(byNumber.body).toContain('May not stand for any office or selection');
      expect((await desk.get('/staff/sanctions?name=councillor%20fictional')).body).toContain('In force');
      expect((await desk.get('/staff/sanctions?membershipNumber=M-9999')).body).toContain('No sanction or interim measure is recorded against that person.');
      expect((await desk.get('/staff/sanctions?name=Co')).statusCode).toBe(400);
      expect((await (await signedIn(investigator.email)).get('/staff/sanctions?membershipNumber=M-1001')).statusCode).toBe(403);
    });
  });
}
