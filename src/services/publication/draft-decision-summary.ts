import { flagKey } from '../../domain/publication/anonymity.js';
import { findSummaryOfCase, insertDecisionSummary, replaceSummaryClauses, updateDecisionSummary } from '../../db/repositories/decision-summary.repository.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from '../cases/change-case.js';
import { anonymityFlags, checkSummaryTexts, clausesOfDecision, decisionToSummarise, summaryView, type SummaryView } from './decision-summary-facts.js';

/**
 * The case manager's anonymised summary of the decision, for publication:
 * the facts and the reasons in their own anonymised words; the clauses, the
 * findings and the sanction are taken from the decision itself. Drafted
 * again while it waits for the editor or after the editor returned it; the
 * anonymity check runs on every save and its flags are returned.
 */
export async function draftDecisionSummary(options: { ctx: ServiceContext; staff: Staff; caseId: string; draft: { facts: string; reasons: string } }): Promise<SummaryView> {
  const { ctx, staff } = options;
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'decisions.draft_summary',
    what: 'draft decision summaries for publication',
    change: async (change) => {
      const { trx, caseRow } = change;
      if (caseRow.erased_at !== null) throw new DomainError('transition_not_allowed', 'The case’s personal data was erased under the retention schedule, so it can no longer be summarised.');
      const decision = await decisionToSummarise(trx, caseRow);
      const texts = checkSummaryTexts(options.draft);
      const existing = await findSummaryOfCase(trx, caseRow.id);
      if (existing && existing.status !== 'draft' && existing.status !== 'returned') {
        throw new DomainError('conflict', `The summary was published as decision ${existing.number}; it can no longer be redrafted.`);
      }
      const clauses = await clausesOfDecision(ctx, trx, caseRow, decision);
      const sanction = ctx.config.organisation.sanctions.find((candidate) => candidate.id === decision.sanction_id);
      const now = ctx.clock.now().toISOString();
      const values = {
        decision_id: decision.id,
        status: 'draft',
        facts: texts.facts,
        reasons: texts.reasons,
        clauses: JSON.stringify(clauses),
        finding: decision.outcome,
        sanction_id: decision.sanction_id,
        sanction_label: sanction?.label ?? decision.sanction_id,
        drafted_by: staff.userId,
        drafted_at: now,
      };
      const id = existing?.id ?? ctx.random.uuid();
      if (existing) await updateDecisionSummary(trx, id, values);
      else
        await insertDecisionSummary(trx, {
          id,
          case_id: caseRow.id,
          ...values,
          reviewed_by: null,
          reviewed_at: null,
          return_reason: null,
          flags_accepted: '[]',
          number: null,
          number_year: null,
          number_sequence: null,
          published_at: null,
          withdrawn_at: null,
          withdraw_reason: null,
        });
      await replaceSummaryClauses(trx, id, clauses);
      const flags = await anonymityFlags(ctx, trx, caseRow, texts);
      change.record({ type: 'decision_summary_drafted', summaryId: id, redraft: existing !== undefined, flags: flags.length });
      const saved = (await findSummaryOfCase(trx, caseRow.id))!;
      return summaryView({ ...saved, drafter_name: staff.name }, flags, flagKey);
    },
  });
}
