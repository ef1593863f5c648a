import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDisclosureAudit, type DisclosureAudit, type Figure } from '../../../test/helpers/disclosure-audit.js';
import { findDeterminedCell, suppressGrid, suppressList, type PublishedCell, type SuppressedGrid } from './suppression.js';

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

/** The grid's published figures for the audit: each inner cell is a variable; totals are sums of them. */
function gridFigures(values: number[][], hidden: boolean[][]): Figure[] {
  const rows = values.length;
  const columns = values[0]!.length;
  const cells = values.flatMap((line, r) => line.map((value, c) => ({ name: `c${r}_${c}`, value, r, c })));
  const figure = (r: number, c: number, parts: typeof cells): Figure => ({
    name: `${r},${c}`,
    terms: parts.map((part) => part.name),
    value: parts.reduce((acc, part) => acc + part.value, 0),
    hidden: hidden[r]![c]!,
  });
  return [
    ...cells.map((cell) => figure(cell.r, cell.c, [cell])),
    ...Array.from({ length: rows }, (_, r) => figure(r, columns, cells.filter((cell) => cell.r === r))),
    ...Array.from({ length: columns }, (_, c) => figure(rows, c, cells.filter((cell) => cell.c === c))),
    figure(rows, columns, cells),
  ];
}

let audit: DisclosureAudit;
beforeAll(async () => {
  audit = await createDisclosureAudit();
});

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

  it('lets no hidden cell be worked out, by an audit that solves for each one knowing hidden counts are at least 1', () => {
    fc.assert(
      fc.property(grid, threshold, (values, limit) => {
        const { numbers, hidden } = extended(values, suppressGrid(values, limit));
        expect(findDeterminedCell(numbers, hidden)).toBeNull();
        expect(audit.determined(gridFigures(values, hidden)), JSON.stringify({ values, limit })).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('protects four hidden 1s in a rectangle, whose line sums of 2 would give each away', () => {
    const values = [
      [1, 1, 30],
      [1, 1, 40],
      [20, 25, 35],
    ];
    const { numbers, hidden } = extended(values, suppressGrid(values, 5));
    expect(hidden.slice(0, 2).map((row) => row.slice(0, 2))).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(findDeterminedCell(numbers, hidden)).toBeNull();
    // The same pattern without the extra cell hidden is exactly what the audit catches.
    const bare = numbers.map((row, r) => row.map((_, c) => r < 2 && c < 2));
    expect(findDeterminedCell(numbers, bare)).not.toBeNull();
    expect(audit.determined(gridFigures(values, bare)).map((cell) => cell.value)).toEqual([1, 1, 1, 1]);
    expect(audit.determined(gridFigures(values, hidden))).toEqual([]);
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
        const figures: Figure[] = [
          ...values.map((value, index) => ({ name: `${index}`, terms: [`v${index}`], value, hidden: isHidden(published.cells[index]!) })),
          { name: 'total', terms: values.map((_, index) => `v${index}`), value: total, hidden: isHidden(published.total) },
        ];
        expect(audit.determined(figures), JSON.stringify({ values, limit })).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('hides the smallest other non-zero count alongside a lone small one', () => {
    const published = suppressList([2, 0, 40, 9, 12], 5);
    expect(published.cells.map((cell) => cell.kind)).toEqual(['suppressed', 'count', 'count', 'suppressed', 'count']);
    expect(published.total).toEqual({ kind: 'count', value: 63 });
  });

  it('hides a count of at least 2 beside hidden 1s, whose published sum would give them away', () => {
    expect(suppressList([1, 1, 10, 30], 5).cells.map((cell) => cell.kind)).toEqual(['suppressed', 'suppressed', 'suppressed', 'count']);
    // With nothing of 2 or more left to hide, the total goes.
    const onlyOnes = suppressList([1, 1, 0], 5);
    expect(onlyOnes.total.kind).toBe('suppressed');
  });

  it('hides the total when the only other count is zero', () => {
    const published = suppressList([3, 0], 5);
    expect(published.total.kind).toBe('suppressed');
  });
});
