import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseVerifierKey, type Verifier } from '../../ledger/checkpoint.js';
import { readExportCheckpoints, readExportEntries } from '../../ledger/export-files.js';
import { canonicalJson, payloadHash, type LeafContent } from '../../ledger/leaf.js';
import { isErasedPayload } from '../../domain/case/case-event.js';
import { verifyLog, type LogEntry, type VerifiedState, type VerifyResult } from '../../ledger/verify-log.js';
import { listCheckpoints, listEventsMissingFromLedger, listLedgerEntries, readLedgerState, type LedgerEntryRow } from '../../db/repositories/ledger.repository.js';
import { findCaseEvents } from '../../db/repositories/case-event.repository.js';
import { findCommitmentEvents, listCommitmentEventsMissingFromLedger, type CommitmentEventRow } from '../../db/repositories/commitment.repository.js';
import { LEDGER_TYPE_PREFIX } from '../../domain/commitments/commitment.js';
import type { CaseEventRow } from '../../db/database.js';
import { toHex } from '../../ledger/hex.js';
import { storedRoot } from './issue-checkpoint.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';

const PAGE = 2000;

async function readState(file: string | undefined): Promise<VerifiedState | null> {
  if (!file || !existsSync(file)) return null;
  return JSON.parse(await readFile(file, 'utf8')) as VerifiedState;
}

/**
 * Verifies an export offline, with only the public key. With a state file:
 * trust on first use, then refuse a shrunk log or a changed root at a size
 * seen before; on success the state file is updated.
 */
export async function verifyExport(options: { directory: string; verifierKey: string; stateFile?: string | undefined; onProgress?: (done: number) => void }): Promise<VerifyResult> {
  let verifier: Verifier;
  try {
    verifier = parseVerifierKey(options.verifierKey.trim());
  } catch (error) {
    return { ok: false, problem: `the public key is not valid: ${(error as Error).message}` };
  }
  const result = await verifyLog({
    entries: readExportEntries(options.directory),
    checkpoints: await readExportCheckpoints(options.directory),
    verifiers: [verifier],
    previous: await readState(options.stateFile),
    onProgress: options.onProgress,
  });
  if (result.ok && options.stateFile && result.state) await writeFile(options.stateFile, `${JSON.stringify(result.state, null, 2)}\n`);
  return result;
}

async function* databaseEntries(db: Executor, size: number): AsyncGenerator<LogEntry[]> {
  const toEntry = (row: LedgerEntryRow): LogEntry => ({ sequence: Number(row.sequence), leafData: row.leaf_data, leafHash: row.leaf_hash });
  for (let start = 0; start < size; start += PAGE) yield (await listLedgerEntries(db, { start, end: Math.min(size, start + PAGE) })).map(toEntry);
  // Entries past the recorded size (inserted behind the log's back) are read too, so they are caught.
  const extra = await listLedgerEntries(db, { start: size, end: Number.MAX_SAFE_INTEGER });
  if (extra.length > 0) yield extra.map(toEntry);
}

/** Whether each leaf's event still says what the leaf committed to, a page at a time. */
function checkAgainstEvents(db: Executor) {
  return async (batch: { entry: LogEntry; leaf: LeafContent }[]): Promise<{ position: number; problem: string } | null> => {
    // Leaves of the commitments tracker (type "commitment.…") are checked against commitment_events; the rest against case_events.
    const isCommitment = (leaf: LeafContent) => leaf.case === null && leaf.type.startsWith(LEDGER_TYPE_PREFIX);
    const events = await findCaseEvents(db, batch.flatMap(({ leaf }) => (leaf.event && !isCommitment(leaf) ? [leaf.event] : [])));
    const commitmentEvents = await findCommitmentEvents(db, batch.flatMap(({ leaf }) => (leaf.event && isCommitment(leaf) ? [leaf.event] : [])));
    const erasures = await findCaseEvents(
      db,
      [...events.values()].flatMap((event) => {
        const payload = JSON.parse(event.data) as unknown;
        return isErasedPayload(payload) ? [payload.erasure] : [];
      }),
    );
    for (const [position, { leaf }] of batch.entries()) {
      const problem = !leaf.event ? null : isCommitment(leaf) ? commitmentEventProblem(leaf, commitmentEvents.get(leaf.event)) : eventProblem(leaf, events.get(leaf.event), erasures);
      if (problem) return { position, problem };
    }
    return null;
  };
}

function eventProblem(leaf: LeafContent, event: CaseEventRow | undefined, erasures: Map<string, CaseEventRow>): string | null {
  if (!event) return `its event ${leaf.event} is missing from case_events`;
  if (event.case_id !== leaf.case || event.type !== leaf.type || event.occurred_at !== leaf.time) return `its event ${leaf.event} no longer has the case, type or time the log recorded`;
  if (canonicalJson(JSON.parse(event.actor)) !== canonicalJson(leaf.actor)) return `its event ${leaf.event} no longer names the actor the log recorded`;
  const payload = JSON.parse(event.data) as unknown;
  if (isErasedPayload(payload)) {
    const erasure = erasures.get(payload.erasure);
    const recorded = erasure?.type === 'payload_erased' ? (JSON.parse(erasure.data) as { eventId?: string; rule?: string }) : null;
    if (recorded?.eventId === leaf.event && recorded.rule === payload.erasedUnderRule) return null;
    return `the payload of event ${leaf.event} was removed without a recorded erasure (the marker names rule "${payload.erasedUnderRule}")`;
  }
  if (payloadHash(payload) !== leaf.payload) return `the payload of event ${leaf.event} was altered since it was logged`;
  return null;
}

function commitmentEventProblem(leaf: LeafContent, event: CommitmentEventRow | undefined): string | null {
  if (!event) return `its event ${leaf.event} is missing from commitment_events`;
  if (`${LEDGER_TYPE_PREFIX}${event.type}` !== leaf.type || event.occurred_at !== leaf.time) return `its commitment event ${leaf.event} no longer has the type or time the log recorded`;
  if (canonicalJson(JSON.parse(event.actor)) !== canonicalJson(leaf.actor)) return `its commitment event ${leaf.event} no longer names the actor the log recorded`;
  if (payloadHash(JSON.parse(event.data)) !== leaf.payload) return `the payload of commitment event ${leaf.event} was altered since it was logged`;
  return null;
}

/**
 * The same checks against the live database, plus what only it can show:
 * each entry's event still says what the leaf committed to, every event is in
 * the log, and the stored tree head matches the entries. Read in one
 * snapshot, so entries appended meanwhile are not mistaken for tampering.
 */
export async function verifyDatabase(options: { ctx: ServiceContext; verifiers: Verifier[]; onProgress?: (done: number) => void }): Promise<VerifyResult> {
  const { ctx } = options;
  const snapshot = ctx.dbKind === 'postgres' ? ctx.db.transaction().setIsolationLevel('repeatable read') : ctx.db.transaction();
  return snapshot.execute(async (db) => {
    const state = await readLedgerState(db);
    const result = await verifyLog({
      entries: databaseEntries(db, state.size),
      checkpoints: (await listCheckpoints(db)).map((checkpoint) => checkpoint.note),
      verifiers: options.verifiers,
      checkBatch: checkAgainstEvents(db),
      onProgress: options.onProgress,
    });
    if (!result.ok) return result;
    if (result.size !== state.size) return { ok: false, problem: `the log's recorded size is ${state.size} but ${result.size} entries are stored`, entry: Math.min(result.size, state.size) };
    if (toHex((await storedRoot(db)).root) !== result.rootHash) return { ok: false, problem: 'the stored tree head does not match the entries' };
    const [unlogged] = await listEventsMissingFromLedger(db, 1);
    if (unlogged) return { ok: false, problem: `event ${unlogged.id} of case ${unlogged.case_id} is not in the ledger: it was inserted behind the log's back` };
    const [unloggedCommitment] = await listCommitmentEventsMissingFromLedger(db, 1);
    if (unloggedCommitment) return { ok: false, problem: `commitment event ${unloggedCommitment.id} is not in the ledger: it was inserted behind the log's back` };
    return result;
  });
}
