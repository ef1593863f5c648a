import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseKind } from '../src/db/connection.js';
import { toLocalDate } from '../src/domain/calendar/local-date.js';
import { SEARCH_WORD } from './fixtures.js';
import type { HttpIntakeResult, ReferenceResult, StatementMix } from './intake.js';
import type { LoadResult } from './load-worker.js';
import type { LatencyResult, SeedResult } from './lists.js';
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

export function buildReport(options: { plan: Plan; results: KindResult[]; machine: Machine; elapsedMs: number }): { table: string; verdicts: string[]; markdown: string } {
  const { plan, results, machine } = options;
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
    `- **Lists and search**: ${formatCount(plan.listCases)} cases over three years written in bulk (most older ones closed, a backlog, late and paused cases), with clock entries, allegations, assignments, and one case manager on about 1% of the cases. Then ${plan.listCalls} sequential calls each of the \`listCases\` use case (page and total, 50 a page): an intake officer's first page, the case manager's overdue list, and the case manager's search for "${SEARCH_WORD}", a branch name in about 1% of the cases.`,
    '',
    '## Results',
    '',
    markdownTable(header, body),
    '',
    ...seeds.map((line) => `- ${line}`),
    '',
    '## Targets',
    '',
    ...verdicts.map((line) => `- ${line}`),
    '',
    '## Misses: causes and fixes',
    '',
    ...analysis(plan, results, machine).flatMap((paragraph) => [paragraph, '']),
  ].join('\n');
  return { table: textTable(header, body), verdicts, markdown };
}

export function writeReport(markdown: string): string {
  const file = path.resolve(import.meta.dirname, '../docs/benchmarks.md');
  writeFileSync(file, markdown);
  return path.relative(process.cwd(), file);
}
