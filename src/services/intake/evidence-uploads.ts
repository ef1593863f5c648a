import { cleanFilename, detectMediaType, formatByteLimit, type AcceptedMediaType } from '../../domain/evidence/file-type.js';
import { DomainError } from '../../domain/errors.js';
import type { EvidenceRow } from '../../db/database.js';
import type { ServiceContext } from '../context.js';
import type { EvidenceUpload } from './complaint-input.js';

export type CheckedUpload = { filename: string; mediaType: AcceptedMediaType; bytes: Uint8Array };
/** An upload whose size and type were checked, ready to store. */
export type StoredUpload = { filename: string; mediaType: string; bytes: Uint8Array };

/** Checks the uploads against the limits and their real types, naming each bad file. */
export function checkUploads(ctx: ServiceContext, files: EvidenceUpload[]): CheckedUpload[] {
  const { maxFileBytes, maxFiles } = ctx.config.organisation.uploads;
  if (files.length > maxFiles) throw new DomainError('upload_too_large', `Attach at most ${maxFiles} files.`, [{ field: 'evidence', message: `Attach at most ${maxFiles} files.` }]);
  return files.map((file) => {
    const filename = cleanFilename(file.filename);
    if (file.bytes.byteLength > maxFileBytes) {
      throw new DomainError('upload_too_large', `${filename} is larger than the ${formatByteLimit(maxFileBytes)} limit.`, [
        { field: 'evidence', message: `${filename} is too large.` },
      ]);
    }
    const mediaType = detectMediaType(file.bytes);
    if (!mediaType) {
      throw new DomainError('upload_type_not_allowed', `${filename} is not a PDF, an image (PNG, JPEG, GIF, WebP) or plain text.`, [
        { field: 'evidence', message: `${filename} is not a file type we accept.` },
      ]);
    }
    return { filename, mediaType, bytes: file.bytes };
  });
}

/** Stores checked files in the evidence store and returns their rows, ready to insert with the change they belong to. */
export async function storeUploads(ctx: ServiceContext, options: { caseId: string; uploads: StoredUpload[]; submittedBy: string; at: string; hearingId?: string }): Promise<EvidenceRow[]> {
  return Promise.all(
    options.uploads.map(async (upload) => {
      const stored = await ctx.evidence.put(upload.bytes);
      return {
        id: ctx.random.uuid(),
        case_id: options.caseId,
        kind: 'file',
        sha256: stored.sha256,
        filename: upload.filename,
        media_type: upload.mediaType,
        size_bytes: stored.sizeBytes,
        url: null,
        captured_at: null,
        description: null,
        submitted_by: options.submittedBy,
        created_at: options.at,
        hearing_id: options.hearingId ?? null,
        redacts_evidence_id: null,
      };
    }),
  );
}
