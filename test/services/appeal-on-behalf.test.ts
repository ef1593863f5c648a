import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, referForDecision, sittingPanel } from '../helpers/due-process.js';
import { refusal } from '../helpers/refusal.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { lodgeAppealOnBehalf } from '../../src/services/due-process/appeals.js';

const APPEAL = { grounds: ['sanction'], statement: 'An education course is too light for messages sent to me repeatedly over several weeks.' };

for (const kind of testDatabaseKinds()) {
  describe(`an appeal recorded for the complainant (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind);
    });
    afterEach(async () => t.close());

    async function decided(relation: 'targeted' | 'witness') {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const pool = await createPanelPool(ctx, manager);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput({ relation }), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      await referForDecision(ctx, { investigator, caseId: receipt.caseId });
      await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      const [chair] = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      await recordPanelDecision({ ctx, staff: chair!, caseId: receipt.caseId, decision: await decisionFor(ctx, receipt.caseId, { finding: 'upheld', sanctionId: 'education_course' }) });
      return { manager, caseId: receipt.caseId };
    }
    const complainantParties = (caseId: string) => t.ctx.db.selectFrom('case_parties').select(['role', 'name']).where('case_id', '=', caseId).where('role', '=', 'complainant').execute();

    it('records the appeal of the person targeted, making them a party', async () => {
      const { manager, caseId } = await decided('targeted');
      await lodgeAppealOnBehalf({ ctx: t.ctx, staff: manager, caseId, appellant: 'complainant', appeal: APPEAL });
      expect(await complainantParties(caseId)).toEqual([{ role: 'complainant', name: 'Ruth Example' }]);
      expect((await t.ctx.db.selectFrom('cases').select('stage').where('id', '=', caseId).executeTakeFirstOrThrow()).stage).toBe('appeal');
    });

    it('refuses an appeal for a complainant who was a witness, writing nothing', async () => {
      const { manager, caseId } = await decided('witness');
      const error = await refusal(() => lodgeAppealOnBehalf({ ctx: t.ctx, staff: manager, caseId, appellant: 'complainant', appeal: APPEAL }));
      expect(error.code).toBe('rule_violated');
      expect(error.message).toContain('person targeted');
      expect(await complainantParties(caseId)).toEqual([]);
      expect(await t.ctx.db.selectFrom('appeals').select('id').execute()).toEqual([]);
    });
  });
}
