import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { DatabaseKind } from '../src/db/connection.js';
import { generateSigningKey, type SigningKey } from '../src/ledger/checkpoint.js';
import { EXPORT_FILES } from '../src/ledger/export-files.js';
import { parseLeaf } from '../src/ledger/leaf.js';
import { CompactRange, leafHash } from '../src/ledger/merkle.js';
import { appendToLedger, type LedgerRecord } from '../src/services/ledger/append-to-ledger.js';
import { exportLedger } from '../src/services/ledger/export-ledger.js';
import { issueCheckpoint } from '../src/services/ledger/issue-checkpoint.js';
import { proveConsistency, proveInclusion } from '../src/services/ledger/prove.js';
import { publicVerifierKey } from '../src/services/ledger/signing-key.js';
import { percentile, seconds } from './stats.js';
import type { BenchTarget } from './targets.js';

/**
 * The case ledger: appends per second (durable, batched), proof times and
 * offline verification (rate beside the raw SHA-256 limit, and peak memory,
 * measured in a child process) on a large log.
 */

export type LedgerPlan = {
  /** Records in the batched append run, and per transaction. */
  appendCount: number;
  appendBatch: number;
  /** Records in the one-per-transaction diagnostic. */
  singleCount: number;
  /** The log built for proofs and verification, and per transaction. */
  buildEntries: number;
  buildBatch: number;
  proofCalls: number;
  appendTimeLimitMs: number;
  buildTimeLimitMs: number;
};

export const LEDGER_PLANS: Record<'quick' | 'full', LedgerPlan> = {
  quick: { appendCount: 20_000, appendBatch: 1000, singleCount: 1000, buildEntries: 100_000, buildBatch: 10_000, proofCalls: 200, appendTimeLimitMs: 4000, buildTimeLimitMs: 15_000 },
  full: { appendCount: 100_000, appendBatch: 1000, singleCount: 5000, buildEntries: 1_000_000, buildBatch: 10_000, proofCalls: 500, appendTimeLimitMs: 10_000, buildTimeLimitMs: 90_000 },
};

/** Records per appendToLedger call: one call inserts all its entries in one statement, which must stay under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters (7 per entry). */

export type AppendRate = { records: number; transactions: number; elapsedMs: number; perSecond: number; perTransaction: number };
export type ProofLatency = { calls: number; p50Ms: number; p99Ms: number; proofLength: number };
export type VerifyRun = { ok: boolean; problem?: string; leaves: number; elapsedMs: number; perSecond: number; maxRssMb: number };

export type LedgerResult = {
  appends: { kind: DatabaseKind; batched: AppendRate; single: AppendRate }[];
  build?: { requested: number; entries: number; elapsedMs: number; perSecond: number; perTransaction: number; stoppedEarly: boolean };
  inclusion?: ProofLatency;
  consistency?: ProofLatency;
  exportMs?: number;
  leafBytes?: number;
  raw?: { pairs: number; elapsedMs: number; perSecond: number };
  verify?: VerifyRun;
  verifySmall?: VerifyRun;
  /** Where a verified leaf's time goes, measured on a sample in this process (microseconds per leaf). */
  breakdown?: { sample: number; lineJsonMicros: number; parseLeafMicros: number; hashAppendMicros: number };
  problems: string[];
};

const STAGES = ['intake', 'assessment', 'investigation', 'decision', 'appeal'];
const TYPES = ['complaint_received', 'stage_changed', 'case_assigned', 'note_added', 'clock_paused', 'clock_resumed', 'decision_recorded'];
const WORDS = 'member branch steward meeting grievance subscription ballot notice letter reply delay response evidence witness outcome'.split(' ');

/** Case events as the app records them: a case, an actor, a type and a payload of a few fields. */
export function ledgerRecords(count: number, seed: number): LedgerRecord[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const base = Date.UTC(2026, 0, 1);
  const caseIds = Array.from({ length: Math.max(1, Math.ceil(count / 8)) }, () => randomUUID());
  const staff = Array.from({ length: 20 }, () => randomUUID());
  return Array.from({ length: count }, (_, i) => {
    const type = pick(TYPES);
    const actor =
      type === 'complaint_received' ? { kind: 'complainant', channel: 'web' } : next() < 0.1 ? { kind: 'system', process: 'clock' } : { kind: 'staff', userId: pick(staff), role: pick(['intake_officer', 'case_manager', 'reviewer']) };
    const note = Array.from({ length: 6 + Math.floor(next() * 10) }, () => pick(WORDS)).join(' ');
    return {
      eventId: randomUUID(),
      caseId: pick(caseIds),
      type,
      actor,
      occurredAt: new Date(base + i * 37_000).toISOString(),
      payload: { stage: pick(STAGES), previousStage: pick(STAGES), dueOn: new Date(base + i * 37_000 + 20 * 86_400_000).toISOString().slice(0, 10), note, attachments: next() < 0.2 ? [randomUUID()] : [] },
    };
  });
}

/** Appends the records, `perTransaction` to a COMMIT, stopping at the time limit. */
async function appendRecords(target: BenchTarget, records: LedgerRecord[], perTransaction: number, timeLimitMs: number): Promise<AppendRate> {
  const { ctx } = target;
  const started = performance.now();
  let done = 0;
  let transactions = 0;
  while (done < records.length && performance.now() - started < timeLimitMs) {
    const batch = records.slice(done, done + perTransaction);
    await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now().toISOString();
      await appendToLedger(trx, { dbKind: ctx.dbKind, now }, batch);
    });
    done += batch.length;
    transactions += 1;
  }
  const elapsedMs = performance.now() - started;
  return { records: done, transactions, elapsedMs, perSecond: (done / elapsedMs) * 1000, perTransaction };
}

/** Batched appends (the target) and one record per transaction (a diagnostic), each on a fresh ledger. */
export async function measureAppends(open: (label: string) => Promise<BenchTarget>, plan: LedgerPlan): Promise<{ batched: AppendRate; single: AppendRate }> {
  const batchedTarget = await open('ledger-append');
  let batched: AppendRate;
  try {
    await appendRecords(batchedTarget, ledgerRecords(plan.appendBatch * 2, 3), plan.appendBatch, plan.appendTimeLimitMs); // warm-up
    batched = await appendRecords(batchedTarget, ledgerRecords(plan.appendCount, 5), plan.appendBatch, plan.appendTimeLimitMs);
  } finally {
    await batchedTarget.close();
  }
  const singleTarget = await open('ledger-single');
  try {
    await appendRecords(singleTarget, ledgerRecords(50, 7), 1, plan.appendTimeLimitMs / 2);
    const single = await appendRecords(singleTarget, ledgerRecords(plan.singleCount, 9), 1, plan.appendTimeLimitMs / 2);
    return { batched, single };
  } finally {
    await singleTarget.close();
  }
}

async function timeCalls(calls: number, run: (i: number) => Promise<number>): Promise<ProofLatency> {
  for (let i = 0; i < Math.min(20, calls); i++) await run(i);
  const samples: number[] = [];
  let proofLength = 0;
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    proofLength += await run(i);
    samples.push(performance.now() - started);
  }
  return { calls, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), proofLength: proofLength / calls };
}

/** SHA-256 the way verification must: 0x00 || leaf data, then one 65-byte node hash per leaf (a tree of n leaves has n − 1 interior nodes). */
export function rawHashRate(leaf: Buffer, timeLimitMs: number, maxPairs: number): { pairs: number; elapsedMs: number; perSecond: number } {
  const prefixed = Buffer.concat([Buffer.of(0), leaf]);
  const node = Buffer.alloc(65, 1);
  const started = performance.now();
  let pairs = 0;
  let sink = 0;
  while (pairs < maxPairs) {
    for (let i = 0; i < 1000; i++) {
      const leafDigest = createHash('sha256').update(prefixed).digest();
      leafDigest.copy(node, 1);
      sink ^= createHash('sha256').update(node).digest()[0]!;
    }
    pairs += 1000;
    if (performance.now() - started > timeLimitMs) break;
  }
  const elapsedMs = performance.now() - started;
  if (sink === 256) console.log('');
  return { pairs, elapsedMs, perSecond: (pairs / elapsedMs) * 1000 };
}

/** verifyExport in a child process, so its peak memory is its own. */
function verifyInChild(directory: string, verifierKey: string, timeLimitMs: number): Promise<VerifyRun> {
  const child = path.join(import.meta.dirname, 'ledger-verify-child.ts');
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, directory, verifierKey], { cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeLimitMs);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        const parsed = JSON.parse(line) as { ok: boolean; problem?: string; leaves: number; elapsedMs: number; maxRssMb: number };
        resolve({ ...parsed, perSecond: (parsed.leaves / parsed.elapsedMs) * 1000 });
      } catch {
        reject(new Error(`the verify child exited with ${code ?? 'a signal'}: ${err.trim().slice(0, 300) || out.trim().slice(0, 300)}`));
      }
    });
  });
}

/** A copy of an export cut at `size` entries, with the checkpoints that cover no more. */
function truncatedExport(from: string, to: string, size: number, publicKey: string): void {
  mkdirSync(to, { recursive: true });
  const lines = readFileSync(path.join(from, EXPORT_FILES.entries), 'utf8').split('\n', size);
  writeFileSync(path.join(to, EXPORT_FILES.entries), `${lines.join('\n')}\n`);
  const checkpoints = readFileSync(path.join(from, EXPORT_FILES.checkpoints), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && (JSON.parse(line) as { size: number }).size <= size);
  writeFileSync(path.join(to, EXPORT_FILES.checkpoints), checkpoints.map((line) => `${line}\n`).join(''));
  writeFileSync(path.join(to, EXPORT_FILES.publicKey), `${publicKey}\n`);
}

/** Per-leaf cost of the verifier's steps on the first `sample` lines of the export: parseLeaf (JSON.parse and the canonical-form check), leaf hash + compact range append. */
async function verifyBreakdown(directory: string, sample: number): Promise<LedgerResult['breakdown']> {
  const lines: string[] = [];
  const input = createInterface({ input: createReadStream(path.join(directory, EXPORT_FILES.entries), 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of input) {
    lines.push(line);
    if (lines.length >= sample) break;
  }
  input.close();
  // Each line of the export is a leaf exactly as hashed: there is no outer JSON to parse.
  const leaves = lines;
  const lineJsonMicros = 0;
  let started = performance.now();
  for (const leaf of leaves) parseLeaf(leaf);
  const parseLeafMicros = ((performance.now() - started) * 1000) / lines.length;
  started = performance.now();
  const range = CompactRange.empty();
  for (const leaf of leaves) range.append(leafHash(Buffer.from(leaf, 'utf8')));
  const hashAppendMicros = ((performance.now() - started) * 1000) / lines.length;
  return { sample: lines.length, lineJsonMicros, parseLeafMicros, hashAppendMicros };
}

export async function runLedgerSection(options: {
  plan: LedgerPlan;
  kinds: DatabaseKind[];
  open: (kind: DatabaseKind, label: string) => Promise<BenchTarget>;
  endsAt: number;
  log: (line: string) => void;
}): Promise<LedgerResult> {
  const { plan, log } = options;
  const result: LedgerResult = { appends: [], problems: [] };
  const left = () => options.endsAt - performance.now();

  for (const kind of options.kinds) {
    const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    log(`  ${label}: appends, ${plan.appendBatch.toLocaleString('en-GB')} records per transaction, then 1 per transaction…`);
    const measured = await measureAppends((name) => options.open(kind, name), plan);
    result.appends.push({ kind, ...measured });
    log(`    ${measured.batched.records.toLocaleString('en-GB')} in ${seconds(measured.batched.elapsedMs)}: ${Math.round(measured.batched.perSecond)}/s batched; ${Math.round(measured.single.perSecond)}/s one per transaction`);
  }
  if (!options.kinds.includes('sqlite')) return result;

  const opened = await options.open('sqlite', 'ledger');
  let closed = false;
  const target: BenchTarget = {
    ...opened,
    close: async () => {
      if (closed) return;
      closed = true;
      await opened.close();
    },
  };
  const exportDir = mkdtempSync(path.join(os.tmpdir(), 'redress-bench-ledger-export-'));
  try {
    const key: SigningKey = generateSigningKey('bench.redress.example/ledger');
    const verifierKey = publicVerifierKey(key);
    const buildLimit = Math.max(5000, Math.min(plan.buildTimeLimitMs, left() * 0.55));
    log(`  SQLite: building a ${plan.buildEntries.toLocaleString('en-GB')}-entry ledger, ${plan.buildBatch.toLocaleString('en-GB')} records per transaction (bounded at ${seconds(buildLimit)})…`);
    const started = performance.now();
    const chunk = 50_000;
    let entries = 0;
    let transactions = 0;
    let tenthCheckpoint = false;
    while (entries < plan.buildEntries && performance.now() - started < buildLimit) {
      const records = ledgerRecords(Math.min(chunk, plan.buildEntries - entries), 100 + entries);
      const rate = await appendRecords(target, records, plan.buildBatch, buildLimit - (performance.now() - started));
      entries += rate.records;
      transactions += rate.transactions;
      if (!tenthCheckpoint && entries >= plan.buildEntries / 10) {
        // A checkpoint near a tenth of the log, so the export cut there verifies on its own (the memory comparison).
        await issueCheckpoint({ ctx: target.ctx, key, force: true });
        tenthCheckpoint = true;
      }
    }
    const buildMs = performance.now() - started;
    await issueCheckpoint({ ctx: target.ctx, key, force: true });
    result.build = { requested: plan.buildEntries, entries, elapsedMs: buildMs, perSecond: (entries / buildMs) * 1000, perTransaction: entries / Math.max(1, transactions), stoppedEarly: entries < plan.buildEntries };
    log(`    ${entries.toLocaleString('en-GB')} entries in ${seconds(buildMs)}: ${Math.round(result.build.perSecond)}/s${result.build.stoppedEarly ? ' (stopped at the time limit)' : ''}`);

    log(`  proofs at ${entries.toLocaleString('en-GB')} entries: ${plan.proofCalls} inclusion, ${plan.proofCalls} consistency…`);
    let seed = 12345;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    result.inclusion = await timeCalls(plan.proofCalls, async () => (await proveInclusion({ ctx: target.ctx, index: random(entries), size: entries })).proof.length);
    result.consistency = await timeCalls(plan.proofCalls, async () => {
      const to = 1 + random(entries);
      return (await proveConsistency({ ctx: target.ctx, from: 1 + random(to), to })).proof.length;
    });
    log(`    inclusion p50 ${result.inclusion.p50Ms.toFixed(3)} ms, p99 ${result.inclusion.p99Ms.toFixed(3)} ms; consistency p50 ${result.consistency.p50Ms.toFixed(3)} ms, p99 ${result.consistency.p99Ms.toFixed(3)} ms`);

    log('  exporting and verifying in a child process…');
    const exportStarted = performance.now();
    await exportLedger({ ctx: target.ctx, key, directory: path.join(exportDir, 'full') });
    result.exportMs = performance.now() - exportStarted;
    await target.close();

    const full = path.join(exportDir, 'full');
    const sampleLine = readFileSync(path.join(full, EXPORT_FILES.entries), 'utf8').slice(0, 200_000).split('\n').slice(0, 200).filter(Boolean);
    const leaves = sampleLine;
    result.leafBytes = Math.round(leaves.reduce((sum, leaf) => sum + Buffer.byteLength(leaf), 0) / Math.max(1, leaves.length));

    const verifyLimit = Math.max(30_000, left());
    result.verify = await verifyInChild(full, verifierKey, verifyLimit);
    if (!result.verify.ok) result.problems.push(`verification of the full export failed: ${result.verify.problem ?? 'unknown'}`);
    log(`    ${result.verify.leaves.toLocaleString('en-GB')} leaves in ${seconds(result.verify.elapsedMs)}: ${Math.round(result.verify.perSecond)}/s, peak RSS ${result.verify.maxRssMb.toFixed(0)} MB${result.verify.ok ? '' : ` (FAILED: ${result.verify.problem ?? ''})`}`);
    const tenth = Math.floor(entries / 10);
    truncatedExport(full, path.join(exportDir, 'tenth'), tenth, verifierKey);
    result.verifySmall = await verifyInChild(path.join(exportDir, 'tenth'), verifierKey, verifyLimit);
    if (!result.verifySmall.ok) result.problems.push(`verification of the first tenth failed: ${result.verifySmall.problem ?? 'unknown'}`);
    log(`    first ${tenth.toLocaleString('en-GB')} leaves: ${Math.round(result.verifySmall.perSecond)}/s, peak RSS ${result.verifySmall.maxRssMb.toFixed(0)} MB`);

    const typical = Buffer.from(leaves[Math.floor(leaves.length / 2)] ?? '{}');
    result.raw = rawHashRate(typical, 3000, entries);
    log(`    raw SHA-256, ${result.leafBytes}-byte leaf + one node per leaf: ${Math.round(result.raw.perSecond)} leaves/s; verification reaches ${((result.verify.perSecond / result.raw.perSecond) * 100).toFixed(0)}%`);
    result.breakdown = await verifyBreakdown(full, Math.min(100_000, entries));
    log(`    per leaf: line JSON ${result.breakdown!.lineJsonMicros.toFixed(2)} µs, parseLeaf ${result.breakdown!.parseLeafMicros.toFixed(2)} µs, hash + append ${result.breakdown!.hashAppendMicros.toFixed(2)} µs`);
  } finally {
    await target.close();
    rmSync(exportDir, { recursive: true, force: true });
  }
  return result;
}
