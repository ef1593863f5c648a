import { DomainError } from '../../domain/errors.js';
import { findCaseByReference, lockCase, updateCase } from '../../db/repositories/case.repository.js';
import { insertCaseLink } from '../../db/repositories/case-link.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertCanReadCase } from './case-access.js';
import { recordCaseEvents } from './case-events.js';
import { changeCase, type CaseChange } from './change-case.js';
import { moveCase } from './move-case.js';
import { staffActor } from '../staff.js';

async function otherCase(ctx: ServiceContext, change: CaseChange, staff: Staff, reference: string) {
  const other = await findCaseByReference(change.trx, reference.trim().toUpperCase());
  if (!other) throw new DomainError('validation_failed', `There is no case ${reference}.`, [{ field: 'reference', message: 'Enter the reference of an existing case.' }]);
  if (other.id === change.caseRow.id) throw new DomainError('validation_failed', 'A case cannot be linked to itself.', [{ field: 'reference', message: 'Enter a different case.' }]);
  await assertCanReadCase(change.trx, ctx, staff, other);
  return (await lockCase(change.trx, ctx.dbKind, other.id))!;
}

/** Links two related cases (for example complaints about the same incident); both keep running. */
export async function linkCases(options: { ctx: ServiceContext; staff: Staff; caseId: string; otherReference: string }): Promise<void> {
  const { ctx, staff } = options;
  return changeCase({
    ...options,
    permission: 'cases.link',
    what: 'link cases',
    change: async (change) => {
      const other = await otherCase(ctx, change, staff, options.otherReference);
      await insertCaseLink(change.trx, change.caseRow.id, other.id, ctx.clock.now().toISOString());
      change.record({ type: 'case_linked', otherCaseId: other.id, otherReference: other.reference });
      await recordCaseEvents(change.trx, ctx, {
        caseId: other.id,
        actor: staffActor(staff),
        events: [{ type: 'case_linked', otherCaseId: change.caseRow.id, otherReference: change.caseRow.reference }],
      });
    },
  });
}

/**
 * Merges a duplicate into another open case: the duplicate closes with the
 * outcome "merged", keeps its own record, and points to the case that goes on.
 */
export async function mergeCase(options: { ctx: ServiceContext; staff: Staff; caseId: string; intoReference: string }): Promise<void> {
  const { ctx, staff } = options;
  return changeCase({
    ...options,
    permission: 'cases.link',
    what: 'merge cases',
    change: async (change) => {
      const into = await otherCase(ctx, change, staff, options.intoReference);
      if (into.closed_at) throw new DomainError('rule_violated', `${into.reference} is closed; a complaint can only be merged into an open case.`);
      await insertCaseLink(change.trx, change.caseRow.id, into.id, ctx.clock.now().toISOString());
      await updateCase(change.trx, change.caseRow.id, { merged_into: into.id });
      change.record({ type: 'case_merged', intoCaseId: into.id, intoReference: into.reference });
      await moveCase(ctx, change, 'merge', { outcome: 'merged', reason: 'duplicate', explanation: `Your complaint is being handled together with case ${into.reference}, which concerns the same matter.` });
      await recordCaseEvents(change.trx, ctx, {
        caseId: into.id,
        actor: staffActor(staff),
        events: [{ type: 'case_absorbed', fromCaseId: change.caseRow.id, fromReference: change.caseRow.reference }],
      });
    },
  });
}
