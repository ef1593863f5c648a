import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, referForDecision, sittingPanel } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { assignCase } from '../../src/services/cases/assign-case.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { reviewDecision } from '../../src/services/due-process/review-decision.js';
import { findSanctionsForPerson } from '../../src/db/repositories/membership-sanction.repository.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';
import type { Staff } from '../../src/services/staff.js';
import { refusal } from '../helpers/refusal.js';


const REASONS = 'The panel weighed the evidence fairly and its reasons follow from the findings.';

for (const kind of testDatabaseKinds()) {
  describe(`independent review of decisions (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind, { organisation: 'dueProcess:\n  independentReview: true\n' });
    });
    afterEach(async () => t.close());

    /** A case decided by a panel and waiting at review, with a reviewer assigned. */
    async function awaitingReview() {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const reviewer = await createStaff(ctx, ['independent_reviewer'], 'Rhea Reviewer');
      const pool = await createPanelPool(ctx, manager);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      await referForDecision(ctx, { investigator, caseId: receipt.caseId });
      await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      const panel = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      await recordPanelDecision({ ctx, staff: panel[0]!, caseId: receipt.caseId, decision: await decisionFor(ctx, receipt.caseId, { finding: 'upheld', sanctionId: 'expulsion', sanctionMonths: 24 }) });
      return { manager, reviewer, pool, panel, caseId: receipt.caseId };
    }
    const stageOf = async (caseId: string) => (await t.ctx.db.selectFrom('cases').select('stage').where('id', '=', caseId).executeTakeFirstOrThrow()).stage;
    const outcomeMail = async () => (await listOutbox(t.ctx.db)).filter((row) => row.payload.includes('the panel has decided the complaint'));

    it('holds a decision at review: nothing takes effect and no one is told until the reviewer confirms', async () => {
      const { manager, reviewer, caseId } = await awaitingReview();
      expect(await stageOf(caseId)).toBe('review');
      expect(await findSanctionsForPerson(t.ctx.db, { membershipNumber: 'M-1001', name: null })).toEqual([]);
      expect(await outcomeMail()).toEqual([]);

      // Only an assigned reviewer may review.
      expect((await refusal(() => reviewDecision({ ctx: t.ctx, staff: reviewer, caseId, confirm: true, reasons: REASONS }))).code).toBe('forbidden');
      await assignCase({ ctx: t.ctx, staff: manager, caseId, userId: reviewer.userId, role: 'independent_reviewer' });
      const short = await refusal(() => reviewDecision({ ctx: t.ctx, staff: reviewer, caseId, confirm: true, reasons: 'Fine.' }));
      expect(short.code).toBe('validation_failed');
      expect(await stageOf(caseId)).toBe('review');

      await reviewDecision({ ctx: t.ctx, staff: reviewer, caseId, confirm: true, reasons: REASONS });
      expect(await stageOf(caseId)).toBe('appeal_window');
      expect(await findSanctionsForPerson(t.ctx.db, { membershipNumber: 'M-1001', name: null })).toMatchObject([{ effect: 'expelled' }]);
      expect((await outcomeMail()).length).toBeGreaterThan(0);
    });

    it('refuses a reviewer who had a part in the case, and sends a vetoed decision to a panel of new people', async () => {
      const { manager, reviewer, pool, panel, caseId } = await awaitingReview();
      const panelMember = panel[1]!;
      const formerMember: Staff = { ...panelMember, roles: ['panel_member', 'independent_reviewer'] };
      await t.ctx.db.insertInto('user_roles').values({ user_id: panelMember.userId, role: 'independent_reviewer' }).execute();
      const refused = await refusal(() => assignCase({ ctx: t.ctx, staff: manager, caseId, userId: formerMember.userId, role: 'independent_reviewer' }));
      expect(refused.code).toBe('rule_violated');

      await assignCase({ ctx: t.ctx, staff: manager, caseId, userId: reviewer.userId, role: 'independent_reviewer' });
      await reviewDecision({ ctx: t.ctx, staff: reviewer, caseId, confirm: false, reasons: 'The panel relied on a withheld statement the respondent never saw.' });
      expect(await stageOf(caseId)).toBe('decision');
      const [vetoed] = await t.ctx.db.selectFrom('decisions').select('status').where('case_id', '=', caseId).execute();
      expect(vetoed!.status).toBe('vetoed');

      await drawPanel({ ctx: t.ctx, staff: manager, caseId });
      const second = await sittingPanel(t.ctx, caseId, 'decision', pool);
      expect(second.filter((member) => panel.some((first) => first.userId === member.userId))).toEqual([]);
    });
  });
}
