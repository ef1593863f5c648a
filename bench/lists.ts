import { sql, type Expression, type SqlBool } from 'kysely';
import { addCalendarMonths, toLocalDate } from '../src/domain/calendar/local-date.js';
import { formatCaseReference } from '../src/domain/complaint/reference.js';
import { INTAKE_QUEUE_STAGES, type Role } from '../src/domain/access.js';
import type { CaseTable, NewCaseRow } from '../src/db/database.js';
import { countCases } from '../src/db/repositories/case.repository.js';
import { listCases, type CaseListQuery } from '../src/services/cases/list-cases.js';
import type { Staff } from '../src/services/staff.js';
import { today } from '../src/services/cases/case-clock.js';
import {allegationRows, caseRow, generateComplaint, SEARCH_WORD} from './fixtures.js';
import { SeededRandom } from '../src/domain/seeded-random.js';
import { percentile } from './stats.js';
import type { BenchTarget } from './targets.js';

/**
 * A case load of `count` cases over three years, shaped like a real one: most
 * older cases closed, a backlog of open ones, some of them late or paused.
 * Written straight into the tables in large transactions (the FTS5 triggers
 * keep SQLite's index; PostgreSQL's tsvector column is generated), with one
 * clock entry and the allegations per case, case managers and investigators
 * on the cases past triage, and one case manager (the one the benchmark
 * lists as) on about 1% of all cases.
 */

const DAY = 86_400_000;
const YEARS = 3;

/** Local dates for the seed, which needs some 400,000 of them: one formatter, and `format` rather than `formatToParts`. */
function localDates(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms) => format.format(ms);
}

export type SeedResult = {
  cases: number;
  open: number;
  overdue: number;
  intakeQueue: number;
  benchManagerAssignments: number;
  searchMatches: number;
  elapsedMs: number;
  intakeOfficer: Staff;
  caseManager: Staff;
};

type StageChoice = 'received' | 'triage' | 'investigation' | 'decision' | 'closed';
const STAGE_LIMIT_DAYS: Record<Exclude<StageChoice, 'closed'>, number> = { received: 7, triage: 14, investigation: 56, decision: 14 };

function chooseStage(rng: SeededRandom, ageDays: number): StageChoice {
  const roll = rng.float();
  const pick = (table: [StageChoice, number][]): StageChoice => {
    let left = roll;
    for (const [stage, share] of table) {
      left -= share;
      if (left < 0) return stage;
    }
    return 'closed';
  };
  if (ageDays < 3) return 'received';
  if (ageDays < 7) return pick([['received', 0.6], ['triage', 0.4]]);
  if (ageDays < 21) return pick([['received', 0.05], ['triage', 0.6], ['investigation', 0.2]]);
  if (ageDays < 120) return pick([['triage', 0.03], ['investigation', 0.55], ['decision', 0.1]]);
  if (ageDays < 240) return pick([['investigation', 0.12], ['decision', 0.06]]);
  return pick([['triage', 0.003], ['investigation', 0.015], ['decision', 0.005]]);
}

async function insertUsers(target: BenchTarget, users: { id: string; name: string; role: Role }[]): Promise<void> {
  const createdAt = new Date().toISOString();
  await target.ctx.db
    .insertInto('users')
    .values(users.map((user) => ({ id: user.id, email: `${user.id}@bench.redress.test`, display_name: user.name, password_hash: 'not-a-password-hash', totp_secret: null, totp_enabled: 0, failed_logins: 0, locked_until: null, disabled_at: null, created_at: createdAt })))
    .execute();
  await target.ctx.db.insertInto('user_roles').values(users.map((user) => ({ user_id: user.id, role: user.role }))).execute();
}

export async function seedCases(target: BenchTarget, count: number, log: (line: string) => void): Promise<SeedResult> {
  const started = performance.now();
  const { ctx } = target;
  const rng = new SeededRandom(2026);
  const timeZone = ctx.config.organisation.organisation.timeZone;
  const prefix = ctx.config.organisation.organisation.referencePrefix;
  const nowMs = Date.now();
  const localDate = localDates(timeZone);
  const today = localDate(nowMs);
  if (today !== toLocalDate(new Date(nowMs), timeZone)) throw new Error('the seed computes local dates differently from the app');

  const intakeOfficer: Staff = { userId: 'bench-intake-officer', name: 'Bench Intake Officer', roles: ['intake_officer'] };
  const caseManager: Staff = { userId: 'bench-case-manager', name: 'Bench Case Manager', roles: ['case_manager'] };
  const otherManagers = Array.from({ length: 40 }, (_, i) => ({ id: `bench-manager-${i}`, name: `Case Manager ${i}`, role: 'case_manager' as const }));
  const investigators = Array.from({ length: 60 }, (_, i) => ({ id: `bench-investigator-${i}`, name: `Investigator ${i}`, role: 'investigator' as const }));
  await insertUsers(target, [
    { id: intakeOfficer.userId, name: intakeOfficer.name, role: 'intake_officer' },
    { id: caseManager.userId, name: caseManager.name, role: 'case_manager' },
    ...otherManagers,
    ...investigators,
  ]);

  // Oldest first, so references rise with time as they do in real life.
  const ages = Array.from({ length: count }, () => rng.float() * YEARS * 365 * DAY).sort((a, b) => b - a);
  const counters = new Map<number, number>();
  const rowsPerInsert = target.kind === 'sqlite' ? 400 : 1000;
  const casesPerTransaction = 10_000;
  let open = 0;
  let overdue = 0;
  let intakeQueue = 0;
  let benchManagerAssignments = 0;

  for (let first = 0; first < count; first += casesPerTransaction) {
    const last = Math.min(count, first + casesPerTransaction);
    const cases: NewCaseRow[] = [];
    const clock: { case_id: string; kind: string; stage: string; on_date: string; working_days: null; reason: null; recorded_at: string }[] = [];
    const allegations: { id: string; case_id: string; pack_id: string; pack_version: string; clause_id: string; source: string; created_at: string }[] = [];
    const assignments: { case_id: string; user_id: string; role: string; assigned_at: string }[] = [];
    for (let index = first; index < last; index++) {
      const ageMs = ages[index]!;
      const receivedMs = nowMs - ageMs;
      const receivedAt = new Date(receivedMs).toISOString();
      const receivedOn = localDate(receivedMs);
      const year = Number(receivedOn.slice(0, 4));
      const number = (counters.get(year) ?? 0) + 1;
      counters.set(year, number);
      const complaint = generateComplaint(rng, index, new Date(receivedMs));
      const ageDays = ageMs / DAY;
      const stage = chooseStage(rng, ageDays);
      const id = rng.uuid();
      let stageEnteredMs = receivedMs;
      let stageDueOn: string | null = null;
      let pausedSince: string | null = null;
      let closedAt: string | null = null;
      let outcome: string | null = null;
      let closureReason: string | null = null;
      if (stage === 'closed') {
        const closedMs = Math.min(nowMs - DAY, receivedMs + rng.int(10, 200) * DAY);
        stageEnteredMs = closedMs;
        closedAt = new Date(closedMs).toISOString();
        outcome = rng.pick(['upheld', 'partly_upheld', 'not_upheld', 'resolved_informally', 'closed_at_triage', 'withdrawn']);
        if (outcome === 'closed_at_triage') closureReason = rng.pick(['outside_jurisdiction', 'respondent_not_member', 'insufficient_information', 'no_breach_alleged']);
      } else {
        open++;
        if (stage !== 'received') stageEnteredMs = receivedMs + rng.float() * ageMs * 0.9;
        stageDueOn = localDate(stageEnteredMs + STAGE_LIMIT_DAYS[stage] * DAY);
        if (stage === 'investigation' && rng.chance(0.05)) pausedSince = new Date(stageEnteredMs + rng.float() * (nowMs - stageEnteredMs)).toISOString();
        if (!pausedSince && stageDueOn < today) overdue++;
        if (stage === 'received' || stage === 'triage') intakeQueue++;
      }
      const reference = formatCaseReference(prefix, year, number);
      cases.push(
        caseRow(complaint, {
          id,
          reference,
          channel: rng.pick(['web', 'web', 'web', 'api', 'email', 'phone']),
          received_at: receivedAt,
          acknowledgement_due_on: localDate(receivedMs + 7 * DAY),
          stage,
          stage_entered_at: new Date(stageEnteredMs).toISOString(),
          stage_due_on: stageDueOn,
          paused_since: pausedSince,
          overall_due_on: addCalendarMonths(receivedOn, 4),
          outcome,
          closure_reason: closureReason,
          closed_at: closedAt,
          risk_level: stage === 'received' ? null : rng.pick(['low', 'medium', 'high']),
          urgent: rng.chance(0.03) ? 1 : 0,
          updated_at: new Date(stageEnteredMs).toISOString(),
        }),
      );
      clock.push({ case_id: id, kind: 'stage_entered', stage: stage === 'closed' ? 'closed' : stage, on_date: localDate(stageEnteredMs), working_days: null, reason: null, recorded_at: new Date(stageEnteredMs).toISOString() });
      allegations.push(...allegationRows(complaint, id, receivedAt, () => rng.uuid()));
      const assignedAt = new Date(receivedMs + Math.min(ageMs * 0.1, 10 * DAY)).toISOString();
      if (rng.chance(0.01)) {
        assignments.push({ case_id: id, user_id: caseManager.userId, role: 'case_manager', assigned_at: assignedAt });
        benchManagerAssignments++;
      } else if (stage !== 'received' && stage !== 'triage' && outcome !== 'closed_at_triage') {
        assignments.push({ case_id: id, user_id: rng.pick(otherManagers).id, role: 'case_manager', assigned_at: assignedAt });
      }
      if (stage === 'investigation' || stage === 'decision' || (stage === 'closed' && outcome !== 'closed_at_triage' && outcome !== 'withdrawn')) {
        assignments.push({ case_id: id, user_id: rng.pick(investigators).id, role: 'investigator', assigned_at: assignedAt });
      }
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < cases.length; i += rowsPerInsert) await trx.insertInto('cases').values(cases.slice(i, i + rowsPerInsert)).execute();
      for (let i = 0; i < clock.length; i += rowsPerInsert * 4) await trx.insertInto('case_clock_entries').values(clock.slice(i, i + rowsPerInsert * 4)).execute();
      for (let i = 0; i < allegations.length; i += rowsPerInsert * 4) await trx.insertInto('case_allegations').values(allegations.slice(i, i + rowsPerInsert * 4)).execute();
      for (let i = 0; i < assignments.length; i += rowsPerInsert * 4) await trx.insertInto('case_assignments').values(assignments.slice(i, i + rowsPerInsert * 4)).execute();
    });
    if (last % 50_000 === 0 || last === count) log(`    seeded ${last.toLocaleString('en-GB')} cases (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  for (const [year, last] of counters) {
    await ctx.db.insertInto('reference_counters').values({ year, last_number: last }).onConflict((c) => c.column('year').doUpdateSet({ last_number: last })).execute();
  }

  // What a running server would have reached by itself: autovacuum/autoanalyze on PostgreSQL, a checkpointed WAL on SQLite.
  if (target.kind === 'postgres') await sql`VACUUM ANALYZE`.execute(ctx.db);
  else await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.db);

  const searchMatches = await countCases(ctx.db, ctx.dbKind, { scope: { kind: 'all' }, search: SEARCH_WORD });
  return {
    cases: count,
    open,
    overdue,
    intakeQueue,
    benchManagerAssignments,
    searchMatches,
    elapsedMs: performance.now() - started,
    intakeOfficer,
    caseManager,
  };
}

export type LatencyResult = { name: string; staff: string; calls: number; total: number; p50Ms: number; p99Ms: number; maxMs: number };

/** Calls the listCases use case sequentially and records each call's time; stops early at the time limit. */
export async function measureList(
  target: BenchTarget,
  options: { name: string; staff: Staff; staffLabel: string; query: CaseListQuery; calls: number; warmup: number; timeLimitMs: number },
): Promise<LatencyResult> {
  const { ctx } = target;
  let total = 0;
  for (let i = 0; i < options.warmup; i++) total = (await listCases({ ctx, staff: options.staff, query: options.query })).total;
  const samples: number[] = [];
  const stopAt = performance.now() + options.timeLimitMs;
  while (samples.length < options.calls && performance.now() < stopAt) {
    const began = performance.now();
    const list = await listCases({ ctx, staff: options.staff, query: options.query });
    samples.push(performance.now() - began);
    total = list.total;
  }
  return { name: options.name, staff: options.staffLabel, calls: samples.length, total, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: Math.max(...samples) };
}

/** Every column of a case row (not PostgreSQL's generated search document, which no caller reads). */
const CASE_COLUMNS = Object.keys(
  caseRow(generateComplaint(new SeededRandom(1), 0, new Date()), {
    id: '',
    reference: '',
    channel: '',
    received_at: '',
    acknowledgement_due_on: '',
    stage: '',
    stage_entered_at: '',
    stage_due_on: null,
    paused_since: null,
    overall_due_on: '',
    outcome: null,
    closure_reason: null,
    closed_at: null,
    risk_level: null,
    urgent: 0,
    updated_at: '',
  }),
) as (keyof CaseTable)[];

/**
 * Diagnostic, not the product: the first page and its total as listCases
 * builds them, but with the access scope written so each database can use
 * its indexes for the OR (SQLite: `id IN (subquery)`, a MULTI-INDEX OR;
 * PostgreSQL: `id = ANY(ARRAY(subquery))`, a BitmapOr), instead of a
 * correlated EXISTS, which makes both databases read every case to count.
 */
export async function measureRewrittenScope(
  target: BenchTarget,
  options: { name: string; staff: Staff; staffLabel: string; overdue: boolean; calls: number; warmup: number; timeLimitMs: number },
): Promise<LatencyResult> {
  const { ctx } = target;
  const stages = sql.join([...INTAKE_QUEUE_STAGES]);
  const userId = options.staff.userId;
  const scope: Expression<SqlBool> =
    target.kind === 'sqlite'
      ? sql<SqlBool>`(cases.id in (select case_id from case_assignments where user_id = ${userId}) or cases.stage in (${stages}))`
      : sql<SqlBool>`(cases.id = any(array(select case_id from case_assignments where user_id = ${userId})) or cases.stage in (${stages}))`;
  const filtered = () => {
    let query = ctx.db.selectFrom('cases').where(scope);
    if (options.overdue) query = query.where('cases.stage_due_on', '<', today(ctx)).where('cases.paused_since', 'is', null).where('cases.closed_at', 'is', null);
    return query;
  };
  const once = async () => {
    const [, count] = await Promise.all([
      filtered().select(CASE_COLUMNS.map((column) => `cases.${column}` as const)).orderBy('cases.received_at', 'desc').orderBy('cases.id').limit(50).offset(0).execute(),
      filtered().select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow(),
    ]);
    return Number(count.count);
  };
  let total = 0;
  for (let i = 0; i < options.warmup; i++) total = await once();
  const samples: number[] = [];
  const stopAt = performance.now() + options.timeLimitMs;
  while (samples.length < options.calls && performance.now() < stopAt) {
    const began = performance.now();
    total = await once();
    samples.push(performance.now() - began);
  }
  return { name: options.name, staff: options.staffLabel, calls: samples.length, total, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: Math.max(...samples) };
}
