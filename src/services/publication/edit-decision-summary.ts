import { flagKey } from '../../domain/publication/anonymity.js';
import { findDecisionSummary, updateDecisionSummary } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { anonymityFlags, checkSummaryTexts, summaryView, type SummaryView } from './decision-summary-facts.js';
import { assertSummaryStatus, changeSummaryAsEditor } from './editor-change.js';

/** The editor's changes to the facts and the reasons of a summary waiting for them; the anonymity check runs again. */
export async function editDecisionSummary(options: { ctx: ServiceContext; staff: Staff; summaryId: string; texts: { facts: string; reasons: string } }): Promise<SummaryView> {
  const { ctx, staff } = options;
  return changeSummaryAsEditor({
    ctx,
    staff,
    summaryId: options.summaryId,
    what: 'edit decision summaries',
    change: async (change, summary) => {
      assertSummaryStatus(summary, 'draft', 'edited');
      const texts = checkSummaryTexts(options.texts);
      await updateDecisionSummary(change.trx, summary.id, { facts: texts.facts, reasons: texts.reasons });
      const flags = await anonymityFlags(ctx, change.trx, change.caseRow, texts);
      change.record({ type: 'decision_summary_edited', summaryId: summary.id, editorName: staff.name, flags: flags.length });
      return summaryView((await findDecisionSummary(change.trx, summary.id))!, flags, flagKey);
    },
  });
}
