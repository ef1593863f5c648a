import { createWriteStream, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { EXPORT_FILES } from '../../ledger/export-files.js';
import type { SigningKey } from '../../ledger/checkpoint.js';
import { listCheckpoints, listLedgerEntries, readLedgerState } from '../../db/repositories/ledger.repository.js';
import type { ServiceContext } from '../context.js';
import { publicVerifierKey } from './signing-key.js';

const PAGE = 5000;

/** Writes the ledger as plain files for offline verification; returns how many entries. */
export async function exportLedger(options: { ctx: ServiceContext; key: SigningKey; directory: string }): Promise<{ entries: number; checkpoints: number }> {
  const { ctx, directory } = options;
  mkdirSync(directory, { recursive: true });
  const { size } = await readLedgerState(ctx.db);
  const out = createWriteStream(path.join(directory, EXPORT_FILES.entries), 'utf8');
  for (let start = 0; start < size; start += PAGE) {
    for (const entry of await listLedgerEntries(ctx.db, { start, end: Math.min(size, start + PAGE) })) {
      if (!out.write(`${entry.leaf_data}\n`)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  const checkpoints = (await listCheckpoints(ctx.db)).filter((checkpoint) => Number(checkpoint.size) <= size);
  await writeFile(path.join(directory, EXPORT_FILES.checkpoints), checkpoints.map((checkpoint) => `${JSON.stringify({ size: Number(checkpoint.size), note: checkpoint.note })}\n`).join(''));
  await writeFile(path.join(directory, EXPORT_FILES.publicKey), `${publicVerifierKey(options.key)}\n`);
  return { entries: size, checkpoints: checkpoints.length };
}
