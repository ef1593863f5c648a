import { DomainError } from '../../domain/errors.js';
import { checkReview, type ReviewAnswer } from '../../domain/oversight/audit.js';
import { findSample, hasReview, insertReviews, listSampleCases } from '../../db/repositories/audit.repository.js';
import { lockCase } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { recordCaseEvents } from '../cases/case-events.js';

/**
 * Records the overseer's review of one sampled case against the checklist:
 * every item answered (met, not met or not applicable), with a note for each
 * item not met. A review is recorded once, with the questions as asked; the
 * case records it in the same transaction.
 */
export async function recordAuditReview(options: { ctx: ServiceContext; staff: Staff; sampleId: string; caseId: string; answers: Record<string, ReviewAnswer | undefined> }): Promise<void> {
  const { ctx, staff } = options;
  assertPermission(staff, 'audits.conduct', 'review audited cases');
  const { items, issues } = checkReview(ctx.config.organisation.oversight.auditChecklist, options.answers);
  if (issues.length > 0) throw new DomainError('validation_failed', 'Answer every item of the checklist, with a note for each one not met.', issues);
  await ctx.db.transaction().execute(async (trx) => {
    const sample = await findSample(trx, options.sampleId);
    const inSample = sample && (await listSampleCases(trx, [sample.id])).some((row) => row.case_id === options.caseId);
    if (!sample || !inSample) throw new DomainError('not_found', 'That case is not in this audit sample.');
    await lockCase(trx, ctx.dbKind, options.caseId);
    if (await hasReview(trx, sample.id, options.caseId)) throw new DomainError('conflict', 'This case has already been reviewed for this sample; raise a finding to add to the review.');
    const at = ctx.clock.now().toISOString();
    await insertReviews(
      trx,
      items.map((item) => ({ sample_id: sample.id, case_id: options.caseId, item_id: item.itemId, question: item.question, result: item.result, note: item.note, reviewed_by: staff.userId, reviewed_at: at })),
    );
    const count = (result: string) => items.filter((item) => item.result === result).length;
    await recordCaseEvents(trx, ctx, {
      caseId: options.caseId,
      actor: staffActor(staff),
      events: [{ type: 'audit_reviewed', sampleId: sample.id, number: Number(sample.number), met: count('met'), notMet: count('not_met'), notApplicable: count('not_applicable') }],
    });
  });
}
