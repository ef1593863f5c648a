/**
 * A count as it may be shown to someone who must not be able to pick out a
 * case: below the threshold it is hidden. (The public statistics add
 * complementary suppression so hidden cells cannot be worked out from totals;
 * this page shows no totals.)
 */
/** Cells smaller than this are hidden, so that no one can pick out a case or a person from the figures. */
export const SMALL_CELL = 5;

export type ShownCount = { kind: 'count'; value: number } | { kind: 'suppressed'; below: number };

export function shownCount(count: number, threshold: number): ShownCount {
  return count > 0 && count < threshold ? { kind: 'suppressed', below: threshold } : { kind: 'count', value: count };
}
