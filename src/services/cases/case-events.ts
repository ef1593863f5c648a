import type { ActorRef, CaseEventData } from '../../domain/case/case-event.js';
import { appendCaseEvents } from '../../db/repositories/case-event.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';

/** Writes events for one case in the caller's transaction, stamped with actor and time. */
export async function recordCaseEvents(
  trx: Executor,
  ctx: Pick<ServiceContext, 'clock' | 'random'>,
  options: { caseId: string; actor: ActorRef; events: CaseEventData[]; lastSequence?: number },
): Promise<void> {
  const occurredAt = ctx.clock.now().toISOString();
  await appendCaseEvents(
    trx,
    options.caseId,
    options.events.map(({ type, ...data }) => ({ id: ctx.random.uuid(), type, actor: JSON.stringify(options.actor), occurredAt, data: JSON.stringify(data) })),
    options.lastSequence,
  );
}
