/**
 * Small-number suppression for published tables.
 *
 * Primary suppression hides every count from 1 to `threshold - 1` (zero is
 * shown: it picks out no one). Complementary suppression then hides further
 * cells so that no hidden count can be worked out from the published figures
 * by someone who also knows the rule: that a hidden count is at least 1,
 * since zeros are always shown. Two hidden cells of 1 whose sum is published
 * as 2 would both be known; so would a lone hidden cell in a line.
 *
 * A two-dimensional table with row and column totals is read as a grid of
 * (rows + 1) × (columns + 1) cells, the last row and column being the totals
 * and the corner the grand total. Every row and every column of that grid is a
 * "line": its last cell is the sum of the others. Changing hidden cells while
 * keeping every line's sum is a circulation on the bipartite graph whose
 * nodes are the lines and whose edges are the hidden cells: adding 1 and
 * taking 1 alternately around a cycle of hidden cells (with the signs flipped
 * on the total row and column, whose cells enter their lines' equations
 * negatively). A step is allowed when no hidden cell drops below 1. So a
 * hidden cell can take another value exactly when a cycle of allowed steps
 * runs through it (findDeterminedCell), and cells are hidden until none is
 * determined. The constraints of such a table are totally unimodular, so
 * what holds for whole-number steps holds for every table consistent with
 * the published figures.
 *
 * A one-dimensional table with a total has a single line: it is safe when it
 * has no hidden cell; or its total is hidden with at least one other cell;
 * or, its total published, at least two hidden cells that are not all 1.
 */
export type PublishedCell = { kind: 'count'; value: number } | { kind: 'suppressed' };

export type SuppressedList = { cells: PublishedCell[]; total: PublishedCell };

export type SuppressedGrid = { cells: PublishedCell[][]; rowTotals: PublishedCell[]; columnTotals: PublishedCell[]; total: PublishedCell };

export const sum = (values: readonly number[]) => values.reduce((acc, value) => acc + value, 0);

export function isPrimarySuppressed(value: number, threshold: number): boolean {
  return value > 0 && value < threshold;
}

/** A count as published: its value, or hidden. */
export function publish(value: number, hidden: boolean): PublishedCell {
  return hidden ? { kind: 'suppressed' } : { kind: 'count', value };
}

/** One cell on its own (no total): primary suppression only. */
export function suppressCount(value: number, threshold: number): PublishedCell {
  return publish(value, isPrimarySuppressed(value, threshold));
}

/** Counts with no total published (e.g. clauses, where a case may cite several): primary suppression only. */
export function suppressWithoutTotal(values: readonly number[], threshold: number): PublishedCell[] {
  return values.map((value) => suppressCount(value, threshold));
}

/**
 * A list of counts and their total. After primary suppression, a line with
 * exactly one hidden cell gets the smallest other non-zero cell hidden too,
 * or the total when there is none; hidden cells that are all 1 (their
 * published sum would give each away) get a count of at least 2 hidden
 * beside them, or the total.
 */
export function suppressList(values: readonly number[], threshold: number): SuppressedList {
  const total = sum(values);
  const hidden = values.map((value) => isPrimarySuppressed(value, threshold));
  let totalHidden = isPrimarySuppressed(total, threshold);
  const published = () => values.map((value, index) => ({ value, index })).filter((cell) => !hidden[cell.index] && cell.value > 0);
  const hideBeside = (candidates: { value: number; index: number }[]) => {
    const smallest = candidates.sort((a, b) => a.value - b.value || a.index - b.index)[0];
    if (smallest) hidden[smallest.index] = true;
    else totalHidden = true;
  };
  if (hidden.filter(Boolean).length + (totalHidden ? 1 : 0) === 1) hideBeside(published());
  const hiddenValues = values.filter((_, index) => hidden[index]);
  if (!totalHidden && hiddenValues.length > 0 && hiddenValues.every((value) => value === 1)) hideBeside(published().filter((cell) => cell.value >= 2));
  return { cells: values.map((value, index) => publish(value, hidden[index]!)), total: publish(total, totalHidden) };
}

export type GridCell = { row: number; column: number };

type Candidate = GridCell & { value: number; total: boolean };

/** The smallest inner cell first, then totals. */
const byPreference = (a: Candidate, b: Candidate) => Number(a.total) - Number(b.total) || a.value - b.value || a.row - b.row || a.column - b.column;

/**
 * The allowed steps of one hidden cell, as arcs between its row line and its
 * column line (row lines are nodes 0..rows-1 of the extended grid, column
 * lines rows..): "up" adds 1 to the cell's signed value and runs row → column,
 * "down" takes 1 and runs column → row. A step that would take a hidden cell
 * below 1 is not allowed: an inner cell or the grand total (sign +1) can go
 * down only from 2; a row or column total (sign -1) can go up only from 2.
 */
function steps(values: readonly (readonly number[])[], row: number, column: number): { up: boolean; down: boolean } {
  const last = { row: values.length - 1, column: values[0]!.length - 1 };
  const sign = (row === last.row ? -1 : 1) * (column === last.column ? -1 : 1);
  const movable = values[row]![column]! >= 2;
  return { up: sign === 1 || movable, down: sign === -1 || movable };
}

/** Whether `to` can be reached from `from` by allowed steps of hidden cells other than `without`. */
function reaches(values: readonly (readonly number[])[], hidden: readonly (readonly boolean[])[], from: number, to: number, without: GridCell): boolean {
  const rows = values.length;
  const columns = values[0]!.length;
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (node === to) return true;
    const isRow = node < rows;
    const cells = isRow ? Array.from({ length: columns }, (_, column) => ({ row: node, column })) : Array.from({ length: rows }, (_, row) => ({ row, column: node - rows }));
    for (const cell of cells) {
      if (!hidden[cell.row]![cell.column] || (cell.row === without.row && cell.column === without.column)) continue;
      const step = steps(values, cell.row, cell.column);
      const next = isRow ? rows + cell.column : cell.row;
      if ((isRow ? step.up : step.down) && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

/** Whether a hidden cell of the extended grid can take no other value: no cycle of allowed steps runs through it. */
function isDetermined(values: readonly (readonly number[])[], hidden: readonly (readonly boolean[])[], cell: GridCell): boolean {
  const rowLine = cell.row;
  const columnLine = values.length + cell.column;
  const step = steps(values, cell.row, cell.column);
  return !((step.up && reaches(values, hidden, columnLine, rowLine, cell)) || (step.down && reaches(values, hidden, rowLine, columnLine, cell)));
}

/**
 * A hidden cell of an extended grid (totals in the last row and column) whose
 * value the published figures fix, for someone who knows every hidden count
 * is at least 1; or null when there is none.
 */
export function findDeterminedCell(values: readonly (readonly number[])[], hidden: readonly (readonly boolean[])[]): GridCell | null {
  for (let row = 0; row < values.length; row += 1) {
    for (let column = 0; column < values[row]!.length; column += 1) {
      if (hidden[row]![column] && isDetermined(values, hidden, { row, column })) return { row, column };
    }
  }
  return null;
}

/**
 * A table with row totals, column totals and a grand total. While a hidden
 * cell is determined, one more non-zero cell is hidden: the most preferred
 * (smallest inner cell first, then totals) of those that free it, else of
 * those in its row or column, else of any. It ends, since every round hides
 * one more cell, and safely: with every non-zero cell hidden, adding one case
 * to an inner cell, its row and column totals and the grand total moves each
 * hidden cell.
 */
export function suppressGrid(values: readonly (readonly number[])[], threshold: number): SuppressedGrid {
  const rows = values.length;
  const columns = rows === 0 ? 0 : values[0]!.length;
  const rowTotals = values.map((row) => sum(row));
  const columnTotals = Array.from({ length: columns }, (_, column) => sum(values.map((row) => row[column]!)));
  // The extended grid: inner cells, each row's total at its end, the column totals and grand total below.
  const grid = [...values.map((row, index) => [...row, rowTotals[index]!]), [...columnTotals, sum(rowTotals)]];
  const hidden = grid.map((row) => row.map((value) => isPrimarySuppressed(value, threshold)));
  for (let determined = findDeterminedCell(grid, hidden); determined !== null; determined = findDeterminedCell(grid, hidden)) {
    const candidates: Candidate[] = [];
    grid.forEach((line, row) =>
      line.forEach((value, column) => {
        // Zeros stay shown: they pick out no one.
        if (!hidden[row]![column] && value > 0) candidates.push({ row, column, value, total: row === rows || column === columns });
      }),
    );
    candidates.sort(byPreference);
    const frees = (candidate: Candidate) => {
      hidden[candidate.row]![candidate.column] = true;
      const freed = !isDetermined(grid, hidden, determined!);
      hidden[candidate.row]![candidate.column] = false;
      return freed;
    };
    const chosen = candidates.find(frees) ?? candidates.find((candidate) => candidate.row === determined!.row || candidate.column === determined!.column) ?? candidates[0]!;
    hidden[chosen.row]![chosen.column] = true;
  }
  return {
    cells: values.map((row, r) => row.map((value, c) => publish(value, hidden[r]![c]!))),
    rowTotals: rowTotals.map((value, r) => publish(value, hidden[r]![columns]!)),
    columnTotals: columnTotals.map((value, c) => publish(value, hidden[rows]![c]!)),
    total: publish(grid[rows]![columns]!, hidden[rows]![columns]!),
  };
}
