import { assertNoIssues } from '../../domain/errors.js';
import { updateDecisionSummary } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertSummaryStatus, changeSummaryAsEditor } from './editor-change.js';

export const MIN_WITHDRAW_REASON = 10;

/** The editor takes a published summary off the register, with the reason; its feed entry is marked withdrawn. */
export async function withdrawDecisionSummary(options: { ctx: ServiceContext; staff: Staff; summaryId: string; reason: string }): Promise<void> {
  const { ctx, staff } = options;
  const reason = options.reason.trim();
  await changeSummaryAsEditor({
    ctx,
    staff,
    summaryId: options.summaryId,
    what: 'withdraw published decisions',
    change: async (change, summary) => {
      assertSummaryStatus(summary, 'published', 'withdrawn');
      assertNoIssues(reason.length < MIN_WITHDRAW_REASON ? [{ field: 'reason', message: `Give the reason for withdrawing it (at least ${MIN_WITHDRAW_REASON} characters).` }] : [], 'Give the reason for withdrawing the decision.');
      await updateDecisionSummary(change.trx, summary.id, { status: 'withdrawn', withdrawn_at: ctx.clock.now().toISOString(), withdraw_reason: reason });
      change.record({ type: 'decision_summary_withdrawn', summaryId: summary.id, number: summary.number!, editorName: staff.name, reason });
    },
  });
}
