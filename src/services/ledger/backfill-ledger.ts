import { listEventsMissingFromLedger } from '../../db/repositories/ledger.repository.js';
import type { ServiceContext } from '../context.js';
import { appendToLedger } from './append-to-ledger.js';

const CHUNK = 1000;

/**
 * Brings into the ledger any case events written before it existed, in the
 * order they happened. Every event written since goes into the ledger in its
 * own transaction, so on an up-to-date database this finds nothing.
 */
export async function backfillLedger(options: { ctx: ServiceContext }): Promise<number> {
  const { ctx } = options;
  let total = 0;
  for (;;) {
    const appended = await ctx.db.transaction().execute(async (trx) => {
      const events = await listEventsMissingFromLedger(trx, CHUNK);
      await appendToLedger(
        trx,
        { dbKind: ctx.dbKind, now: ctx.clock.now().toISOString() },
        events.map((event) => ({
          eventId: event.id,
          caseId: event.case_id,
          type: event.type,
          actor: JSON.parse(event.actor) as unknown,
          occurredAt: event.occurred_at,
          payload: JSON.parse(event.data) as unknown,
        })),
      );
      return events.length;
    });
    total += appended;
    if (appended < CHUNK) return total;
  }
}
