/**
 * Proof planning: which subtree hashes an RFC 9162 proof needs, so that a stored log
 * can answer inclusion and consistency proofs from stored perfect-subtree hashes
 * (O(log² n) of them) instead of reading every leaf.
 *
 * A proof is a list of MTH(D[start:end]) values. {@link inclusionRanges} and
 * {@link consistencyRanges} give those ranges in proof order (RFC 9162 §2.1.3.1 PATH and
 * §2.1.4.1 SUBPROOF, exactly as `inclusionProof` / `consistencyProof` in merkle.ts
 * produce them). {@link perfectSubtrees} splits one range into aligned perfect subtrees
 * (the hashes a log stores), and {@link composeRange} folds their hashes back into the
 * range's MTH.
 *
 * Pure: no I/O. Indices and sizes are plain numbers, exact up to
 * `Number.MAX_SAFE_INTEGER` (2^53 - 1); no bitwise operators are applied to them (they
 * would truncate to 32 bits).
 */
import { EMPTY_ROOT, HASH_LENGTH, nodeHash } from './merkle.js';

/** A half-open range [start, end) of leaf indices. */
export type Range = { start: number; end: number };

/**
 * A perfect subtree: 2^level leaves covering [index·2^level, (index+1)·2^level).
 * Level 0 is a single leaf (its hash is the leaf hash).
 */
export type Subtree = { level: number; index: number };

// ---------------------------------------------------------------------------
// Helpers

function requireCount(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
  return value;
}

/** Largest power of two strictly smaller than n, for n > 1. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Largest power of two less than or equal to n, with its exponent, for n >= 1. */
function floorPowerOfTwo(n: number): { power: number; level: number } {
  let power = 1;
  let level = 0;
  while (power * 2 <= n) {
    power *= 2;
    level++;
  }
  return { power, level };
}

// ---------------------------------------------------------------------------
// Proof ranges

/** PATH(m, D[lo:hi]) as ranges, leaf upward. */
function pathRanges(m: number, lo: number, hi: number, out: Range[]): void {
  const n = hi - lo;
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m < k) {
    pathRanges(m, lo, lo + k, out);
    out.push({ start: lo + k, end: hi });
  } else {
    pathRanges(m - k, lo + k, hi, out);
    out.push({ start: lo, end: lo + k });
  }
}

/** SUBPROOF(m, D[lo:hi], b) as ranges. */
function subproofRanges(m: number, lo: number, hi: number, b: boolean, out: Range[]): void {
  const n = hi - lo;
  if (m === n) {
    if (!b) out.push({ start: lo, end: hi });
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproofRanges(m, lo, lo + k, b, out);
    out.push({ start: lo + k, end: hi });
  } else {
    subproofRanges(m - k, lo + k, hi, false, out);
    out.push({ start: lo, end: lo + k });
  }
}

/**
 * The ranges whose MTH values form the inclusion proof PATH(index, D[0:size]), in proof
 * order (from the leaf upward). Empty for a one-leaf tree. Throws RangeError unless
 * 0 <= index < size.
 */
export function inclusionRanges(index: number, size: number): Range[] {
  requireCount(index, 'index');
  requireCount(size, 'size');
  if (index >= size) throw new RangeError(`index ${index} is not below size ${size}`);
  const out: Range[] = [];
  pathRanges(index, 0, size, out);
  return out;
}

/**
 * The ranges whose MTH values form the consistency proof PROOF(size1, D[0:size2]), in
 * proof order. Empty when size1 == size2 or size1 == 0 (as `consistencyProof` in
 * merkle.ts). Throws RangeError unless 0 <= size1 <= size2.
 */
export function consistencyRanges(size1: number, size2: number): Range[] {
  requireCount(size1, 'size1');
  requireCount(size2, 'size2');
  if (size1 > size2) throw new RangeError(`size1 ${size1} is greater than size2 ${size2}`);
  const out: Range[] = [];
  if (size1 === 0 || size1 === size2) return out;
  subproofRanges(size1, 0, size2, true, out);
  return out;
}

// ---------------------------------------------------------------------------
// Perfect subtrees

/**
 * The aligned perfect subtrees that compose MTH(D[start:end]) in an RFC 6962 tree,
 * largest (leftmost) first: one per set bit of the length. Split at the largest power
 * of two k < length (the left part is perfect), recurse on the right; a power-of-two
 * length is a single subtree.
 *
 * Every range produced by {@link inclusionRanges} and {@link consistencyRanges} is
 * such a subtree of the RFC tree. For other ranges the composition is only valid when
 * `start` is a multiple of the largest power of two <= length (otherwise the pieces
 * would not be aligned subtrees): RangeError is thrown. An empty range gives [] (its
 * MTH is the empty-tree hash, see {@link composeRange}).
 */
export function perfectSubtrees(range: Range): Subtree[] {
  const start = requireCount(range?.start, 'range.start');
  const end = requireCount(range?.end, 'range.end');
  if (end < start) throw new RangeError(`range end ${end} is before start ${start}`);
  const out: Subtree[] = [];
  if (end === start) return out;
  const { power: top } = floorPowerOfTwo(end - start);
  if (start % top !== 0) {
    throw new RangeError(`range [${start}, ${end}) is not a subtree of an RFC 6962 tree: start is not a multiple of ${top}`);
  }
  let position = start;
  while (position < end) {
    const { power, level } = floorPowerOfTwo(end - position);
    out.push({ level, index: position / power });
    position += power;
  }
  return out;
}

/** The leaf range [index·2^level, (index+1)·2^level) covered by a perfect subtree. */
export function subtreeRange(subtree: Subtree): Range {
  const level = requireCount(subtree?.level, 'subtree.level');
  const index = requireCount(subtree?.index, 'subtree.index');
  const width = 2 ** level;
  const start = index * width;
  const end = start + width;
  if (!Number.isSafeInteger(end)) throw new RangeError(`subtree (${level}, ${index}) lies beyond 2^53`);
  return { start, end };
}

/**
 * MTH of a range from the hashes of its perfect subtrees, given in the order
 * {@link perfectSubtrees} returns them: folded from the right with `nodeHash`
 * (h0 ⊕ (h1 ⊕ (… ⊕ hk))). No hashes gives the empty-tree hash. Always returns a fresh
 * array. Throws RangeError for a hash that is not 32 bytes.
 */
export function composeRange(hashes: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(hashes)) throw new RangeError('hashes must be an array');
  for (const h of hashes) {
    if (!(h instanceof Uint8Array) || h.length !== HASH_LENGTH) throw new RangeError(`subtree hashes must be ${HASH_LENGTH}-byte Uint8Arrays`);
  }
  if (hashes.length === 0) return new Uint8Array(EMPTY_ROOT);
  let r: Uint8Array = new Uint8Array(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) r = nodeHash(hashes[i]!, r);
  return r;
}
