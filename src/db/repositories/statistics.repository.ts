import { sql } from 'kysely';
import type { Executor } from './executor.js';

export type Tally = { key: string; count: number };

const tallies = (rows: { key: string | null; count: string | number | bigint }[]): Tally[] => rows.map((row) => ({ key: row.key ?? 'none', count: Number(row.count) }));

/** Open cases by stage. */
export async function countOpenCasesByStage(db: Executor): Promise<Tally[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['stage as key', (eb) => eb.fn.countAll().as('count')])
    .where('closed_at', 'is', null)
    .where('merged_into', 'is', null)
    .groupBy('stage')
    .execute();
  return tallies(rows);
}

/** Cases closed in [from, to) by outcome. */
export async function countClosedCasesByOutcome(db: Executor, range: { from: string; to: string }): Promise<Tally[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['outcome as key', (eb) => eb.fn.countAll().as('count')])
    .where('closed_at', '>=', range.from)
    .where('closed_at', '<', range.to)
    .groupBy('outcome')
    .execute();
  return tallies(rows);
}

/** Complaints received in [from, to). */
export async function countReceived(db: Executor, range: { from: string; to: string }): Promise<number> {
  const row = await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('count')).where('received_at', '>=', range.from).where('received_at', '<', range.to).executeTakeFirst();
  return Number(row?.count ?? 0);
}

// ---- The public statistics: every query aggregates in the database -------

export type Range = { from: string; to: string };

/** Complaints received in [from, to), by channel or by the complainant's relation. */
export async function countReceivedBy(db: Executor, range: Range, column: 'channel' | 'complainant_relation'): Promise<Tally[]> {
  const rows = await db
    .selectFrom('cases')
    .select([`${column} as key`, (eb) => eb.fn.countAll().as('count')])
    .where('received_at', '>=', range.from)
    .where('received_at', '<', range.to)
    .groupBy(column)
    .execute();
  return tallies(rows);
}

/** Complaints received in [from, to) citing each clause (a case counted once per clause). */
export async function countReceivedByClause(db: Executor, range: Range): Promise<{ packId: string; clauseId: string; count: number }[]> {
  // The period's cases first (through the received_at index), then their allegations through case_id.
  const rows = await db
    .selectFrom('case_allegations')
    .select(['pack_id', 'clause_id', (eb) => eb.fn.count('case_id').distinct().as('count')])
    .where('case_id', 'in', (eb) => eb.selectFrom('cases').select('id').where('received_at', '>=', range.from).where('received_at', '<', range.to))
    .groupBy(['pack_id', 'clause_id'])
    .execute();
  return rows.map((row) => ({ packId: row.pack_id, clauseId: row.clause_id, count: Number(row.count) }));
}

/** Complaints received in each of several consecutive ranges, in one pass. */
export async function countReceivedInRanges(db: Executor, ranges: readonly Range[]): Promise<number[]> {
  if (ranges.length === 0) return [];
  const row = await db
    .selectFrom('cases')
    .select((eb) => ranges.map((range, index) => eb.fn.sum<string | number>(eb.case().when(eb.and([eb('received_at', '>=', range.from), eb('received_at', '<', range.to)])).then(1).else(0).end()).as(`r${index}`)))
    .where('received_at', '>=', ranges[0]!.from)
    .where('received_at', '<', ranges.at(-1)!.to)
    .executeTakeFirst();
  const values = (row ?? {}) as Record<string, string | number | null>;
  return ranges.map((_, index) => Number(values[`r${index}`] ?? 0));
}

/** Cases closed in [from, to), by outcome and closure reason. */
export async function countClosedByOutcomeAndReason(db: Executor, range: Range): Promise<{ outcome: string | null; reason: string | null; count: number }[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['outcome', 'closure_reason', (eb) => eb.fn.countAll().as('count')])
    .where('closed_at', '>=', range.from)
    .where('closed_at', '<', range.to)
    .groupBy(['outcome', 'closure_reason'])
    .execute();
  return rows.map((row) => ({ outcome: row.outcome, reason: row.closure_reason, count: Number(row.count) }));
}

/** Findings on allegations in panel decisions made in [from, to), by clause and finding. */
export async function countFindingsByClause(db: Executor, range: Range): Promise<{ packId: string; clauseId: string; finding: string; count: number }[]> {
  const rows = await db
    .selectFrom('decision_findings')
    .innerJoin('decisions', 'decisions.id', 'decision_findings.decision_id')
    .select(['decision_findings.pack_id', 'decision_findings.clause_id', 'decision_findings.finding', (eb) => eb.fn.countAll().as('count')])
    .where('decisions.kind', '=', 'panel')
    .where('decisions.decided_at', '>=', range.from)
    .where('decisions.decided_at', '<', range.to)
    .groupBy(['decision_findings.pack_id', 'decision_findings.clause_id', 'decision_findings.finding'])
    .execute();
  return rows.map((row) => ({ packId: row.pack_id, clauseId: row.clause_id, finding: row.finding, count: Number(row.count) }));
}

/** Panel decisions made in [from, to), by sanction. */
export async function countPanelDecisionsBySanction(db: Executor, range: Range): Promise<Tally[]> {
  const rows = await db
    .selectFrom('decisions')
    .select(['sanction_id as key', (eb) => eb.fn.countAll().as('count')])
    .where('kind', '=', 'panel')
    .where('decided_at', '>=', range.from)
    .where('decided_at', '<', range.to)
    .groupBy('sanction_id')
    .execute();
  return tallies(rows);
}

/** Appeals lodged in [from, to), and appeals decided in it by outcome. */
export async function countAppeals(db: Executor, range: Range): Promise<{ lodged: number; decided: Tally[] }> {
  const [lodged, decided] = await Promise.all([
    db.selectFrom('appeals').select((eb) => eb.fn.countAll().as('count')).where('lodged_at', '>=', range.from).where('lodged_at', '<', range.to).executeTakeFirst(),
    db
      .selectFrom('appeals')
      .select(['outcome as key', (eb) => eb.fn.countAll().as('count')])
      .where('decided_at', '>=', range.from)
      .where('decided_at', '<', range.to)
      .groupBy('outcome')
      .execute(),
  ]);
  return { lodged: Number(lodged?.count ?? 0), decided: tallies(decided) };
}

export type HourPairRow = { startHour: string; endHour: string; count: number };

// substr(…, 1, 13) is the UTC hour of an ISO timestamp (`2026-03-31T23`) on both databases.
const hourOf = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 13)`;

const hourPairs = (rows: { start_hour: string; end_hour: string; count: string | number | bigint }[]): HourPairRow[] =>
  rows.map((row) => ({ startHour: row.start_hour, endHour: row.end_hour, count: Number(row.count) }));

/**
 * Cases whose `end` timestamp falls in [from, to), counted by the UTC hour
 * of receipt and of the end: enough to work out working days per group
 * without loading cases one by one.
 */
export async function countCaseDurations(db: Executor, range: Range, end: 'acknowledged_at' | 'closed_at'): Promise<HourPairRow[]> {
  const rows = await db
    .selectFrom('cases')
    .select([hourOf('received_at').as('start_hour'), hourOf(end).as('end_hour'), (eb) => eb.fn.countAll().as('count')])
    .where(end, '>=', range.from)
    .where(end, '<', range.to)
    .groupBy([hourOf('received_at'), hourOf(end)])
    .execute();
  return hourPairs(rows);
}

/** Panel decisions made in [from, to), counted by the UTC hour the case was received and the hour of the decision. */
export async function countDecisionDurations(db: Executor, range: Range): Promise<HourPairRow[]> {
  // A scalar subquery rather than a join, so the period's decisions are read first (through their index) and each case by its key.
  const receivedHour = sql<string>`(select substr(${sql.ref('cases.received_at')}, 1, 13) from ${sql.table('cases')} where ${sql.ref('cases.id')} = ${sql.ref('decisions.case_id')})`;
  const rows = await db
    .selectFrom('decisions')
    .select([receivedHour.as('start_hour'), hourOf('decisions.decided_at').as('end_hour'), (eb) => eb.fn.countAll().as('count')])
    .where('decisions.kind', '=', 'panel')
    .where('decisions.decided_at', '>=', range.from)
    .where('decisions.decided_at', '<', range.to)
    .groupBy([receivedHour, hourOf('decisions.decided_at')])
    .execute();
  return hourPairs(rows);
}

/**
 * Cases open at `asOf` (received before it, not closed before it), counted
 * by when they were received: `bounds` are descending instants, and bucket i
 * holds cases received in [bounds[i], bounds[i-1]) (bucket 0 from bounds[0]
 * up to asOf; the last bucket before the last bound).
 */
export async function countOpenCasesByAge(db: Executor, asOf: string, bounds: readonly string[]): Promise<number[]> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => [
      ...bounds.map((bound, index) =>
        eb.fn.sum<string | number>(eb.case().when(eb.and([eb('received_at', '>=', bound), ...(index === 0 ? [] : [eb('received_at', '<', bounds[index - 1]!)])])).then(1).else(0).end()).as(`b${index}`),
      ),
      eb.fn.sum<string | number>(eb.case().when('received_at', '<', bounds.at(-1) ?? asOf).then(1).else(0).end()).as('older'),
    ])
    .where('received_at', '<', asOf)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', asOf)]))
    .executeTakeFirst();
  const values = (row ?? {}) as Record<string, string | number | null>;
  return [...bounds.map((_, index) => Number(values[`b${index}`] ?? 0)), Number(values.older ?? 0)];
}

/** When the first complaint was received, or null with none. */
export async function firstReceivedAt(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('cases').select((eb) => eb.fn.min('received_at').as('first')).executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}
