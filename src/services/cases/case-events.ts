import type { ActorRef, CaseEventData } from '../../domain/case/case-event.js';
import { appendCaseEvents } from '../../db/repositories/case-event.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { appendToLedger } from '../ledger/append-to-ledger.js';
import { inviteToSurvey } from '../oversight/invite-to-survey.js';

/**
 * Writes events for one case in the caller's transaction, stamped with actor
 * and time, and appends each to the ledger in the same transaction.
 */
export async function recordCaseEvents(
  trx: Executor,
  ctx: Pick<ServiceContext, 'clock' | 'random' | 'dbKind' | 'config'>,
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
  // A closing case invites its parties to the confidence survey, in the same transaction (before the ledger, which is appended last).
  const closure = options.events.find((event) => event.type === 'case_closed');
  if (closure) await inviteToSurvey(trx, ctx, { caseId: options.caseId, closedAt: occurredAt, outcome: closure.outcome });
  await appendToLedger(
    trx,
    { dbKind: ctx.dbKind, now: occurredAt },
    events.map((event) => ({ eventId: event.id, caseId: options.caseId, type: event.type, actor: options.actor, occurredAt, payload: event.data })),
  );
  return events.map((event) => event.id);
}
