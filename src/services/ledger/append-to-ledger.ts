import { appendToFrontier } from '../../ledger/frontier.js';
import { leafData, payloadHash } from '../../ledger/leaf.js';
import { leafHash } from '../../ledger/merkle.js';
import { fromHex, toHex } from '../../ledger/hex.js';
import type { DatabaseKind } from '../../db/connection.js';
import { insertLedgerEntries, insertLedgerNodes, lockLedger, readLedgerState, writeLedgerState } from '../../db/repositories/ledger.repository.js';
import type { Executor } from '../../db/repositories/executor.js';

export type LedgerRecord = {
  eventId: string | null;
  caseId: string | null;
  type: string;
  actor: unknown;
  occurredAt: string;
  payload: unknown;
};


/**
 * Appends records to the ledger in the caller's transaction, so an event and
 * its leaf are written together or not at all. The ledger lock is taken here
 * and held to the end of the transaction: callers append last.
 */
export async function appendToLedger(trx: Executor, context: { dbKind: DatabaseKind; now: string }, records: LedgerRecord[]): Promise<void> {
  if (records.length === 0) return;
  await lockLedger(trx, context.dbKind);
  const state = await readLedgerState(trx);
  const rows = records.map((record, offset) => {
    const data = leafData({
      seq: state.size + offset,
      time: record.occurredAt,
      actor: record.actor,
      case: record.caseId,
      event: record.eventId,
      type: record.type,
      payload: payloadHash(record.payload),
    });
    return {
      sequence: state.size + offset,
      event_id: record.eventId,
      case_id: record.caseId,
      type: record.type,
      leaf_data: data,
      leaf_hash: toHex(leafHash(new TextEncoder().encode(data))),
      appended_at: context.now,
    };
  });
  const appended = appendToFrontier(state.size, state.frontier.map(fromHex), rows.map((row) => fromHex(row.leaf_hash)));
  await insertLedgerEntries(trx, rows);
  await insertLedgerNodes(trx, appended.completed.map((node) => ({ level: node.level, idx: node.index, hash: toHex(node.hash) })));
  await writeLedgerState(trx, { size: appended.size, frontier: appended.frontier.map(toHex) });
}
