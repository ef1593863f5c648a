import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, referForDecision, sittingPanel } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { closeLapsedAppealWindows } from '../../src/services/due-process/appeals.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { checkComplaintStatus } from '../../src/services/public/check-complaint-status.js';
import { listCases } from '../../src/services/cases/list-cases.js';

for (const kind of testDatabaseKinds()) {
  describe(`a complaint from intake to closure (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind);
    });
    afterEach(async () => t.close());

    it('is received, triaged, investigated, decided and closed, with every step recorded', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const receipt = await submitComplaint({
        ctx,
        complaint: complaintInput({ anonymous: true, complainant: {} }),
        files: [{ filename: 'screenshot.txt', bytes: new TextEncoder().encode('the message text') }],
        channel: 'web',
      });
      expect(receipt.reference).toBe('RDR-2026-000001');
      expect(receipt.receiptCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      // Monday 2 March 2026 + 5 working days.
      expect(receipt.acknowledgementDueOn).toBe('2026-03-09');

      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({
        ctx,
        staff: intake,
        caseId: receipt.caseId,
        triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }),
      });
      const pool = await createPanelPool(ctx, manager);
      await referForDecision(ctx, { investigator, caseId: receipt.caseId });
      await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      const [chair] = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      await recordPanelDecision({ ctx, staff: chair!, caseId: receipt.caseId, decision: await decisionFor(ctx, receipt.caseId, { finding: 'upheld', sanctionId: 'education_course' }) });
      // The appeal window (10 working days) passes without an appeal, and the decision becomes final.
      t.clock.advanceDays(15);
      expect((await closeLapsedAppealWindows({ ctx })).closed).toEqual(['RDR-2026-000001']);

      const detail = await getCase({ ctx, staff: manager, caseId: receipt.caseId });
      expect(detail.caseRow.stage).toBe('closed');
      expect(detail.caseRow.outcome).toBe('upheld');
      expect(detail.timeline.map((event) => event.type)).toEqual([
        'complaint_received',
        'allegation_cited',
        'evidence_added',
        'complaint_acknowledged',
        'stage_changed',
        'triage_recorded',
        'case_assigned',
        'case_assigned',
        'stage_changed',
        'party_added',
        'notice_issued',
        'notice_answered',
        'investigation_report_recorded',
        'stage_changed',
        'panel_drawn',
        'panel_decision_recorded',
        'stage_changed',
        'stage_changed',
        'case_closed',
      ]);
      expect(detail.accessLog.map((event) => event.type)).toEqual(['case_viewed']);

      const status = await checkComplaintStatus({ ctx, receiptCode: receipt.receiptCode! });
      expect(status.outcome?.outcome).toBe('upheld');

      const found = await listCases({ ctx, staff: manager, query: { search: 'conspiracy' } });
      expect(found.items.map((item) => item.reference)).toEqual(['RDR-2026-000001']);
    });
  });
}
