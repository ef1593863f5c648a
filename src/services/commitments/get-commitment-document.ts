import { downloadName } from '../../domain/evidence/file-type.js';
import { DomainError } from '../../domain/errors.js';
import { findDocument } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';

/**
 * A document published as evidence of a delivery, for download: open to
 * everyone, like the scorecard that lists it. The bytes come from the
 * evidence store, which checks them against their SHA-256.
 */
export async function getCommitmentDocument(options: { ctx: ServiceContext; documentId: string }): Promise<{ filename: string; mediaType: string; bytes: Buffer }> {
  const { ctx } = options;
  const row = await findDocument(ctx.db, options.documentId);
  if (!row) throw new DomainError('not_found', 'There is no such document.');
  // Saved under the name it was uploaded with, given the extension of its checked type if it had another.
  return { filename: downloadName(row.filename, row.media_type), mediaType: row.media_type, bytes: await ctx.evidence.get(row.sha256) };
}
