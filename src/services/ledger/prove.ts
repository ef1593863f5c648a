import { DomainError } from '../../domain/errors.js';
import { composeRange, consistencyRanges, inclusionRanges, perfectSubtrees, type Range } from '../../ledger/proof-plan.js';
import { findSubtreeHashes, readLedgerState } from '../../db/repositories/ledger.repository.js';
import { fromHex, toHex } from '../../ledger/hex.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';

/** The hashes of ranges of the stored tree, from the stored perfect subtrees: one query for the whole proof. */
async function rangeHashes(db: Executor, ranges: Range[]): Promise<string[]> {
  const plans = ranges.map((range) => perfectSubtrees(range));
  const found = await findSubtreeHashes(db, plans.flat());
  return plans.map((subtrees) =>
    toHex(
      composeRange(
        subtrees.map((subtree) => {
          const hash = found.get(`${subtree.level}:${subtree.index}`);
          if (!hash) throw new Error(`the ledger is missing the subtree at level ${subtree.level}, index ${subtree.index}`);
          return fromHex(hash);
        }),
      ),
    ),
  );
}

async function currentSize(db: Executor): Promise<number> {
  return (await readLedgerState(db)).size;
}

function refuse(message: string, field: string): never {
  throw new DomainError('validation_failed', message, [{ field, message }]);
}

/** RFC 9162 inclusion proof for the entry at `index` in the tree of `size` entries (hex hashes, leaf upward). */
export async function proveInclusion(options: { ctx: ServiceContext; index: number; size: number }): Promise<{ index: number; size: number; leafHash: string; proof: string[] }> {
  const { ctx, index, size } = options;
  const available = await currentSize(ctx.db);
  if (!Number.isSafeInteger(size) || size < 1 || size > available) refuse(`The tree size must be between 1 and ${available}.`, 'size');
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) refuse(`The entry index must be between 0 and ${size - 1}.`, 'index');
  const [leaf, ...proof] = await rangeHashes(ctx.db, [{ start: index, end: index + 1 }, ...inclusionRanges(index, size)]);
  return { index, size, leafHash: leaf!, proof };
}

/** RFC 9162 consistency proof from the tree of `from` entries to the tree of `to` entries. */
export async function proveConsistency(options: { ctx: ServiceContext; from: number; to: number }): Promise<{ from: number; to: number; proof: string[] }> {
  const { ctx, from, to } = options;
  const available = await currentSize(ctx.db);
  if (!Number.isSafeInteger(to) || to < 0 || to > available) refuse(`The second size must be between 0 and ${available}.`, 'to');
  if (!Number.isSafeInteger(from) || from < 0 || from > to) refuse(`The first size must be between 0 and ${to}.`, 'from');
  return { from, to, proof: await rangeHashes(ctx.db, consistencyRanges(from, to)) };
}
