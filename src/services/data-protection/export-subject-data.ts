import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { findCaseById, lockCase } from '../../db/repositories/case.repository.js';
import { insertSubjectAccessExport } from '../../db/repositories/subject-access.repository.js';
import type { CaseRow } from '../../db/database.js';
import { nowIso, type ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { recordCaseEvents } from '../cases/case-events.js';
import { collectSubjectData, findSubjectFootprint, subjectQuery, type SubjectAccessExport, type SubjectQueryInput } from './collect-subject-data.js';
import { SUBJECT_ACCESS_FORMATS, subjectAccessFilename, subjectAccessJson, subjectAccessPdf, type ExportFile, type SubjectAccessFormat } from './subject-access-documents.js';

const WHAT = "export a person's records (subject access)";

function checkFormat(format: string): SubjectAccessFormat {
  if (!(SUBJECT_ACCESS_FORMATS as readonly string[]).includes(format)) {
    throw new DomainError('validation_failed', 'Choose JSON or PDF.', [{ field: 'format', message: 'Choose JSON or PDF.' }]);
  }
  return format as SubjectAccessFormat;
}

/**
 * What a subject access export would hold, for the data protection officer
 * to check that the right person was found before making it. A preview is
 * not an export: it is not recorded and nothing is handed over.
 */
export async function previewSubjectData(options: { ctx: ServiceContext; staff: Staff; query: SubjectQueryInput }): Promise<SubjectAccessExport> {
  const { ctx } = options;
  assertPermission(options.staff, 'data_protection.manage', WHAT);
  const query = subjectQuery(options.query);
  const footprint = await findSubjectFootprint(ctx.db, query);
  const caseRows: CaseRow[] = [];
  for (const caseId of footprint.cases.keys()) {
    const row = await findCaseById(ctx.db, caseId);
    if (row) caseRows.push(row);
  }
  return collectSubjectData(ctx, ctx.db, { query, footprint, caseRows, exportId: null, generatedAt: nowIso(ctx) });
}

/**
 * A subject access export: every record about one person, as canonical JSON
 * or a readable PDF made from it. The export is recorded in the list of
 * exports (with the SHA-256 of its JSON) and as an access event on every
 * case it drew on, in one transaction with the reading, so what was handed
 * over and what was recorded are the same.
 */
export async function exportSubjectData(options: {
  ctx: ServiceContext;
  staff: Staff;
  query: SubjectQueryInput;
  format: string;
}): Promise<{ exportId: string; sha256: string; data: SubjectAccessExport; file: ExportFile }> {
  const { ctx, staff } = options;
  assertPermission(staff, 'data_protection.manage', WHAT);
  const query = subjectQuery(options.query);
  const format = checkFormat(options.format);
  return ctx.db.transaction().execute(async (trx) => {
    const footprint = await findSubjectFootprint(trx, query);
    // Each case is locked before anything is appended (appending takes the ledger's lock), in one order, so two exports cannot deadlock.
    const caseRows: CaseRow[] = [];
    for (const caseId of [...footprint.cases.keys()].sort()) {
      const row = await lockCase(trx, ctx.dbKind, caseId);
      if (row) caseRows.push(row);
    }
    const exportId = ctx.random.uuid();
    const generatedAt = nowIso(ctx);
    const data = await collectSubjectData(ctx, trx, { query, footprint, caseRows, exportId, generatedAt });
    const json = subjectAccessJson(data);
    const sha256 = createHash('sha256').update(json).digest('hex');
    const bytes = format === 'json' ? Buffer.from(json, 'utf8') : await subjectAccessPdf(ctx, data);
    const file = { filename: subjectAccessFilename(ctx, generatedAt, format), mediaType: format === 'json' ? 'application/json' : 'application/pdf', bytes };

    await insertSubjectAccessExport(trx, {
      id: exportId,
      query: JSON.stringify(query),
      requested_by: staff.userId,
      generated_at: generatedAt,
      format,
      case_count: caseRows.length,
      sha256,
    });
    // Recorded last: appending takes the ledger's lock, which is held until commit.
    for (const caseRow of caseRows) {
      const roles = [...footprint.cases.get(caseRow.id)!.roles].sort();
      await recordCaseEvents(trx, ctx, { caseId: caseRow.id, actor: staffActor(staff), events: [{ type: 'subject_access_exported', exportId, format, roles }] });
    }
    return { exportId, sha256, data, file };
  });
}
