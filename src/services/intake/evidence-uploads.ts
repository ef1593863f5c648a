import { acceptedMediaType, CASE_EVIDENCE_KINDS, cleanFilename, formatByteLimit, type AcceptedMediaType, type UploadKinds } from '../../domain/evidence/file-type.js';
import { DomainError } from '../../domain/errors.js';
import type { EvidenceRow } from '../../db/database.js';
import type { ServiceContext } from '../context.js';
import type { EvidenceUpload } from './complaint-input.js';

export type CheckedUpload = { filename: string; mediaType: AcceptedMediaType; bytes: Uint8Array };
/** An upload whose size and type were checked, ready to store. */
export type StoredUpload = { filename: string; mediaType: string; bytes: Uint8Array };

/** What a kind of upload accepts and where its problems are reported; by default a case's evidence, on the form's "evidence" field. */
export type UploadCheck = {
  kinds?: UploadKinds;
  /** The field a problem with one file is reported on. */
  fieldOf?: (file: EvidenceUpload, index: number) => string;
  /** The field "too many files" is reported on. */
  listField?: string;
};

/**
 * Checks the uploads against the organisation's limits (uploads.maxFiles,
 * uploads.maxFileBytes) and their real types, naming each bad file and what
 * to do about it. Nothing is stored: callers check before they write.
 */
export function checkUploads(ctx: ServiceContext, files: EvidenceUpload[], check: UploadCheck = {}): CheckedUpload[] {
  const { maxFileBytes, maxFiles } = ctx.config.organisation.uploads;
  const kinds = check.kinds ?? CASE_EVIDENCE_KINDS;
  const fieldOf = check.fieldOf ?? (() => 'evidence');
  if (files.length > maxFiles) {
    throw new DomainError('upload_too_large', `Attach at most ${maxFiles} files.`, [{ field: check.listField ?? 'evidence', message: `Attach at most ${maxFiles} files.` }]);
  }
  return files.map((file, index) => {
    const filename = cleanFilename(file.filename);
    if (file.bytes.byteLength > maxFileBytes) {
      throw new DomainError('upload_too_large', `${filename} is larger than the ${formatByteLimit(maxFileBytes)} limit.`, [
        { field: fieldOf(file, index), message: `${filename} is too large. Attach a file of at most ${formatByteLimit(maxFileBytes)}.` },
      ]);
    }
    const mediaType = acceptedMediaType(file.bytes, filename, kinds);
    if (!mediaType) {
      throw new DomainError('upload_type_not_allowed', `${filename} is not ${kinds.described}.`, [
        { field: fieldOf(file, index), message: `${filename} is not a file type we accept. Attach ${kinds.described} instead.` },
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
