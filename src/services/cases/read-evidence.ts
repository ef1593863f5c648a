import { DomainError } from '../../domain/errors.js';
import { lockCase } from '../../db/repositories/case.repository.js';
import { findEvidence } from '../../db/repositories/evidence.repository.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertCanReadCase } from './case-access.js';
import { recordCaseEvents } from './case-events.js';
import { recordingRefusedAccess } from './refused-access.js';

/** Hands an evidence file to a member of staff on the case, recording the download. */
export async function downloadEvidence(options: { ctx: ServiceContext; staff: Staff; caseId: string; evidenceId: string }) {
  const { ctx, staff } = options;
  return recordingRefusedAccess(ctx, staff, 'download evidence', () => ctx.db.transaction().execute(async (trx) => {
    // Recording the download appends an event, so it takes the case lock like any change.
    const caseRow = await lockCase(trx, ctx.dbKind, options.caseId);
    if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
    await assertCanReadCase(trx, ctx, staff, caseRow);
    const item = await findEvidence(trx, caseRow.id, options.evidenceId);
    if (!item || item.kind !== 'file' || !item.sha256) throw new DomainError('not_found', 'There is no such evidence file.');
    // Read before recording, so a file that cannot be read leaves no record of a download.
    const bytes = await ctx.evidence.get(item.sha256);
    await recordCaseEvents(trx, ctx, { caseId: caseRow.id, actor: staffActor(staff), events: [{ type: 'evidence_downloaded', evidenceId: item.id }] });
    return { filename: item.filename ?? 'evidence', mediaType: item.media_type ?? 'application/octet-stream', bytes };
  }));
}
