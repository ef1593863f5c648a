import { CompactRange, nodeHash } from './merkle.js';

/**
 * Appending to a stored log: the frontier (the roots of the perfect subtrees
 * covering the log, largest first) is all an append needs, and each append
 * reports the perfect-subtree nodes it completes, so they can be stored for
 * proofs. O(log n) per leaf.
 */
export type CompletedNode = { level: number; index: number; hash: Uint8Array };

/** The levels of a frontier's subtrees for a log of `size` leaves: its set bits, highest first. */
export function frontierLevels(size: number): number[] {
  const levels: number[] = [];
  for (let level = 52; level >= 0; level--) {
    if (Math.floor(size / 2 ** level) % 2 === 1) levels.push(level);
  }
  return levels;
}

export function appendToFrontier(size: number, frontier: Uint8Array[], leafHashes: Uint8Array[]): { size: number; frontier: Uint8Array[]; completed: CompletedNode[] } {
  const levels = frontierLevels(size);
  if (levels.length !== frontier.length) throw new Error(`a log of ${size} leaves has ${levels.length} frontier hashes, not ${frontier.length}`);
  const stack = frontier.map((hash, position) => ({ level: levels[position]!, hash }));
  const completed: CompletedNode[] = [];
  let count = size;
  for (const leaf of leafHashes) {
    let carry = leaf;
    let level = 0;
    while (stack.length > 0 && stack[stack.length - 1]!.level === level) {
      carry = nodeHash(stack.pop()!.hash, carry);
      level += 1;
      completed.push({ level, index: (count + 1) / 2 ** level - 1, hash: carry });
    }
    stack.push({ level, hash: carry });
    count += 1;
  }
  return { size: count, frontier: stack.map((entry) => entry.hash), completed };
}

export function frontierRoot(size: number, frontier: Uint8Array[]): Uint8Array {
  return CompactRange.fromFrontier(size, frontier).root();
}
