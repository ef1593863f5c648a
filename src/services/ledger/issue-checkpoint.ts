import { signCheckpoint, type SigningKey } from '../../ledger/checkpoint.js';
import { frontierRoot } from '../../ledger/frontier.js';
import { fromHex, toHex } from '../../ledger/hex.js';
import { insertCheckpoint, latestCheckpoint, readLedgerState, type LedgerCheckpointRow } from '../../db/repositories/ledger.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';

/** The root of the stored log, from its frontier. */
export async function storedRoot(db: Executor): Promise<{ size: number; root: Uint8Array }> {
  const state = await readLedgerState(db);
  return { size: state.size, root: frontierRoot(state.size, state.frontier.map(fromHex)) };
}

/** Signs the stored tree head with one or more keys and records the checkpoint, in the caller's transaction. */
export async function signStoredHead(trx: Executor, options: { keys: SigningKey[]; issuedAt: string; extensions?: string[] }): Promise<Omit<LedgerCheckpointRow, 'id'>> {
  const { size, root } = await storedRoot(trx);
  const name = options.keys[0]!.name;
  const row = {
    size,
    root_hash: toHex(root),
    key_name: name,
    note: signCheckpoint({ origin: name, size, rootHash: root, extensions: options.extensions ?? [] }, options.keys),
    issued_at: options.issuedAt,
  };
  await insertCheckpoint(trx, row);
  return row;
}

/**
 * Signs the ledger's current tree head as a C2SP checkpoint. Without `force`,
 * nothing is issued when the latest checkpoint already covers every entry.
 */
export async function issueCheckpoint(options: { ctx: ServiceContext; key: SigningKey; force?: boolean }): Promise<Omit<LedgerCheckpointRow, 'id'> | null> {
  const { ctx, key } = options;
  return ctx.db.transaction().execute(async (trx) => {
    const [state, latest] = await Promise.all([readLedgerState(trx), latestCheckpoint(trx)]);
    if (!options.force && latest && Number(latest.size) === state.size) return null;
    return signStoredHead(trx, { keys: [key], issuedAt: ctx.clock.now().toISOString() });
  });
}

/** Whether a checkpoint is due: enough new entries, or enough time since the last one with something new. */
export async function isCheckpointDue(options: { ctx: ServiceContext }): Promise<boolean> {
  const { ctx } = options;
  const settings = ctx.config.organisation.ledger;
  const [state, latest] = await Promise.all([readLedgerState(ctx.db), latestCheckpoint(ctx.db)]);
  const covered = latest ? Number(latest.size) : 0;
  if (state.size === covered) return false;
  if (state.size - covered >= settings.checkpointEveryEntries) return true;
  const since = latest ? ctx.clock.now().getTime() - new Date(latest.issued_at).getTime() : Number.POSITIVE_INFINITY;
  return since >= settings.checkpointEverySeconds * 1000;
}
