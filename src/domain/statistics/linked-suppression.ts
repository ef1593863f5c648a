import { publish, sum, suppressCount, suppressGrid, suppressList, suppressWithoutTotal, type PublishedCell, type SuppressedGrid, type SuppressedList } from './suppression.js';

/**
 * How the tables of one report are suppressed, each cell addressed by its
 * table's id and its row and column keys, so that the same cell can be found
 * in the report of another period.
 *
 * A quarter's tables are suppressed on their own. A year's figures are the
 * sums of its four quarters' figures, which were published first; suppressed
 * on its own, a year could give a hidden quarter away (the year's count less
 * the three published quarters). So a year's cell is hidden exactly where any
 * of its quarters hid the same cell, and shown where all four were shown:
 * then it is their sum and says nothing new.
 *
 * That protects every hidden cell of the five publications together, for
 * someone who knows a hidden count is at least 1. Take a hidden cell of
 * quarter k. Its own suppression left another quarter-k table, of
 * non-negative counts with its hidden cells at least 1, that publishes the
 * same and differs in that cell; change quarter k into it, and the year by
 * the same amounts. The year's cells that change are hidden (their quarter-k
 * cells are), its lines still add up, and none drops below 1 (a year's cell is
 * at least its quarter's). A hidden cell of the year is hidden in some quarter
 * and moves with it in the same way. Primary suppression follows too: a year's
 * count from 1 to the threshold - 1 has a non-zero quarter below the threshold.
 */
export type TableSuppression = {
  /** A list of counts and their total. */
  list(id: string, keys: readonly string[], values: readonly number[]): SuppressedList;
  /** Counts with no total published. */
  withoutTotal(id: string, keys: readonly string[], values: readonly number[]): PublishedCell[];
  /** A table with row totals, column totals and a grand total. */
  grid(id: string, rowKeys: readonly string[], columnKeys: readonly string[], values: readonly (readonly number[])[]): SuppressedGrid;
  /** One count on its own. */
  count(id: string, value: number): PublishedCell;
};

/** The addresses of the cells a report hid. */
export type HiddenCells = ReadonlySet<string>;

// A total's key: not a key any table uses (those are identifiers such as `web` or `pack/clause`).
const TOTAL = '∑';

const address = (...parts: string[]) => parts.join('\u0000');

const isHidden = (cell: PublishedCell) => cell.kind === 'suppressed';

/** Each table suppressed on its own (see suppression.ts), recording the addresses it hid. */
export function suppressOnItsOwn(threshold: number): { suppression: TableSuppression; hidden: HiddenCells } {
  const hidden = new Set<string>();
  const note = (cell: PublishedCell, ...parts: string[]) => {
    if (isHidden(cell)) hidden.add(address(...parts));
    return cell;
  };
  const suppression: TableSuppression = {
    list(id, keys, values) {
      const published = suppressList(values, threshold);
      published.cells.forEach((cell, index) => note(cell, id, keys[index]!));
      note(published.total, id, TOTAL);
      return published;
    },
    withoutTotal(id, keys, values) {
      return suppressWithoutTotal(values, threshold).map((cell, index) => note(cell, id, keys[index]!));
    },
    grid(id, rowKeys, columnKeys, values) {
      const published = suppressGrid(values, threshold);
      published.cells.forEach((row, r) => row.forEach((cell, c) => note(cell, id, rowKeys[r]!, columnKeys[c]!)));
      published.rowTotals.forEach((cell, r) => note(cell, id, rowKeys[r]!, TOTAL));
      published.columnTotals.forEach((cell, c) => note(cell, id, TOTAL, columnKeys[c]!));
      note(published.total, id, TOTAL, TOTAL);
      return published;
    },
    count(id, value) {
      return note(suppressCount(value, threshold), id);
    },
  };
  return { suppression, hidden };
}

/** A year's tables: a cell hidden exactly where any of its quarters hid it. */
export function suppressAsUnionOf(quarters: readonly HiddenCells[]): TableSuppression {
  const hiddenAt = (...parts: string[]) => quarters.some((quarter) => quarter.has(address(...parts)));
  return {
    list(id, keys, values) {
      return { cells: values.map((value, index) => publish(value, hiddenAt(id, keys[index]!))), total: publish(sum(values), hiddenAt(id, TOTAL)) };
    },
    withoutTotal(id, keys, values) {
      return values.map((value, index) => publish(value, hiddenAt(id, keys[index]!)));
    },
    grid(id, rowKeys, columnKeys, values) {
      const columnSums = columnKeys.map((_, c) => sum(values.map((row) => row[c]!)));
      return {
        cells: values.map((row, r) => row.map((value, c) => publish(value, hiddenAt(id, rowKeys[r]!, columnKeys[c]!)))),
        rowTotals: values.map((row, r) => publish(sum(row), hiddenAt(id, rowKeys[r]!, TOTAL))),
        columnTotals: columnSums.map((value, c) => publish(value, hiddenAt(id, TOTAL, columnKeys[c]!))),
        total: publish(sum(columnSums), hiddenAt(id, TOTAL, TOTAL)),
      };
    },
    count(id, value) {
      return publish(value, hiddenAt(id));
    },
  };
}
