import { isErasedPayload, type ActorRef } from '../../domain/case/case-event.js';
import { DomainError } from '../../domain/errors.js';
import { findCaseEvent, replacePayloadWithErasure } from '../../db/repositories/case-event.repository.js';
import { lockCase } from '../../db/repositories/case.repository.js';
import type { CaseEventRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { recordCaseEvents } from '../cases/case-events.js';

/** A retention rule's identifier, checked: it names the erasure in the ledger. */
export function retentionRuleName(rule: string): string {
  const trimmed = rule.trim();
  if (!/^[a-z0-9_.-]{2,64}$/i.test(trimmed)) throw new DomainError('validation_failed', 'Name the retention rule.', [{ field: 'rule', message: 'Give the rule an identifier such as closed-7-years.' }]);
  return trimmed;
}

/**
 * The erasure itself, in the caller's transaction with the case locked: one
 * `payload_erased` event per payload (appended to the ledger), then each
 * payload replaced by the marker naming the rule and its erasure event.
 * Records of erasures, and payloads already erased, are skipped. Returns how
 * many payloads were erased.
 */
export async function erasePayloadsOfCase(
  trx: Executor,
  ctx: Pick<ServiceContext, 'clock' | 'random' | 'dbKind' | 'config'>,
  options: { caseId: string; events: readonly CaseEventRow[]; rule: string; actor: ActorRef },
): Promise<number> {
  const rule = retentionRuleName(options.rule);
  const erasable = options.events.filter((event) => event.case_id === options.caseId && event.type !== 'payload_erased' && !isErasedPayload(JSON.parse(event.data)));
  if (erasable.length === 0) return 0;
  const erasures = await recordCaseEvents(trx, ctx, {
    caseId: options.caseId,
    actor: options.actor,
    events: erasable.map((event) => ({ type: 'payload_erased', eventId: event.id, rule })),
  });
  for (const [index, event] of erasable.entries()) {
    await replacePayloadWithErasure(trx, event.id, JSON.stringify({ erasedUnderRule: rule, erasure: erasures[index]! }));
  }
  return erasable.length;
}

/**
 * Erases one event's payload under a named retention rule. The erasure is an
 * event of its own, in the ledger; the payload is replaced by a marker naming
 * the rule and that event. The leaf keeps the payload's hash, so the log
 * still verifies, and a verifier can tell this erasure from an alteration.
 */
export async function eraseEventPayload(options: { ctx: ServiceContext; eventId: string; rule: string; actor: ActorRef }): Promise<void> {
  const { ctx } = options;
  const rule = retentionRuleName(options.rule);
  await ctx.db.transaction().execute(async (trx) => {
    const found = await findCaseEvent(trx, options.eventId);
    if (!found) throw new DomainError('not_found', 'There is no such event.');
    await lockCase(trx, ctx.dbKind, found.case_id);
    // Read again under the case lock, so two erasures of one payload cannot both go ahead.
    const event = (await findCaseEvent(trx, options.eventId))!;
    if (event.type === 'payload_erased') throw new DomainError('rule_violated', 'The record of an erasure is itself kept: it cannot be erased.');
    if (isErasedPayload(JSON.parse(event.data))) throw new DomainError('conflict', 'That payload has already been erased.');
    await erasePayloadsOfCase(trx, ctx, { caseId: event.case_id, events: [event], rule, actor: options.actor });
  });
}
