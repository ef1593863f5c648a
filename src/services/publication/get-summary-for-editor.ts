import { DomainError } from '../../domain/errors.js';
import { flagKey } from '../../domain/publication/anonymity.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import { findDecisionSummary } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { anonymityFlags, summaryView, type SummaryView } from './decision-summary-facts.js';

/**
 * One summary for the publications editor, with the anonymity check's flags.
 * Reading a draft is not reading the case: the check looks at the case's
 * names and numbers, but the editor is shown only what matched in the draft.
 */
export async function getSummaryForEditor(options: { ctx: ServiceContext; staff: Staff; summaryId: string }): Promise<SummaryView> {
  const { ctx } = options;
  assertPermission(options.staff, 'publications.edit', 'review decision summaries for publication');
  const row = await findDecisionSummary(ctx.db, options.summaryId);
  if (!row) throw new DomainError('not_found', 'There is no such summary.');
  const caseRow = (await findCaseById(ctx.db, row.case_id))!;
  return summaryView(row, await anonymityFlags(ctx, ctx.db, caseRow, row), flagKey);
}
