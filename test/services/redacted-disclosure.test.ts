import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { noticeFor, portalTokenSentTo, RESPONDENT_EMAIL } from '../helpers/due-process.js';
import { refusal } from '../helpers/refusal.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { downloadPortalEvidence, getPortalView } from '../../src/services/due-process/portal-view.js';

const ORIGINAL = new TextEncoder().encode('Message from Jo Bystander: they control the banks.\n');
const REDACTED = new TextEncoder().encode('Message from [redacted]: they control the banks.\n');

for (const kind of testDatabaseKinds()) {
  describe(`disclosing a redacted copy (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind);
    });
    afterEach(async () => t.close());

    it('discloses the redacted copy instead of the original, and refuses a copy without its redactions described', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [{ filename: 'screenshot.txt', bytes: ORIGINAL }], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      const base = await noticeFor(ctx, receipt.caseId);
      const [originalId] = Object.keys(base.evidence);
      const copy = { filename: 'screenshot-redacted.txt', bytes: REDACTED };

      const undescribed = await refusal(async () =>
        issueNotice({ ctx, staff: investigator, caseId: receipt.caseId, notice: { ...base, evidence: { [originalId!]: { disclose: true, redactionNote: null, withheldReason: null, redactedCopy: copy } } } }),
      );
      expect(undescribed.issues.map((issue) => issue.field)).toEqual([`evidence.${originalId}.redactionNote`]);
      expect(await ctx.db.selectFrom('evidence').select('id').where('case_id', '=', receipt.caseId).execute()).toHaveLength(1);

      await issueNotice({
        ctx,
        staff: investigator,
        caseId: receipt.caseId,
        notice: { ...base, evidence: { [originalId!]: { disclose: true, redactionNote: 'The name of a bystander is removed.', withheldReason: null, redactedCopy: copy } } },
      });
      const token = await portalTokenSentTo(ctx, RESPONDENT_EMAIL);
      const view = await getPortalView({ ctx, token });
      expect(view.notice!.evidence.map((item) => item.name)).toEqual(['screenshot-redacted.txt']);
      expect(view.notice!.evidence[0]!.redactionNote).toBe('The name of a bystander is removed.');
      expect(view.notice!.withheldCount).toBe(0);
      const copyId = view.notice!.evidence[0]!.evidenceId;
      expect(Buffer.from((await downloadPortalEvidence({ ctx, token, evidenceId: copyId })).bytes).toString()).toContain('[redacted]');
      expect((await refusal(() => downloadPortalEvidence({ ctx, token, evidenceId: originalId! }))).code).toBe('not_found');
    });
  });
}
