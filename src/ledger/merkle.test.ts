import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CompactRange,
  EMPTY_ROOT,
  HASH_LENGTH,
  consistencyProof,
  consistencyProofFromLeafHashes,
  consistencyProofLength,
  inclusionProof,
  inclusionProofFromLeafHashes,
  inclusionProofLength,
  leafHash,
  merkleRoot,
  nodeHash,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

// CI runs from a fresh clone with a copy of `shared/` beside the repository.
const FIXTURE_PATH = path.resolve(import.meta.dirname, '../../../shared/fixtures/merkle/rfc9162-published.json');

interface PublishedVectors {
  leaves_hex: string[];
  roots: Record<string, string>;
  node_hashes: Record<string, string[]>;
  inclusion: { index: number; size: number; proof: string[] }[];
  consistency: { size1: number; size2: number; proof: string[] }[];
}

function loadFixture(): { vectors?: PublishedVectors; error?: string } {
  if (!existsSync(FIXTURE_PATH)) {
    return {
      error: `Published Merkle test vectors not found at ${FIXTURE_PATH}. The ledger tests need shared/fixtures/merkle/rfc9162-published.json in a 'shared' directory beside the repository root.`,
    };
  }
  try {
    const vectors = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as PublishedVectors;
    for (const key of ['leaves_hex', 'roots', 'node_hashes', 'inclusion', 'consistency'] as const) {
      if (vectors[key] === undefined) return { error: `${FIXTURE_PATH} has no "${key}" field` };
    }
    return { vectors };
  } catch (error) {
    return { error: `${FIXTURE_PATH} could not be read as JSON: ${(error as Error).message}` };
  }
}

const loaded = loadFixture();
const vectors: PublishedVectors = loaded.vectors ?? { leaves_hex: [], roots: {}, node_hashes: {}, inclusion: [], consistency: [] };

function fx(): PublishedVectors {
  if (loaded.error !== undefined) throw new Error(loaded.error);
  return vectors;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const hexAll = (list: Uint8Array[]): string[] => list.map(hex);

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

const publishedLeaves = (): Uint8Array[] => fx().leaves_hex.map(unhex);
const publishedRoot = (size: number): Uint8Array => unhex(fx().roots[String(size)]!);
const OTHER_HASH = sha256(new TextEncoder().encode('not part of the tree'));

// ---------------------------------------------------------------------------
// A symbolic model of what a proof asserts, straight from the RFC's recursive
// definitions (independent of the verifier's bit arithmetic). Proof hashes are opaque
// symbols p0, p1, ... in proof order. Two (index, size) pairs whose models are equal
// make the verifier perform exactly the same hash computations over the same proof, so
// the RFC 9162 algorithm necessarily accepts a proof at the other size too (and cannot
// do otherwise: the bytes it sees are identical). E.g. leaf 0's path is all right
// siblings for every size in (4, 8], so the published proof for leaf 0 of 8 is also
// accepted at sizes 5..7 against the size-8 root. A tree size is bound to its root by
// the signed tree head, not by the proof. Where the models differ, the verifier must reject.

const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** Sibling sides along PATH(m, D[n]), leaf upward. */
function inclusionShape(m: number, n: number): string[] {
  if (n <= 1) return [];
  const k = split(n);
  return m < k ? [...inclusionShape(m, k), 'R'] : [...inclusionShape(m - k, n - k), 'L'];
}

function sameInclusionShape(i1: number, n1: number, i2: number, n2: number): boolean {
  if (i1 < 0 || i2 < 0 || i1 >= n1 || i2 >= n2) return false;
  return inclusionShape(i1, n1).join() === inclusionShape(i2, n2).join();
}

/** Formulas for root1 and root2 proved by PROOF(m, D[n]) (0 < m < n); `R1` is first_hash when m is a power of two. */
function consistencyModel(m: number, n: number): { r1: string; r2: string; length: number } {
  let next = 0;
  const sub = (mm: number, nn: number, b: boolean): { f1: string; f2: string } => {
    if (mm === nn) {
      if (b) return { f1: 'R1', f2: 'R1' };
      const p = `p${next++}`;
      return { f1: p, f2: p };
    }
    const k = split(nn);
    if (mm <= k) {
      const inner = sub(mm, k, b);
      const q = `p${next++}`;
      return { f1: inner.f1, f2: `H(${inner.f2},${q})` };
    }
    const inner = sub(mm - k, nn - k, false);
    const q = `p${next++}`;
    return { f1: `H(${q},${inner.f1})`, f2: `H(${q},${inner.f2})` };
  };
  // r1 is 'R1' exactly when m is a power of two (the path stays on the left edge down
  // to a complete subtree); otherwise root1 is itself a formula over the proof.
  const { f1, f2 } = sub(m, n, true);
  return { r1: f1, r2: f2, length: next };
}

/** Whether the proof for (m, n) with its genuine roots is, symbolically, also a proof for (m2, n2). */
function sameConsistencyModel(m: number, n: number, m2: number, n2: number): boolean {
  if (!(m2 > 0 && m2 < n2)) return false; // the trivial cases accept only empty proofs
  const a = consistencyModel(m, n);
  const b = consistencyModel(m2, n2);
  if (a.length !== b.length) return false;
  // The verifier checks fr == root1 and sr == root2, with root1 := a.r1, root2 := a.r2.
  const bind = (f: string): string => f.split('R1').join(a.r1);
  return bind(b.r1) === bind(a.r1) && bind(b.r2) === bind(a.r2);
}

describe('published RFC 6962 / RFC 9162 vectors', () => {
  it('loads the fixture from shared/ beside the repository', () => {
    fx();
    expect(vectors.leaves_hex).toHaveLength(8);
    expect(Object.keys(vectors.roots)).toHaveLength(9);
    expect(vectors.inclusion.length).toBeGreaterThan(0);
    expect(vectors.consistency.length).toBeGreaterThan(0);
  });

  it('has the empty-tree root SHA-256("")', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(merkleRoot([]))).toBe(fx().roots['0']);
    expect(hex(rootFromLeafHashes([]))).toBe(fx().roots['0']);
  });

  it('uses the 0x00 / 0x01 domain-separation prefixes', () => {
    const a = unhex('0011');
    expect(leafHash(a)).toEqual(sha256(unhex('000011')));
    const l = new Uint8Array(32).fill(0xaa);
    const r = new Uint8Array(32).fill(0xbb);
    expect(nodeHash(l, r)).toEqual(sha256(Uint8Array.from([0x01, ...l, ...r])));
  });

  it('reproduces every published root for sizes 0..8', () => {
    const leaves = publishedLeaves();
    const hashes = leaves.map(leafHash);
    for (let size = 0; size <= 8; size++) {
      expect(hex(merkleRoot(leaves.slice(0, size))), `root of size ${size}`).toBe(fx().roots[String(size)]);
      expect(hex(rootFromLeafHashes(hashes.slice(0, size))), `root from leaf hashes, size ${size}`).toBe(fx().roots[String(size)]);
    }
  });

  it('reproduces every published node hash', () => {
    const leaves = publishedLeaves();
    const hashes = leaves.map(leafHash);
    let checked = 0;
    for (const [levelText, nodes] of Object.entries(fx().node_hashes)) {
      const width = 2 ** Number(levelText);
      nodes.forEach((expected, i) => {
        const range = [i * width, (i + 1) * width] as const;
        expect(hex(rootFromLeafHashes(hashes.slice(...range))), `node level ${levelText} index ${i}`).toBe(expected);
        expect(hex(merkleRoot(leaves.slice(...range)))).toBe(expected);
        checked++;
      });
    }
    expect(checked).toBe(8 + 4 + 2 + 1);
    // Level 0 is the leaf hashes themselves.
    expect(hexAll(hashes)).toEqual(fx().node_hashes['0']);
  });
});

describe.each(vectors.inclusion.map((v) => ({ ...v, label: `leaf ${v.index} of ${v.size}` })))('published inclusion proof, $label', (v) => {
  const leaves = () => publishedLeaves().slice(0, v.size);
  const proof = () => v.proof.map(unhex);
  const root = () => publishedRoot(v.size);
  const leaf = () => leafHash(publishedLeaves()[v.index]!);

  it('is generated byte for byte and accepted', () => {
    expect(hexAll(inclusionProof(leaves(), v.index))).toEqual(v.proof);
    expect(hexAll(inclusionProofFromLeafHashes(leaves().map(leafHash), BigInt(v.index)))).toEqual(v.proof);
    expect(inclusionProofLength(v.index, v.size)).toBe(v.proof.length);
    expect(verifyInclusion(v.index, v.size, leaf(), proof(), root())).toBe(true);
    expect(verifyInclusion(BigInt(v.index), BigInt(v.size), leaf(), proof(), root())).toBe(true);
  });

  it('is rejected with any single bit flipped in any proof hash', () => {
    const p = proof();
    let flips = 0;
    for (let h = 0; h < p.length; h++) {
      for (let bit = 0; bit < 8 * HASH_LENGTH; bit++) {
        const bad = p.slice();
        bad[h] = flipBit(p[h]!, bit);
        expect(verifyInclusion(v.index, v.size, leaf(), bad, root()), `hash ${h} bit ${bit}`).toBe(false);
        flips++;
      }
    }
    expect(flips).toBe(p.length * 256);
  });

  it('is rejected with a bit flipped in the root or the leaf hash', () => {
    for (let bit = 0; bit < 8 * HASH_LENGTH; bit++) {
      expect(verifyInclusion(v.index, v.size, leaf(), proof(), flipBit(root(), bit))).toBe(false);
      expect(verifyInclusion(v.index, v.size, flipBit(leaf(), bit), proof(), root())).toBe(false);
    }
  });

  it('is rejected with a hash missing or an extra hash', () => {
    const p = proof();
    for (let h = 0; h < p.length; h++) {
      expect(verifyInclusion(v.index, v.size, leaf(), p.filter((_, i) => i !== h), root()), `without hash ${h}`).toBe(false);
    }
    expect(verifyInclusion(v.index, v.size, leaf(), [...p, OTHER_HASH], root())).toBe(false);
    expect(verifyInclusion(v.index, v.size, leaf(), [OTHER_HASH, ...p], root())).toBe(false);
    expect(verifyInclusion(v.index, v.size, leaf(), [...p, root()], root())).toBe(false);
    if (p.length > 0) expect(verifyInclusion(v.index, v.size, leaf(), [...p, p[p.length - 1]!], root())).toBe(false);
  });

  it('is rejected at any other index, including index >= size', () => {
    for (let index = -1; index <= v.size + 1; index++) {
      if (index === v.index) continue;
      expect(verifyInclusion(index, v.size, leaf(), proof(), root()), `index ${index}`).toBe(false);
    }
  });

  it('is rejected with the size off by one, or any other size, unless the path has the same shape', () => {
    const accepted: number[] = [];
    for (let size = 0; size <= 17; size++) {
      if (size === v.size) continue;
      const ok = verifyInclusion(v.index, size, leaf(), proof(), root());
      expect(ok, `size ${size}`).toBe(sameInclusionShape(v.index, v.size, v.index, size));
      if (ok) accepted.push(size);
      // ...and never against the genuine root of that other size.
      if (size <= 8) expect(verifyInclusion(v.index, size, leaf(), proof(), publishedRoot(size)), `root of ${size}`).toBe(false);
    }
    // Doubling or halving the size always changes the shape (transparency-dev's "wrong tree height").
    expect(accepted).not.toContain(v.size * 2);
    expect(accepted).not.toContain(Math.floor(v.size / 2));
    for (const size of accepted) expect(inclusionProofLength(v.index, size)).toBe(v.proof.length);
  });

  it('is rejected against any other root and with a wrong leaf hash', () => {
    for (let size = 0; size <= 8; size++) {
      if (size === v.size) continue;
      expect(verifyInclusion(v.index, v.size, leaf(), proof(), publishedRoot(size)), `root of size ${size}`).toBe(false);
    }
    // Swapping the leaf hash and the root.
    expect(verifyInclusion(v.index, v.size, root(), proof(), leaf())).toBe(v.size === 1);
    const leaves8 = publishedLeaves();
    for (let other = 0; other < 8; other++) {
      if (other === v.index) continue;
      expect(verifyInclusion(v.index, v.size, leafHash(leaves8[other]!), proof(), root()), `leaf ${other}`).toBe(false);
    }
    const data = leaves8[v.index]!;
    expect(verifyInclusion(v.index, v.size, sha256(data), proof(), root()), 'hash without the 0x00 prefix').toBe(false);
    expect(verifyInclusion(v.index, v.size, OTHER_HASH, proof(), root())).toBe(false);
  });
});

describe.each(vectors.consistency.map((v) => ({ ...v, label: `${v.size1} -> ${v.size2}` })))('published consistency proof, $label', (v) => {
  const leaves = () => publishedLeaves().slice(0, v.size2);
  const proof = () => v.proof.map(unhex);
  const root1 = () => publishedRoot(v.size1);
  const root2 = () => publishedRoot(v.size2);

  it('is generated byte for byte and accepted', () => {
    expect(hexAll(consistencyProof(leaves(), v.size1))).toEqual(v.proof);
    expect(hexAll(consistencyProofFromLeafHashes(leaves().map(leafHash), BigInt(v.size1)))).toEqual(v.proof);
    expect(consistencyProofLength(v.size1, v.size2)).toBe(v.proof.length);
    expect(verifyConsistency(v.size1, v.size2, root1(), root2(), proof())).toBe(true);
    expect(verifyConsistency(BigInt(v.size1), BigInt(v.size2), root1(), root2(), proof())).toBe(true);
  });

  it('is rejected with any single bit flipped in any proof hash', () => {
    const p = proof();
    for (let h = 0; h < p.length; h++) {
      for (let bit = 0; bit < 8 * HASH_LENGTH; bit++) {
        const bad = p.slice();
        bad[h] = flipBit(p[h]!, bit);
        expect(verifyConsistency(v.size1, v.size2, root1(), root2(), bad), `hash ${h} bit ${bit}`).toBe(false);
      }
    }
  });

  it('is rejected with a bit flipped in either root', () => {
    for (let bit = 0; bit < 8 * HASH_LENGTH; bit++) {
      expect(verifyConsistency(v.size1, v.size2, flipBit(root1(), bit), root2(), proof())).toBe(false);
      expect(verifyConsistency(v.size1, v.size2, root1(), flipBit(root2(), bit), proof())).toBe(false);
    }
  });

  it('is rejected with a hash missing or an extra hash', () => {
    const p = proof();
    for (let h = 0; h < p.length; h++) {
      expect(verifyConsistency(v.size1, v.size2, root1(), root2(), p.filter((_, i) => i !== h)), `without hash ${h}`).toBe(false);
    }
    expect(verifyConsistency(v.size1, v.size2, root1(), root2(), [...p, OTHER_HASH])).toBe(false);
    expect(verifyConsistency(v.size1, v.size2, root1(), root2(), [OTHER_HASH, ...p])).toBe(false);
    // The first hash is implicit when size1 is a power of two; sending it explicitly is an extra hash.
    expect(verifyConsistency(v.size1, v.size2, root1(), root2(), [root1(), ...p])).toBe(false);
    if (p.length > 0) expect(verifyConsistency(v.size1, v.size2, root1(), root2(), [...p, p[p.length - 1]!])).toBe(false);
  });

  it('is rejected with either size off by one, or any other sizes, unless the proof has the same shape', () => {
    for (let s1 = 0; s1 <= 17; s1++) {
      for (let s2 = 0; s2 <= 17; s2++) {
        if (s1 === v.size1 && s2 === v.size2) continue;
        const ok = verifyConsistency(s1, s2, root1(), root2(), proof());
        if (v.size1 === v.size2) {
          // An empty proof between equal roots proves equality at any (equal) size, nothing else.
          expect(ok, `${s1} -> ${s2}`).toBe(s1 === s2 && s1 > 0);
        } else {
          expect(ok, `${s1} -> ${s2}`).toBe(sameConsistencyModel(v.size1, v.size2, s1, s2));
        }
        if (s1 <= 8 && s2 <= 8 && s1 < s2 && !(s1 === 0 && v.proof.length === 0)) {
          // Never against the genuine roots of other sizes (bar the empty proof from the empty tree).
          expect(verifyConsistency(s1, s2, publishedRoot(s1), publishedRoot(s2), proof()), `roots of ${s1} -> ${s2}`).toBe(false);
        }
      }
    }
    // Changing size1 by one always changes what is proved about the old tree.
    if (v.size1 !== v.size2) {
      expect(verifyConsistency(v.size1 - 1, v.size2, root1(), root2(), proof())).toBe(false);
      expect(verifyConsistency(v.size1 + 1, v.size2, root1(), root2(), proof())).toBe(false);
    }
  });

  it('is rejected with swapped or substituted roots', () => {
    // With equal sizes the two roots are the same, so swapping them changes nothing.
    expect(verifyConsistency(v.size1, v.size2, root2(), root1(), proof())).toBe(v.size1 === v.size2);
    for (let size = 0; size <= 8; size++) {
      if (size !== v.size1) expect(verifyConsistency(v.size1, v.size2, publishedRoot(size), root2(), proof()), `root1 of size ${size}`).toBe(false);
      if (size !== v.size2) expect(verifyConsistency(v.size1, v.size2, root1(), publishedRoot(size), proof()), `root2 of size ${size}`).toBe(false);
    }
  });

  it('is rejected when size1 > size2', () => {
    expect(verifyConsistency(v.size2 + 1, v.size2, root1(), root2(), proof())).toBe(false);
    if (v.size1 !== v.size2) expect(verifyConsistency(v.size2, v.size1, root2(), root1(), proof())).toBe(false);
  });
});

describe('the tree size is bound by the signed root, not by the proof', () => {
  it('accepts the published proof for leaf 0 of 8 at sizes 5..7 against the size-8 root, as every RFC 9162 verifier must', () => {
    const v = fx().inclusion.find((p) => p.index === 0 && p.size === 8)!;
    const leaf = leafHash(publishedLeaves()[0]!);
    const accepted = [];
    for (let size = 1; size <= 16; size++) {
      if (verifyInclusion(0, size, leaf, v.proof.map(unhex), publishedRoot(8))) accepted.push(size);
    }
    expect(accepted).toEqual([5, 6, 7, 8]);
  });

  it('the symbolic model predicts exactly those sizes', () => {
    expect([...Array(17).keys()].filter((size) => sameInclusionShape(0, 8, 0, size))).toEqual([5, 6, 7, 8]);
    expect(sameConsistencyModel(6, 8, 6, 7)).toBe(true);
    expect(sameConsistencyModel(6, 8, 5, 8)).toBe(false);
  });
});

describe('malformed input is rejected without throwing', () => {
  const leaves = () => publishedLeaves();
  const good = () => {
    const v = fx().inclusion.find((p) => p.size === 8)!;
    return { index: v.index, size: v.size, leaf: leafHash(leaves()[v.index]!), proof: v.proof.map(unhex), root: publishedRoot(v.size) };
  };
  const goodC = () => {
    const v = fx().consistency.find((p) => p.size1 > 0 && p.size1 < p.size2 && p.proof.length > 1)!;
    return { size1: v.size1, size2: v.size2, root1: publishedRoot(v.size1), root2: publishedRoot(v.size2), proof: v.proof.map(unhex) };
  };
  const badLengths = [0, 1, 31, 33, 64];

  it('inclusion: hashes of the wrong length', () => {
    const g = good();
    expect(verifyInclusion(g.index, g.size, g.leaf, g.proof, g.root)).toBe(true);
    for (const n of badLengths) {
      const bad = new Uint8Array(n);
      expect(verifyInclusion(g.index, g.size, bad, g.proof, g.root), `leaf of ${n} bytes`).toBe(false);
      expect(verifyInclusion(g.index, g.size, g.leaf, g.proof, bad), `root of ${n} bytes`).toBe(false);
      for (let h = 0; h < g.proof.length; h++) {
        const p = g.proof.slice();
        p[h] = bad;
        expect(verifyInclusion(g.index, g.size, g.leaf, p, g.root), `proof hash ${h} of ${n} bytes`).toBe(false);
      }
      // Truncated / extended versions of the genuine hashes.
      expect(verifyInclusion(g.index, g.size, g.leaf.subarray(0, 31), g.proof, g.root)).toBe(false);
      expect(verifyInclusion(g.index, g.size, g.leaf, g.proof, Uint8Array.from([...g.root, 0]))).toBe(false);
    }
  });

  it('inclusion: bad indices and sizes', () => {
    const g = good();
    const cases: [unknown, unknown][] = [
      [g.size, g.size],
      [g.size + 1, g.size],
      [-1, g.size],
      [g.index, -1],
      [0.5, g.size],
      [g.index, 8.5],
      [Number.NaN, g.size],
      [g.index, Number.POSITIVE_INFINITY],
      [-1n, BigInt(g.size)],
      [g.index, 2 ** 53],
      ['0', '8'],
      [undefined, null],
    ];
    for (const [index, size] of cases) {
      expect(() => verifyInclusion(index as number, size as number, g.leaf, g.proof, g.root)).not.toThrow();
      expect(verifyInclusion(index as number, size as number, g.leaf, g.proof, g.root), `${String(index)} / ${String(size)}`).toBe(false);
    }
    expect(verifyInclusion(g.index, g.size, g.leaf, null as unknown as Uint8Array[], g.root)).toBe(false);
    expect(verifyInclusion(g.index, g.size, g.leaf, ['00'] as unknown as Uint8Array[], g.root)).toBe(false);
  });

  it('inclusion in the empty tree is always false', () => {
    expect(verifyInclusion(0, 0, EMPTY_ROOT, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(0, 0, leafHash(new Uint8Array()), [], EMPTY_ROOT)).toBe(false);
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
  });

  it('consistency: hashes of the wrong length', () => {
    const g = goodC();
    expect(verifyConsistency(g.size1, g.size2, g.root1, g.root2, g.proof)).toBe(true);
    for (const n of badLengths) {
      const bad = new Uint8Array(n);
      expect(verifyConsistency(g.size1, g.size2, bad, g.root2, g.proof)).toBe(false);
      expect(verifyConsistency(g.size1, g.size2, g.root1, bad, g.proof)).toBe(false);
      for (let h = 0; h < g.proof.length; h++) {
        const p = g.proof.slice();
        p[h] = bad;
        expect(verifyConsistency(g.size1, g.size2, g.root1, g.root2, p)).toBe(false);
      }
      expect(verifyConsistency(3, 3, bad, bad, [])).toBe(false);
      expect(verifyConsistency(0, 3, bad, g.root2, [])).toBe(false);
    }
  });

  it('consistency: bad sizes', () => {
    const g = goodC();
    const cases: [unknown, unknown][] = [
      [g.size2, g.size1],
      [g.size2 + 1, g.size2],
      [-1, g.size2],
      [g.size1, -1],
      [1.5, g.size2],
      [Number.NaN, g.size2],
      [g.size1, 2 ** 64],
      [-1n, BigInt(g.size2)],
      [String(g.size1), String(g.size2)],
    ];
    for (const [s1, s2] of cases) {
      expect(() => verifyConsistency(s1 as number, s2 as number, g.root1, g.root2, g.proof)).not.toThrow();
      expect(verifyConsistency(s1 as number, s2 as number, g.root1, g.root2, g.proof), `${String(s1)} -> ${String(s2)}`).toBe(false);
    }
    expect(verifyConsistency(g.size1, g.size2, g.root1, g.root2, undefined as unknown as Uint8Array[])).toBe(false);
  });

  it('generators reject out-of-range arguments with RangeError', () => {
    const l = leaves();
    expect(() => inclusionProof(l, 8)).toThrow(RangeError);
    expect(() => inclusionProof(l, -1)).toThrow(RangeError);
    expect(() => inclusionProof(l, 1.5)).toThrow(RangeError);
    expect(() => consistencyProof(l, 9)).toThrow(RangeError);
    expect(() => consistencyProof(l, -1n)).toThrow(RangeError);
    expect(() => inclusionProofLength(8, 8)).toThrow(RangeError);
    expect(() => consistencyProofLength(9, 8)).toThrow(RangeError);
  });
});

describe('trivial consistency cases', () => {
  it('size1 == size2 is valid only with an empty proof and equal roots', () => {
    for (let size = 1; size <= 8; size++) {
      const r = publishedRoot(size);
      expect(consistencyProof(publishedLeaves().slice(0, size), size)).toEqual([]);
      expect(consistencyProofLength(size, size)).toBe(0);
      expect(verifyConsistency(size, size, r, r, [])).toBe(true);
      expect(verifyConsistency(size, size, r, publishedRoot(size - 1), [])).toBe(false);
      expect(verifyConsistency(size, size, r, r, [r])).toBe(false);
      expect(verifyConsistency(size, size, r, r, [OTHER_HASH])).toBe(false);
    }
  });

  it('from the empty tree is valid only with an empty proof (C2SP) and the empty-tree root', () => {
    for (let size = 0; size <= 8; size++) {
      const r = publishedRoot(size);
      expect(consistencyProof(publishedLeaves().slice(0, size), 0)).toEqual([]);
      expect(consistencyProofLength(0, size)).toBe(0);
      expect(verifyConsistency(0, size, EMPTY_ROOT, r, []), `0 -> ${size}`).toBe(true);
      expect(verifyConsistency(0, size, EMPTY_ROOT, r, [r])).toBe(false);
      expect(verifyConsistency(0, size, EMPTY_ROOT, r, [EMPTY_ROOT])).toBe(false);
      expect(verifyConsistency(0, size, OTHER_HASH, r, [])).toBe(false);
    }
    expect(verifyConsistency(0, 0, EMPTY_ROOT, OTHER_HASH, [])).toBe(false);
    expect(verifyConsistency(0n, 0n, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
  });
});

// Deterministic leaves of varying length for the property checks.
const syntheticLeaf = (i: number): Uint8Array => new TextEncoder().encode(`case-event-${i}-${'x'.repeat(i % 7)}`);

describe('exhaustive property checks for sizes 1..64', () => {
  const MAX = 64;
  const leaves = Array.from({ length: MAX }, (_, i) => syntheticLeaf(i));
  const hashes = leaves.map(leafHash);
  const roots = Array.from({ length: MAX + 1 }, (_, n) => merkleRoot(leaves.slice(0, n)));

  it('the two root functions agree', () => {
    for (let n = 0; n <= MAX; n++) expect(rootFromLeafHashes(hashes.slice(0, n))).toEqual(roots[n]);
  });

  it('every inclusion proof verifies, has the predicted length, and fails when tampered with', () => {
    let count = 0;
    for (let n = 1; n <= MAX; n++) {
      const prefix = leaves.slice(0, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(prefix, i);
        expect(inclusionProofFromLeafHashes(hashes.slice(0, n), i)).toEqual(proof);
        expect(inclusionShape(i, n)).toHaveLength(proof.length);
        expect(proof.length, `length for ${i} of ${n}`).toBe(inclusionProofLength(i, n));
        expect(inclusionProofLength(BigInt(i), BigInt(n))).toBe(proof.length);
        expect(verifyInclusion(i, n, hashes[i]!, proof, roots[n]!), `${i} of ${n}`).toBe(true);
        expect(verifyInclusion(BigInt(i), BigInt(n), hashes[i]!, proof, roots[n]!)).toBe(true);
        if (proof.length > 0) {
          const bad = proof.slice();
          bad[bad.length - 1] = flipBit(bad[bad.length - 1]!, 0);
          expect(verifyInclusion(i, n, hashes[i]!, bad, roots[n]!)).toBe(false);
          expect(verifyInclusion(i, n, hashes[i]!, proof.slice(1), roots[n]!)).toBe(false);
        }
        expect(verifyInclusion(i, n, hashes[i]!, [...proof, OTHER_HASH], roots[n]!)).toBe(false);
        for (const other of [n - 1, n + 1, n - 2, n + 2, 2 * n, Math.floor(n / 2)]) {
          expect(verifyInclusion(i, other, hashes[i]!, proof, roots[n]!), `${i} of ${n} as size ${other}`).toBe(sameInclusionShape(i, n, i, other));
        }
        expect(verifyInclusion((i + 1) % n, n, hashes[i]!, proof, roots[n]!)).toBe(n === 1);
        count++;
      }
    }
    expect(count).toBe((MAX * (MAX + 1)) / 2);
  });

  it('every consistency proof for size1 <= size2 verifies, has the predicted length, and fails when tampered with', () => {
    let count = 0;
    for (let n = 1; n <= MAX; n++) {
      const prefix = leaves.slice(0, n);
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(prefix, m);
        expect(consistencyProofFromLeafHashes(hashes.slice(0, n), m)).toEqual(proof);
        expect(proof.length, `length for ${m} -> ${n}`).toBe(consistencyProofLength(m, n));
        expect(consistencyProofLength(BigInt(m), BigInt(n))).toBe(proof.length);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof), `${m} -> ${n}`).toBe(true);
        expect(verifyConsistency(BigInt(m), BigInt(n), roots[m]!, roots[n]!, proof)).toBe(true);
        if (proof.length > 0) {
          const bad = proof.slice();
          bad[0] = flipBit(bad[0]!, 255);
          expect(verifyConsistency(m, n, roots[m]!, roots[n]!, bad)).toBe(false);
          expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof.slice(0, -1))).toBe(false);
        }
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, [...proof, OTHER_HASH])).toBe(false);
        if (m < n) {
          // (From size 0 nothing about root2 is proved, so it is only checked for m > 0.)
          if (m > 0) expect(verifyConsistency(m, n, roots[m]!, roots[n - 1]!, proof)).toBe(false);
          expect(verifyConsistency(m, n, roots[n]!, roots[m]!, proof)).toBe(false);
        }
        if (m > 0) expect(verifyConsistency(m, n, roots[m - 1]!, roots[n]!, proof)).toBe(false);
        if (m > 0 && m < n) {
          expect(consistencyModel(m, n).length).toBe(proof.length);
          for (const [m2, n2] of [[m - 1, n], [m + 1, n], [m, n - 1], [m, n + 1], [m - 1, n + 1], [m + 1, n + 1], [2 * m, 2 * n]] as const) {
            expect(verifyConsistency(m2, n2, roots[m]!, roots[n]!, proof), `${m} -> ${n} as ${m2} -> ${n2}`).toBe(sameConsistencyModel(m, n, m2, n2));
          }
        }
        count++;
      }
    }
    expect(count).toBe((MAX * (MAX + 3)) / 2);
  });

  it('a leaf proved at size m stays provable at every later size', () => {
    // Sanity link between the two proof kinds: inclusion against roots reached by consistency.
    for (const [m, n] of [[1, 64], [5, 64], [32, 33], [33, 64], [63, 64]] as const) {
      expect(verifyConsistency(m, n, roots[m]!, roots[n]!, consistencyProof(leaves.slice(0, n), m))).toBe(true);
      for (let i = 0; i < m; i++) expect(verifyInclusion(i, n, hashes[i]!, inclusionProof(leaves.slice(0, n), i), roots[n]!)).toBe(true);
    }
  });
});

describe('CompactRange', () => {
  const MAX = 200;
  const leaves = Array.from({ length: MAX }, (_, i) => syntheticLeaf(i));
  const hashes = leaves.map(leafHash);

  it('matches merkleRoot for every size 0..200, and after fromFrontier(frontier()) round trips', () => {
    const range = CompactRange.empty();
    expect(range.size).toBe(0);
    expect(range.root()).toEqual(EMPTY_ROOT);
    for (let n = 1; n <= MAX; n++) {
      expect(range.append(hashes[n - 1]!)).toBe(n - 1);
      expect(range.size).toBe(n);
      const expected = merkleRoot(leaves.slice(0, n));
      expect(range.root(), `root at size ${n}`).toEqual(expected);
      const frontier = range.frontier();
      expect(frontier).toHaveLength(n.toString(2).replace(/0/g, '').length);
      const restored = CompactRange.fromFrontier(n, frontier);
      expect(restored.size).toBe(n);
      expect(restored.root()).toEqual(expected);
      expect(CompactRange.fromFrontier(BigInt(n), frontier).root()).toEqual(expected);
      // A restored range keeps appending correctly.
      if (n < MAX) {
        restored.append(hashes[n]!);
        expect(restored.root()).toEqual(merkleRoot(leaves.slice(0, n + 1)));
      }
    }
    const empty = CompactRange.fromFrontier(0, []);
    expect(empty.root()).toEqual(EMPTY_ROOT);
    expect(empty.frontier()).toEqual([]);
  });

  it('frontier entries are the perfect-subtree roots, largest first', () => {
    const range = CompactRange.empty();
    for (let i = 0; i < 13; i++) range.append(hashes[i]!); // 13 = 8 + 4 + 1
    expect(range.frontier()).toEqual([rootFromLeafHashes(hashes.slice(0, 8)), rootFromLeafHashes(hashes.slice(8, 12)), hashes[12]]);
  });

  it('reproduces the published roots', () => {
    const range = CompactRange.empty();
    for (const [i, leaf] of publishedLeaves().entries()) {
      range.append(leafHash(leaf));
      expect(hex(range.root())).toBe(fx().roots[String(i + 1)]);
    }
  });

  it('does not share state with its callers', () => {
    const range = CompactRange.empty();
    const h = new Uint8Array(hashes[0]!);
    range.append(h);
    h.fill(0);
    range.frontier()[0]!.fill(0);
    range.root().fill(0);
    expect(range.root()).toEqual(hashes[0]);
    CompactRange.empty().root().fill(0);
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('rejects malformed frontiers and leaf hashes', () => {
    const h = hashes[0]!;
    expect(() => CompactRange.fromFrontier(3, [h])).toThrow(RangeError);
    expect(() => CompactRange.fromFrontier(4, [h, h])).toThrow(RangeError);
    expect(() => CompactRange.fromFrontier(0, [h])).toThrow(RangeError);
    expect(() => CompactRange.fromFrontier(1, [h.subarray(0, 31)])).toThrow(RangeError);
    expect(() => CompactRange.fromFrontier(-1, [])).toThrow(RangeError);
    expect(() => CompactRange.fromFrontier(2n ** 53n, [h])).toThrow(RangeError);
    expect(() => CompactRange.empty().append(new Uint8Array(33))).toThrow(RangeError);
    expect(() => CompactRange.empty().append(new Uint8Array(0))).toThrow(RangeError);
  });

  it('handles sizes beyond 2^32 exactly', () => {
    // A restored range of 2^32 + 3 leaves: frontier = [root of 2^32, root of 2, leaf].
    const big = 2 ** 32 + 3;
    const frontier = [OTHER_HASH, nodeHash(hashes[0]!, hashes[1]!), hashes[2]!];
    const range = CompactRange.fromFrontier(big, frontier);
    expect(range.root()).toEqual(nodeHash(OTHER_HASH, rootFromLeafHashes(hashes.slice(0, 3))));
    range.append(hashes[3]!);
    expect(range.size).toBe(big + 1);
    expect(range.frontier()).toEqual([OTHER_HASH, rootFromLeafHashes(hashes.slice(0, 4))]);
    expect(range.root()).toEqual(nodeHash(OTHER_HASH, rootFromLeafHashes(hashes.slice(0, 4))));
  });
});

describe('sizes and indices beyond 2^31, 2^32 and 2^53', () => {
  const right = Array.from({ length: 9 }, (_, i) => leafHash(syntheticLeaf(1000 + i)));
  const bigLeft = OTHER_HASH; // stands in for the root of a perfect left subtree we never materialise

  it('computes proof lengths exactly', () => {
    // index 2^32+5 in 2^32+9: 3 hashes inside the right 8-subtree, the lone 9th leaf, the left 2^32 subtree.
    expect(inclusionProofLength(2 ** 32 + 5, 2 ** 32 + 9)).toBe(5);
    expect(inclusionProofLength(2n ** 32n + 5n, 2n ** 32n + 9n)).toBe(5);
    expect(inclusionProofLength(2 ** 31, 2 ** 31 + 1)).toBe(1);
    expect(inclusionProofLength(0, 2 ** 31 + 1)).toBe(32);
    expect(inclusionProofLength(0, 2 ** 32)).toBe(32);
    expect(inclusionProofLength(2 ** 32 - 1, 2 ** 32)).toBe(32);
    expect(inclusionProofLength(2n ** 63n, 2n ** 64n)).toBe(64);
    expect(inclusionProofLength(2n ** 64n - 1n, 2n ** 64n)).toBe(64);
    expect(inclusionProofLength(2n ** 53n + 1n, 2n ** 53n + 2n)).toBe(2);
    expect(consistencyProofLength(2 ** 32, 2 ** 32 + 9)).toBe(1);
    expect(consistencyProofLength(2 ** 32 + 3, 2 ** 32 + 9)).toBe(consistencyProofLength(3, 9) + 1);
    // 2^31+1 -> 2^32: the seed leaf, 31 hashes up the right half, the left half.
    expect(consistencyProofLength(2 ** 31 + 1, 2 ** 32)).toBe(33);
    expect(consistencyProofLength(1, 2n ** 64n)).toBe(64);
  });

  it('verifyInclusion returns false, not throws, for a right-length proof of arbitrary hashes', () => {
    const index = 2 ** 32 + 5;
    const size = 2 ** 32 + 9;
    const proof = Array.from({ length: inclusionProofLength(index, size) }, (_, i) => leafHash(Uint8Array.of(i)));
    expect(verifyInclusion(index, size, right[5]!, proof, OTHER_HASH)).toBe(false);
    expect(verifyInclusion(BigInt(index), BigInt(size), right[5]!, proof, OTHER_HASH)).toBe(false);
    expect(verifyInclusion(2n ** 60n + 3n, 2n ** 60n + 7n, right[5]!, proof, OTHER_HASH)).toBe(false);
    expect(verifyConsistency(2 ** 32 + 3, 2 ** 32 + 9, OTHER_HASH, OTHER_HASH, proof)).toBe(false);
  });

  for (const [label, offset] of [
    ['2^31', 2n ** 31n],
    ['2^32', 2n ** 32n],
    ['2^53', 2n ** 53n],
    ['2^60', 2n ** 60n],
  ] as const) {
    it(`verifies genuine proofs in a tree of ${label} + 9 leaves`, () => {
      // Tree of offset + 9 leaves: root = H(L, R) with L the perfect left subtree of
      // `offset` leaves (an opaque hash) and R the tree over the last 9 leaves.
      const size = offset + 9n;
      const rootR = rootFromLeafHashes(right);
      const root = nodeHash(bigLeft, rootR);
      for (let i = 0; i < 9; i++) {
        const proof = [...inclusionProofFromLeafHashes(right, i), bigLeft];
        const index = offset + BigInt(i);
        expect(proof.length).toBe(inclusionProofLength(index, size));
        expect(verifyInclusion(index, size, right[i]!, proof, root), `leaf ${label}+${i}`).toBe(true);
        if (offset < 2n ** 53n) expect(verifyInclusion(Number(index), Number(size), right[i]!, proof, root)).toBe(true);
        expect(verifyInclusion(index + 1n, size, right[i]!, proof, root)).toBe(false);
        // Same shape rule as for small trees: the path inside the right 9 leaves decides.
        expect(verifyInclusion(index, size + 1n, right[i]!, proof, root)).toBe(sameInclusionShape(i, 9, i, 10));
        expect(verifyInclusion(index, size - 2n, right[i]!, proof, root)).toBe(sameInclusionShape(i, 9, i, 7));
        expect(verifyInclusion(index, offset * 2n + 9n, right[i]!, proof, root)).toBe(false);
        expect(verifyInclusion(index, size, right[i]!, [...proof.slice(0, -1), flipBit(bigLeft, 3)], root)).toBe(false);
      }
      // Consistency from offset (a power of two: proof is just R) to offset + 9.
      expect(verifyConsistency(offset, size, bigLeft, root, [rootR])).toBe(true);
      expect(consistencyProofLength(offset, size)).toBe(1);
      // Consistency from offset + m to offset + 9: SUBPROOF(m, R, false) ++ [L]; for
      // m not a power of two SUBPROOF(m, R, false) equals PROOF(m, R).
      for (const m of [3, 5, 6, 7]) {
        const proof = [...consistencyProofFromLeafHashes(right, m), bigLeft];
        const root1 = nodeHash(bigLeft, rootFromLeafHashes(right.slice(0, m)));
        expect(proof.length).toBe(consistencyProofLength(offset + BigInt(m), size));
        expect(verifyConsistency(offset + BigInt(m), size, root1, root, proof), `${label}+${m} -> ${label}+9`).toBe(true);
        expect(verifyConsistency(offset + BigInt(m) - 1n, size, root1, root, proof)).toBe(false);
        expect(verifyConsistency(offset + BigInt(m), size - 1n, root1, root, proof)).toBe(false);
      }
    });
  }
});
