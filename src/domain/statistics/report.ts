import { addCalendarDays, addCalendarMonths, compareLocalDates, toLocalDate, type LocalDate } from '../calendar/local-date.js';
import { isWorkingDay, type WorkingCalendar } from '../calendar/working-days.js';
import { DomainError } from '../errors.js';
import { suppressOnItsOwn, type HiddenCells, type TableSuppression } from './linked-suppression.js';
import { suppressCount, type PublishedCell } from './suppression.js';

/**
 * The public statistics for a quarter or a year: pure, from counts the
 * repositories aggregate in SQL. Every count goes through suppression; a
 * median or percentile is shown only when computed over at least
 * `threshold` cases.
 *
 * Tables that share a total (received by channel and by relation; decisions
 * by sanction and the time to decision) stay consistent without coordinating:
 * a list's total is only ever hidden when it is itself below the threshold,
 * and then every non-zero cell of every list with that total is too.
 *
 * A year's report is built from its quarters' counts added up, and its
 * tables are suppressed where its quarters' were (see linked-suppression.ts),
 * so that no quarter's hidden count can be worked out from the year's.
 */
/** The report's method: 2 linked years to their quarters and protected hidden counts of 1. */
export const REPORT_VERSION = 2;

export type Period = { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 } | { kind: 'year'; year: number };

const QUARTER_MONTHS = ['January to March', 'April to June', 'July to September', 'October to December'];

/** `2026-Q1` or `2026`; anything else is refused, naming it. */
export function parsePeriod(text: string): Period {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(text);
  if (quarter) return { kind: 'quarter', year: Number(quarter[1]), quarter: Number(quarter[2]) as 1 | 2 | 3 | 4 };
  if (/^\d{4}$/.test(text)) return { kind: 'year', year: Number(text) };
  throw new DomainError('validation_failed', `“${text.slice(0, 40)}” is not a period: write a quarter as 2026-Q1 or a year as 2026.`, [{ field: 'period', message: 'Write a quarter as 2026-Q1 or a year as 2026.' }]);
}

export function periodId(period: Period): string {
  return period.kind === 'quarter' ? `${period.year}-Q${period.quarter}` : String(period.year);
}

export function periodLabel(period: Period): string {
  return period.kind === 'quarter' ? `${QUARTER_MONTHS[period.quarter - 1]} ${period.year}` : `the year ${period.year}`;
}

/** The first day of the period and the first day after it. */
export function periodDates(period: Period): { from: LocalDate; to: LocalDate } {
  const month = period.kind === 'quarter' ? (period.quarter - 1) * 3 + 1 : 1;
  const from = `${String(period.year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  return { from, to: addCalendarMonths(from, period.kind === 'quarter' ? 3 : 12) };
}

export function quarterContaining(date: LocalDate): Period {
  return { kind: 'quarter', year: Number(date.slice(0, 4)), quarter: (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4 };
}

export function previousQuarter(period: Extract<Period, { kind: 'quarter' }>): Extract<Period, { kind: 'quarter' }> {
  return period.quarter === 1 ? { kind: 'quarter', year: period.year - 1, quarter: 4 } : { kind: 'quarter', year: period.year, quarter: (period.quarter - 1) as 1 | 2 | 3 };
}

/**
 * The instant a local calendar day starts in a time zone (its midnight, or
 * the first moment after a gap), found by bisection on `toLocalDate`, which is
 * monotonic in the instant. Exact to the millisecond.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  let low = Date.parse(`${date}T00:00:00Z`) - 15 * 3600_000;
  let high = low + 30 * 3600_000;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (compareLocalDates(toLocalDate(new Date(middle), timeZone), date) >= 0) high = middle;
    else low = middle;
  }
  return new Date(high);
}

/** Published periods: each quarter and year from the first with data (or `publishFrom`) that has ended by `today`. */
export function publishedPeriods(options: { firstDay: LocalDate | null; today: LocalDate }): { quarters: Period[]; years: Period[] } {
  if (options.firstDay === null) return { quarters: [], years: [] };
  const quarters: Period[] = [];
  for (let quarter = quarterContaining(options.firstDay) as Extract<Period, { kind: 'quarter' }>; ; ) {
    if (compareLocalDates(periodDates(quarter).to, options.today) > 0) break;
    quarters.push(quarter);
    quarter = quarter.quarter === 4 ? { kind: 'quarter', year: quarter.year + 1, quarter: 1 } : { kind: 'quarter', year: quarter.year, quarter: (quarter.quarter + 1) as 2 | 3 | 4 };
  }
  const first = Number(options.firstDay.slice(0, 4));
  const years: Period[] = [];
  for (let year = first; compareLocalDates(periodDates({ kind: 'year', year }).to, options.today) <= 0; year += 1) years.push({ kind: 'year', year });
  return { quarters: quarters.reverse(), years: years.reverse() };
}

/** Whether a period may be published: it has ended, and ends after the first published day. */
export function isPublishable(period: Period, options: { firstDay: LocalDate | null; today: LocalDate }): boolean {
  const { to } = periodDates(period);
  return options.firstDay !== null && compareLocalDates(to, options.today) <= 0 && compareLocalDates(to, options.firstDay) > 0;
}

// ---- Durations ---------------------------------------------------------

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instantMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instantMs).map((part) => [part.type, part.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return local - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The local date of the start of each UTC hour (`2026-03-31T23`), memoised.
 * Formatting a date costs far more than arithmetic, so the zone's offset is
 * looked up once per UTC day (at its start) and applied to every hour of the
 * day; on a day whose offset differs from the next day's (a clock change)
 * each hour is formatted on its own.
 */
const dayOffsets = new Map<string, Map<string, number>>();

export function localDateOfHour(timeZone: string): (hour: string) => LocalDate {
  const byHour = new Map<string, LocalDate>();
  // Kept between reports: a zone's offset on a past day does not change (one number per day of data).
  let offsetOfDay = dayOffsets.get(timeZone);
  if (!offsetOfDay) {
    offsetOfDay = new Map();
    dayOffsets.set(timeZone, offsetOfDay);
  }
  const dayOffset = (day: string) => {
    let offset = offsetOfDay!.get(day);
    if (offset === undefined) {
      offset = offsetAt(Date.parse(`${day}T00:00:00Z`), timeZone);
      offsetOfDay!.set(day, offset);
    }
    return offset;
  };
  return (hour) => {
    let date = byHour.get(hour);
    if (date === undefined) {
      const day = hour.slice(0, 10);
      const start = Date.parse(`${hour}:00:00Z`);
      const offset = dayOffset(day);
      date = offset === dayOffset(addCalendarDays(day, 1)) ? new Date(start + offset).toISOString().slice(0, 10) : toLocalDate(new Date(start), timeZone);
      byHour.set(hour, date);
    }
    return date;
  };
}

/** A count of cases that started and ended in given UTC hours (`2026-03-31T23`), as the repository groups them. */
export type HourPair = { startHour: string; endHour: string; count: number };

export type DurationSample = { workingDays: number; withinLimit: boolean; count: number };

/**
 * Working days from start to end of each group, and whether the end fell
 * within the limit. Local dates are taken at the start of the UTC hour,
 * which is exact for every time zone whose offset is a whole number of hours
 * (all of Europe, for instance). Working days are counted as the case clock
 * counts them (the start day not included), with a running count of working
 * days per date so that each group costs one subtraction.
 */
export function durationSamples(
  pairs: readonly HourPair[],
  options: { timeZone: string; calendar: WorkingCalendar; limit: { kind: 'working_days'; days: number } | { kind: 'months'; months: number } },
): DurationSample[] {
  if (pairs.length === 0) return [];
  const local = localDateOfHour(options.timeZone);
  const dated = pairs.map((pair) => ({ start: local(pair.startHour), end: local(pair.endHour), count: pair.count }));
  let first = dated[0]!.start;
  let last = dated[0]!.end;
  for (const pair of dated) {
    if (pair.start < first) first = pair.start;
    if (pair.end > last) last = pair.end;
  }
  const index = new Map<LocalDate, number>();
  let running = 0;
  for (let date = first; compareLocalDates(date, last) <= 0; date = addCalendarDays(date, 1)) {
    if (date !== first && isWorkingDay(date, options.calendar)) running += 1;
    index.set(date, running);
  }
  const { limit } = options;
  const monthsLater = new Map<LocalDate, LocalDate>();
  const deadline = (start: LocalDate, months: number) => {
    let date = monthsLater.get(start);
    if (date === undefined) {
      date = addCalendarMonths(start, months);
      monthsLater.set(start, date);
    }
    return date;
  };
  return dated.map((pair) => {
    const workingDays = Math.max(0, (index.get(pair.end) ?? 0) - (index.get(pair.start) ?? 0));
    const withinLimit = limit.kind === 'working_days' ? workingDays <= limit.days : pair.end <= deadline(pair.start, limit.months);
    return { workingDays, withinLimit, count: pair.count };
  });
}

// ---- The report --------------------------------------------------------

export type Tally = { key: string; count: number };

export type TableRow = { key: string; label: string; cell: PublishedCell };

/** A list of counts and, where the counts add up to one, their total. */
export type CountTable = { id: string; title: string; dimension: string; rows: TableRow[]; total: PublishedCell | null; note?: string };

export type GridTable = {
  id: string;
  title: string;
  rowDimension: string;
  columnDimension: string;
  columns: { key: string; label: string }[];
  rows: { key: string; label: string; cells: PublishedCell[]; total: PublishedCell }[];
  columnTotals: PublishedCell[];
  total: PublishedCell;
};

export type Timing = {
  id: string;
  title: string;
  /** The published limit, in words. */
  limit: string;
  /** The limit in working days, where it is counted in working days (for charts). */
  limitWorkingDays: number | null;
  cases: PublishedCell;
  /** Null when computed over fewer than the threshold. */
  medianWorkingDays: number | null;
  percentile90WorkingDays: number | null;
  withinLimit: CountTable;
};

export type ConfidenceQuarter = {
  quarter: string;
  label: string;
  roles: ({ role: string; label: string; suppressed: true } | { role: string; label: string; suppressed: false; responses: number; questions: { statement: string; mean: number; agreeingPercent: number }[] })[];
};

export type StatisticsReport = {
  version: number;
  organisation: string;
  period: { id: string; kind: Period['kind']; label: string; from: LocalDate; to: LocalDate };
  generatedAt: string;
  suppression: { threshold: number; rule: string };
  received: { total: PublishedCell; byChannel: CountTable; byRelation: CountTable; byClause: CountTable };
  receivedByQuarter: { quarter: string; label: string; cell: PublishedCell }[];
  closed: CountTable;
  findings: GridTable;
  sanctions: CountTable;
  membershipEffects: CountTable;
  appeals: { lodged: PublishedCell; decided: CountTable };
  timings: Timing[];
  ageing: CountTable & { asOf: LocalDate };
  confidence: ConfidenceQuarter[];
};

export type Labelled = { id: string; label: string };

export type Vocabulary = {
  channels: readonly Labelled[];
  relations: readonly Labelled[];
  closureReasons: readonly Labelled[];
  outcomes: Readonly<Record<string, string>>;
  findings: readonly Labelled[];
  sanctions: readonly (Labelled & { membershipEffect: 'none' | 'suspended' | 'expelled' })[];
  appealOutcomes: readonly Labelled[];
  clauseLabel: (packId: string, clauseId: string) => string;
};

/** What happened in a period, counted: each count adds up over the quarters of a year. */
export type PeriodCounts = {
  received: { byChannel: Tally[]; byRelation: Tally[]; byClause: { packId: string; clauseId: string; count: number }[] };
  closed: { outcome: string | null; reason: string | null; count: number }[];
  findings: { packId: string; clauseId: string; finding: string; count: number }[];
  decisionsBySanction: Tally[];
  appeals: { lodged: number; decided: Tally[] };
  durations: {
    acknowledgement: { limitWorkingDays: number; samples: DurationSample[] };
    decision: { limitWorkingDays: number; samples: DurationSample[] };
    closure: { limitMonths: number; samples: DurationSample[] };
  };
};

export type ReportInput = {
  organisation: string;
  period: Period;
  generatedAt: string;
  threshold: number;
  vocabulary: Vocabulary;
  counts: PeriodCounts;
  receivedByQuarter: { period: Period; count: number }[];
  ageing: { asOf: LocalDate; buckets: { id: string; label: string; count: number }[] };
  confidence: ConfidenceQuarter[];
};

/** The counts of several periods added up: a year's from its quarters'. */
export function addPeriodCounts(parts: readonly PeriodCounts[]): PeriodCounts {
  const first = parts[0]!;
  const all = <T>(pick: (part: PeriodCounts) => readonly T[]) => parts.flatMap((part) => [...pick(part)]);
  const samples = (pick: (durations: PeriodCounts['durations']) => { samples: DurationSample[] }) => parts.flatMap((part) => pick(part.durations).samples);
  return {
    received: { byChannel: all((part) => part.received.byChannel), byRelation: all((part) => part.received.byRelation), byClause: all((part) => part.received.byClause) },
    closed: all((part) => part.closed),
    findings: all((part) => part.findings),
    decisionsBySanction: all((part) => part.decisionsBySanction),
    appeals: { lodged: parts.reduce((sum, part) => sum + part.appeals.lodged, 0), decided: all((part) => part.appeals.decided) },
    durations: {
      acknowledgement: { limitWorkingDays: first.durations.acknowledgement.limitWorkingDays, samples: samples((durations) => durations.acknowledgement) },
      decision: { limitWorkingDays: first.durations.decision.limitWorkingDays, samples: samples((durations) => durations.decision) },
      closure: { limitMonths: first.durations.closure.limitMonths, samples: samples((durations) => durations.closure) },
    },
  };
}

const countOf = (tallies: readonly Tally[], key: string) => tallies.filter((tally) => tally.key === key).reduce((sum, tally) => sum + tally.count, 0);

/** Known keys in their order, then any unknown key found in the data (so no count is ever dropped). */
function withUnknown(known: readonly Labelled[], tallies: readonly Tally[]): Labelled[] {
  const ids = new Set(known.map((entry) => entry.id));
  const extra = [...new Set(tallies.map((tally) => tally.key).filter((key) => !ids.has(key)))].sort();
  return [...known, ...extra.map((id) => ({ id, label: id }))];
}

function listTable(options: { id: string; title: string; dimension: string; entries: readonly Labelled[]; tallies: readonly Tally[]; suppression: TableSuppression; note?: string }): CountTable {
  const values = options.entries.map((entry) => countOf(options.tallies, entry.id));
  const published = options.suppression.list(
    options.id,
    options.entries.map((entry) => entry.id),
    values,
  );
  return {
    id: options.id,
    title: options.title,
    dimension: options.dimension,
    rows: options.entries.map((entry, index) => ({ key: entry.id, label: entry.label, cell: published.cells[index]! })),
    total: published.total,
    ...(options.note ? { note: options.note } : {}),
  };
}

/** The value at a 1-based rank of the samples in order, read from the histogram without expanding it. */
function valueAtRank(sorted: readonly DurationSample[], rank: number): number {
  let seen = 0;
  for (const sample of sorted) {
    seen += sample.count;
    if (seen >= rank) return sample.workingDays;
  }
  return sorted.at(-1)!.workingDays;
}

/** The median (the mean of the two middle values for an even count) and the nearest-rank 90th percentile. */
export function quantiles(samples: readonly DurationSample[]): { median: number; percentile90: number } {
  const sorted = [...samples].sort((a, b) => a.workingDays - b.workingDays);
  const total = sorted.reduce((sum, sample) => sum + sample.count, 0);
  const median = total % 2 === 1 ? valueAtRank(sorted, (total + 1) / 2) : (valueAtRank(sorted, total / 2) + valueAtRank(sorted, total / 2 + 1)) / 2;
  return { median, percentile90: valueAtRank(sorted, Math.max(1, Math.ceil(0.9 * total))) };
}

function timing(options: { id: string; title: string; limit: string; limitWorkingDays: number | null; samples: readonly DurationSample[]; threshold: number; suppression: TableSuppression }): Timing {
  const { samples, threshold, suppression } = options;
  const cases = samples.reduce((sum, sample) => sum + sample.count, 0);
  const enough = cases >= threshold && cases > 0;
  const within = samples.filter((sample) => sample.withinLimit).reduce((sum, sample) => sum + sample.count, 0);
  const withinLimit = listTable({
    id: `${options.id}_within_limit`,
    title: `${options.title}: within the limit`,
    dimension: 'Against the limit',
    entries: [
      { id: 'within', label: 'Within the limit' },
      { id: 'beyond', label: 'Beyond the limit' },
    ],
    tallies: [
      { key: 'within', count: within },
      { key: 'beyond', count: cases - within },
    ],
    suppression,
  });
  return {
    id: options.id,
    title: options.title,
    limit: options.limit,
    limitWorkingDays: options.limitWorkingDays,
    cases: withinLimit.total!,
    medianWorkingDays: enough ? quantiles(samples).median : null,
    percentile90WorkingDays: enough ? quantiles(samples).percentile90 : null,
    withinLimit,
  };
}

export function suppressionRule(threshold: number): string {
  return (
    `Counts from 1 to ${threshold - 1} are shown as “fewer than ${threshold}”; zero is shown. Where a table has totals, further counts are hidden ` +
    `(complementary suppression) so that no hidden count can be worked out from the published ones and the totals. ` +
    `A year's count is hidden wherever the same count was hidden in any of its quarters, so that no quarter's can be worked out from the year's. ` +
    `Medians and 90th percentiles are shown only when computed over at least ${threshold} cases.`
  );
}

type CountTables = Pick<StatisticsReport, 'closed' | 'findings' | 'sanctions' | 'membershipEffects' | 'appeals' | 'timings'> & { received: Omit<StatisticsReport['received'], 'total'> };

/** The tables of what happened in the period, each suppressed as `suppression` says. */
function countTables(counts: PeriodCounts, vocabulary: Vocabulary, threshold: number, suppression: TableSuppression): CountTables {
  const byChannel = listTable({ id: 'received_by_channel', title: 'Complaints received, by channel', dimension: 'Channel', entries: withUnknown(vocabulary.channels, counts.received.byChannel), tallies: counts.received.byChannel, suppression });
  const byRelation = listTable({
    id: 'received_by_relation',
    title: 'Complaints received, by who complained',
    dimension: 'Relation of the complainant',
    entries: withUnknown(vocabulary.relations, counts.received.byRelation),
    tallies: counts.received.byRelation,
    suppression,
  });
  const clauseCounts = new Map<string, { packId: string; clauseId: string; count: number }>();
  for (const row of counts.received.byClause) {
    const key = `${row.packId}/${row.clauseId}`;
    clauseCounts.set(key, { ...row, count: (clauseCounts.get(key)?.count ?? 0) + row.count });
  }
  const clauses = [...clauseCounts.values()].sort((a, b) => a.packId.localeCompare(b.packId) || a.clauseId.localeCompare(b.clauseId, undefined, { numeric: true }));
  const clauseKeys = clauses.map((clause) => `${clause.packId}/${clause.clauseId}`);
  const clauseCells = suppression.withoutTotal(
    'received_by_clause',
    clauseKeys,
    clauses.map((clause) => clause.count),
  );
  const byClause: CountTable = {
    id: 'received_by_clause',
    title: 'Complaints received, by the part of the code cited',
    dimension: 'Code and clause',
    rows: clauses.map((clause, index) => ({ key: clauseKeys[index]!, label: vocabulary.clauseLabel(clause.packId, clause.clauseId), cell: clauseCells[index]! })),
    total: null,
    note: 'A complaint may cite more than one clause, so these counts have no total.',
  };

  // How cases closed: at triage (one row per reason), informally, by decision (its outcome), withdrawn, merged.
  const closedEntries: Labelled[] = [
    ...vocabulary.closureReasons.map((reason) => ({ id: `closed_at_triage:${reason.id}`, label: `Closed at triage: ${reason.label}` })),
    { id: 'closed_at_triage:', label: 'Closed at triage: no reason recorded' },
    ...['resolved_informally', 'upheld', 'partly_upheld', 'not_upheld', 'appeal_allowed', 'withdrawn', 'merged'].map((id) => ({
      id,
      label: ['upheld', 'partly_upheld', 'not_upheld'].includes(id) ? `Decided: ${(vocabulary.outcomes[id] ?? id).toLowerCase()}` : (vocabulary.outcomes[id] ?? id),
    })),
  ];
  const closedTallies = counts.closed.map((row) => ({ key: row.outcome === 'closed_at_triage' ? `closed_at_triage:${row.reason ?? ''}` : (row.outcome ?? 'unknown'), count: row.count }));
  // A triage reason no longer in the configuration keeps its id as its label; a reasonless triage row shows only when it has cases.
  const closed = listTable({
    id: 'closed_by_how',
    title: 'Cases closed, and how',
    dimension: 'How the case closed',
    entries: withUnknown(
      closedEntries.filter((entry) => entry.id !== 'closed_at_triage:' || closedTallies.some((tally) => tally.key === entry.id)),
      closedTallies,
    ),
    tallies: closedTallies,
    suppression,
  });

  // Findings on each allegation decided by a panel: clause by finding, with totals both ways.
  const findingClauses = [...new Map(counts.findings.map((row) => [`${row.packId}/${row.clauseId}`, row])).values()].sort(
    (a, b) => a.packId.localeCompare(b.packId) || a.clauseId.localeCompare(b.clauseId, undefined, { numeric: true }),
  );
  const findingColumns = withUnknown(
    vocabulary.findings,
    counts.findings.map((row) => ({ key: row.finding, count: row.count })),
  );
  const gridValues = findingClauses.map((clause) =>
    findingColumns.map((column) => counts.findings.filter((row) => row.packId === clause.packId && row.clauseId === clause.clauseId && row.finding === column.id).reduce((sum, row) => sum + row.count, 0)),
  );
  const findingRowKeys = findingClauses.map((clause) => `${clause.packId}/${clause.clauseId}`);
  // With no findings the grid is one row of zeros, which hides nothing.
  const grid = suppression.grid(
    'findings_by_clause',
    findingRowKeys.length === 0 ? ['none'] : findingRowKeys,
    findingColumns.map((column) => column.id),
    gridValues.length === 0 ? [findingColumns.map(() => 0)] : gridValues,
  );
  const findings: GridTable = {
    id: 'findings_by_clause',
    title: 'Findings on allegations decided by a panel, by clause',
    rowDimension: 'Code and clause',
    columnDimension: 'Finding',
    columns: findingColumns.map((column) => ({ key: column.id, label: column.label })),
    rows: findingClauses.map((clause, index) => ({
      key: findingRowKeys[index]!,
      label: vocabulary.clauseLabel(clause.packId, clause.clauseId),
      cells: grid.cells[index]!,
      total: grid.rowTotals[index]!,
    })),
    columnTotals: grid.columnTotals,
    total: grid.total,
  };

  const sanctions = listTable({
    id: 'decisions_by_sanction',
    title: 'Panel decisions, by sanction',
    dimension: 'Sanction',
    entries: withUnknown(vocabulary.sanctions, counts.decisionsBySanction),
    tallies: counts.decisionsBySanction,
    suppression,
  });
  // Suspensions and expulsions add up sanction cells: hidden when any cell they add up is, so they reveal nothing new.
  const effectOf = new Map(vocabulary.sanctions.map((sanction) => [sanction.id, sanction.membershipEffect]));
  const effectCell = (effect: 'suspended' | 'expelled'): PublishedCell => {
    const rows = sanctions.rows.filter((row) => effectOf.get(row.key) === effect);
    if (rows.some((row) => row.cell.kind === 'suppressed')) return { kind: 'suppressed' };
    return { kind: 'count', value: rows.reduce((sum, row) => sum + (row.cell.kind === 'count' ? row.cell.value : 0), 0) };
  };
  const membershipEffects: CountTable = {
    id: 'membership_effects',
    title: 'Suspensions and expulsions decided',
    dimension: 'Effect on membership',
    rows: [
      { key: 'suspended', label: 'Suspensions from membership', cell: effectCell('suspended') },
      { key: 'expelled', label: 'Expulsions', cell: effectCell('expelled') },
    ],
    total: null,
    note: 'The sum of the sanctions above that suspend or expel; hidden when any of them is.',
  };

  const appealsDecided = listTable({
    id: 'appeals_by_outcome',
    title: 'Appeals decided, by outcome',
    dimension: 'Outcome of the appeal',
    entries: withUnknown(vocabulary.appealOutcomes, counts.appeals.decided),
    tallies: counts.appeals.decided,
    suppression,
  });

  const { durations } = counts;
  const timings = [
    timing({
      id: 'time_to_acknowledgement',
      title: 'Time to acknowledgement',
      limit: `${durations.acknowledgement.limitWorkingDays} working days`,
      limitWorkingDays: durations.acknowledgement.limitWorkingDays,
      samples: durations.acknowledgement.samples,
      threshold,
      suppression,
    }),
    timing({
      id: 'time_to_decision',
      title: 'Time from receipt to a panel decision',
      limit: `${durations.decision.limitWorkingDays} working days (the stage limits up to the decision, added up)`,
      limitWorkingDays: durations.decision.limitWorkingDays,
      samples: durations.decision.samples,
      threshold,
      suppression,
    }),
    timing({
      id: 'time_to_closure',
      title: 'Time from receipt to closure',
      limit: `${durations.closure.limitMonths} months`,
      limitWorkingDays: null,
      samples: durations.closure.samples,
      threshold,
      suppression,
    }),
  ];

  return {
    received: { byChannel, byRelation, byClause },
    closed,
    findings,
    sanctions,
    membershipEffects,
    appeals: { lodged: suppression.count('appeals_lodged', counts.appeals.lodged), decided: appealsDecided },
    timings,
  };
}

/** The cells a quarter's report hides (its tables suppressed on their own), for the year's report to hide too. */
export function hiddenInQuarter(counts: PeriodCounts, vocabulary: Vocabulary, threshold: number): HiddenCells {
  const own = suppressOnItsOwn(threshold);
  countTables(counts, vocabulary, threshold, own.suppression);
  return own.hidden;
}

/**
 * The report. A quarter's tables are suppressed on their own; a year's are
 * given `suppression` built from its quarters' hidden cells.
 */
export function statisticsReport(input: ReportInput, suppression: TableSuppression = suppressOnItsOwn(input.threshold).suppression): StatisticsReport {
  const { threshold } = input;
  const dates = periodDates(input.period);
  const tables = countTables(input.counts, input.vocabulary, threshold, suppression);
  // Cases open at the end of the period: a count on a day, not a sum over the period, so suppressed on its own (a year's is its last quarter's).
  const ageingTable = listTable({
    id: 'open_case_ageing',
    title: 'Cases open at the end of the period, by age',
    dimension: 'Time since the complaint was received',
    entries: input.ageing.buckets.map((bucket) => ({ id: bucket.id, label: bucket.label })),
    tallies: input.ageing.buckets.map((bucket) => ({ key: bucket.id, count: bucket.count })),
    suppression: suppressOnItsOwn(threshold).suppression,
  });

  return {
    version: REPORT_VERSION,
    organisation: input.organisation,
    period: { id: periodId(input.period), kind: input.period.kind, label: periodLabel(input.period), from: dates.from, to: addCalendarDays(dates.to, -1) },
    generatedAt: input.generatedAt,
    suppression: { threshold, rule: suppressionRule(threshold) },
    ...tables,
    received: { total: tables.received.byChannel.total!, ...tables.received },
    receivedByQuarter: input.receivedByQuarter.map((entry) => ({ quarter: periodId(entry.period), label: periodLabel(entry.period), cell: suppressCount(entry.count, threshold) })),
    ageing: { ...ageingTable, asOf: input.ageing.asOf },
    confidence: input.confidence,
  };
}

/** Ageing buckets in calendar months before the end of the period: under 1, 1 to 2, 2 to the target, beyond the target. */
export function ageingMarks(overallTargetMonths: number): { id: string; label: string; fromMonths: number; toMonths: number | null }[] {
  const marks = [...new Set([1, 2, overallTargetMonths])].sort((a, b) => a - b);
  const month = (n: number) => (n === 1 ? '1 month' : `${n} months`);
  return [
    { id: `under_${marks[0]}m`, label: `Under ${month(marks[0]!)}`, fromMonths: 0, toMonths: marks[0]! },
    ...marks.slice(1).map((mark, index) => ({ id: `${marks[index]}m_to_${mark}m`, label: `${month(marks[index]!)} to ${month(mark)}${mark === overallTargetMonths ? ' (the target)' : ''}`, fromMonths: marks[index]!, toMonths: mark })),
    { id: `over_${marks.at(-1)}m`, label: `More than ${month(marks.at(-1)!)}${marks.at(-1) === overallTargetMonths ? ' (beyond the target)' : ''}`, fromMonths: marks.at(-1)!, toMonths: null },
  ];
}
