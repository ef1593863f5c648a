import { assertNoIssues } from '../../domain/errors.js';
import { updateDecisionSummary } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertSummaryStatus, changeSummaryAsEditor } from './editor-change.js';

export const MIN_RETURN_REASON = 10;

/** The editor sends a summary back to its drafter, saying what to change. */
export async function returnDecisionSummary(options: { ctx: ServiceContext; staff: Staff; summaryId: string; reason: string }): Promise<void> {
  const { ctx, staff } = options;
  const reason = options.reason.trim();
  await changeSummaryAsEditor({
    ctx,
    staff,
    summaryId: options.summaryId,
    what: 'return decision summaries',
    change: async (change, summary) => {
      assertSummaryStatus(summary, 'draft', 'returned');
      assertNoIssues(reason.length < MIN_RETURN_REASON ? [{ field: 'reason', message: `Tell the drafter what to change (at least ${MIN_RETURN_REASON} characters).` }] : [], 'Give the reason for returning the summary.');
      await updateDecisionSummary(change.trx, summary.id, { status: 'returned', return_reason: reason, reviewed_by: staff.userId, reviewed_at: ctx.clock.now().toISOString() });
      change.record({ type: 'decision_summary_returned', summaryId: summary.id, editorName: staff.name, reason });
    },
  });
}
