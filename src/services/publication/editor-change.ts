import { DomainError } from '../../domain/errors.js';
import { findDecisionSummary, type DecisionSummaryWithDrafter } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { runCaseChange, type CaseChange } from '../cases/change-case.js';

/**
 * The frame of the publications editor's changes to a summary. The editor
 * never reads the case, but what they do is part of its record: the change
 * runs in the case's frame (one transaction, the case locked, the event in
 * the ledger), authorised by the permission alone, not by assignment.
 */
export async function changeSummaryAsEditor<T>(options: {
  ctx: ServiceContext;
  staff: Staff;
  summaryId: string;
  what: string;
  change: (change: CaseChange, summary: DecisionSummaryWithDrafter) => Promise<T>;
}): Promise<T> {
  const { ctx, staff } = options;
  assertPermission(staff, 'publications.edit', options.what);
  const found = await findDecisionSummary(ctx.db, options.summaryId);
  if (!found) throw new DomainError('not_found', 'There is no such summary.');
  return runCaseChange({
    ctx,
    caseId: found.case_id,
    actor: staffActor(staff),
    authorise: async () => {},
    change: async (change) => options.change(change, (await findDecisionSummary(change.trx, options.summaryId))!),
  });
}

/** Refuses a change the summary's state does not allow. */
export function assertSummaryStatus(summary: { status: string; number: string | null }, allowed: string, what: string): void {
  if (summary.status === allowed) return;
  const state: Record<string, string> = {
    draft: 'is waiting for the editor',
    returned: 'was returned to the drafter, who has not redrafted it yet',
    published: `is published as decision ${summary.number}`,
    withdrawn: `was withdrawn (decision ${summary.number})`,
  };
  throw new DomainError('conflict', `The summary ${state[summary.status] ?? summary.status}, so it cannot be ${what}.`);
}
