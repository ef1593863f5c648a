import type { Transaction } from 'kysely';
import type { ActorRef, CaseEventData } from '../../domain/case/case-event.js';
import type { Permission } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { lockCase } from '../../db/repositories/case.repository.js';
import type { CaseRow, Database } from '../../db/database.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertCanReadCase, assertPermission } from './case-access.js';
import { recordCaseEvents } from './case-events.js';
import { recordingRefusedAccess } from './refused-access.js';

export type CaseChange = {
  trx: Transaction<Database>;
  caseRow: CaseRow;
  /** Queues an event; all queued events are written before the transaction commits. */
  record(event: CaseEventData): void;
  /** Set when the change queued outgoing mail. */
  queuedMail(): void;
};

/**
 * The frame every change to a case runs in: one transaction, the case locked,
 * the actor's right to change it checked, and the change's events written in
 * the same transaction as the change.
 */
export async function runCaseChange<T>(options: {
  ctx: ServiceContext;
  caseId: string;
  actor: ActorRef;
  authorise: (trx: Transaction<Database>, caseRow: CaseRow) => Promise<void>;
  change: (change: CaseChange) => Promise<T>;
}): Promise<T> {
  const { ctx } = options;
  let mailQueued = false;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const caseRow = await lockCase(trx, ctx.dbKind, options.caseId);
    if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
    await options.authorise(trx, caseRow);
    const events: CaseEventData[] = [];
    const value = await options.change({
      trx,
      caseRow,
      record: (event) => events.push(event),
      queuedMail: () => {
        mailQueued = true;
      },
    });
    await recordCaseEvents(trx, ctx, { caseId: caseRow.id, actor: options.actor, events });
    return value;
  });
  if (mailQueued) ctx.outboxQueued();
  return result;
}

/** A member of staff's change: their role must allow it, and they must be able to open the case. */
export async function changeCase<T>(options: {
  ctx: ServiceContext;
  staff: Staff;
  caseId: string;
  permission: Permission;
  what: string;
  change: (change: CaseChange) => Promise<T>;
}): Promise<T> {
  const { ctx, staff } = options;
  assertPermission(staff, options.permission, options.what);
  return recordingRefusedAccess(ctx, staff, options.what, () =>
    runCaseChange({
      ctx,
      caseId: options.caseId,
      actor: staffActor(staff),
      authorise: (trx, caseRow) => assertCanReadCase(trx, ctx, staff, caseRow),
      change: options.change,
    }),
  );
}
