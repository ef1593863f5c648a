import { isLocalDate } from '../../domain/calendar/local-date.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { MAX_SAMPLE_SIZE, drawSample, seedIssue } from '../../domain/oversight/audit.js';
import { insertSample, listClosedCases, nextAuditNumber } from '../../db/repositories/audit.repository.js';
import { insertAssignment, listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { lockCase } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { localDateOf } from '../cases/case-clock.js';
import { recordCaseEvents } from '../cases/case-events.js';

export type SampleRequest = { size: number; closedFrom?: string | null; closedTo?: string | null; seed?: string | null };

/** The assignment role that lets the overseer read a sampled case; it gives no right to change anything. */
export const AUDITOR_ROLE = 'auditor';

function checkRequest(request: SampleRequest): { closedFrom: string | null; closedTo: string | null; seed: string | null } {
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(request.size) || request.size < 1 || request.size > MAX_SAMPLE_SIZE) {
    issues.push({ field: 'size', message: `Give the number of cases to draw, from 1 to ${MAX_SAMPLE_SIZE}.` });
  }
  const date = (field: 'closedFrom' | 'closedTo', value: string | null | undefined) => {
    const text = value?.trim() ?? '';
    if (text === '') return null;
    if (!isLocalDate(text)) issues.push({ field, message: 'Write the date as YYYY-MM-DD, or leave it empty.' });
    return text;
  };
  const closedFrom = date('closedFrom', request.closedFrom);
  const closedTo = date('closedTo', request.closedTo);
  if (closedFrom && closedTo && issues.length === 0 && closedFrom > closedTo) issues.push({ field: 'closedTo', message: 'The end of the range must not be before its start.' });
  const seed = request.seed?.trim() ? request.seed.trim() : null;
  const problem = seed === null ? null : seedIssue(seed);
  if (problem) issues.push({ field: 'seed', message: problem });
  assertNoIssues(issues, 'The sample cannot be drawn as asked.');
  return { closedFrom, closedTo, seed };
}

/**
 * Draws an audit sample: the closed cases (closed within the range, when one
 * is given, by the organisation's calendar) are the population, recorded as
 * drawn from; the seed is random unless the overseer gives one. The overseer
 * is assigned to each sampled case as auditor, so they open it read-only
 * through the normal case page (every read recorded), and each case records
 * that it was sampled, in the same transaction.
 */
export async function drawAuditSample(options: { ctx: ServiceContext; staff: Staff } & SampleRequest): Promise<{ sampleId: string; number: number; seed: string; caseIds: string[] }> {
  const { ctx, staff } = options;
  assertPermission(staff, 'audits.conduct', 'draw audit samples');
  const { closedFrom, closedTo, seed: given } = checkRequest(options);
  return ctx.db.transaction().execute(async (trx) => {
    const population = (await listClosedCases(trx))
      .filter((row) => {
        const closedOn = localDateOf(ctx, row.closed_at);
        return (closedFrom === null || closedOn >= closedFrom) && (closedTo === null || closedOn <= closedTo);
      })
      .map((row) => row.id);
    if (population.length === 0) {
      if (closedFrom === null && closedTo === null) throw new DomainError('rule_violated', 'There are no closed cases to draw from yet.');
      throw new DomainError('rule_violated', 'There are no closed cases to draw from in that range.', [{ field: closedFrom ? 'closedFrom' : 'closedTo', message: 'No case closed in this range: widen it.' }]);
    }
    const seed = given ?? Buffer.from(ctx.random.bytes(16)).toString('hex');
    const caseIds = drawSample({ seed, population, size: options.size });
    const number = await nextAuditNumber(trx, 'sample');
    const sampleId = ctx.random.uuid();
    const at = ctx.clock.now().toISOString();
    await insertSample(
      trx,
      { id: sampleId, number, seed, size: options.size, population: JSON.stringify(population), closed_from: closedFrom, closed_to: closedTo, drawn_by: staff.userId, drawn_at: at },
      caseIds,
    );
    // Locked in id order, so two draws (or a draw and a merge) cannot wait on each other.
    const locked = [...caseIds].sort();
    for (const caseId of locked) {
      await lockCase(trx, ctx.dbKind, caseId);
      const already = (await listAssignments(trx, caseId)).some((assignment) => assignment.user_id === staff.userId && assignment.role === AUDITOR_ROLE);
      if (!already) await insertAssignment(trx, { case_id: caseId, user_id: staff.userId, role: AUDITOR_ROLE, assigned_at: at });
    }
    // Recorded last: appending takes the ledger's lock, which is held until commit.
    for (const caseId of locked) {
      await recordCaseEvents(trx, ctx, { caseId, actor: staffActor(staff), events: [{ type: 'audit_sampled', sampleId, number }] });
    }
    return { sampleId, number, seed, caseIds };
  });
}
