import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseKind } from '../src/db/connection.js';
import { toLocalDate } from '../src/domain/calendar/local-date.js';
import { SEARCH_WORD } from './fixtures.js';
import type { HttpIntakeResult, ReferenceResult, StatementMix } from './intake.js';
import type { LedgerResult } from './ledger.js';
import type { LoadResult } from './load-worker.js';
import type { LatencyResult, SeedResult } from './lists.js';
import type { StatisticsResult } from './statistics.js';
import { formatCount, formatMs, formatRate, seconds } from './stats.js';

export type Plan = {
  quick: boolean;
  intakeCount: number;
  intakeWarmup: number;
  concurrency: number;
  intakeTimeLimitMs: number;
  groupSize: number;
  listCases: number;
  listCalls: number;
  listWarmup: number;
  listTimeLimitMs: number;
  statisticsCalls: number;
};

export type KindResult = {
  kind: DatabaseKind;
  skipped?: string;
  http?: HttpIntakeResult;
  httpFloor?: LoadResult & { perSecond: number };
  reference?: ReferenceResult;
  grouped?: ReferenceResult;
  numberLast?: ReferenceResult;
  sequence?: ReferenceResult;
  seed?: SeedResult;
  lists?: LatencyResult[];
  scopeRewritten?: LatencyResult[];
  statistics?: StatisticsResult;
};

export type Machine = { toLocalDateMicros: number; git: string; loadBefore: string; loadAfter: string; shared: string; date: string; cpus: number; cpuModel: string; memory: string; node: string; platform: string; postgres: string; sqlite: string };

export async function machineInfo(options: {
  postgres: { ok: true; version: string; settings: Record<string, string> } | { ok: false; reason: string } | null;
  sqliteVersion: string | null;
  loadBefore: number;
}): Promise<Machine> {
  const probeStart = performance.now();
  for (let i = 0; i < 2000; i++) toLocalDate(new Date(1_700_000_000_000 + i * 3_600_000), 'Europe/London');
  const toLocalDateMicros = ((performance.now() - probeStart) * 1000) / 2000;
  const loadAfter = os.loadavg()[0]!;
  const postgres = options.postgres
    ? options.postgres.ok
      ? `${options.postgres.version} (fsync ${options.postgres.settings.fsync}, synchronous_commit ${options.postgres.settings.synchronous_commit}, shared_buffers ${options.postgres.settings.shared_buffers})`
      : `not reachable (${options.postgres.reason})`
    : 'not run';
  const busy = options.loadBefore > os.availableParallelism() * 0.5;
  return {
    toLocalDateMicros,
    git: gitState(),
    loadBefore: options.loadBefore.toFixed(2),
    loadAfter: loadAfter.toFixed(2),
    shared: busy
      ? 'other work was running on the machine when the benchmark began, so these numbers are lower and noisier than an idle machine would give'
      : 'the machine was quiet when the run began (the load after it is mostly the benchmark itself)',
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    postgres,
    sqlite: options.sqliteVersion ? `${options.sqliteVersion} (better-sqlite3, WAL, synchronous=FULL, file in ${os.tmpdir()})` : 'not run',
  };
}

/** The commit measured, and whether src/ had uncommitted changes (other work may be in progress in the tree). */
function gitState(): string {
  try {
    const root = path.resolve(import.meta.dirname, '..');
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return changed > 0 ? `commit ${commit}, with uncommitted changes to ${changed} file(s) under src/` : `commit ${commit}, src/ unchanged`;
  } catch {
    return 'not a git checkout';
  }
}

export const TARGETS = {
  intake: { sqlite: 2000, postgres: 1000 } as Record<DatabaseKind, number>,
  listP99Ms: 50,
  statisticsMs: 1000,
  ledger: { appendsSqlite: 20_000, verifyOfRaw: 0.5, proofMs: 1, verifyRssMb: 150, proofEntries: 1_000_000 },
};

type Verdict = { text: string; met: boolean | null };

function intakeVerdict(result: KindResult): Verdict {
  const target = TARGETS.intake[result.kind];
  if (!result.http) return { text: `≥ ${formatCount(target)}/s: not measured`, met: null };
  const failed = result.http.failed > 0;
  const met = !failed && result.http.perSecond >= target;
  return { text: `≥ ${formatCount(target)}/s: ${met ? 'met' : 'not met'} (${formatRate(result.http.perSecond)}/s${failed ? `, ${result.http.failed} failed` : ''})`, met };
}

function listVerdict(latency: LatencyResult): Verdict {
  const met = latency.p99Ms <= TARGETS.listP99Ms;
  return { text: `p99 ≤ ${TARGETS.listP99Ms} ms: ${met ? 'met' : 'not met'} (${formatMs(latency.p99Ms)} ms)`, met };
}

const label = (kind: DatabaseKind) => (kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;
const latencyCell = (latency: LatencyResult | undefined) => latency && `${formatMs(latency.p50Ms)} / ${formatMs(latency.p99Ms)}`;

type Row = { metric: string; values: string[]; target: string };

function rows(plan: Plan, results: KindResult[]): Row[] {
  const value = (pick: (result: KindResult) => string | undefined, otherwise = '–') => results.map((result) => (result.skipped ? 'not run' : (pick(result) ?? otherwise)));
  const lists = results.find((result) => result.lists)?.lists ?? [];
  const rewritten = results.find((result) => result.scopeRewritten)?.scopeRewritten ?? [];
  const out: Row[] = [
    {
      metric: `Intake over HTTP, ${plan.concurrency} clients (complaints/s)`,
      values: value((r) => r.http && formatRate(r.http.perSecond)),
      target: `≥ ${formatCount(TARGETS.intake.sqlite)} SQLite, ≥ ${formatCount(TARGETS.intake.postgres)} PostgreSQL`,
    },
    { metric: '  answered 201 / sent', values: value((r) => r.http && `${formatCount(r.http.ok)} / ${formatCount(r.http.completed)}`), target: 'every one 201' },
    { metric: '  request p50 / p99 (ms)', values: value((r) => r.http && `${formatMs(r.http.p50Ms)} / ${formatMs(r.http.p99Ms)}`), target: '' },
    {
      metric: '  transactions per complaint',
      values: value((r) => r.http && (Number.isFinite(r.http.transactionsPerComplaint) ? r.http.transactionsPerComplaint.toFixed(2) : undefined)),
      target: '',
    },
    {
      metric: '  pool connections waiting on a lock (mean)',
      values: value((r) => (r.http?.activity ? `${r.http.activity.waitingOnLock.toFixed(1)} of ${r.http.activity.connections.toFixed(1)}` : undefined), 'n/a'),
      target: '',
    },
    { metric: 'Reference: same rows via Kysely, 1 tx each (/s)', values: value((r) => r.reference && formatRate(r.reference.perSecond)), target: '' },
    {
      metric: '  statements per complaint, HTTP / reference',
      values: value((r) => r.http && r.reference && `${statementTotal(r.http.statements).toFixed(1)} / ${statementTotal(r.reference.statements).toFixed(1)}`),
      target: '',
    },
    { metric: 'HTTP / reference', values: value((r) => r.http && r.reference && pct(r.http.perSecond, r.reference.perSecond)), target: '' },
    { metric: 'Diagnostic: HTTP alone, refused before the database (/s)', values: value((r) => r.httpFloor && formatRate(r.httpFloor.perSecond)), target: '' },
    { metric: `Diagnostic: ${plan.groupSize} complaints per transaction (/s)`, values: value((r) => r.grouped && formatRate(r.grouped.perSecond)), target: '' },
    { metric: 'Diagnostic: number taken just before COMMIT (/s)', values: value((r) => r.numberLast && formatRate(r.numberLast.perSecond), 'n/a'), target: '' },
    { metric: 'Diagnostic: number from a sequence, no lock (/s)', values: value((r) => r.sequence && formatRate(r.sequence.perSecond), 'n/a'), target: '' },
  ];
  lists.forEach((template, index) => {
    out.push({ metric: `${template.name}, ${template.staff} (p50 / p99 ms)`, values: value((r) => latencyCell(r.lists?.[index])), target: `p99 ≤ ${TARGETS.listP99Ms} ms` });
    out.push({ metric: '  cases in the total', values: value((r) => r.lists?.[index] && formatCount(r.lists[index].total)), target: '' });
  });
  rewritten.forEach((template, index) => {
    out.push({ metric: `Diagnostic: ${lowerFirst(template.name.replace(/^List: /, ''))}, scope rewritten (p50 / p99 ms)`, values: value((r) => latencyCell(r.scopeRewritten?.[index])), target: '' });
  });
  const statistics = results.find((result) => result.statistics)?.statistics;
  if (statistics) {
    for (const pick of [(s: StatisticsResult) => s.quarter, (s: StatisticsResult) => s.year]) {
      const template = pick(statistics);
      out.push({
        metric: `${template.name.replace(/ \d{4}(-Q\d)?$/, '')}'s report at ${formatCount(statistics.cases)} cases (p50 / max ms)`,
        values: value((r) => r.statistics && `${formatMs(pick(r.statistics).p50Ms)} / ${formatMs(pick(r.statistics).maxMs)}`),
        target: `< ${formatCount(TARGETS.statisticsMs)} ms`,
      });
      out.push({ metric: '  complaints received in the period', values: value((r) => r.statistics && formatCount(pick(r.statistics).received)), target: '' });
      out.push({ metric: '  reference: one group-by over the period (p50 ms)', values: value((r) => r.statistics && formatMs(pick(r.statistics).referenceP50Ms)), target: '' });
    }
  }
  return out;
}

function textTable(header: string[], body: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('   '), ...body.map(line)].join('\n');
}

function markdownTable(header: string[], body: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/^\s+/, '… ').trim();
  const align = header.map((_, column) => (column === 0 || column === header.length - 1 ? ' --- ' : ' ---: '));
  return [`| ${header.map(escape).join(' | ')} |`, `|${align.join('|')}|`, ...body.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

/** The part a reader needs: what missed, why (from this run's own measurements where it can), and what would fix it. */
function analysis(plan: Plan, results: KindResult[], machine: Machine): string[] {
  const paragraphs: string[] = [];
  for (const result of results) {
    if (result.skipped || !result.http || !result.reference) continue;
    paragraphs.push(result.kind === 'sqlite' ? sqliteIntake(plan, result) : postgresIntake(result));
  }
  const missed = results.find((result) => result.http && result.reference && (result.http.failed > 0 || result.http.perSecond < TARGETS.intake[result.kind]));
  const cpu = missed ? cpuParagraph(missed, machine) : null;
  if (cpu) paragraphs.push(cpu);
  let causeExplained = false;
  for (const result of results) {
    if (!result.lists) continue;
    paragraphs.push(listsParagraph(result, causeExplained));
    if (result.lists.some((latency) => latency.p99Ms > TARGETS.listP99Ms)) causeExplained = true;
  }
  return paragraphs;
}

function failuresSentence(result: KindResult): string {
  const http = result.http!;
  const failed = http.failed > 0 ? ` ${formatCount(http.failed)} of ${formatCount(http.completed)} requests were not answered 201 (first: ${http.failures[0] ?? 'unknown'}), which alone fails the target.` : '';
  const stored = http.casesStored !== http.expectedCases ? ` ${formatCount(http.casesStored)} cases were stored for ${formatCount(http.expectedCases)} acknowledged.` : '';
  return failed + stored;
}

function floorSentence(result: KindResult, target: number, grouped: number): string {
  const floor = result.httpFloor?.perSecond;
  if (!floor || !Number.isFinite(floor)) return '';
  const perRequest = 1000 / floor;
  const budget = 1000 / target;
  if (floor < target) {
    return `The HTTP layer alone (the same requests, refused before the database) carries only ${formatRate(floor)}/s here, ${perRequest.toFixed(2)} ms of the event loop per request against a budget of ${budget.toFixed(2)} ms at ${formatCount(target)}/s, so no database change alone reaches the target on this machine. `;
  }
  const left = budget - perRequest;
  return (
    `The HTTP layer alone (the same requests, refused before the database) carries ${formatRate(floor)}/s, ${perRequest.toFixed(2)} ms of the event loop per request; at ${formatCount(target)}/s that leaves ${left.toFixed(2)} ms per complaint for the transaction, ` +
    `while even grouped the writes take ${(1000 / grouped).toFixed(2)} ms. `
  );
}

const statementTotal = (mix: StatementMix) => Object.values(mix).reduce((sum, count) => sum + count, 0);

/** What each kind of statement the intake sends beyond the reference's is, where the benchmark knows it. */
const EXTRA_STATEMENTS: Record<string, string> = {
  'select from case_clock_entries': 'a read of the clock entry the transaction has just written (`appendClockAndRefresh`, src/services/cases/case-clock.ts)',
  'select from case_events': 'a read of `max(sequence)`, which is 0 for a new case (`appendCaseEvents`, src/db/repositories/case-event.repository.ts)',
  'select from cases': 'a read of the case row the transaction has just written',
  'update cases': 'an update of the case row inserted earlier in the same transaction (worth its round trip only for a value not known at the insert, such as a reference number taken last)',
};

function extraStatements(http: StatementMix, reference: StatementMix): { key: string; extra: number }[] {
  return Object.keys(http)
    .map((key) => ({ key, extra: (http[key] ?? 0) - (reference[key] ?? 0) }))
    .filter((entry) => entry.extra >= 0.5)
    .sort((a, b) => b.extra - a.extra);
}

function sqliteIntake(plan: Plan, result: KindResult): string {
  const http = result.http!;
  const reference = result.reference!.perSecond;
  const grouped = result.grouped?.perSecond ?? Number.NaN;
  const target = TARGETS.intake.sqlite;
  const met = http.failed === 0 && http.perSecond >= target;
  const head = `**SQLite intake: ${formatRate(http.perSecond)}/s against ≥ ${formatCount(target)}/s, ${met ? 'met' : 'not met'}.**${failuresSentence(result)} The HTTP path reaches ${pct(http.perSecond, reference)} of the reference (${formatRate(reference)}/s)`;
  if (met) return `${head}.`;
  const shared = http.transactionsPerComplaint < 0.9;
  const commits = shared
    ? `. Complaints already share commits (${http.transactionsPerComplaint.toFixed(2)} transactions per complaint, so about ${formatCount(Math.round(1 / http.transactionsPerComplaint))} to a COMMIT); the same rows written ${plan.groupSize} to a transaction straight through Kysely reach ${formatRate(grouped)}/s. `
    : `, and the reference, the same rows with one transaction per complaint and nothing else, is ${reference < target ? 'itself below the target: the per-transaction cost is the first ceiling' : 'above the target, so the gap is the work around the writes'}. ` +
      "With `synchronous=FULL` every COMMIT writes the transaction's pages to the WAL (the case row and its five indexes, the FTS5 segment the insert trigger creates, the clock entry, the events, the outbox) and waits for the fsync; SQLite has one writer, and better-sqlite3 does all of it synchronously on the event loop that also serves HTTP, so nothing overlaps. " +
      `The same rows written ${plan.groupSize} complaints to a transaction reach ${formatRate(grouped)}/s: that is the room **group commit** opens without weakening durability. ` +
      "The fix: a small write queue in front of the intake transaction (a new `src/db/group-commit.ts`, used by `createComplaint` in src/services/intake/create-complaint.ts): while one commit is in flight, the complaints that arrive are queued; the next transaction runs each of them inside its own SAVEPOINT (Kysely's `trx.savepoint()`, so one bad complaint rolls back alone), commits once, and only then resolves every caller, so each 201 still means the complaint is on disk. ";
  const floor = result.httpFloor?.perSecond ?? Number.POSITIVE_INFINITY;
  const groupedShort = 1000 / grouped > 1000 / target - 1000 / floor;
  return (
    head +
    commits +
    floorSentence(result, target, grouped) +
    (groupedShort
      ? `So ${shared ? 'shared commits are not enough by themselves: what is left is' : 'sharing commits has to come with'} less CPU per request and the SQLite work moved off the HTTP event loop: a writer worker thread that owns the connection and commits the queued batches (src/db/connection.ts and the queue), so that HTTP and SQLite run on different cores. On two vCPUs that also carry the load generator even that may fall short; with a few more cores the writer thread and the HTTP loop would stop competing.`
      : 'What remains is CPU on the one event loop.')
  );
}

function postgresIntake(result: KindResult): string {
  const http = result.http!;
  const reference = result.reference!.perSecond;
  const target = TARGETS.intake.postgres;
  const met = http.failed === 0 && http.perSecond >= target;
  const activity = http.activity;
  const head = `**PostgreSQL intake: ${formatRate(http.perSecond)}/s against ≥ ${formatCount(target)}/s, ${met ? 'met' : 'not met'}.**${failuresSentence(result)} The HTTP path reaches ${pct(http.perSecond, reference)} of the reference (${formatRate(reference)}/s)`;
  if (met) return `${head}.`;
  const last = result.numberLast ? `${formatRate(result.numberLast.perSecond)}/s` : 'not measured';
  const sequence = result.sequence ? `${formatRate(result.sequence.perSecond)}/s` : 'not measured';
  const diagnostics = `In the reference, taking the number as the last statement before COMMIT gives ${last}, and a sequence, which takes no row lock, ${sequence} (against ${formatRate(reference)}/s with the number taken first). `;
  const floor = result.httpFloor ? ` (the HTTP layer alone, refused before the database, carries ${formatRate(result.httpFloor.perSecond)}/s)` : '';
  const shared = http.transactionsPerComplaint < 0.9;
  if (activity && activity.waitingOnLock < 2 && shared && activity.connections < 2) {
    return (
      `${head}. Complaints share commits (${http.transactionsPerComplaint.toFixed(2)} transactions per complaint) and wait for no locks, but only ${activity.connections.toFixed(1)} of the pool's connections is busy on average: the batches run one after another, and within a batch each complaint's statements go one round trip at a time. ` +
      `PostgreSQL could run several batches at once, one per connection, if the year's \`reference_counters\` row were not held across a batch. ${diagnostics}` +
      'The fix: in src/db/group-commit.ts, on PostgreSQL, let up to the pool size of batches be in flight at once, and number each batch\'s cases together as its last statement before COMMIT (one upsert adding the batch size to the counter, then the references set), so the counter row is locked only across the COMMIT; or take the numbers from a sequence if gaps are acceptable; ' +
      `after that, the CPU this small machine shares between Node, PostgreSQL and the load generator is the limit${floor}.`
    );
  }
  if (!activity || activity.waitingOnLock < 2) {
    return (
      `${head}. ${activity ? `Few pool connections waited for locks during the run (${activity.waitingOnLock.toFixed(1)} of ${activity.connections.toFixed(1)} busy, on average), so intakes are not queuing behind one another. ` : ''}` +
      diagnostics +
      `The limit is then round trips and CPU: Node, PostgreSQL and the load generator share this machine's cores${floor}; fewer statements per intake is the next step.`
    );
  }
  return (
    `${head}. While it ran, on average ${activity.waitingOnLock.toFixed(1)} of the ${activity.connections.toFixed(1)} busy pool connections were waiting for a lock. ` +
    "Every intake takes the year's `reference_counters` row (`nextReferenceNumber`, src/db/repositories/case.repository.ts) and holds its lock until COMMIT, so intakes run one at a time however large the pool, each holding the lock for the rest of its statements and the WAL flush. " +
    diagnostics +
    'The fix, in src/services/intake/create-complaint.ts: insert the case with a provisional reference (its id) and take the number and set the reference as the last statement of the transaction, which keeps references gapless; or, if gaps after a rolled-back intake are acceptable, a sequence per year. ' +
    `Fewer statements under the lock help too; with the lock gone, the CPU this small machine shares between Node, PostgreSQL and the load generator is the next limit${floor}.`
  );
}

function cpuParagraph(result: KindResult, machine: Machine): string | null {
  const sentences: string[] = [];
  const http = result.http!.statements;
  const reference = result.reference!.statements;
  const extras = extraStatements(http, reference);
  if (extras.length > 0) {
    const list = extras.map((entry) => `\`${entry.key}\` ×${entry.extra.toFixed(entry.extra % 1 < 0.05 ? 0 : 1)}${EXTRA_STATEMENTS[entry.key] ? `, ${EXTRA_STATEMENTS[entry.key]}` : ''}`).join('; ');
    sentences.push(
      `The intake sends ${statementTotal(http).toFixed(1)} statements per complaint (counted on ${label(result.kind)} during the run) where the reference writes the same rows with ${statementTotal(reference).toFixed(1)}. The extra ones: ${list}. Each is a round trip on PostgreSQL and a prepare and step on SQLite's one thread.`,
    );
  }
  if (machine.toLocalDateMicros >= 10) {
    sentences.push(
      `\`toLocalDate\` (src/domain/calendar/local-date.ts) takes ${machine.toLocalDateMicros.toFixed(0)} µs a call here, because it builds an \`Intl.DateTimeFormat\` each time, and the intake calls it several times per complaint; keeping one formatter per time zone makes it about a microsecond.`,
    );
  }
  return sentences.length > 0 ? `**CPU on the event loop.** ${sentences.join(' ')}` : null;
}

const shortName = (latency: LatencyResult) => lowerFirst(latency.name.replace(/^List: /, ''));

function listsParagraph(result: KindResult, causeExplained: boolean): string {
  const lists = result.lists!;
  const cases = formatCount(result.seed?.cases ?? 0);
  const missed = lists.filter((latency) => latency.p99Ms > TARGETS.listP99Ms);
  if (missed.length === 0) {
    return `**${label(result.kind)} lists and search at ${cases} cases: met** (worst p99 ${formatMs(Math.max(...lists.map((l) => l.p99Ms)))} ms).`;
  }
  const met = lists.filter((l) => l.p99Ms <= TARGETS.listP99Ms);
  const rewritten = (result.scopeRewritten ?? []).map((latency) => `${shortName(latency)} p99 ${formatMs(latency.p99Ms)} ms`).join(', ');
  const head =
    `**${label(result.kind)} lists at ${cases} cases: ${missed.map((l) => `${shortName(l)} (p99 ${formatMs(l.p99Ms)} ms)`).join(' and ')} not met**` +
    (met.length > 0 ? `; ${met.map((l) => `${shortName(l)} met (p99 ${formatMs(l.p99Ms)} ms)`).join(', ')}. ` : '. ');
  const form =
    result.kind === 'sqlite'
      ? '`cases.id IN (SELECT case_id FROM case_assignments WHERE user_id = ?) OR cases.stage IN (…)`, which SQLite answers with a MULTI-INDEX OR over the existing indexes'
      : '`cases.id = ANY(ARRAY(SELECT case_id FROM case_assignments WHERE user_id = $1)) OR cases.stage IN (…)`, which PostgreSQL answers with a BitmapOr of the primary key and `cases_stage_due_idx`';
  const cause = causeExplained
    ? `The same cause: the correlated EXISTS in the scope, ${result.kind === 'sqlite' ? 'run for every case' : 'so PostgreSQL reads the whole table to count'}. `
    : 'Every `listCases` call (src/services/cases/list-cases.ts) runs the page query and a `count(*)` with the same filter. The page comes off `cases_received_idx` in a few milliseconds; the count cannot, because `scopeCondition` (src/db/repositories/case.repository.ts) writes the access scope as a correlated `EXISTS (… case_assignments …) OR stage IN (intake stages)`, which no index answers, ' +
      (result.kind === 'sqlite' ? 'so SQLite runs the EXISTS for every one of the cases. ' : 'so PostgreSQL reads the whole table. ');
  const fix = causeExplained
    ? ''
    : 'The fix is that rewrite in `scopeCondition`, branched by dialect as `searchCondition` already is (and DEVELOPERS.md, which names the places the dialects differ, updated). Then, in a new migration: a partial index on `cases(stage_due_on) WHERE closed_at IS NULL AND paused_since IS NULL`, so the overdue filter no longer grows with the closed cases, and `case_assignments_user_idx` widened to `(user_id, case_id)`, which saves a table visit per assignment on both databases.';
  return `${head}${cause}Written as ${form}, the same page and total take ${rewritten} (the diagnostic rows), with no new index. ${fix}`.trimEnd();
}

const n = (count: number) => formatCount(count);

type LedgerVerdicts = { appends: Verdict | null; proofs: Verdict | null; verify: Verdict | null; memory: Verdict | null };

function ledgerVerdicts(ledger: LedgerResult): LedgerVerdicts {
  const t = TARGETS.ledger;
  const sqlite = ledger.appends.find((entry) => entry.kind === 'sqlite');
  const appends = sqlite
    ? { met: sqlite.batched.perSecond >= t.appendsSqlite, text: `appends ≥ ${n(t.appendsSqlite)}/s on SQLite (${n(sqlite.batched.perTransaction)} records per transaction): ${sqlite.batched.perSecond >= t.appendsSqlite ? 'met' : 'not met'} (${formatRate(sqlite.batched.perSecond)}/s)` }
    : null;
  const size = ledger.build?.entries ?? 0;
  const at = size < t.proofEntries ? ` at ${n(size)} entries, not ${n(t.proofEntries)}` : ` at ${n(size)} entries`;
  const worst = ledger.inclusion && ledger.consistency ? Math.max(ledger.inclusion.p99Ms, ledger.consistency.p99Ms) : null;
  const proofs =
    worst === null
      ? null
      : { met: worst < t.proofMs && size >= t.proofEntries, text: `proofs p99 < ${t.proofMs} ms${at}: ${worst < t.proofMs && size >= t.proofEntries ? 'met' : 'not met'} (inclusion ${formatMs(ledger.inclusion!.p99Ms)} ms, consistency ${formatMs(ledger.consistency!.p99Ms)} ms; p50 ${formatMs(ledger.inclusion!.p50Ms)} / ${formatMs(ledger.consistency!.p50Ms)} ms)` };
  const ratio = ledger.verify && ledger.raw ? ledger.verify.perSecond / ledger.raw.perSecond : null;
  const verify =
    ratio === null
      ? null
      : { met: ratio >= t.verifyOfRaw && ledger.verify!.ok, text: `verification ≥ ${pct(t.verifyOfRaw, 1)} of the raw SHA-256 rate: ${ratio >= t.verifyOfRaw && ledger.verify!.ok ? 'met' : 'not met'} (${formatRate(ledger.verify!.perSecond)} against ${formatRate(ledger.raw!.perSecond)} leaves/s, ${pct(ratio, 1)}${ledger.verify!.ok ? '' : '; the verification FAILED'})` };
  const flat = ledger.verify && ledger.verifySmall ? ledger.verify.maxRssMb - ledger.verifySmall.maxRssMb < 20 : null;
  const memory =
    !ledger.verify
      ? null
      : {
          met: ledger.verify.maxRssMb < t.verifyRssMb && flat !== false && size >= t.proofEntries,
          text: `verify peak memory < ${t.verifyRssMb} MB and flat${at}: ${ledger.verify.maxRssMb < t.verifyRssMb && flat !== false && size >= t.proofEntries ? 'met' : 'not met'} (${ledger.verify.maxRssMb.toFixed(0)} MB${ledger.verifySmall ? `; ${ledger.verifySmall.maxRssMb.toFixed(0)} MB at ${n(ledger.verifySmall.leaves)}` : ''})`,
        };
  return { appends, proofs, verify, memory };
}

function ledgerRows(ledger: LedgerResult): string[][] {
  const t = TARGETS.ledger;
  const out: string[][] = [];
  for (const entry of ledger.appends) {
    out.push([`Appends, ${label(entry.kind)}, ${n(entry.batched.perTransaction)} records per transaction (/s)`, formatRate(entry.batched.perSecond), entry.kind === 'sqlite' ? `≥ ${n(t.appendsSqlite)}` : '']);
  }
  for (const entry of ledger.appends) out.push([`Diagnostic: appends, ${label(entry.kind)}, 1 record per transaction (/s)`, formatRate(entry.single.perSecond), '']);
  const build = ledger.build;
  if (build) {
    out.push([`SQLite ledger built for the rows below (entries)`, `${n(build.entries)}${build.stoppedEarly ? ` of ${n(build.requested)}` : ''}`, n(t.proofEntries)]);
    out.push([`  built at, ${n(build.perTransaction)} records per transaction (/s)`, `${formatRate(build.perSecond)} (${seconds(build.elapsedMs)})`, '']);
  }
  if (ledger.inclusion) out.push([`Inclusion proof, random index, full size (p50 / p99 ms)`, `${formatMs(ledger.inclusion.p50Ms)} / ${formatMs(ledger.inclusion.p99Ms)}`, `< ${t.proofMs} ms`]);
  if (ledger.consistency) out.push([`Consistency proof, random sizes (p50 / p99 ms)`, `${formatMs(ledger.consistency.p50Ms)} / ${formatMs(ledger.consistency.p99Ms)}`, `< ${t.proofMs} ms`]);
  if (ledger.exportMs !== undefined) out.push(['Export to files (s)', (ledger.exportMs / 1000).toFixed(1), '']);
  if (ledger.verify) out.push(['Offline verification, child process (leaves/s)', formatRate(ledger.verify.perSecond), '']);
  if (ledger.raw) out.push([`Raw SHA-256: ${ledger.leafBytes ?? '?'}-byte leaf + one 65-byte node (leaves/s)`, formatRate(ledger.raw.perSecond), '']);
  if (ledger.verify && ledger.raw) out.push(['Verification / raw SHA-256', pct(ledger.verify.perSecond, ledger.raw.perSecond), `≥ ${pct(t.verifyOfRaw, 1)}`]);
  if (ledger.verify) out.push([`Verify peak RSS at ${n(ledger.verify.leaves)} entries (MB)`, ledger.verify.maxRssMb.toFixed(0), `< ${t.verifyRssMb}, flat`]);
  if (ledger.verifySmall) out.push([`  at ${n(ledger.verifySmall.leaves)} entries (MB)`, ledger.verifySmall.maxRssMb.toFixed(0), '']);
  if (ledger.breakdown) {
    const b = ledger.breakdown;
    out.push(['Diagnostic: per leaf, parseLeaf / hash + append (µs)', `${b.parseLeafMicros.toFixed(2)} / ${b.hashAppendMicros.toFixed(2)}`, '']);
  }
  return out;
}

/** Why a ledger target was missed, from this run's own measurements, and what in src/ would fix it. */
function ledgerAnalysis(ledger: LedgerResult, verdicts: LedgerVerdicts): string[] {
  const paragraphs: string[] = [];
  const t = TARGETS.ledger;
  const build = ledger.build;
  if (build?.stoppedEarly) {
    paragraphs.push(`**Ledger size.** Building stopped at its time limit with ${n(build.entries)} of ${n(build.requested)} entries (${formatRate(build.perSecond)}/s), so the proof and verification rows are at that size, not ${n(t.proofEntries)}.`);
  }
  if (verdicts.appends && !verdicts.appends.met) {
    paragraphs.push(
      `**Ledger appends: ${verdicts.appends.text}.** Each record costs two RFC 8785 canonicalisations (the payload hash and the leaf), a SHA-256 of each, hex round trips of every hash and a 7-column row; with a COMMIT per ${n(ledger.appends[0]?.batched.perTransaction ?? 1000)} records the fsync is not the limit, the CPU per record is. Fixes in src/services/ledger/append-to-ledger.ts: one canonicalisation per payload that the event insert already has, Buffers instead of hex strings through \`appendToFrontier\`, and a prepared multi-row insert.`,
    );
  }
  if (verdicts.proofs && !verdicts.proofs.met && ledger.inclusion && ledger.consistency) {
    const p50Fine = Math.max(ledger.inclusion.p50Ms, ledger.consistency.p50Ms) < t.proofMs;
    paragraphs.push(
      `**Ledger proofs: ${verdicts.proofs.text}.** ` +
        (p50Fine
          ? 'The median proof is well inside the target; the p99 is the occasional slow call (garbage collection and, on this shared 2-core machine, other work), since each proof is several small queries one after another on the event loop: `proveInclusion` reads `ledger_state`, then the leaf, then the proof\'s leaves and nodes (src/services/ledger/prove.ts). '
          : 'Each proof is several queries one after another (src/services/ledger/prove.ts): `ledger_state`, the leaf, then the proof\'s leaves and nodes with an OR of (level, idx) pairs. ') +
        'The fix: fetch the leaf and the proof path in one `findSubtreeHashes` call, and look the nodes up with `(level, idx) IN (VALUES …)` (or one indexed lookup per level) rather than an OR chain, so a proof is two short statements.',
    );
  }
  if (verdicts.verify && !verdicts.verify.met && ledger.verify && ledger.raw) {
    const perLeaf = 1e6 / ledger.verify.perSecond;
    const raw = 1e6 / ledger.raw.perSecond;
    const b = ledger.breakdown;
    const parts = b
      ? ` Measured on ${n(b.sample)} leaves in this run: \`parseLeaf\` (JSON.parse, JSON.stringify and a key-order check to prove the leaf is canonical) ${b.parseLeafMicros.toFixed(1)} µs, and the leaf hash plus the compact-range append ${b.hashAppendMicros.toFixed(1)} µs against ${raw.toFixed(1)} µs for the two bare hashes${b.hashAppendMicros > raw * 1.2 ? ' (a `createHash` with two `update`s and a copy into a new Uint8Array per hash, in src/ledger/merkle.ts)' : ', so the hashing itself is at the limit'}; the remaining ${Math.max(0, perLeaf - b.lineJsonMicros - b.parseLeafMicros - b.hashAppendMicros).toFixed(1)} µs of the ${perLeaf.toFixed(1)} µs is reading the file in chunks, splitting lines and the loop itself.`
      : '';
    paragraphs.push(
      `**Ledger verification: ${verdicts.verify.text}.** Verification spends ${perLeaf.toFixed(1)} µs a leaf where the hashing it must do takes ${raw.toFixed(1)} µs.${parts} ` +
        'The fixes, in src/ledger: check canonical form with a serialiser for the leaf\'s fixed shape (only `actor` is free-form) instead of the generic canonicalize, hash straight from the UTF-8 Buffer with one `update`, and drop the second JSON parse by exporting each line as the leaf itself; on 2 cores, parsing in a worker thread while the main thread hashes would overlap the two halves.',
    );
  }
  if (verdicts.memory && !verdicts.memory.met && ledger.verify) {
    const flat = ledger.verifySmall ? ledger.verify.maxRssMb - ledger.verifySmall.maxRssMb < 20 : true;
    paragraphs.push(
      `**Ledger verify memory: ${verdicts.memory.text}.** ` +
        (flat
          ? 'Memory does not grow with the log (the verifier streams), so the peak is the baseline of the process: Node, the tsx loader and the modules it imports.'
          : 'Memory grows with the log: something in `verifyLog` or `readExportEntries` keeps per-entry state.'),
    );
  }
  return paragraphs;
}

export function buildReport(options: { plan: Plan; results: KindResult[]; ledger?: LedgerResult | null; machine: Machine; elapsedMs: number }): { table: string; verdicts: string[]; markdown: string } {
  const { plan, results, machine } = options;
  const ledger = options.ledger ?? null;
  const ledgerHeader = ['Ledger', 'Result', 'Target'];
  const ledgerBody = ledger ? ledgerRows(ledger) : [];
  const ledgerChecks = ledger ? ledgerVerdicts(ledger) : null;
  const header = ['', ...results.map((result) => label(result.kind)), 'Target'];
  const body = rows(plan, results).map((row) => [row.metric, ...row.values, row.target]);
  const verdicts: string[] = [];
  for (const result of results) {
    if (result.skipped) {
      verdicts.push(`${label(result.kind)}: not run (${result.skipped})`);
      continue;
    }
    verdicts.push(`${label(result.kind)} intake ${intakeVerdict(result).text}`);
    for (const latency of result.lists ?? []) verdicts.push(`${label(result.kind)} ${shortName(latency)} (${latency.staff}) ${listVerdict(latency).text}`);
    for (const latency of result.statistics ? [result.statistics.quarter, result.statistics.year] : []) {
      verdicts.push(`${label(result.kind)} ${lowerFirst(latency.name)} report < ${formatCount(TARGETS.statisticsMs)} ms at ${formatCount(result.statistics!.cases)} cases: ${latency.maxMs < TARGETS.statisticsMs ? 'met' : 'not met'} (p50 ${formatMs(latency.p50Ms)} ms, max ${formatMs(latency.maxMs)} ms)`);
    }
  }
  if (ledgerChecks) {
    for (const verdict of [ledgerChecks.appends, ledgerChecks.proofs, ledgerChecks.verify, ledgerChecks.memory]) if (verdict) verdicts.push(`Ledger ${verdict.text}`);
  }

  const seeds = results.filter((result) => result.seed).map((result) => `${label(result.kind)}: ${formatCount(result.seed!.open)} open, ${formatCount(result.seed!.overdue)} overdue, ${formatCount(result.seed!.intakeQueue)} in the intake queue, ${formatCount(result.seed!.benchManagerAssignments)} assigned to the case manager, "${SEARCH_WORD}" in ${formatCount(result.seed!.searchMatches)}; seeded in ${seconds(result.seed!.elapsedMs)}`);
  const markdown = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench -- --write`; edit bench/report.ts, not this file. -->',
    '',
    `Command: \`npm run bench -- --write${plan.quick ? ' --quick' : ''}\`${plan.quick ? ' (**--quick: small counts, indicative only**)' : ''}, ${machine.date}, ${seconds(options.elapsedMs)} in all.`,
    '',
    '## Machine',
    '',
    `- ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, ${machine.platform}`,
    `- Node ${machine.node}; Redress at ${machine.git}`,
    `- PostgreSQL ${machine.postgres}, on the same machine, default pool of 10 connections`,
    `- SQLite ${machine.sqlite}`,
    `- Load average (1 min) ${machine.loadBefore} before the run and ${machine.loadAfter} after: ${machine.shared}`,
    '',
    '## What is measured',
    '',
    `- **Intake over HTTP**: the app as the server builds it (\`buildApp\`, public rate limit lifted), listening on 127.0.0.1; ${plan.concurrency} keep-alive clients in a worker thread POST ${formatCount(plan.intakeCount)} named complaints (no argon2id) as JSON to \`/api/v1/complaints\`, after ${formatCount(plan.intakeWarmup)} to warm up. Every one must be answered 201. Bounded at ${seconds(plan.intakeTimeLimitMs)}.`,
    `- **Reference**: in the same run, on the same database, the rows one intake writes (the year's reference counter, the case, its clock entry, its allegations, its events, the acknowledgement in the outbox) inserted straight through Kysely, one transaction per complaint, from ${plan.concurrency} concurrent tasks. The ratio HTTP / reference is what the API, validation and the use case cost on top of the bare writes.`,
    '- A request not answered 201 is counted, shown in the table and makes the command exit with status 1.',
    `- **Diagnostics** (not targets; each changes one thing, on the same rows): the same requests refused before the database (what the HTTP layer alone carries); the reference with ${plan.groupSize} complaints to a transaction (the ceiling for shared commits); on PostgreSQL, the reference with the number taken as the last statement before COMMIT, and taken from a sequence (no row lock); and the list queries with the access scope rewritten (see below). During the HTTP run the benchmark also counts, on the app's own Kysely instance, the transactions opened and the statements sent per complaint, and on PostgreSQL samples \`pg_stat_activity\` every 25 ms for busy connections and lock waits.`,
    ...(ledger
      ? [
          `- **Ledger**: on a fresh database each, \`appendToLedger\` with realistic case events (UUIDs, an actor object, a payload of a few fields and a note) in transactions of ${n(ledger.appends[0]?.batched.perTransaction ?? 1000)} records (each a durable COMMIT), and, as a diagnostic, one record per transaction. Then an SQLite ledger of ${n(ledger.build?.requested ?? 0)} entries, ${n(ledger.build?.perTransaction ?? 0)} records per transaction, with a checkpoint near a tenth and one at the end; ${n(ledger.inclusion?.calls ?? 0)} \`proveInclusion\` calls (random index, full size) and as many \`proveConsistency\` (random sizes), after 20 to warm up; \`exportLedger\`, then \`verifyExport\` in a child process (\`node --import tsx bench/ledger-verify-child.ts\`) on the whole export and on its first tenth, for the rate and the peak RSS (\`process.resourceUsage().maxRSS\`, which includes Node and the tsx loader). Beside it, in the same run, the raw limit: node:crypto SHA-256 of 0x00 ‖ a typical leaf, then one 65-byte node hash, per leaf, in a tight loop.`,
        ]
      : []),
    `- **Lists and search**: ${formatCount(plan.listCases)} cases over three years written in bulk (most older ones closed, a backlog, late and paused cases), with clock entries, allegations, assignments, and one case manager on about 1% of the cases. Then ${plan.listCalls} sequential calls each of the \`listCases\` use case (page and total, 50 a page): an intake officer's first page, the case manager's overdue list, and the case manager's search for "${SEARCH_WORD}", a branch name in about 1% of the cases.`,
    `- **Public statistics**: on the same cases, a panel decision, a finding per allegation and (one in sixteen) an appeal added in bulk by INSERT … SELECT for every case closed with a panel's outcome; then ${plan.statisticsCalls} sequential calls each of the \`getStatisticsReport\` use case for the last full quarter and the last full year (after 2 to warm up). Reference, in the same run on the same rows: one group-by of the period's received complaints by channel, the least any report of the period must read.`,
    '',
    '## Results',
    '',
    markdownTable(header, body),
    '',
    ...seeds.map((line) => `- ${line}`),
    '',
    ...(ledger ? [markdownTable(ledgerHeader, ledgerBody), ''] : []),
    '## Targets',
    '',
    ...verdicts.map((line) => `- ${line}`),
    '',
    '## Misses: causes and fixes',
    '',
    ...analysis(plan, results, machine).flatMap((paragraph) => [paragraph, '']),
    ...(ledger && ledgerChecks ? ledgerAnalysis(ledger, ledgerChecks).flatMap((paragraph) => [paragraph, '']) : []),
  ].join('\n');
  const table = ledger ? `${textTable(header, body)}\n\n${textTable(ledgerHeader, ledgerBody)}` : textTable(header, body);
  return { table, verdicts, markdown };
}

export function writeReport(markdown: string): string {
  const file = path.resolve(import.meta.dirname, '../docs/benchmarks.md');
  writeFileSync(file, markdown);
  return path.relative(process.cwd(), file);
}
