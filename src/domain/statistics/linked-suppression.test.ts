import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDisclosureAudit, type DisclosureAudit, type Figure } from '../../../test/helpers/disclosure-audit.js';
import { suppressAsUnionOf, suppressOnItsOwn, type TableSuppression } from './linked-suppression.js';
import type { PublishedCell } from './suppression.js';

/*
 * A year and its four quarters published together: a list with a total, a
 * table with totals both ways, counts with no total and a single count, each
 * the same table in every quarter and, added up, in the year. The audit gets
 * every published figure of the five reports, written as sums of the
 * quarters' underlying counts, and solves for each hidden one.
 */
type Quarter = { list: number[]; grid: number[][]; clauses: number[]; single: number };

const count = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.constant(0) });
const shape = fc.record({ list: fc.integer({ min: 1, max: 5 }), rows: fc.integer({ min: 1, max: 3 }), columns: fc.integer({ min: 1, max: 3 }), clauses: fc.integer({ min: 1, max: 3 }) });
const quarters = shape.chain((size) => {
  const quarter: fc.Arbitrary<Quarter> = fc.record({
    list: fc.array(count, { minLength: size.list, maxLength: size.list }),
    grid: fc.array(fc.array(count, { minLength: size.columns, maxLength: size.columns }), { minLength: size.rows, maxLength: size.rows }),
    clauses: fc.array(count, { minLength: size.clauses, maxLength: size.clauses }),
    single: count,
  });
  return fc.array(quarter, { minLength: 4, maxLength: 4 });
});
const thresholds = fc.integer({ min: 2, max: 8 });

const keys = (length: number, prefix: string) => Array.from({ length }, (_, index) => `${prefix}${index}`);
const sum = (values: readonly number[]) => values.reduce((acc, value) => acc + value, 0);

function addUp(parts: readonly Quarter[]): Quarter {
  const first = parts[0]!;
  return {
    list: first.list.map((_, i) => sum(parts.map((part) => part.list[i]!))),
    grid: first.grid.map((row, r) => row.map((_, c) => sum(parts.map((part) => part.grid[r]![c]!)))),
    clauses: first.clauses.map((_, i) => sum(parts.map((part) => part.clauses[i]!))),
    single: sum(parts.map((part) => part.single)),
  };
}

/** The published figures of one report: each cell named by where it is, as the sum of the underlying counts of `quarters` (indices). */
function publishedFigures(report: string, tables: Quarter, suppression: TableSuppression, quarterIndices: readonly number[]): { figures: Figure[]; cells: { name: string; cell: PublishedCell; value: number }[] } {
  const terms = (cell: string) => quarterIndices.map((quarter) => `q${quarter}.${cell}`);
  const cells: { name: string; cell: PublishedCell; value: number; terms: string[] }[] = [];
  const add = (name: string, cell: PublishedCell, value: number, parts: string[]) => cells.push({ name: `${report}.${name}`, cell, value, terms: parts.flatMap(terms) });

  const list = suppression.list('list', keys(tables.list.length, 'k'), tables.list);
  list.cells.forEach((cell, i) => add(`list.${i}`, cell, tables.list[i]!, [`list.${i}`]));
  add('list.total', list.total, sum(tables.list), tables.list.map((_, i) => `list.${i}`));

  const rows = tables.grid.length;
  const columns = tables.grid[0]!.length;
  const grid = suppression.grid('grid', keys(rows, 'r'), keys(columns, 'c'), tables.grid);
  const inner = (r: number, c: number) => `grid.${r}.${c}`;
  grid.cells.forEach((row, r) => row.forEach((cell, c) => add(inner(r, c), cell, tables.grid[r]![c]!, [inner(r, c)])));
  grid.rowTotals.forEach((cell, r) => add(`grid.${r}.total`, cell, sum(tables.grid[r]!), keys(columns, '').map((_, c) => inner(r, c))));
  grid.columnTotals.forEach((cell, c) => add(`grid.total.${c}`, cell, sum(tables.grid.map((row) => row[c]!)), keys(rows, '').map((_, r) => inner(r, c))));
  add('grid.total', grid.total, sum(tables.grid.flat()), tables.grid.flatMap((row, r) => row.map((_, c) => inner(r, c))));

  suppression.withoutTotal('clauses', keys(tables.clauses.length, 'x'), tables.clauses).forEach((cell, i) => add(`clauses.${i}`, cell, tables.clauses[i]!, [`clauses.${i}`]));
  add('single', suppression.count('single', tables.single), tables.single, ['single']);

  return {
    figures: cells.map((entry) => ({ name: entry.name, terms: entry.terms, value: entry.value, hidden: entry.cell.kind === 'suppressed' })),
    cells: cells.map(({ name, cell, value }) => ({ name, cell, value })),
  };
}

/** The five reports: each quarter on its own, and the year either linked to them or (to show why) on its own. */
function publishYear(parts: readonly Quarter[], threshold: number, year: 'linked' | 'on its own') {
  const own = parts.map(() => suppressOnItsOwn(threshold));
  const quarterReports = parts.map((part, k) => publishedFigures(`Q${k + 1}`, part, own[k]!.suppression, [k]));
  const yearSuppression = year === 'linked' ? suppressAsUnionOf(own.map((entry) => entry.hidden)) : suppressOnItsOwn(threshold).suppression;
  const yearReport = publishedFigures('year', addUp(parts), yearSuppression, [0, 1, 2, 3]);
  return { quarterReports, yearReport, figures: [...quarterReports.flatMap((report) => report.figures), ...yearReport.figures] };
}

let audit: DisclosureAudit;
beforeAll(async () => {
  audit = await createDisclosureAudit();
});

describe('a year suppressed where its quarters were', () => {
  it('lets no hidden count of the year or of any quarter be worked out from the five reports together', () => {
    fc.assert(
      fc.property(quarters, thresholds, (parts, threshold) => {
        const { figures } = publishYear(parts, threshold, 'linked');
        expect(audit.determined(figures), JSON.stringify({ parts, threshold })).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('shows a year count exactly where every quarter showed it, as their sum, and hides every small one', () => {
    fc.assert(
      fc.property(quarters, thresholds, (parts, threshold) => {
        const { quarterReports, yearReport } = publishYear(parts, threshold, 'linked');
        yearReport.cells.forEach((entry, index) => {
          const inQuarters = quarterReports.map((report) => report.cells[index]!);
          const everyQuarterShown = inQuarters.every((quarter) => quarter.cell.kind === 'count');
          expect(entry.cell.kind === 'count', entry.name).toBe(everyQuarterShown);
          if (entry.cell.kind === 'count') expect(entry.cell.value).toBe(sum(inQuarters.map((quarter) => quarter.value)));
          if (entry.value > 0 && entry.value < threshold) expect(entry.cell.kind, entry.name).toBe('suppressed');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is needed: a year suppressed on its own gives away a quarter that was hidden', () => {
    // E-mail complaints: 6, 7 and 8 in the first three quarters, 2 in the fourth. On its own, the year shows 23 and 40.
    const parts: Quarter[] = [6, 7, 8, 2].map((email) => ({ list: [10, email], grid: [[10]], clauses: [10], single: 10 }));
    const alone = publishYear(parts, 5, 'on its own');
    expect(alone.yearReport.cells.find((entry) => entry.name === 'year.list.1')!.cell).toEqual({ kind: 'count', value: 23 });
    expect(audit.determined(alone.figures)).toEqual(expect.arrayContaining([{ name: 'Q4.list.1', value: 2 }]));
    const linked = publishYear(parts, 5, 'linked');
    expect(linked.yearReport.cells.find((entry) => entry.name === 'year.list.1')!.cell.kind).toBe('suppressed');
    expect(audit.determined(linked.figures)).toEqual([]);
  });
});
