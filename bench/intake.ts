import { sql, type Transaction } from 'kysely';
import { addCalendarMonths } from '../src/domain/calendar/local-date.js';
import { addWorkingDays } from '../src/domain/calendar/working-days.js';
import { formatCaseReference } from '../src/domain/complaint/reference.js';
import type { Database } from '../src/db/database.js';
import { nextReferenceNumber } from '../src/db/repositories/case.repository.js';
import { buildApp } from '../src/http/app.js';
import { localDateOf } from '../src/services/cases/case-clock.js';
import { allegationRows, caseRow, generateComplaint, type GeneratedComplaint } from './fixtures.js';
import { generateSigningKey } from '../src/ledger/checkpoint.js';
import { SeededRandom } from '../src/domain/seeded-random.js';
import { runLoad, type LoadResult } from './load-worker.js';
import { percentile } from './stats.js';
import { startActivitySampler, type ActivitySummary, type BenchTarget } from './targets.js';

export type IntakeOptions = { count: number; warmup: number; concurrency: number; timeLimitMs: number };

/** Statements per acknowledged complaint, by kind and table (transaction control not counted). */
export type StatementMix = Record<string, number>;

function perComplaint(counts: Map<string, number>, complaints: number): StatementMix {
  const mix: StatementMix = {};
  for (const [key, count] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) mix[key] = complaints > 0 ? count / complaints : 0;
  return mix;
}

export type HttpIntakeResult = LoadResult & {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  casesStored: number;
  expectedCases: number;
  activity: ActivitySummary | null;
  statements: StatementMix;
  /** Transactions opened per acknowledged complaint: below 1 when complaints share a COMMIT. */
  transactionsPerComplaint: number;
};

/**
 * Where the reference number is taken: first, as createComplaint does (the
 * counter row stays locked for the rest of the transaction); last, just
 * before COMMIT (the case is inserted with a provisional reference); or from
 * a PostgreSQL sequence, which takes no row lock at all.
 */
export type Numbering = 'first' | 'last' | 'sequence';

export type ReferenceResult = { perTransaction: number; attempted: number; ok: number; failed: number; elapsedMs: number; perSecond: number; failures: string[]; statements: StatementMix };

export function complaintsFor(seed: number, count: number): GeneratedComplaint[] {
  const rng = new SeededRandom(seed);
  const now = new Date();
  return Array.from({ length: count }, (_, index) => generateComplaint(rng, seed * 1_000_000 + index, now));
}

async function countRows(target: BenchTarget, table: 'cases'): Promise<number> {
  const row = await target.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

const BENCH_LEDGER_KEY = generateSigningKey('bench.redress.test/ledger');

async function withListeningApp<T>(target: BenchTarget, run: (url: string) => Promise<T>): Promise<T> {
  const app = await buildApp({ ctx: target.ctx, ledgerKey: () => BENCH_LEDGER_KEY, cookieSecret: 'benchmark-cookie-secret-of-enough-length', publicRequestsPerMinute: 1_000_000_000 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
    return await run(`http://127.0.0.1:${address.port}/api/v1/complaints`);
  } finally {
    await app.close();
  }
}

/**
 * Intake through the JSON API: the app as the server builds it (public rate
 * limit lifted), listening on 127.0.0.1, driven by `concurrency` keep-alive
 * clients in a worker thread. Every complaint is named, so no argon2id.
 * Afterwards the cases table must hold exactly one new row per 201.
 */
export async function runHttpIntake(target: BenchTarget, options: IntakeOptions, log: (line: string) => void): Promise<HttpIntakeResult> {
  return withListeningApp(target, async (url) => {
    const before = await countRows(target, 'cases');

    const warm = await runLoad({ url, bodies: complaintsFor(11, options.warmup).map((c) => JSON.stringify(c)), concurrency: options.concurrency, timeLimitMs: options.timeLimitMs });
    if (warm.failed > 0) log(`    warm-up: ${warm.failed} of ${warm.completed} requests failed (${warm.failures[0] ?? ''})`);

    const bodies = complaintsFor(12, options.count).map((complaint) => JSON.stringify(complaint));
    const sampler = target.kind === 'postgres' ? await startActivitySampler() : null;
    target.tally.start();
    const transactionsBefore = target.transactions.count;
    const result = await runLoad({ url, bodies, concurrency: options.concurrency, timeLimitMs: options.timeLimitMs });
    const statements = target.tally.stop();
    const transactions = target.transactions.count - transactionsBefore;
    const activity = sampler ? await sampler.stop() : null;
    const after = await countRows(target, 'cases');
    return {
      ...result,
      perSecond: result.ok / (result.elapsedMs / 1000),
      p50Ms: percentile(result.latenciesMs, 50),
      p99Ms: percentile(result.latenciesMs, 99),
      casesStored: after - before,
      expectedCases: warm.ok + result.ok,
      activity,
      statements: perComplaint(statements, result.ok),
      transactionsPerComplaint: result.ok > 0 ? transactions / result.ok : Number.NaN,
    };
  });
}

/**
 * Diagnostic: the same requests, each citing a clause that is not in force,
 * so createComplaint refuses it (400) after parsing and validation but
 * before any database work. What the HTTP layer alone can carry.
 */
export async function runHttpFloor(target: BenchTarget, options: IntakeOptions): Promise<LoadResult & { perSecond: number }> {
  return withListeningApp(target, async (url) => {
    const bodies = complaintsFor(18, options.count + options.warmup).map((complaint) => JSON.stringify({ ...complaint, clauses: ['no-such-code@1#none'] }));
    await runLoad({ url, bodies: bodies.slice(0, options.warmup), concurrency: options.concurrency, timeLimitMs: options.timeLimitMs, expectStatus: 400 });
    const result = await runLoad({ url, bodies: bodies.slice(options.warmup), concurrency: options.concurrency, timeLimitMs: options.timeLimitMs, expectStatus: 400 });
    return { ...result, perSecond: result.ok / (result.elapsedMs / 1000) };
  });
}

/**
 * The reference: the same rows the intake transaction writes (the year's
 * reference counter, the case, its first clock entry, its allegations, its
 * events and the acknowledgement in the outbox), written straight through
 * Kysely with nothing else: no HTTP, no validation, no re-reads. One
 * transaction per complaint unless `perTransaction` groups several.
 */
export async function runReferenceIntake(
  target: BenchTarget,
  options: { complaints: GeneratedComplaint[]; concurrency: number; timeLimitMs: number; perTransaction: number; numbering?: Numbering },
): Promise<ReferenceResult> {
  const numbering = options.numbering ?? 'first';
  const { ctx } = target;
  const db = ctx.db;
  const prefix = ctx.config.organisation.organisation.referencePrefix;
  const firstStage = ctx.workflow.stages[0]!;
  const actor = JSON.stringify({ kind: 'public' });
  const from = ctx.config.organisation.organisation.contactEmail;

  // The dates are worked out once: the reference is the database work alone (a run lasts a minute at most).
  const receivedOn = localDateOf(ctx, ctx.clock.now().toISOString());
  const year = Number(receivedOn.slice(0, 4));
  const acknowledgementDueOn = addWorkingDays(receivedOn, ctx.config.organisation.timetable.stages.received, ctx.calendar);
  const stageDueOn = addWorkingDays(receivedOn, firstStage.limitWorkingDays ?? 0, ctx.calendar);
  const overallDueOn = addCalendarMonths(receivedOn, ctx.config.organisation.timetable.overallTargetMonths);

  const writeOne = async (trx: Transaction<Database>, complaint: GeneratedComplaint) => {
    const receivedAt = ctx.clock.now().toISOString();
    const nextNumber = async () => {
      if (numbering !== 'sequence') return nextReferenceNumber(trx, year);
      const row = await sql<{ n: string }>`select nextval('bench_reference_seq') as n`.execute(trx);
      return Number(row.rows[0]!.n);
    };
    const caseId = ctx.random.uuid();
    const reference = numbering === 'last' ? `PENDING-${caseId}` : formatCaseReference(prefix, year, await nextNumber());
    const state = {
      id: caseId,
      reference,
      channel: 'api',
      received_at: receivedAt,
      acknowledgement_due_on: acknowledgementDueOn,
      stage: firstStage.id,
      stage_entered_at: receivedAt,
      stage_due_on: stageDueOn,
      paused_since: null,
      overall_due_on: overallDueOn,
      outcome: null,
      closure_reason: null,
      closed_at: null,
      risk_level: null,
      urgent: 0,
      updated_at: receivedAt,
    };
    await trx.insertInto('cases').values(caseRow(complaint, state)).execute();
    await trx
      .insertInto('case_clock_entries')
      .values({ case_id: caseId, kind: 'stage_entered', stage: firstStage.id, on_date: receivedOn, working_days: null, reason: null, recorded_at: receivedAt })
      .execute();
    const allegations = allegationRows(complaint, caseId, receivedAt, () => ctx.random.uuid());
    if (allegations.length > 0) await trx.insertInto('case_allegations').values(allegations).execute();
    const events = [
      { type: 'complaint_received', data: { reference, channel: 'api', anonymous: false, relation: complaint.relation, recordedOnBehalf: false } },
      ...allegations.map((a) => ({ type: 'allegation_cited', data: { allegationId: a.id, packId: a.pack_id, packVersion: a.pack_version, clauseId: a.clause_id, source: 'complainant' } })),
      { type: 'complaint_acknowledged', data: { dueOn: acknowledgementDueOn, by: ['page', 'email'] } },
    ];
    await trx
      .insertInto('case_events')
      .values(events.map((event, index) => ({ id: ctx.random.uuid(), case_id: caseId, sequence: index + 1, type: event.type, actor, occurred_at: receivedAt, data: JSON.stringify(event.data) })))
      .execute();
    const message = {
      to: complaint.complainant.email,
      subject: `We have received your complaint ${reference}`,
      text: `Dear ${complaint.complainant.name},\n\nThank you for your complaint, which we received on ${receivedOn}. Its reference is ${reference}.\nWhat happens next:\n- ${firstStage.publicDescription}\n- We aim to conclude every complaint by ${overallDueOn}.\nPlease quote ${reference} if you contact ${from}.\n\nExample Organisation complaints team`,
    };
    await trx.insertInto('outbox').values({ kind: 'email', payload: JSON.stringify(message), created_at: receivedAt, next_attempt_at: receivedAt, attempts: 0 }).execute();
    if (numbering === 'last') await trx.updateTable('cases').set({ reference: formatCaseReference(prefix, year, await nextNumber()) }).where('id', '=', caseId).execute();
  };
  if (numbering === 'sequence') await sql`create sequence if not exists bench_reference_seq start with 1000000`.execute(db);

  const groups: GeneratedComplaint[][] = [];
  for (let index = 0; index < options.complaints.length; index += options.perTransaction) groups.push(options.complaints.slice(index, index + options.perTransaction));
  let next = 0;
  let ok = 0;
  let failed = 0;
  let attempted = 0;
  const failures: string[] = [];
  target.tally.start();
  const start = performance.now();
  const stopAt = start + options.timeLimitMs;
  const worker = async () => {
    while (next < groups.length && performance.now() < stopAt) {
      const group = groups[next++]!;
      attempted += group.length;
      try {
        await db.transaction().execute(async (trx) => {
          for (const complaint of group) await writeOne(trx, complaint);
        });
        ok += group.length;
      } catch (error) {
        failed += group.length;
        if (failures.length < 5) failures.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - start;
  const statements = perComplaint(target.tally.stop(), ok);
  return { perTransaction: options.perTransaction, attempted, ok, failed, elapsedMs, perSecond: ok / (elapsedMs / 1000), failures, statements };
}
