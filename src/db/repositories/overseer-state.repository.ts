import type { Selectable } from 'kysely';
import type { OverseerLedgerStateTable } from '../database.js';
import type { Executor } from './executor.js';

export type OverseerLedgerStateRow = Selectable<OverseerLedgerStateTable>;

export async function findOverseerState(db: Executor, userId: string): Promise<OverseerLedgerStateRow | undefined> {
  return db.selectFrom('overseer_ledger_states').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveOverseerState(db: Executor, row: OverseerLedgerStateRow): Promise<void> {
  await db
    .insertInto('overseer_ledger_states')
    .values(row)
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ tree_size: row.tree_size, root_hash: row.root_hash, saved_at: row.saved_at }))
    .execute();
}
