import { listEventsMissingFromLedger, lockLedger, readLedgerState } from '../../db/repositories/ledger.repository.js';
import type { ServiceContext } from '../context.js';
import { appendToLedger } from './append-to-ledger.js';

/**
 * Brings the events of a database that predates the ledger into it, once, in
 * the order they happened. Only an empty ledger is filled: once the log has
 * entries, an event missing from it was written behind its back, and the
 * verifier must report it rather than this quietly logging it.
 */
export async function backfillLedger(options: { ctx: ServiceContext }): Promise<number> {
  const { ctx } = options;
  return ctx.db.transaction().execute(async (trx) => {
    await lockLedger(trx, ctx.dbKind);
    if ((await readLedgerState(trx)).size > 0) return 0;
    const events = await listEventsMissingFromLedger(trx, Number.MAX_SAFE_INTEGER);
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
}
