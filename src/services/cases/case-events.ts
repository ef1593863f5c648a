import type { ActorRef, CaseEventData } from '../../domain/case/case-event.js';
import { appendCaseEvents } from '../../db/repositories/case-event.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { appendToLedger } from '../ledger/append-to-ledger.js';

/**
 * Writes events for one case in the caller's transaction, stamped with actor
 * and time, and appends each to the ledger in the same transaction.
 */
export async function recordCaseEvents(
  trx: Executor,
  ctx: Pick<ServiceContext, 'clock' | 'random' | 'dbKind'>,
  options: { caseId: string; actor: ActorRef; events: CaseEventData[]; lastSequence?: number },
): Promise<string[]> {
  const occurredAt = ctx.clock.now().toISOString();
  const events = options.events.map(({ type, ...data }) => ({ id: ctx.random.uuid(), type, data }));
  await appendCaseEvents(
    trx,
    options.caseId,
    events.map((event) => ({ id: event.id, type: event.type, actor: JSON.stringify(options.actor), occurredAt, data: JSON.stringify(event.data) })),
    options.lastSequence,
  );
  await appendToLedger(
    trx,
    { dbKind: ctx.dbKind, now: occurredAt },
    events.map((event) => ({ eventId: event.id, caseId: options.caseId, type: event.type, actor: options.actor, occurredAt, payload: event.data })),
  );
  return events.map((event) => event.id);
}
