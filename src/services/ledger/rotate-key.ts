import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { generateSigningKey, type SigningKey } from '../../ledger/checkpoint.js';
import { KEY_ROTATION_EXTENSION } from '../../ledger/verify-log.js';
import { signStoredHead } from './issue-checkpoint.js';
import type { ServiceContext } from '../context.js';
import { appendToLedger } from './append-to-ledger.js';
import { loadSigningKey, publicVerifierKey } from './signing-key.js';

/**
 * Replaces the ledger's signing key. The rotation is itself an entry in the
 * log, and the checkpoint that covers it names the new key in an extension
 * line and is signed by both keys, so an overseer who trusts only the old key
 * can follow the change offline. The old key file is kept beside the new one,
 * renamed, for the records. A running server picks the new key up at its
 * next checkpoint; verifiers trust the old key only up to the rotation.
 */
export async function rotateLedgerKey(options: { ctx: ServiceContext }): Promise<{ previous: string; current: string }> {
  const { ctx } = options;
  const file = ctx.config.ledgerKeyFile;
  const previous = loadSigningKey(ctx.config);
  const next: SigningKey = generateSigningKey(previous.name);
  const staged = `${file}.next`;
  writeFileSync(staged, next.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const now = ctx.clock.now().toISOString();
  const from = publicVerifierKey(previous);
  const to = publicVerifierKey(next);
  await ctx.db.transaction().execute(async (trx) => {
    await appendToLedger(trx, { dbKind: ctx.dbKind, now }, [
      { eventId: null, caseId: null, type: 'ledger_key_rotated', actor: { kind: 'system', process: 'key-rotation' }, occurredAt: now, payload: { from, to } },
    ]);
    await signStoredHead(trx, { keys: [previous, next], issuedAt: now, extensions: [`${KEY_ROTATION_EXTENSION} ${to}`] });
  });
  const retired = `${file}.retired-${now.replace(/[:.]/g, '-')}`;
  if (existsSync(file)) renameSync(file, retired);
  renameSync(staged, file);
  return { previous: from, current: to };
}
