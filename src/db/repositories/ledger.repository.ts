import { sql, type Selectable } from 'kysely';
import type { DatabaseKind } from '../connection.js';
import type { LedgerCheckpointTable, LedgerEntryTable } from '../database.js';
import type { Executor } from './executor.js';

export type LedgerEntryRow = Selectable<LedgerEntryTable>;
export type LedgerCheckpointRow = Selectable<LedgerCheckpointTable>;

// An arbitrary constant naming the ledger's advisory lock on PostgreSQL.
const LEDGER_LOCK_KEY = 7_261_911;

/**
 * Serialises appends for the rest of the transaction, so two processes never
 * fork or reorder the log. SQLite has one writer already.
 */
export async function lockLedger(db: Executor, kind: DatabaseKind): Promise<void> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${LEDGER_LOCK_KEY})`.execute(db);
}

export async function readLedgerState(db: Executor): Promise<{ size: number; frontier: string[] }> {
  const row = await db.selectFrom('ledger_state').select(['size', 'frontier']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { size: Number(row.size), frontier: JSON.parse(row.frontier) as string[] };
}

export async function writeLedgerState(db: Executor, state: { size: number; frontier: string[] }): Promise<void> {
  await db.updateTable('ledger_state').set({ size: state.size, frontier: JSON.stringify(state.frontier) }).where('id', '=', 1).execute();
}

// Rows per INSERT, below SQLite's and PostgreSQL's limits on bound parameters.
const ROWS_PER_INSERT = 500;

export async function insertLedgerEntries(db: Executor, rows: LedgerEntryRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) await db.insertInto('ledger_entries').values(rows.slice(start, start + ROWS_PER_INSERT)).execute();
}

export async function insertLedgerNodes(db: Executor, nodes: { level: number; idx: number; hash: string }[]): Promise<void> {
  for (let start = 0; start < nodes.length; start += ROWS_PER_INSERT) await db.insertInto('ledger_nodes').values(nodes.slice(start, start + ROWS_PER_INSERT)).execute();
}

/** Stored perfect-subtree hashes by (level, index); level 0 are the leaf hashes. */
export async function findSubtreeHashes(db: Executor, keys: { level: number; index: number }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const leaves = keys.filter((key) => key.level === 0).map((key) => key.index);
  const nodes = keys.filter((key) => key.level > 0);
  if (leaves.length > 0) {
    const rows = await db.selectFrom('ledger_entries').select(['sequence', 'leaf_hash']).where('sequence', 'in', leaves).execute();
    for (const row of rows) found.set(`0:${Number(row.sequence)}`, row.leaf_hash);
  }
  if (nodes.length > 0) {
    const rows = await db
      .selectFrom('ledger_nodes')
      .select(['level', 'idx', 'hash'])
      .where(sql<boolean>`(level, idx) in (values ${sql.join(nodes.map((key) => sql`(cast(${key.level} as integer), cast(${key.index} as bigint))`))})`)
      .execute();
    for (const row of rows) found.set(`${row.level}:${Number(row.idx)}`, row.hash);
  }
  return found;
}

export async function listLedgerEntries(db: Executor, range: { start: number; end: number }): Promise<LedgerEntryRow[]> {
  return db.selectFrom('ledger_entries').selectAll().where('sequence', '>=', range.start).where('sequence', '<', range.end).orderBy('sequence').execute();
}

export async function findLedgerEntryByEvent(db: Executor, eventId: string): Promise<LedgerEntryRow | undefined> {
  return db.selectFrom('ledger_entries').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}

/** Case events the log has not recorded yet: those written before the ledger existed. */
export async function listEventsMissingFromLedger(db: Executor, limit: number) {
  return db
    .selectFrom('case_events')
    .leftJoin('ledger_entries', 'ledger_entries.event_id', 'case_events.id')
    .select(['case_events.id', 'case_events.case_id', 'case_events.type', 'case_events.actor', 'case_events.occurred_at', 'case_events.data'])
    .where('ledger_entries.sequence', 'is', null)
    .orderBy('case_events.occurred_at')
    .orderBy('case_events.case_id')
    .orderBy('case_events.sequence')
    .limit(limit)
    .execute();
}

export async function insertCheckpoint(db: Executor, row: Omit<LedgerCheckpointRow, 'id'>): Promise<void> {
  await db.insertInto('ledger_checkpoints').values(row).execute();
}

export async function latestCheckpoint(db: Executor): Promise<LedgerCheckpointRow | undefined> {
  return db.selectFrom('ledger_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function listCheckpoints(db: Executor): Promise<LedgerCheckpointRow[]> {
  return db.selectFrom('ledger_checkpoints').selectAll().orderBy('id').execute();
}
