import type { SigningKey } from '../../ledger/checkpoint.js';
import { latestCheckpoint } from '../../db/repositories/ledger.repository.js';
import type { ServiceContext } from '../context.js';
import { publicVerifierKey } from './signing-key.js';

export type PublishedCheckpoint = { size: number; rootHash: string; issuedAt: string; note: string; publicKey: string };

/** The latest signed checkpoint as published, or null before the first; reading never signs. */
export async function getLatestCheckpoint(options: { ctx: ServiceContext; key: SigningKey }): Promise<PublishedCheckpoint | null> {
  const latest = await latestCheckpoint(options.ctx.db);
  if (!latest) return null;
  return { size: Number(latest.size), rootHash: latest.root_hash, issuedAt: latest.issued_at, note: latest.note, publicKey: publicVerifierKey(options.key) };
}
