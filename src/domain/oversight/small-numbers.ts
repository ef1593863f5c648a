/**
 * A count as it may be shown to someone who must not be able to pick out a
 * case: below the threshold it is hidden. (The public statistics add
 * complementary suppression so hidden cells cannot be worked out from totals;
 * this page shows no totals.)
 */
export type ShownCount = { kind: 'count'; value: number } | { kind: 'suppressed'; below: number };

export function shownCount(count: number, threshold: number): ShownCount {
  return count > 0 && count < threshold ? { kind: 'suppressed', below: threshold } : { kind: 'count', value: count };
}
