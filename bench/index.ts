import os from 'node:os';
import { parseArgs } from 'node:util';
import type { DatabaseKind } from '../src/db/connection.js';
import { SEARCH_WORD } from './fixtures.js';
import { complaintsFor, runHttpFloor, runHttpIntake, runReferenceIntake } from './intake.js';
import { LEDGER_PLANS, runLedgerSection, type LedgerResult } from './ledger.js';
import { measureList, measureRewrittenScope, seedCases } from './lists.js';
import { measureStatistics } from './statistics.js';
import { runStatisticsAtScale } from './statistics-at-scale.js';
import { buildReport, machineInfo, writeReport, type KindResult, type Plan } from './report.js';
import { seconds } from './stats.js';
import { openTarget, postgresStatus, removeEverything, sqliteVersion } from './targets.js';

const USAGE = `Usage: npm run bench -- [--quick] [--write] [--only sqlite|postgres]

  --quick   smaller counts (a fast check that everything runs; the numbers mean little)
  --write   rewrite docs/benchmarks.md with this run's results
  --only    run one database only
  --statistics-at N
            only the statistics report, at N cases (for example 1000000), outside the timed budget; prints a table for docs/benchmarks.md

PostgreSQL: a database redress_bench_<pid> is created on REDRESS_BENCH_POSTGRES_URL
(or REDRESS_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test) and dropped afterwards.`;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    only: { type: 'string' },
    'statistics-at': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.only && values.only !== 'sqlite' && values.only !== 'postgres') {
  console.error(`--only: unknown database "${values.only}"\n\n${USAGE}`);
  process.exit(64);
}

if (values['statistics-at'] !== undefined) {
  const cases = Number(values['statistics-at']);
  if (!Number.isInteger(cases) || cases < 1000 || cases > 5_000_000) {
    console.error(`--statistics-at: give a whole number of cases from 1,000 to 5,000,000\n\n${USAGE}`);
    process.exit(64);
  }
  try {
    const table = await runStatisticsAtScale({ kinds: values.only ? [values.only as DatabaseKind] : ['sqlite', 'postgres'], cases, calls: 5, log: console.log });
    console.log(`\n${table}`);
  } finally {
    await removeEverything();
  }
  process.exit(0);
}

const plan: Plan = values.quick
  ? { quick: true, intakeCount: 400, intakeWarmup: 100, concurrency: 32, intakeTimeLimitMs: 20_000, groupSize: 32, listCases: 10_000, listCalls: 30, listWarmup: 3, listTimeLimitMs: 10_000, statisticsCalls: 5 }
  : { quick: false, intakeCount: 4_000, intakeWarmup: 300, concurrency: 32, intakeTimeLimitMs: 60_000, groupSize: 32, listCases: 100_000, listCalls: 200, listWarmup: 10, listTimeLimitMs: 40_000, statisticsCalls: 20 };

/**
 * Every phase stops at its own time limit, and the limits shrink as the run
 * nears its overall budget, so a slow machine gets fewer samples rather than
 * a run that never ends. The watchdog is the backstop if something hangs.
 */
/** The ledger section runs last, on its own share of the budget. */
const LEDGER_BUDGET_MS = values.quick ? 45_000 : 3.5 * 60_000;
const BUDGET_MS = (values.quick ? 2 * 60_000 : 7 * 60_000) + LEDGER_BUDGET_MS;
const WATCHDOG_MS = BUDGET_MS + 2 * 60_000;
const budgetEndsAt = performance.now() + BUDGET_MS - LEDGER_BUDGET_MS;
/** Each database gets an equal share of what is left of the budget when its turn comes. */
let kindEndsAt = budgetEndsAt;
const within = (ms: number) => Math.max(2_000, Math.min(ms, kindEndsAt - performance.now()));
const watchdog = setTimeout(() => {
  console.error(`\nThe benchmark ran for more than ${seconds(WATCHDOG_MS)} and was stopped.`);
  void removeEverything().finally(() => process.exit(2));
}, WATCHDOG_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: removing the benchmark databases and stopping.`);
    void removeEverything().finally(() => process.exit(130));
  });
}

const log = (line: string) => console.log(line);
const kinds: DatabaseKind[] = values.only ? [values.only as DatabaseKind] : ['sqlite', 'postgres'];
const started = performance.now();
const loadBefore = os.loadavg()[0]!;
const postgres = kinds.includes('postgres') ? await postgresStatus() : null;
const results: KindResult[] = [];
let ledger: LedgerResult | null = null;
let sqliteVersionText: string | null = null;

log(`Redress benchmark${plan.quick ? ' (--quick: small counts, indicative only)' : ''}: ${kinds.join(' and ')}`);

try {
  for (const [index, kind] of kinds.entries()) {
    const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    kindEndsAt = performance.now() + (budgetEndsAt - performance.now()) / (kinds.length - index);
    if (kind === 'postgres' && postgres && !postgres.ok) {
      log(`\n${label}: not run, the server cannot be reached (${postgres.reason}).`);
      results.push({ kind, skipped: postgres.reason });
      continue;
    }
    log(`\n${label}`);
    const result: KindResult = { kind };
    results.push(result);

    const intake = await openTarget(kind, 'intake');
    try {
      if (kind === 'sqlite') sqliteVersionText = await sqliteVersion(intake);
      log(`  intake over HTTP: ${plan.intakeCount.toLocaleString('en-GB')} named complaints from ${plan.concurrency} clients (after ${plan.intakeWarmup} to warm up)…`);
      result.http = await runHttpIntake(intake, { count: plan.intakeCount, warmup: plan.intakeWarmup, concurrency: plan.concurrency, timeLimitMs: within(plan.intakeTimeLimitMs) }, log);
      log(`    ${result.http.ok} × 201 in ${seconds(result.http.elapsedMs)}: ${Math.round(result.http.perSecond)}/s; failures ${result.http.failed}${result.http.failures[0] ? ` (first: ${result.http.failures[0]})` : ''}`);
      if (result.http.casesStored !== result.http.expectedCases) log(`    ! ${result.http.casesStored} cases stored for ${result.http.expectedCases} acknowledged`);

      const complaints = complaintsFor(13, plan.intakeCount);
      await runReferenceIntake(intake, { complaints: complaintsFor(14, plan.intakeWarmup), concurrency: plan.concurrency, timeLimitMs: within(plan.intakeTimeLimitMs), perTransaction: 1 });
      log(`  reference: the same rows straight through Kysely, one transaction per complaint…`);
      result.reference = await runReferenceIntake(intake, { complaints, concurrency: plan.concurrency, timeLimitMs: within(plan.intakeTimeLimitMs), perTransaction: 1 });
      log(`    ${result.reference.ok} in ${seconds(result.reference.elapsedMs)}: ${Math.round(result.reference.perSecond)}/s; failures ${result.reference.failed}${result.reference.failures[0] ? ` (first: ${result.reference.failures[0]})` : ''}`);

      // Getters, so each phase's limit is worked out when it starts.
      const diagnostic = {
        concurrency: plan.concurrency,
        get timeLimitMs() {
          return within(plan.intakeTimeLimitMs / 4);
        },
      };
      log(`  diagnostics (not targets)…`);
      result.httpFloor = await runHttpFloor(intake, { count: plan.intakeCount, warmup: plan.intakeWarmup, concurrency: plan.concurrency, timeLimitMs: diagnostic.timeLimitMs });
      log(`    HTTP alone, each complaint refused before the database: ${Math.round(result.httpFloor.perSecond)}/s`);
      result.grouped = await runReferenceIntake(intake, { ...diagnostic, complaints: complaintsFor(15, plan.intakeCount), perTransaction: plan.groupSize });
      log(`    ${plan.groupSize} complaints per transaction: ${Math.round(result.grouped.perSecond)}/s`);
      if (kind === 'postgres') {
        result.numberLast = await runReferenceIntake(intake, { ...diagnostic, complaints: complaintsFor(16, plan.intakeCount), perTransaction: 1, numbering: 'last' });
        log(`    reference number taken just before COMMIT: ${Math.round(result.numberLast.perSecond)}/s`);
        result.sequence = await runReferenceIntake(intake, { ...diagnostic, complaints: complaintsFor(17, plan.intakeCount), perTransaction: 1, numbering: 'sequence' });
        log(`    reference number from a sequence (no row lock): ${Math.round(result.sequence.perSecond)}/s`);
      }
    } finally {
      await intake.close();
    }

    const lists = await openTarget(kind, 'lists');
    try {
      log(`  seeding ${plan.listCases.toLocaleString('en-GB')} cases…`);
      result.seed = await seedCases(lists, plan.listCases, log);
      log(`    ${seconds(result.seed.elapsedMs)}: ${result.seed.open} open, ${result.seed.overdue} overdue, ${result.seed.intakeQueue} in the intake queue, "${SEARCH_WORD}" in ${result.seed.searchMatches}`);
      const common = {
        calls: plan.listCalls,
        warmup: plan.listWarmup,
        get timeLimitMs() {
          return within(plan.listTimeLimitMs);
        },
      };
      result.lists = [];
      for (const spec of [
        { name: 'List: first page', staff: result.seed.intakeOfficer, staffLabel: 'intake officer', query: {} },
        { name: 'List: overdue', staff: result.seed.caseManager, staffLabel: 'case manager', query: { overdue: true } },
        { name: `Search "${SEARCH_WORD}"`, staff: result.seed.caseManager, staffLabel: 'case manager', query: { search: SEARCH_WORD } },
      ]) {
        const measured = await measureList(lists, { ...spec, ...common });
        result.lists.push(measured);
        log(`    ${measured.name} (${measured.staff}, ${measured.total} matching): p50 ${measured.p50Ms.toFixed(1)} ms, p99 ${measured.p99Ms.toFixed(1)} ms over ${measured.calls} calls`);
      }
      log(`  diagnostics (the same page and total, with the access scope written so the database can use its indexes)…`);
      result.scopeRewritten = [];
      for (const spec of [
        { name: 'List: first page', staff: result.seed.intakeOfficer, staffLabel: 'intake officer', overdue: false },
        { name: 'List: overdue', staff: result.seed.caseManager, staffLabel: 'case manager', overdue: true },
      ]) {
        const measured = await measureRewrittenScope(lists, { ...spec, ...common });
        result.scopeRewritten.push(measured);
        log(`    ${measured.name} (${measured.staff}, ${measured.total} matching): p50 ${measured.p50Ms.toFixed(1)} ms, p99 ${measured.p99Ms.toFixed(1)} ms over ${measured.calls} calls`);
      }
      log(`  the public statistics report on the same ${plan.listCases.toLocaleString('en-GB')} cases (decisions and appeals added in bulk)…`);
      result.statistics = await measureStatistics(lists, { cases: plan.listCases, calls: plan.statisticsCalls });
      for (const latency of [result.statistics.quarter, result.statistics.year]) {
        log(`    ${latency.name} (${latency.received} received): p50 ${latency.p50Ms.toFixed(1)} ms, max ${latency.maxMs.toFixed(1)} ms over ${latency.calls} calls; reference p50 ${latency.referenceP50Ms.toFixed(1)} ms`);
      }
    } finally {
      await lists.close();
    }
  }

  const ledgerKinds = kinds.filter((kind) => !(kind === 'postgres' && postgres && !postgres.ok));
  if (ledgerKinds.length > 0) {
    log('\nLedger');
    ledger = await runLedgerSection({
      plan: LEDGER_PLANS[plan.quick ? 'quick' : 'full'],
      kinds: ledgerKinds,
      open: openTarget,
      endsAt: Math.max(budgetEndsAt, performance.now()) + LEDGER_BUDGET_MS,
      log,
    });
  }
} finally {
  // Also on an error part-way, so no database or temporary file outlives the run.
  await removeEverything();
}

const machine = await machineInfo({ postgres, sqliteVersion: sqliteVersionText, loadBefore });
const report = buildReport({ plan, results, ledger, machine, elapsedMs: performance.now() - started });
log(`\n${report.table}\n`);
for (const line of report.verdicts) log(line);
if (values.write) {
  const file = writeReport(report.markdown);
  log(`\nWrote ${file}.`);
}
const failures = results.reduce(
  (sum, result) => sum + (result.http ? result.http.failed + Math.abs(result.http.casesStored - result.http.expectedCases) : 0) + (result.reference?.failed ?? 0),
  0,
);
if (failures > 0) {
  log(`\n${failures} complaint(s) were not acknowledged with 201, or not stored as acknowledged; see above.`);
  process.exitCode = 1;
}
if (ledger && ledger.problems.length > 0) {
  log(`\nThe ledger section found problems: ${ledger.problems.join('; ')}.`);
  process.exitCode = 1;
}
if (results.some((result) => result.skipped)) {
  log('\nA requested database could not be reached, so the run is incomplete (use --only to choose the databases).');
  process.exitCode = 1;
}
log(`\nFinished in ${seconds(performance.now() - started)}.`);
