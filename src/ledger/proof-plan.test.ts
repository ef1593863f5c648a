import { describe, expect, it } from 'vitest';
import { CompactRange, consistencyProof, consistencyProofLength, inclusionProof, inclusionProofLength, leafHash, merkleRoot } from './merkle.js';
import {
  type Range,
  type Subtree,
  composeRange,
  consistencyRanges,
  inclusionRanges,
  perfectSubtrees,
  subtreeRange,
} from './proof-plan.js';

const MAX_SIZE = 70;
const leaves = Array.from({ length: MAX_SIZE }, (_, i) => new TextEncoder().encode(`leaf ${i}`));

/** Perfect-subtree hashes as a log would store them, computed here with merkleRoot over slices. */
const stored = new Map<string, Uint8Array>();
function subtreeHash({ level, index }: Subtree): Uint8Array {
  const key = `${level}/${index}`;
  let h = stored.get(key);
  if (h === undefined) {
    const width = 2 ** level;
    h = merkleRoot(leaves.slice(index * width, (index + 1) * width));
    stored.set(key, h);
  }
  return h;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/**
 * Checks that the subtrees are aligned, lie within [0, size), are sorted largest first
 * and tile `range` exactly; returns them.
 */
function checkedSubtrees(range: Range, size: number): Subtree[] {
  const subtrees = perfectSubtrees(range);
  let position = range.start;
  let previousLevel = Infinity;
  for (const s of subtrees) {
    const width = 2 ** s.level;
    expect(Number.isSafeInteger(s.level) && s.level >= 0).toBe(true);
    expect(Number.isSafeInteger(s.index) && s.index >= 0).toBe(true);
    const start = s.index * width;
    expect(start % width).toBe(0); // aligned
    expect(start).toBe(position); // contiguous
    expect(start + width).toBeLessThanOrEqual(size); // within the tree
    expect(s.level).toBeLessThan(previousLevel); // strictly largest first (one per set bit)
    expect(subtreeRange(s)).toEqual({ start, end: start + width });
    previousLevel = s.level;
    position = start + width;
  }
  expect(position).toBe(range.end);
  return subtrees;
}

function log2Bound(n: number): number {
  return (Math.log2(n) + 1) ** 2;
}

describe('inclusionRanges', () => {
  it('composes to exactly inclusionProof for every index of every size 1..70', () => {
    for (let size = 1; size <= MAX_SIZE; size++) {
      const tree = leaves.slice(0, size);
      for (let index = 0; index < size; index++) {
        const ranges = inclusionRanges(index, size);
        let subtreeCount = 0;
        const planned = ranges.map((range) => {
          const subtrees = checkedSubtrees(range, size);
          subtreeCount += subtrees.length;
          return composeRange(subtrees.map(subtreeHash));
        });
        const expected = inclusionProof(tree, index);
        expect(planned.map(hex), `index ${index} size ${size}`).toEqual(expected.map(hex));
        expect(subtreeCount).toBeLessThanOrEqual(log2Bound(size));
      }
    }
  });

  it('never includes the leaf itself and covers all other leaves exactly once', () => {
    for (let size = 1; size <= MAX_SIZE; size++) {
      for (let index = 0; index < size; index++) {
        const covered = new Array<number>(size).fill(0);
        for (const r of inclusionRanges(index, size)) for (let i = r.start; i < r.end; i++) covered[i]!++;
        expect(covered).toEqual(Array.from({ length: size }, (_, i) => (i === index ? 0 : 1)));
      }
    }
  });

  it('refuses out-of-range arguments', () => {
    expect(() => inclusionRanges(0, 0)).toThrow(RangeError);
    expect(() => inclusionRanges(5, 5)).toThrow(RangeError);
    expect(() => inclusionRanges(-1, 5)).toThrow(RangeError);
    expect(() => inclusionRanges(1.5, 5)).toThrow(RangeError);
    expect(() => inclusionRanges(0, 2 ** 53)).toThrow(RangeError);
    expect(inclusionRanges(0, 1)).toEqual([]);
  });
});

describe('consistencyRanges', () => {
  it('composes to exactly consistencyProof for every size1 of every size2 1..70', () => {
    for (let size2 = 1; size2 <= MAX_SIZE; size2++) {
      const tree = leaves.slice(0, size2);
      for (let size1 = 0; size1 <= size2; size1++) {
        const ranges = consistencyRanges(size1, size2);
        let subtreeCount = 0;
        const planned = ranges.map((range) => {
          const subtrees = checkedSubtrees(range, size2);
          subtreeCount += subtrees.length;
          return composeRange(subtrees.map(subtreeHash));
        });
        const expected = consistencyProof(tree, size1);
        expect(planned.map(hex), `size1 ${size1} size2 ${size2}`).toEqual(expected.map(hex));
        expect(subtreeCount).toBeLessThanOrEqual(log2Bound(size2));
      }
    }
  });

  it('is empty for the trivial cases and refuses size1 > size2', () => {
    expect(consistencyRanges(0, 0)).toEqual([]);
    expect(consistencyRanges(0, 9)).toEqual([]);
    expect(consistencyRanges(9, 9)).toEqual([]);
    expect(() => consistencyRanges(10, 9)).toThrow(RangeError);
    expect(() => consistencyRanges(-1, 9)).toThrow(RangeError);
    expect(() => consistencyRanges(1, 2 ** 53)).toThrow(RangeError);
  });
});

describe('perfectSubtrees and composeRange', () => {
  it('compose MTH(D[start:end]) for every RFC-aligned range within 70 leaves', () => {
    let checked = 0;
    for (let start = 0; start < MAX_SIZE; start++) {
      for (let end = start + 1; end <= MAX_SIZE; end++) {
        const top = 2 ** Math.floor(Math.log2(end - start));
        if (start % top !== 0) {
          expect(() => perfectSubtrees({ start, end })).toThrow(RangeError);
          continue;
        }
        const subtrees = checkedSubtrees({ start, end }, MAX_SIZE);
        expect(hex(composeRange(subtrees.map(subtreeHash)))).toBe(hex(merkleRoot(leaves.slice(start, end))));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('decomposes the whole tree into the compact-range frontier', () => {
    for (let size = 1; size <= MAX_SIZE; size++) {
      const range = CompactRange.empty();
      for (const leaf of leaves.slice(0, size)) range.append(leafHash(leaf));
      const subtrees = perfectSubtrees({ start: 0, end: size });
      expect(subtrees.map(subtreeHash).map(hex)).toEqual(range.frontier().map(hex));
      expect(hex(composeRange(subtrees.map(subtreeHash)))).toBe(hex(range.root()));
    }
  });

  it('gives one subtree per set bit, largest first', () => {
    expect(perfectSubtrees({ start: 0, end: 13 })).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(perfectSubtrees({ start: 16, end: 32 })).toEqual([{ level: 4, index: 1 }]);
    expect(perfectSubtrees({ start: 8, end: 14 })).toEqual([
      { level: 2, index: 2 },
      { level: 1, index: 6 },
    ]);
    expect(perfectSubtrees({ start: 5, end: 6 })).toEqual([{ level: 0, index: 5 }]);
    expect(perfectSubtrees({ start: 4, end: 4 })).toEqual([]);
  });

  it('refuses ranges that are not RFC subtrees', () => {
    expect(() => perfectSubtrees({ start: 1, end: 3 })).toThrow(RangeError);
    expect(() => perfectSubtrees({ start: 2, end: 6 })).toThrow(RangeError);
    expect(() => perfectSubtrees({ start: 4, end: 3 })).toThrow(RangeError);
    expect(() => perfectSubtrees({ start: -2, end: 3 })).toThrow(RangeError);
    expect(() => perfectSubtrees({ start: 0, end: 2 ** 53 })).toThrow(RangeError);
  });

  it('composeRange folds from the right and checks its input', () => {
    const [a, b, c] = [leafHash(leaves[0]!), leafHash(leaves[1]!), leafHash(leaves[2]!)];
    expect(hex(composeRange([a]))).toBe(hex(a));
    expect(composeRange([a])).not.toBe(a);
    expect(hex(composeRange([]))).toBe(hex(merkleRoot([])));
    expect(hex(composeRange([a, b, c]))).toBe(hex(composeRange([a, composeRange([b, c])])));
    expect(() => composeRange([a, new Uint8Array(31)])).toThrow(RangeError);
  });
});

describe('large trees (planning only)', () => {
  const cases: [number, number][] = [
    [0, 2 ** 31 + 1],
    [2 ** 31, 2 ** 32 + 7],
    [2 ** 32 - 1, 2 ** 32],
    [2 ** 40 + 12345, 2 ** 45 + 3],
    [123456789012, 987654321098],
    [2 ** 52 + 1, 2 ** 52 + 3],
    [2 ** 53 - 2, 2 ** 53 - 1],
    [7, Number.MAX_SAFE_INTEGER],
  ];

  it('plans as many inclusion hashes as the proof has, with aligned subtrees, O(log² n) in total', () => {
    for (const [index, size] of cases) {
      const ranges = inclusionRanges(index, size);
      expect(ranges.length, `${index}/${size}`).toBe(inclusionProofLength(index, size));
      let count = 0;
      for (const r of ranges) {
        expect(index >= r.start && index < r.end).toBe(false);
        count += checkedSubtrees(r, size).length;
      }
      expect(count).toBeLessThanOrEqual(log2Bound(size));
    }
  });

  it('plans as many consistency hashes as the proof has, with aligned subtrees, O(log² n) in total', () => {
    for (const [size1, size2] of cases) {
      const ranges = consistencyRanges(size1, size2);
      expect(ranges.length, `${size1}/${size2}`).toBe(consistencyProofLength(size1, size2));
      let count = 0;
      for (const r of ranges) count += checkedSubtrees(r, size2).length;
      expect(count).toBeLessThanOrEqual(log2Bound(size2));
    }
  });
});
