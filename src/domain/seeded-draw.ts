import { createHash } from 'node:crypto';

/**
 * A draw anyone can re-run: each candidate is ranked by SHA-256 of the seed
 * and its id, lowest first. With the recorded seed and candidate list, the
 * same order comes out again, by this code or by hand with a standard tool,
 * and nobody can steer it without choosing the seed. Panels are drawn and
 * audit samples chosen this way.
 */
export function drawRank(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}:${id}`).digest('hex');
}

/** The ids in draw order: lowest rank first. */
export function orderByDraw(seed: string, ids: readonly string[]): string[] {
  const ranked = ids.map((id) => ({ id, rank: drawRank(seed, id) }));
  return ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0)).map((entry) => entry.id);
}
