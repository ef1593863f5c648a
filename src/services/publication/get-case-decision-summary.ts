import { hasPermission } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { flagKey } from '../../domain/publication/anonymity.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import { findDecisionSummary, findSummaryOfCase } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertCanReadCase } from '../cases/case-access.js';
import { anonymityFlags, standingDecisionOf, summaryView, type SummaryView } from './decision-summary-facts.js';

export type CaseDecisionSummary = {
  /** The viewer may draft (or redraft) the summary now. */
  mayDraft: boolean;
  /** The case is decided, so a summary can be drafted. */
  decided: boolean;
  summary: SummaryView | null;
};

/** The summary of the case's decision, for its page: what was drafted, its flags, and whether the viewer may draft it. */
export async function getCaseDecisionSummary(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<CaseDecisionSummary> {
  const { ctx, staff } = options;
  const caseRow = await findCaseById(ctx.db, options.caseId);
  if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
  await assertCanReadCase(ctx.db, ctx, staff, caseRow);
  const decided = (await standingDecisionOf(ctx.db, caseRow)) !== undefined;
  const row = await findSummaryOfCase(ctx.db, caseRow.id);
  const withDrafter = row ? await findDecisionSummary(ctx.db, row.id) : undefined;
  const summary = withDrafter ? summaryView(withDrafter, await anonymityFlags(ctx, ctx.db, caseRow, withDrafter), flagKey) : null;
  const editable = !summary || summary.status === 'draft' || summary.status === 'returned';
  return { mayDraft: decided && editable && caseRow.erased_at === null && hasPermission(staff.roles, 'decisions.draft_summary'), decided, summary };
}
