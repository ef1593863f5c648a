/**
 * Small-number suppression for published tables.
 *
 * Primary suppression hides every count from 1 to `threshold - 1` (zero is
 * shown: it picks out no one). Complementary suppression then hides further
 * cells so that no hidden count can be worked out by subtraction from the
 * published figures and totals.
 *
 * A two-dimensional table with row and column totals is read as a grid of
 * (rows + 1) × (columns + 1) cells, the last row and column being the totals
 * and the corner the grand total. Every row and every column of that grid is a
 * "line": its last cell is the sum of the others. Hidden cells are the edges
 * of a bipartite graph between row lines and column lines. A hidden cell can
 * be worked out exactly when, and only when, its edge is a bridge of that
 * graph (no cycle of hidden cells runs through it): a line with one hidden
 * cell is the simplest case. So cells are hidden until no hidden edge is a
 * bridge, hiding only non-zero cells. Then every hidden cell lies on a cycle, and adding 1 and
 * subtracting 1 alternately around the cycle (with the signs flipped on the
 * total line, whose cell enters its equations negatively) gives another table
 * with the same published figures in which that cell differs; every hidden
 * cell is at least 1 (zeros are never hidden), so no count goes negative.
 *
 * A one-dimensional table with a total has a single line: it is safe when it
 * has no hidden cell, or at least two (including, possibly, the total).
 */
export type PublishedCell = { kind: 'count'; value: number } | { kind: 'suppressed' };

export type SuppressedList = { cells: PublishedCell[]; total: PublishedCell };

export type SuppressedGrid = { cells: PublishedCell[][]; rowTotals: PublishedCell[]; columnTotals: PublishedCell[]; total: PublishedCell };

const sum = (values: readonly number[]) => values.reduce((acc, value) => acc + value, 0);

export function isPrimarySuppressed(value: number, threshold: number): boolean {
  return value > 0 && value < threshold;
}

function publish(value: number, hidden: boolean): PublishedCell {
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
 * or the total when there is none.
 */
export function suppressList(values: readonly number[], threshold: number): SuppressedList {
  const total = sum(values);
  const hidden = values.map((value) => isPrimarySuppressed(value, threshold));
  let totalHidden = isPrimarySuppressed(total, threshold);
  const hiddenCount = () => hidden.filter(Boolean).length + (totalHidden ? 1 : 0);
  if (hiddenCount() === 1) {
    const candidates = values.map((value, index) => ({ value, index })).filter((cell) => !hidden[cell.index] && cell.value > 0);
    const smallest = candidates.sort((a, b) => a.value - b.value || a.index - b.index)[0];
    if (smallest && !totalHidden) hidden[smallest.index] = true;
    else if (!totalHidden) totalHidden = true;
    else if (smallest) hidden[smallest.index] = true;
  }
  return { cells: values.map((value, index) => publish(value, hidden[index]!)), total: publish(total, totalHidden) };
}

type Edge = { row: number; column: number };

type Candidate = { row: number; column: number; value: number; total: boolean };

/** The smallest inner cell first, then totals. */
const byPreference = (a: Candidate, b: Candidate) => Number(a.total) - Number(b.total) || a.value - b.value || a.row - b.row || a.column - b.column;

/**
 * The row and column lines reachable from `start` through hidden cells,
 * ignoring `without` (the edge being tested). Row lines are numbered
 * 0..rows, column lines rows+1..rows+1+columns.
 */
function reachable(hidden: readonly boolean[][], start: number, without: Edge): Set<number> {
  const rows = hidden.length;
  const columns = hidden[0]!.length;
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (node < rows) {
      for (let column = 0; column < columns; column += 1) {
        const next = rows + column;
        if (hidden[node]![column] && !(node === without.row && column === without.column) && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    } else {
      const column = node - rows;
      for (let row = 0; row < rows; row += 1) {
        if (hidden[row]![column] && !(row === without.row && column === without.column) && !seen.has(row)) {
          seen.add(row);
          queue.push(row);
        }
      }
    }
  }
  return seen;
}

/** A hidden cell whose value could be worked out from the published ones (a bridge), or null. */
export function findDerivableCell(hidden: readonly boolean[][]): Edge | null {
  const rows = hidden.length;
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < hidden[row]!.length; column += 1) {
      if (!hidden[row]![column]) continue;
      const edge = { row, column };
      if (!reachable(hidden, row, edge).has(rows + column)) return edge;
    }
  }
  return null;
}

/**
 * A table with row totals, column totals and a grand total. Each derivable
 * hidden cell (a bridge) is protected by hiding one more cell: one that
 * closes a cycle through it when there is one (joining the two sides the
 * bridge separates), else one that extends either side; the smallest
 * non-zero inner cell first, then totals; never a zero. Repeated until no hidden cell is
 * derivable; it ends, since every round hides one more cell.
 */
export function suppressGrid(values: readonly (readonly number[])[], threshold: number): SuppressedGrid {
  const rows = values.length;
  const columns = rows === 0 ? 0 : values[0]!.length;
  const rowTotals = values.map((row) => sum(row));
  const columnTotals = Array.from({ length: columns }, (_, column) => sum(values.map((row) => row[column]!)));
  // The extended grid: inner cells, each row's total at its end, the column totals and grand total below.
  const grid = [...values.map((row, index) => [...row, rowTotals[index]!]), [...columnTotals, sum(rowTotals)]];
  const hidden = grid.map((row) => row.map((value) => isPrimarySuppressed(value, threshold)));
  const isTotal = (row: number, column: number) => row === rows || column === columns;
  const lines = rows + 1;
  for (let bridge = findDerivableCell(hidden); bridge !== null; bridge = findDerivableCell(hidden)) {
    const side = reachable(hidden, bridge.row, bridge);
    const other = reachable(hidden, lines + bridge.column, bridge);
    const closing: Candidate[] = [];
    const extending: Candidate[] = [];
    for (let row = 0; row <= rows; row += 1) {
      for (let column = 0; column <= columns; column += 1) {
        // Zeros stay shown: they pick out no one, and a hidden zero could not be moved down around a cycle.
        if (hidden[row]![column] || grid[row]![column] === 0) continue;
        const candidate = { row, column, value: grid[row]![column]!, total: isTotal(row, column) };
        const columnLine = lines + column;
        // A cell closes a cycle through the bridge when it joins its two sides; otherwise one touching either side extends them.
        if ((side.has(row) && other.has(columnLine)) || (other.has(row) && side.has(columnLine))) closing.push(candidate);
        else if (side.has(row) || other.has(row) || side.has(columnLine) || other.has(columnLine)) extending.push(candidate);
      }
    }
    const chosen = closing.sort(byPreference)[0] ?? extending.sort(byPreference)[0];
    // A hidden inner cell's row total, column total and the grand total are all at least 1, and any of them not yet
    // hidden touches a side, so a non-zero candidate always remains.
    hidden[chosen!.row]![chosen!.column] = true;
  }
  return {
    cells: values.map((row, r) => row.map((value, c) => publish(value, hidden[r]![c]!))),
    rowTotals: rowTotals.map((value, r) => publish(value, hidden[r]![columns]!)),
    columnTotals: columnTotals.map((value, c) => publish(value, hidden[rows]![c]!)),
    total: publish(grid[rows]![columns]!, hidden[rows]![columns]!),
  };
}
