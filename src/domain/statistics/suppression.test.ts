import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDerivableCell, suppressGrid, suppressList, type PublishedCell, type SuppressedGrid } from './suppression.js';

// Many small values (the cells that need hiding), some zeros and some large ones.
const count = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 60 }) }, { weight: 1, arbitrary: fc.constant(0) });
const threshold = fc.integer({ min: 2, max: 10 });
const grid = fc.integer({ min: 1, max: 6 }).chain((columns) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 7 }));

const isHidden = (cell: PublishedCell) => cell.kind === 'suppressed';

/** The published table as the extended grid (totals in the last row and column), with hidden cells marked. */
function extended(values: number[][], published: SuppressedGrid): { numbers: number[][]; hidden: boolean[][] } {
  const rowTotals = values.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = values[0]!.map((_, c) => values.reduce((a, row) => a + row[c]!, 0));
  const numbers = [...values.map((row, r) => [...row, rowTotals[r]!]), [...columnTotals, rowTotals.reduce((a, b) => a + b, 0)]];
  const hidden = [...published.cells.map((row, r) => [...row.map(isHidden), isHidden(published.rowTotals[r]!)]), [...published.columnTotals.map(isHidden), isHidden(published.total)]];
  return { numbers, hidden };
}

/**
 * The check "by solving": for a hidden cell, finds a cycle of hidden cells
 * through it (a path between its row line and column line that avoids it)
 * and builds the table obtained by adding ±1 alternately around the cycle,
 * the sign flipped on the total row and column (whose cell enters each line's
 * equation with the opposite sign). Returns the other table if it is
 * non-negative and agrees with every published figure, so the hidden cell
 * can take at least two values; null otherwise.
 */
function alternativeTable(numbers: number[][], hidden: boolean[][], target: { row: number; column: number }): number[][] | null {
  const rows = numbers.length;
  const columns = numbers[0]!.length;
  // Breadth-first search over lines: nodes 0..rows-1 are row lines, rows.. are column lines.
  const previous = new Map<number, { node: number; row: number; column: number }>();
  const start = target.row;
  const goal = rows + target.column;
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0 && !seen.has(goal)) {
    const node = queue.shift()!;
    const neighbours = node < rows ? numbers[0]!.map((_, c) => ({ next: rows + c, row: node, column: c })) : numbers.map((_, r) => ({ next: r, row: r, column: node - rows }));
    for (const { next, row, column } of neighbours) {
      if (!hidden[row]![column] || (row === target.row && column === target.column) || seen.has(next)) continue;
      seen.add(next);
      previous.set(next, { node, row, column });
      queue.push(next);
    }
  }
  if (!seen.has(goal)) return null;
  const cycle = [target];
  for (let node = goal; node !== start; node = previous.get(node)!.node) cycle.push(previous.get(node)!);
  const sign = (row: number, column: number) => (row === rows - 1 ? -1 : 1) * (column === columns - 1 ? -1 : 1);
  for (const direction of [1, -1]) {
    const other = numbers.map((row) => [...row]);
    cycle.forEach((cell, index) => {
      other[cell.row]![cell.column]! += direction * (index % 2 === 0 ? 1 : -1) * sign(cell.row, cell.column);
    });
    const consistent =
      other.every((row) => row.every((value) => value >= 0)) &&
      other.every((row) => row.slice(0, -1).reduce((a, b) => a + b, 0) === row.at(-1)) &&
      other[0]!.every((_, c) => other.slice(0, -1).reduce((a, row) => a + row[c]!, 0) === other.at(-1)![c]) &&
      // Everything published is unchanged.
      other.every((row, r) => row.every((value, c) => hidden[r]![c] || value === numbers[r]![c]));
    if (consistent && other[target.row]![target.column] !== numbers[target.row]![target.column]) return other;
  }
  return null;
}

describe('suppression of a table with totals', () => {
  it('hides every count from 1 to the threshold minus one, and shows zeros and the rest unchanged where published', () => {
    fc.assert(
      fc.property(grid, threshold, (values, limit) => {
        const published = suppressGrid(values, limit);
        const { numbers, hidden } = extended(values, published);
        numbers.forEach((row, r) =>
          row.forEach((value, c) => {
            if (value > 0 && value < limit) expect(hidden[r]![c]).toBe(true);
          }),
        );
        published.cells.forEach((row, r) => row.forEach((cell, c) => cell.kind === 'count' && expect(cell.value).toBe(values[r]![c])));
        published.rowTotals.forEach((cell, r) => cell.kind === 'count' && expect(cell.value).toBe(numbers[r]!.at(-1)));
        published.columnTotals.forEach((cell, c) => cell.kind === 'count' && expect(cell.value).toBe(numbers.at(-1)![c]));
        if (published.total.kind === 'count') expect(published.total.value).toBe(numbers.at(-1)!.at(-1));
        // Zeros are never hidden.
        numbers.forEach((row, r) => row.forEach((value, c) => value === 0 && expect(hidden[r]![c]).toBe(false)));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no hidden cell alone in its row, its column or the total line', () => {
    fc.assert(
      fc.property(grid, threshold, (values, limit) => {
        const { hidden } = extended(values, suppressGrid(values, limit));
        for (const row of hidden) expect(row.filter(Boolean).length).not.toBe(1);
        for (let c = 0; c < hidden[0]!.length; c += 1) expect(hidden.filter((row) => row[c]).length).not.toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('lets no hidden cell be worked out: another table agrees with every published figure and differs in that cell', () => {
    fc.assert(
      fc.property(grid, threshold, (values, limit) => {
        const { numbers, hidden } = extended(values, suppressGrid(values, limit));
        expect(findDerivableCell(hidden)).toBeNull();
        hidden.forEach((row, r) =>
          row.forEach((isHiddenCell, c) => {
            if (isHiddenCell) expect(alternativeTable(numbers, hidden, { row: r, column: c }), `cell ${r},${c} of ${JSON.stringify(numbers)}`).not.toBeNull();
          }),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('hides nothing when every count is zero or at least the threshold', () => {
    const published = suppressGrid([[0, 12], [7, 9]], 5);
    expect(published.cells.flat().every((cell) => cell.kind === 'count')).toBe(true);
  });

  it('protects a lone small cell with a second cell in its row and column and the totals that close the cycle', () => {
    const published = suppressGrid([[3, 20, 30], [40, 50, 60]], 5);
    const hidden = published.cells.map((row) => row.map(isHidden));
    expect(hidden[0]![0]).toBe(true);
    expect(hidden[0]!.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(hidden.filter((row) => row[0]).length).toBeGreaterThanOrEqual(2);
  });
});

describe('suppression of a list with a total', () => {
  const list = fc.array(count, { minLength: 0, maxLength: 12 });

  it('hides small counts, never zeros, publishes the rest unchanged, and never leaves exactly one hidden figure in the line', () => {
    fc.assert(
      fc.property(list, threshold, (values, limit) => {
        const published = suppressList(values, limit);
        const total = values.reduce((a, b) => a + b, 0);
        values.forEach((value, index) => {
          const cell = published.cells[index]!;
          if (value > 0 && value < limit) expect(cell.kind).toBe('suppressed');
          if (value === 0) expect(cell).toEqual({ kind: 'count', value: 0 });
          if (cell.kind === 'count') expect(cell.value).toBe(value);
        });
        if (total > 0 && total < limit) expect(published.total.kind).toBe('suppressed');
        if (published.total.kind === 'count') expect(published.total.value).toBe(total);
        const hidden = [...published.cells, published.total].filter(isHidden).length;
        expect(hidden === 0 || hidden >= 2).toBe(true);
        // One equation (cells sum to the total) and two or more unknowns, each at least 1: moving 1 between two
        // hidden cells (or adding 1 to a hidden cell and the hidden total) keeps every published figure, so none is determined.
        const hiddenValues = [...values.filter((_, index) => published.cells[index]!.kind === 'suppressed'), ...(published.total.kind === 'suppressed' ? [total] : [])];
        expect(hiddenValues.every((value) => value >= 1)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('hides the smallest other non-zero count alongside a lone small one', () => {
    const published = suppressList([2, 0, 40, 9, 12], 5);
    expect(published.cells.map((cell) => cell.kind)).toEqual(['suppressed', 'count', 'count', 'suppressed', 'count']);
    expect(published.total).toEqual({ kind: 'count', value: 63 });
  });

  it('hides the total when the only other count is zero', () => {
    const published = suppressList([3, 0], 5);
    expect(published.total.kind).toBe('suppressed');
  });
});
