import { openCheckpoint, parseVerifierKey, type Verifier } from './checkpoint.js';
import { parseLeaf, type LeafContent } from './leaf.js';
import { CompactRange, leafHash } from './merkle.js';
import { toHex } from './hex.js';

/**
 * Verifies a ledger from its entries alone: recomputes the tree leaf by leaf
 * (streaming, so memory stays flat), checks every signed checkpoint against
 * the recomputed root at its size, and checks what the overseer saw last.
 * The first problem found is reported with the entry or checkpoint it is at.
 */
/**
 * One entry as read: its leaf data, and where the source records them apart
 * (the database), its sequence number and stored leaf hash. An export's lines
 * are the leaves themselves, whose sequence is inside.
 */
export type LogEntry = { sequence?: number | undefined; leafData: string; leafHash?: string | undefined };

/** What an overseer keeps between runs: the last checkpoint they verified, and the keys they have come to trust. */
export type VerifiedState = { size: number; rootHash: string; checkpoint: string; keys?: string[] | undefined };

/**
 * The extension line of the checkpoint that covers a key rotation:
 * `redress-key-rotated-to <verifier key>`. Signed by the old key, it makes
 * the new key trusted for the checkpoints that follow.
 */
export const KEY_ROTATION_EXTENSION = 'redress-key-rotated-to';

export type VerifyOptions = {
  /** The entries in order, in batches (reading one at a time would cost more than hashing them). */
  entries: AsyncIterable<LogEntry[]>;
  /** Signed checkpoint notes, in the order they were issued. */
  checkpoints: string[];
  /** The keys trusted at the start: the one the overseer was given, and any learnt from earlier rotations. */
  verifiers: Verifier[];
  previous?: VerifiedState | null | undefined;
  /** Extra checks of a batch against other records (the live database): the first problem, by position in the batch, or null. */
  checkBatch?: ((batch: { entry: LogEntry; leaf: LeafContent }[]) => Promise<{ position: number; problem: string } | null>) | undefined;
  onProgress?: ((entriesDone: number) => void) | undefined;
};

export type VerifyResult =
  | { ok: true; size: number; rootHash: string; checkpoints: number; state: VerifiedState | null }
  | { ok: false; problem: string; entry?: number | undefined; checkpoint?: number | undefined };

type OpenedCheckpoint = { position: number; size: number; rootHash: string; note: string };

const hex = toHex;

function openAll(options: VerifyOptions, trusted: Verifier[], learnt: string[]): OpenedCheckpoint[] | { problem: string; checkpoint: number } {
  const opened: OpenedCheckpoint[] = [];
  const origin = trusted[0]?.name;
  for (const [position, note] of options.checkpoints.entries()) {
    try {
      const { checkpoint } = openCheckpoint(note, trusted);
      if (checkpoint.origin !== origin) return { problem: `checkpoint ${position} names the log "${checkpoint.origin}", not "${origin ?? ''}"`, checkpoint: position };
      for (const line of checkpoint.extensions) {
        if (!line.startsWith(`${KEY_ROTATION_EXTENSION} `)) continue;
        // From here on only the new key is trusted: a retired key signs nothing more.
        const key = line.slice(KEY_ROTATION_EXTENSION.length + 1);
        trusted.splice(0, trusted.length, parseVerifierKey(key));
        learnt.push(key);
      }
      const size = Number(checkpoint.size);
      const previous = opened.at(-1);
      if (previous && size < previous.size) return { problem: `checkpoint ${position} (size ${size}) is smaller than checkpoint ${previous.position} (size ${previous.size}): the log shrank`, checkpoint: position };
      opened.push({ position, size, rootHash: hex(checkpoint.rootHash), note });
    } catch (error) {
      return { problem: `checkpoint ${position} is not validly signed by a trusted key of ${origin ?? 'the log'}: ${(error as Error).message}`, checkpoint: position };
    }
  }
  for (const [index, checkpoint] of opened.entries()) {
    const fork = opened.slice(0, index).find((earlier) => earlier.size === checkpoint.size && earlier.rootHash !== checkpoint.rootHash);
    if (fork) return { problem: `checkpoints ${fork.position} and ${checkpoint.position} sign different roots for size ${checkpoint.size}: the log was forked`, checkpoint: checkpoint.position };
  }
  return opened;
}

export async function verifyLog(options: VerifyOptions): Promise<VerifyResult> {
  const previous = options.previous ?? null;
  const learnt: string[] = [...(previous?.keys ?? [])];
  const trusted = [...options.verifiers, ...learnt.map((key) => parseVerifierKey(key))];
  const opened = openAll(options, trusted, learnt);
  if (!Array.isArray(opened)) return { ok: false, ...opened };
  const range = CompactRange.empty();
  let next = 0;
  let lastGood: OpenedCheckpoint | null = null;

  const bySize = new Map<number, OpenedCheckpoint[]>();
  for (const checkpoint of opened) bySize.set(checkpoint.size, [...(bySize.get(checkpoint.size) ?? []), checkpoint]);

  // The root is worked out only at sizes something was signed or seen at: O(log n) each, not per entry.
  const checkSize = (size: number): VerifyResult | null => {
    const signed = bySize.get(size) ?? [];
    const seenBefore = previous !== null && previous.size === size;
    if (signed.length === 0 && !seenBefore) return null;
    const root = hex(range.root());
    for (const checkpoint of signed) {
      if (checkpoint.rootHash !== root) {
        const after = lastGood ? ` (entries up to ${lastGood.size - 1} match checkpoint ${lastGood.position})` : '';
        return {
          ok: false,
          problem: `checkpoint ${checkpoint.position} (size ${size}) does not match the entries: an entry from ${lastGood ? lastGood.size : 0} to ${size - 1} was altered, removed, inserted or reordered${after}`,
          checkpoint: checkpoint.position,
          entry: lastGood ? lastGood.size : 0,
        };
      }
      lastGood = checkpoint;
    }
    if (seenBefore && previous.rootHash !== root) {
      return { ok: false, problem: `the log was rewritten: its root at size ${size} differs from the one you verified before` };
    }
    return null;
  };

  const atStart = checkSize(0);
  if (atStart) return atStart;
  for await (const batch of options.entries) {
    const parsed: { entry: LogEntry; leaf: LeafContent; hash: Uint8Array }[] = [];
    for (const entry of batch) {
      const expected = next + parsed.length;
      let leaf: LeafContent;
      try {
        leaf = parseLeaf(entry.leafData);
      } catch (error) {
        return { ok: false, problem: `entry ${entry.sequence ?? expected} is malformed: ${(error as Error).message}`, entry: expected };
      }
      const sequence = entry.sequence ?? leaf.seq;
      if (sequence !== expected) {
        return {
          ok: false,
          problem: sequence > expected ? `entry ${expected} is missing (the next entry is ${sequence})` : `entry ${sequence} is out of place or repeated (expected entry ${expected})`,
          entry: expected,
        };
      }
      if (leaf.seq !== expected) return { ok: false, problem: `entry ${expected} says it is entry ${leaf.seq}: entries were reordered`, entry: expected };
      const hash = leafHash(Buffer.from(entry.leafData, 'utf8'));
      if (entry.leafHash !== undefined && entry.leafHash !== hex(hash)) {
        return { ok: false, problem: `entry ${expected}: its stored leaf hash does not match its data (the data or the hash was altered)`, entry: expected };
      }
      parsed.push({ entry, leaf, hash });
    }
    const extra = options.checkBatch ? await options.checkBatch(parsed) : null;
    if (extra) return { ok: false, problem: `entry ${next + extra.position}: ${extra.problem}`, entry: next + extra.position };
    for (const { hash } of parsed) {
      range.append(hash);
      next += 1;
      const problem = checkSize(next);
      if (problem) return problem;
    }
    options.onProgress?.(next);
  }
  options.onProgress?.(next);

  const beyond = opened.find((checkpoint) => checkpoint.size > next);
  if (beyond) {
    return { ok: false, problem: `checkpoint ${beyond.position} signs ${beyond.size} entries but only ${next} are present: the log was truncated`, checkpoint: beyond.position, entry: next };
  }
  if (previous && previous.size > next) {
    return { ok: false, problem: `the log shrank: you verified ${previous.size} entries before, only ${next} are present now`, entry: next };
  }
  const latest = opened.at(-1);
  if (previous && latest && latest.size < previous.size) {
    return { ok: false, problem: `the newest checkpoint signs ${latest.size} entries, fewer than the ${previous.size} you verified before` };
  }
  const state = latest ? { size: latest.size, rootHash: latest.rootHash, checkpoint: latest.note, keys: [...new Set(learnt)] } : previous;
  return { ok: true, size: next, rootHash: hex(next === 0 ? CompactRange.empty().root() : range.root()), checkpoints: opened.length, state };
}
