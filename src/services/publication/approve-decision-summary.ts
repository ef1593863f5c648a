import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { distinctFlags, flagKey, MIN_ACCEPTANCE_REASON, type AcceptedFlag, FLAG_KIND_LABELS } from '../../domain/publication/anonymity.js';
import { nextPublicationNumber, updateDecisionSummary } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { today } from '../cases/case-clock.js';
import { anonymityFlags, standingDecisionOf } from './decision-summary-facts.js';
import { assertSummaryStatus, changeSummaryAsEditor } from './editor-change.js';

/** The editor's mark on one flag: not identifying, and why (for example, a public figure's title). */
export type FlagAcceptance = { key: string; reason: string };

/**
 * Approves a summary waiting for the editor and publishes it under the next
 * public number of the year. Refused while the anonymity check has flags,
 * unless each is marked "not identifying" with a reason; the marks are kept
 * with the summary.
 */
export async function approveDecisionSummary(options: { ctx: ServiceContext; staff: Staff; summaryId: string; acceptances: readonly FlagAcceptance[] }): Promise<{ number: string; publishedAt: string }> {
  const { ctx, staff } = options;
  return changeSummaryAsEditor({
    ctx,
    staff,
    summaryId: options.summaryId,
    what: 'approve decision summaries for publication',
    change: async (change, summary) => {
      assertSummaryStatus(summary, 'draft', 'approved');
      // The decision may have changed since the draft (set aside or varied on appeal): what is published must be what stands.
      const standing = await standingDecisionOf(change.trx, change.caseRow);
      if (standing?.id !== summary.decision_id) {
        throw new DomainError('conflict', 'The decision summarised no longer stands as drafted (it was set aside or varied on appeal): return the summary for the drafter to redraft, or leave it unpublished.');
      }
      const flags = distinctFlags(await anonymityFlags(ctx, change.trx, change.caseRow, summary));
      const now = ctx.clock.now().toISOString();
      const issues: FieldIssue[] = [];
      const accepted: AcceptedFlag[] = [];
      flags.forEach((flag, index) => {
        const key = flagKey(flag);
        const given = options.acceptances.find((acceptance) => acceptance.key === key);
        const reason = given?.reason.trim() ?? '';
        if (!given) issues.push({ field: `flags.${index}`, message: `${FLAG_KIND_LABELS[flag.kind]} "${flag.text}": remove it from the text, or mark it not identifying with a reason.` });
        else if (reason.length < MIN_ACCEPTANCE_REASON) issues.push({ field: `flags.${index}.reason`, message: `Say why "${flag.text}" does not identify anyone (at least ${MIN_ACCEPTANCE_REASON} characters).` });
        else accepted.push({ key, reason, by: staff.name, at: now });
      });
      if (issues.length > 0) throw new DomainError('rule_violated', 'The anonymity check still has flags: each must be removed or marked not identifying with a reason before the summary is published.', issues);
      const year = Number(today(ctx).slice(0, 4));
      const sequence = await nextPublicationNumber(change.trx, year);
      const number = `${year}/${sequence}`;
      await updateDecisionSummary(change.trx, summary.id, {
        status: 'published',
        flags_accepted: JSON.stringify(accepted),
        reviewed_by: staff.userId,
        reviewed_at: now,
        return_reason: null,
        number,
        number_year: year,
        number_sequence: sequence,
        published_at: now,
      });
      change.record({ type: 'decision_summary_published', summaryId: summary.id, number, editorName: staff.name, flagsAccepted: accepted.length });
      return { number, publishedAt: now };
    },
  });
}
