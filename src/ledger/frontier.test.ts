import { describe, expect, it } from 'vitest';
import { appendToFrontier, frontierLevels, frontierRoot } from './frontier.js';
import { leafHash, merkleRoot } from './merkle.js';

const leaves = Array.from({ length: 70 }, (_, index) => new TextEncoder().encode(`leaf ${index}`));

describe('appending to a stored frontier', () => {
  it('gives the RFC 9162 root at every size, whether appended one by one or in batches', () => {
    let state = { size: 0, frontier: [] as Uint8Array[] };
    for (const [index, leaf] of leaves.entries()) {
      const next = appendToFrontier(state.size, state.frontier, [leafHash(leaf)]);
      state = { size: next.size, frontier: next.frontier };
      expect(Buffer.from(frontierRoot(state.size, state.frontier)).toString('hex')).toBe(Buffer.from(merkleRoot(leaves.slice(0, index + 1))).toString('hex'));
    }
    const batched = appendToFrontier(0, [], leaves.map(leafHash));
    expect(batched.frontier.map((hash) => Buffer.from(hash).toString('hex'))).toEqual(state.frontier.map((hash) => Buffer.from(hash).toString('hex')));
  });

  it('reports every completed perfect subtree with its level, index and hash, once', () => {
    const { completed } = appendToFrontier(0, [], leaves.map(leafHash));
    // A log of n leaves has n - popcount(n) internal perfect nodes.
    expect(completed).toHaveLength(70 - frontierLevels(70).length);
    for (const node of completed) {
      const span = 2 ** node.level;
      expect(Buffer.from(node.hash).toString('hex')).toBe(Buffer.from(merkleRoot(leaves.slice(node.index * span, (node.index + 1) * span))).toString('hex'));
    }
    expect(new Set(completed.map((node) => `${node.level}:${node.index}`)).size).toBe(completed.length);
  });

  it('refuses a frontier that does not fit the size', () => {
    expect(() => appendToFrontier(3, [leafHash(leaves[0]!)], [])).toThrow(/frontier hashes/);
  });
});
