import { sql } from 'kysely';
import { toLocalDate } from '../src/domain/calendar/local-date.js';
import { periodDates, previousQuarter, quarterContaining, startOfLocalDay, type Period } from '../src/domain/statistics/report.js';
import { countReceivedBy } from '../src/db/repositories/statistics.repository.js';
import { getStatisticsReport } from '../src/services/statistics/get-statistics-report.js';
import { percentile } from './stats.js';
import type { BenchTarget } from './targets.js';

/**
 * The public statistics report on the list benchmark's cases: a quarter's
 * report and the last full year's, each against a reference measured in the
 * same run on the same rows (one group-by over the period's cases: the least
 * any report of the period must read).
 */
export type StatisticsLatency = { name: string; calls: number; p50Ms: number; maxMs: number; referenceP50Ms: number; received: number };

export type StatisticsResult = { cases: number; decisions: number; appeals: number; seedMs: number; quarter: StatisticsLatency; year: StatisticsLatency };

/**
 * Bench-only bulk seeding: a panel, a decision and a finding for every case
 * the list seed closed with a panel's outcome (upheld, partly upheld, not
 * upheld), decided 14 days before it closed, and an appeal on one in ten,
 * each written by one INSERT … SELECT (the use cases would take hours).
 */
export async function seedDecisions(target: BenchTarget): Promise<{ decisions: number; appeals: number; elapsedMs: number }> {
  const started = performance.now();
  const db = target.ctx.db;
  const decided = ['upheld', 'partly_upheld', 'not_upheld'];
  await db
    .insertInto('users')
    .values({ id: 'bench-panel-chair', email: 'bench-panel-chair@bench.redress.test', display_name: 'Bench Panel Chair', password_hash: 'not-a-password-hash', totp_secret: null, totp_enabled: 0, failed_logins: 0, locked_until: null, disabled_at: null, created_at: new Date().toISOString() })
    .execute();
  // The decision's time: the closure's, as the seed writes ISO strings, moved back 14 days by the string's own date (kept simple: same time of day).
  const decidedAt = target.kind === 'sqlite' ? sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', closed_at, '-14 days')` : sql<string>`to_char((closed_at::timestamptz - interval '14 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await db
    .insertInto('panels')
    .columns(['id', 'case_id', 'purpose', 'method', 'seed', 'candidates', 'drawn_at', 'drawn_by'])
    .expression((eb) =>
      eb.selectFrom('cases').select([sql<string>`'p-' || id`.as('id'), 'id as case_id', sql<string>`'decision'`.as('purpose'), sql<string>`'draw'`.as('method'), sql<string>`'seed'`.as('seed'), sql<string>`'[]'`.as('candidates'), 'received_at as drawn_at', sql<string>`'bench-panel-chair'`.as('drawn_by')]).where('outcome', 'in', decided),
    )
    .execute();
  const sanction = sql<string>`case when outcome = 'not_upheld' then 'no_action' when substr(id, 1, 1) < '4' then 'formal_warning' when substr(id, 1, 1) < '8' then 'education_course' when substr(id, 1, 1) < 'c' then 'reminder_of_conduct' when substr(id, 1, 1) < 'f' then 'suspension' else 'expulsion' end`;
  await db
    .insertInto('decisions')
    .columns(['id', 'case_id', 'panel_id', 'kind', 'outcome', 'reasons', 'sanction_id', 'outside_usual_range', 'precedents', 'status', 'decided_at', 'decided_by'])
    .expression((eb) =>
      eb
        .selectFrom('cases')
        .select([
          sql<string>`'d-' || id`.as('id'),
          'id as case_id',
          sql<string>`'p-' || id`.as('panel_id'),
          sql<string>`'panel'`.as('kind'),
          'outcome',
          sql<string>`'Reasons.'`.as('reasons'),
          sanction.as('sanction_id'),
          sql<number>`0`.as('outside_usual_range'),
          sql<string>`'{}'`.as('precedents'),
          sql<string>`'in_force'`.as('status'),
          decidedAt.as('decided_at'),
          sql<string>`'bench-panel-chair'`.as('decided_by'),
        ])
        .where('outcome', 'in', decided),
    )
    .execute();
  await db
    .insertInto('decision_findings')
    .columns(['decision_id', 'allegation_id', 'pack_id', 'clause_id', 'finding', 'reasons', 'examples'])
    .expression((eb) =>
      eb
        .selectFrom('case_allegations')
        .innerJoin('cases', 'cases.id', 'case_allegations.case_id')
        .select([sql<string>`'d-' || cases.id`.as('decision_id'), 'case_allegations.id as allegation_id', 'case_allegations.pack_id', 'case_allegations.clause_id', 'cases.outcome as finding', sql<string>`'Reasons.'`.as('reasons'), sql<string>`'[]'`.as('examples')])
        .where('cases.outcome', 'in', decided),
    )
    .execute();
  await db
    .insertInto('case_parties')
    .columns(['id', 'case_id', 'role', 'name', 'affiliations', 'created_at'])
    .expression((eb) =>
      eb.selectFrom('cases').select([sql<string>`'r-' || id`.as('id'), 'id as case_id', sql<string>`'respondent'`.as('role'), 'respondent_name as name', sql<string>`'[]'`.as('affiliations'), 'received_at as created_at']).where('outcome', 'in', decided).where(sql<string>`substr(id, 2, 1)`, '=', '0'),
    )
    .execute();
  await db
    .insertInto('appeals')
    .columns(['id', 'case_id', 'decision_id', 'appellant_party_id', 'lodged_at', 'grounds', 'statement', 'outcome', 'reasons', 'decided_at'])
    .expression((eb) =>
      eb
        .selectFrom('cases')
        .select([
          sql<string>`'a-' || id`.as('id'),
          'id as case_id',
          sql<string>`'d-' || id`.as('decision_id'),
          sql<string>`'r-' || id`.as('appellant_party_id'),
          decidedAt.as('lodged_at'),
          sql<string>`'["procedure"]'`.as('grounds'),
          sql<string>`'Statement.'`.as('statement'),
          sql<string>`'dismissed'`.as('outcome'),
          sql<string>`'Reasons.'`.as('reasons'),
          'closed_at as decided_at',
        ])
        .where('outcome', 'in', decided)
        .where(sql<string>`substr(id, 2, 1)`, '=', '0'),
    )
    .execute();
  const count = async (table: 'decisions' | 'appeals') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { decisions: await count('decisions'), appeals: await count('appeals'), elapsedMs: performance.now() - started };
}

async function timed(calls: number, warmup: number, run: () => Promise<unknown>): Promise<{ p50Ms: number; maxMs: number }> {
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { p50Ms: percentile(samples, 50), maxMs: Math.max(...samples) };
}

async function measurePeriod(target: BenchTarget, name: string, period: Period, calls: number): Promise<StatisticsLatency> {
  const { ctx } = target;
  const zone = ctx.config.organisation.organisation.timeZone;
  const dates = periodDates(period);
  const range = { from: startOfLocalDay(dates.from, zone).toISOString(), to: startOfLocalDay(dates.to, zone).toISOString() };
  const report = await timed(calls, 2, () => getStatisticsReport({ ctx, period }));
  const reference = await timed(calls, 2, () => countReceivedBy(ctx.db, range, 'channel'));
  const sample = await getStatisticsReport({ ctx, period });
  const received = sample.received.total.kind === 'count' ? sample.received.total.value : 0;
  return { name, calls, p50Ms: report.p50Ms, maxMs: report.maxMs, referenceP50Ms: reference.p50Ms, received };
}

/** On a database the list seed has filled: seeds the decisions, then times the last full quarter's and the last full year's report. */
export async function measureStatistics(target: BenchTarget, options: { cases: number; calls: number }): Promise<StatisticsResult> {
  const seeded = await seedDecisions(target);
  const today = toLocalDate(target.ctx.clock.now(), target.ctx.config.organisation.organisation.timeZone);
  const quarter = previousQuarter(quarterContaining(today) as Extract<Period, { kind: 'quarter' }>);
  const year: Period = { kind: 'year', year: Number(today.slice(0, 4)) - 1 };
  return {
    cases: options.cases,
    decisions: seeded.decisions,
    appeals: seeded.appeals,
    seedMs: seeded.elapsedMs,
    quarter: await measurePeriod(target, `Statistics: quarter ${quarter.kind === 'quarter' ? `${quarter.year}-Q${quarter.quarter}` : ''}`, quarter, options.calls),
    year: await measurePeriod(target, `Statistics: year ${year.year}`, year, options.calls),
  };
}
