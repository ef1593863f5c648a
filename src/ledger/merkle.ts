/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proof generation and proof
 * verification (SHA-256), plus a compact range ("frontier") for append-only logs.
 *
 * Pure: no I/O, no global state. All hashes are 32-byte `Uint8Array`s.
 *
 * Hashing (RFC 6962 §2.1, unchanged in RFC 9162 §2.1.1):
 * - empty tree: `SHA-256("")`;
 * - leaf: `SHA-256(0x00 || data)`;
 * - node over n > 1 leaves, k the largest power of two strictly below n:
 *   `SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))` — no padding, no duplicated last node.
 *
 * Sizes and indices: every public function accepts `number | bigint`. Numbers must be
 * non-negative safe integers. Verification arithmetic is done in BigInt, so indices
 * and sizes beyond 2^31, 2^32 and 2^53 are handled exactly (JavaScript's bitwise
 * operators would truncate numbers to 32 bits, so none are applied to numbers here).
 *
 * Trivial cases (decisions, also repeated on each function):
 * - inclusion in an empty tree (size 0) is always rejected (there is no leaf);
 * - consistency with size1 == size2 is valid only with an empty proof and equal roots;
 * - consistency from the empty tree (size1 == 0) is valid only with an empty proof
 *   (the C2SP tlog-witness choice; transparency-dev/merkle rejects it outright), and
 *   additionally only when root1 is the empty-tree root `SHA-256("")` (the only root a
 *   size-0 tree can have); if size2 is also 0, root2 must be that root too.
 */
import { createHash } from 'node:crypto';

/** A tree size or leaf index: a non-negative safe integer or a non-negative bigint. */
export type TreeIndex = number | bigint;

/** Length in bytes of every hash handled here (SHA-256). */
export const HASH_LENGTH = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  // Copy out of the Buffer into a plain Uint8Array (Buffer is a subclass; callers
  // comparing with deep equality should see plain Uint8Arrays).
  return new Uint8Array(h.digest());
}

/**
 * Root of the empty tree: `SHA-256("")` (RFC 6962 §2.1). Shared constant: do not
 * mutate it (functions in this module return copies, never this array itself).
 */
export const EMPTY_ROOT: Uint8Array = sha256();

/** Leaf hash: `SHA-256(0x00 || data)`. */
export function leafHash(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

/** Interior node hash: `SHA-256(0x01 || left || right)`. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

// ---------------------------------------------------------------------------
// Small helpers

/** Converts to bigint, or returns undefined for anything that is not a valid size/index. */
function toBig(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value >= 0n ? value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

function requireBig(value: TreeIndex, name: string): bigint {
  const big = toBig(value);
  if (big === undefined) throw new RangeError(`${name} must be a non-negative safe integer or bigint, got ${String(value)}`);
  return big;
}

/** For generators working on in-memory arrays: converts to a number within [0, max]. */
function requireArrayIndex(value: TreeIndex, max: number, name: string): number {
  const big = requireBig(value, name);
  if (big > BigInt(max)) throw new RangeError(`${name} ${big} is out of range [0, ${max}]`);
  return Number(big);
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_LENGTH;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Number of bits needed to represent x (0 for 0). */
function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

function popCount(x: bigint): number {
  let count = 0;
  for (const c of x.toString(2)) if (c === '1') count++;
  return count;
}

function trailingZeros(x: bigint): number {
  if (x === 0n) return 0;
  let n = 0;
  while ((x & 1n) === 0n) {
    x >>= 1n;
    n++;
  }
  return n;
}

/** Largest power of two strictly smaller than n, for n > 1 (plain arithmetic, no bitwise ops). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// ---------------------------------------------------------------------------
// Roots

/**
 * MTH over hashes[lo, hi); O(hi - lo) hash operations, recursion depth O(log n).
 * Always returns a fresh array (never EMPTY_ROOT or a caller's leaf hash itself), so
 * callers may mutate results without affecting shared state.
 */
function subtreeRoot(hashes: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  const n = hi - lo;
  if (n === 0) return new Uint8Array(EMPTY_ROOT);
  if (n === 1) return new Uint8Array(hashes[lo]!);
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(hashes, lo, lo + k), subtreeRoot(hashes, lo + k, hi));
}

/** Merkle tree hash over leaf hashes that the caller already holds; `EMPTY_ROOT` for none. O(n). */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  return subtreeRoot(hashes, 0, hashes.length);
}

/** Merkle tree hash over raw leaf data; `EMPTY_ROOT` for no leaves. O(n). */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  return rootFromLeafHashes(leaves.map(leafHash));
}

// ---------------------------------------------------------------------------
// Proof generation (RFC 9162 §2.1.3.1 PATH and §2.1.4.1 PROOF / SUBPROOF)

/** PATH(m, D[lo:hi]) appended to `out`, hashes ordered from the leaf upward. */
function path(hashes: readonly Uint8Array[], m: number, lo: number, hi: number, out: Uint8Array[]): void {
  const n = hi - lo;
  if (n <= 1) return; // PATH(0, {d(0)}) = {}
  const k = splitPoint(n);
  if (m < k) {
    path(hashes, m, lo, lo + k, out);
    out.push(subtreeRoot(hashes, lo + k, hi));
  } else {
    path(hashes, m - k, lo + k, hi, out);
    out.push(subtreeRoot(hashes, lo, lo + k));
  }
}

/** SUBPROOF(m, D[lo:hi], b) appended to `out`. */
function subproof(hashes: readonly Uint8Array[], m: number, lo: number, hi: number, b: boolean, out: Uint8Array[]): void {
  const n = hi - lo;
  if (m === n) {
    if (!b) out.push(subtreeRoot(hashes, lo, hi));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(hashes, m, lo, lo + k, b, out);
    out.push(subtreeRoot(hashes, lo + k, hi));
  } else {
    subproof(hashes, m - k, lo + k, hi, false, out);
    out.push(subtreeRoot(hashes, lo, lo + k));
  }
}

/**
 * Inclusion proof (audit path) for leaf `index` in the tree over the given leaf hashes.
 * Throws RangeError when index >= hashes.length (including the empty tree). O(n).
 */
export function inclusionProofFromLeafHashes(hashes: readonly Uint8Array[], index: TreeIndex): Uint8Array[] {
  if (hashes.length === 0) throw new RangeError('no inclusion proof exists in an empty tree');
  const m = requireArrayIndex(index, hashes.length - 1, 'index');
  const out: Uint8Array[] = [];
  path(hashes, m, 0, hashes.length, out);
  return out;
}

/** Inclusion proof for leaf `index` over raw leaf data. See {@link inclusionProofFromLeafHashes}. */
export function inclusionProof(leaves: readonly Uint8Array[], index: TreeIndex): Uint8Array[] {
  return inclusionProofFromLeafHashes(leaves.map(leafHash), index);
}

/**
 * Consistency proof PROOF(size1, D[n]) from the tree of the first `size1` leaves to
 * the tree over all of the given leaf hashes (n = hashes.length).
 * Returns an empty proof when size1 == n (RFC: SUBPROOF(m, D[m], true) = {}) and when
 * size1 == 0 (C2SP: consistency from the empty tree is proved by an empty proof).
 * Throws RangeError when size1 > n. O(n).
 */
export function consistencyProofFromLeafHashes(hashes: readonly Uint8Array[], size1: TreeIndex): Uint8Array[] {
  const m = requireArrayIndex(size1, hashes.length, 'size1');
  const out: Uint8Array[] = [];
  if (m === 0) return out;
  subproof(hashes, m, 0, hashes.length, true, out);
  return out;
}

/** Consistency proof over raw leaf data. See {@link consistencyProofFromLeafHashes}. */
export function consistencyProof(leaves: readonly Uint8Array[], size1: TreeIndex): Uint8Array[] {
  return consistencyProofFromLeafHashes(leaves.map(leafHash), size1);
}

// ---------------------------------------------------------------------------
// Proof lengths

function inclusionLengthBig(index: bigint, size: bigint): number {
  // Decomposition used by transparency-dev/merkle: the path has `inner` hashes below
  // the point where the paths to `index` and to the last leaf diverge, plus one
  // "border" hash per perfect left subtree above it.
  const inner = bitLength(index ^ (size - 1n));
  const border = popCount(index >> BigInt(inner));
  return inner + border;
}

function consistencyLengthBig(size1: bigint, size2: bigint): number {
  if (size1 === 0n || size1 === size2) return 0;
  const shift = trailingZeros(size1);
  const inner = bitLength((size1 - 1n) ^ (size2 - 1n)) - shift;
  const border = popCount((size1 - 1n) >> BigInt(inner + shift));
  const seed = size1 === 1n << BigInt(shift) ? 0 : 1; // power of two: first_hash is the seed, not sent
  return seed + inner + border;
}

/**
 * Number of hashes in the inclusion proof for `index` in a tree of `size` leaves.
 * Exact for any size (BigInt arithmetic). Throws RangeError if index >= size.
 */
export function inclusionProofLength(index: TreeIndex, size: TreeIndex): number {
  const i = requireBig(index, 'index');
  const n = requireBig(size, 'size');
  if (i >= n) throw new RangeError(`index ${i} is not below size ${n}`);
  return inclusionLengthBig(i, n);
}

/**
 * Number of hashes in the consistency proof from `size1` to `size2` (0 when
 * size1 == size2 or size1 == 0). Exact for any size. Throws RangeError if size1 > size2.
 */
export function consistencyProofLength(size1: TreeIndex, size2: TreeIndex): number {
  const m = requireBig(size1, 'size1');
  const n = requireBig(size2, 'size2');
  if (m > n) throw new RangeError(`size1 ${m} is greater than size2 ${n}`);
  return consistencyLengthBig(m, n);
}

// ---------------------------------------------------------------------------
// Verification (RFC 9162 §2.1.3.2 and §2.1.4.2, step for step)

function isProof(proof: unknown): proof is readonly Uint8Array[] {
  return Array.isArray(proof) && proof.every(isHash);
}

/**
 * Verifies an inclusion proof, following RFC 9162 §2.1.3.2 exactly.
 *
 * Returns false, never throws, for malformed input: index >= size (so always false for
 * the empty tree, size 0), negative or non-integer numbers, hashes that are not 32
 * bytes, or a proof of the wrong length. The length is checked up front as well; the
 * RFC steps would reject a wrong length anyway, this only rejects earlier.
 */
export function verifyInclusion(
  index: TreeIndex,
  size: TreeIndex,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const leafIndex = toBig(index);
  const treeSize = toBig(size);
  if (leafIndex === undefined || treeSize === undefined) return false;
  if (!isHash(leafHash) || !isHash(root) || !isProof(proof)) return false;
  // 1. leaf_index >= tree_size: fail.
  if (leafIndex >= treeSize) return false;
  if (proof.length !== inclusionLengthBig(leafIndex, treeSize)) return false;
  // 2. fn = leaf_index, sn = tree_size - 1.
  let fn = leafIndex;
  let sn = treeSize - 1n;
  // 3. r = hash.
  let r = leafHash;
  // 4. For each value p in the inclusion_path array:
  for (const p of proof) {
    // a. If sn is 0, stop the iteration and fail the proof verification.
    if (sn === 0n) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if ((fn & 1n) === 1n || fn === sn) {
      // i. Set r to HASH(0x01 || p || r).
      r = nodeHash(p, r);
      // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until
      //     either LSB(fn) is set or fn is 0.
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      // Otherwise: i. Set r to HASH(0x01 || r || p).
      r = nodeHash(r, p);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and
  //    the root_hash are equal, then the log has proven the inclusion of hash.
  return sn === 0n && bytesEqual(r, root);
}

/**
 * Verifies a consistency proof from (size1, root1) to (size2, root2), following
 * RFC 9162 §2.1.4.2 exactly for 0 < size1 < size2.
 *
 * Trivial cases, decided here:
 * - size1 == size2: valid only with an empty proof and root1 equal to root2;
 * - size1 == 0 (consistency from the empty tree): valid only with an empty proof
 *   (C2SP's choice, as in tlog-witness; transparency-dev/merkle instead rejects it),
 *   and only when root1 is `EMPTY_ROOT` (and root2 too, if size2 is also 0);
 * - size1 > size2: false.
 *
 * Returns false, never throws, for malformed input (bad sizes, hashes that are not
 * 32 bytes, a proof of the wrong length).
 */
export function verifyConsistency(
  size1: TreeIndex,
  size2: TreeIndex,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  const first = toBig(size1);
  const second = toBig(size2);
  if (first === undefined || second === undefined) return false;
  if (!isHash(root1) || !isHash(root2) || !isProof(proof)) return false;
  if (first > second) return false;
  if (first === 0n) {
    return proof.length === 0 && bytesEqual(root1, EMPTY_ROOT) && (second !== 0n || bytesEqual(root2, EMPTY_ROOT));
  }
  if (first === second) return proof.length === 0 && bytesEqual(root1, root2);
  if (proof.length !== consistencyLengthBig(first, second)) return false;

  // 1. If consistency_path is an empty array, stop and fail the proof verification.
  if (proof.length === 0) return false;
  // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
  const path: readonly Uint8Array[] = (first & (first - 1n)) === 0n ? [root1, ...proof] : proof;
  // 3. Set fn to first - 1 and sn to second - 1.
  let fn = first - 1n;
  let sn = second - 1n;
  // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5. Set both fr and sr to the first value in the consistency_path array.
  let fr = path[0]!;
  let sr = path[0]!;
  // 6. For each subsequent value c in the consistency_path array:
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    // a. If sn is 0, then stop the iteration and fail the proof verification.
    if (sn === 0n) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if ((fn & 1n) === 1n || fn === sn) {
      // i. Set fr to HASH(0x01 || c || fr). Set sr to HASH(0x01 || c || sr).
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until
      //     either LSB(fn) is set or fn is 0.
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      // Otherwise: i. Set sr to HASH(0x01 || sr || c).
      sr = nodeHash(sr, c);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>= 1n;
    sn >>= 1n;
  }
  // 7. Verify that fr equals first_hash, sr equals second_hash, and sn is 0.
  return sn === 0n && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

// ---------------------------------------------------------------------------
// Compact range (frontier) for append-only logs

/**
 * The roots of the perfect subtrees covering leaves [0, size): one per set bit of
 * `size`, ordered from the largest (leftmost) subtree to the smallest. That is all an
 * append-only log needs to keep (O(log n) hashes) to append in O(log n) and to compute
 * the current root.
 *
 * Sizes are plain numbers, exact up to `Number.MAX_SAFE_INTEGER` (no bitwise
 * operators are used on them).
 */
export class CompactRange {
  #size: number;
  #hashes: Uint8Array[];

  private constructor(size: number, hashes: Uint8Array[]) {
    this.#size = size;
    this.#hashes = hashes;
  }

  /** An empty range (size 0, root `EMPTY_ROOT`). */
  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /**
   * Restores a range from a persisted frontier. Throws RangeError unless `hashes`
   * holds exactly one 32-byte hash per set bit of `size`.
   */
  static fromFrontier(size: TreeIndex, hashes: readonly Uint8Array[]): CompactRange {
    const n = requireBig(size, 'size');
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`size ${n} exceeds Number.MAX_SAFE_INTEGER`);
    const expected = popCount(n);
    if (!Array.isArray(hashes) || hashes.length !== expected) {
      throw new RangeError(`a frontier for size ${n} has ${expected} hashes, got ${Array.isArray(hashes) ? hashes.length : typeof hashes}`);
    }
    if (!hashes.every(isHash)) throw new RangeError(`frontier hashes must be ${HASH_LENGTH}-byte Uint8Arrays`);
    return new CompactRange(Number(n), hashes.map((h) => new Uint8Array(h)));
  }

  /** Number of leaves covered. */
  get size(): number {
    return this.#size;
  }

  /** Copies of the subtree roots, largest (leftmost) first; persist these with `size`. */
  frontier(): Uint8Array[] {
    return this.#hashes.map((h) => new Uint8Array(h));
  }

  /**
   * Appends one leaf hash (`leafHash(data)`, not the raw data) in O(log n) and
   * returns the index the leaf received. Throws RangeError for a hash that is not 32 bytes.
   */
  append(hash: Uint8Array): number {
    if (!isHash(hash)) throw new RangeError(`leaf hash must be a ${HASH_LENGTH}-byte Uint8Array`);
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('compact range is full');
    const index = this.#size;
    let h: Uint8Array = new Uint8Array(hash);
    // Each trailing 1 bit of the old size is a perfect subtree of the same height as
    // the one being carried; merge them (left sibling first).
    let s = index;
    while (s % 2 === 1) {
      h = nodeHash(this.#hashes.pop()!, h);
      s = (s - 1) / 2;
    }
    this.#hashes.push(h);
    this.#size = index + 1;
    return index;
  }

  /** The Merkle tree hash of leaves [0, size): the right fold of the frontier; `EMPTY_ROOT` when empty. O(log n). */
  root(): Uint8Array {
    const hashes = this.#hashes;
    if (hashes.length === 0) return new Uint8Array(EMPTY_ROOT);
    let r: Uint8Array = new Uint8Array(hashes[hashes.length - 1]!);
    for (let i = hashes.length - 2; i >= 0; i--) r = nodeHash(hashes[i]!, r);
    return r;
  }
}
