import type { Verifier } from '../../ledger/checkpoint.js';
import { fromHex } from '../../ledger/hex.js';
import { verifyConsistency } from '../../ledger/merkle.js';
import type { VerifyResult } from '../../ledger/verify-log.js';
import { latestCheckpoint } from '../../db/repositories/ledger.repository.js';
import { findOverseerState, saveOverseerState, type OverseerLedgerStateRow } from '../../db/repositories/overseer-state.repository.js';
import { DomainError } from '../../domain/errors.js';
import { assertPermission } from '../cases/case-access.js';
import { nowIso, type ServiceContext } from '../context.js';
import { proveConsistency } from '../ledger/prove.js';
import { verifyDatabase } from '../ledger/verify-ledger.js';
import type { Staff } from '../staff.js';

export type SavedStateCheck =
  | { kind: 'none' }
  /** The log now extends the one the overseer saved: nothing they saw was rewritten. */
  | { kind: 'consistent'; saved: OverseerLedgerStateRow; proofLength: number }
  | { kind: 'inconsistent'; saved: OverseerLedgerStateRow; problem: string };

export type LedgerRecord = {
  checkpoint: { size: number; rootHash: string; issuedAt: string } | null;
  savedState: SavedStateCheck;
};

function assertOverseer(staff: Staff, what: string): void {
  assertPermission(staff, 'oversight.read', what);
}

/**
 * Checks the latest checkpoint against the state the overseer saved with an
 * RFC 9162 consistency proof: the log may only have grown since then.
 */
async function checkSavedState(ctx: ServiceContext, saved: OverseerLedgerStateRow | undefined, checkpoint: { size: number; rootHash: string } | null): Promise<SavedStateCheck> {
  if (!saved) return { kind: 'none' };
  if (!checkpoint || checkpoint.size < saved.tree_size) {
    return { kind: 'inconsistent', saved, problem: `The log is now smaller (${checkpoint?.size ?? 0} entries) than when you saved it (${saved.tree_size}).` };
  }
  if (checkpoint.size === saved.tree_size) {
    return checkpoint.rootHash === saved.root_hash ? { kind: 'consistent', saved, proofLength: 0 } : { kind: 'inconsistent', saved, problem: 'The log has the size you saved but a different root: it was rewritten.' };
  }
  const { proof } = await proveConsistency({ ctx, from: saved.tree_size, to: checkpoint.size });
  const ok = verifyConsistency(saved.tree_size, checkpoint.size, fromHex(saved.root_hash), fromHex(checkpoint.rootHash), proof.map(fromHex));
  return ok ? { kind: 'consistent', saved, proofLength: proof.length } : { kind: 'inconsistent', saved, problem: 'The consistency proof from the state you saved to the latest checkpoint does not verify: entries you saw were changed.' };
}

/** The record as the overseer sees it: the latest checkpoint, and whether it extends the state they saved. */
export async function getLedgerRecord(options: { ctx: ServiceContext; staff: Staff }): Promise<LedgerRecord> {
  const { ctx, staff } = options;
  assertOverseer(staff, 'read the state of the record');
  const latest = await latestCheckpoint(ctx.db);
  const checkpoint = latest ? { size: Number(latest.size), rootHash: latest.root_hash, issuedAt: latest.issued_at } : null;
  return { checkpoint, savedState: await checkSavedState(ctx, await findOverseerState(ctx.db, staff.userId), checkpoint) };
}

/** Saves the latest checkpoint as the overseer's own state, to check later checkpoints against. */
export async function saveLedgerState(options: { ctx: ServiceContext; staff: Staff }): Promise<void> {
  const { ctx, staff } = options;
  assertOverseer(staff, 'save a state of the record');
  const latest = await latestCheckpoint(ctx.db);
  if (!latest) throw new DomainError('conflict', 'No checkpoint has been signed yet, so there is no state to save.');
  const current = await checkSavedState(ctx, await findOverseerState(ctx.db, staff.userId), { size: Number(latest.size), rootHash: latest.root_hash });
  if (current.kind === 'inconsistent') throw new DomainError('rule_violated', `The latest checkpoint does not extend the state you saved, so it is kept as evidence: ${current.problem}`);
  await saveOverseerState(ctx.db, { user_id: staff.userId, tree_size: Number(latest.size), root_hash: latest.root_hash, saved_at: nowIso(ctx) });
}

/** Verifies the whole record now: every entry, every checkpoint signature, every event against its leaf. */
export async function verifyRecord(options: { ctx: ServiceContext; staff: Staff; verifiers: Verifier[] }): Promise<VerifyResult> {
  assertOverseer(options.staff, 'verify the record');
  return verifyDatabase({ ctx: options.ctx, verifiers: options.verifiers });
}
