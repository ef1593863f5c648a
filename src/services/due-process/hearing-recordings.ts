import { cleanFilename, detectRecordingType, formatByteLimit } from '../../domain/evidence/file-type.js';
import { DomainError } from '../../domain/errors.js';
import { insertEvidence } from '../../db/repositories/evidence.repository.js';
import { findHearing } from '../../db/repositories/hearing.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from '../cases/change-case.js';
import type { EvidenceUpload } from '../intake/complaint-input.js';
import { storeUploads } from '../intake/evidence-uploads.js';
import { currentPanel } from './due-process-facts.js';

/**
 * Adds recordings of the hearing to its record: a member of the sitting
 * panel, once the hearing has been held. Each file must really be audio or
 * video (decided from its bytes) and within the recording size limit.
 */
export async function addHearingRecordings(options: { ctx: ServiceContext; staff: Staff; caseId: string; files: EvidenceUpload[] }): Promise<void> {
  const { ctx, staff } = options;
  const limit = ctx.config.organisation.uploads.maxRecordingBytes;
  if (options.files.length === 0) throw new DomainError('validation_failed', 'Choose the recording to add.', [{ field: 'recording', message: 'Choose an audio or video file.' }]);
  const uploads = options.files.map((file) => {
    const filename = cleanFilename(file.filename);
    if (file.bytes.byteLength > limit) throw new DomainError('upload_too_large', `${filename} is larger than the ${formatByteLimit(limit)} limit for recordings.`, [{ field: 'recording', message: `${filename} is too large.` }]);
    const mediaType = detectRecordingType(file.bytes);
    if (!mediaType) throw new DomainError('upload_type_not_allowed', `${filename} is not an MP3, WAV, Ogg, MP4 or WebM recording.`, [{ field: 'recording', message: `${filename} is not a recording we accept.` }]);
    return { filename, mediaType, bytes: file.bytes };
  });
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'cases.sit_on_panel',
    what: 'add hearing recordings',
    change: async (change) => {
      const { panel, seats } = await currentPanel(change.trx, change.caseRow);
      if (!panel || !seats.some((seat) => seat.user_id === staff.userId)) throw new DomainError('forbidden', 'Only a member of the sitting panel can add recordings of its hearing.');
      const hearing = await findHearing(change.trx, panel.id);
      if (!hearing?.held_at) throw new DomainError('rule_violated', 'Record the hearing as held before adding its recordings.');
      const rows = await storeUploads(ctx, { caseId: change.caseRow.id, uploads, submittedBy: 'panel', at: ctx.clock.now().toISOString(), hearingId: hearing.id });
      await insertEvidence(change.trx, rows.map((row) => ({ ...row, description: `Recording of the hearing of ${hearing.scheduled_on}` })));
      for (const row of rows) change.record({ type: 'evidence_added', evidenceId: row.id, kind: 'file', sha256: row.sha256, filename: row.filename, url: null });
    },
  });
}
