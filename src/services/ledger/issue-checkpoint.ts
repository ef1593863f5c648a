import { signCheckpoint, type SigningKey } from '../../ledger/checkpoint.js';
import { frontierRoot } from '../../ledger/frontier.js';
import { insertCheckpoint, latestCheckpoint, readLedgerState, type LedgerCheckpointRow } from '../../db/repositories/ledger.repository.js';
import type { ServiceContext } from '../context.js';

const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

/**
 * Signs the ledger's current tree head as a C2SP checkpoint. Without `force`,
 * nothing is issued when the latest checkpoint already covers every entry.
 */
export async function issueCheckpoint(options: { ctx: ServiceContext; key: SigningKey; force?: boolean }): Promise<LedgerCheckpointRow | null> {
  const { ctx, key } = options;
  return ctx.db.transaction().execute(async (trx) => {
    const state = await readLedgerState(trx);
    const latest = await latestCheckpoint(trx);
    if (!options.force && latest && Number(latest.size) === state.size) return null;
    const root = frontierRoot(state.size, state.frontier.map(fromHex));
    const row = {
      size: state.size,
      root_hash: Buffer.from(root).toString('hex'),
      key_name: key.name,
      note: signCheckpoint({ origin: key.name, size: state.size, rootHash: root }, key),
      issued_at: ctx.clock.now().toISOString(),
    };
    await insertCheckpoint(trx, row);
    return (await latestCheckpoint(trx)) ?? null;
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
