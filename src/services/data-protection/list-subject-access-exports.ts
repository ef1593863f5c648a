import { listSubjectAccessExports as listExportRows } from '../../db/repositories/subject-access.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import type { SubjectQuery } from './collect-subject-data.js';

export type PastExport = { id: string; generatedAt: string; requestedBy: string; query: SubjectQuery; format: string; caseCount: number; sha256: string };

/** The subject access exports made so far, newest first: who made one, for whom, when, and the fingerprint of its JSON. */
export async function listSubjectAccessExports(options: { ctx: ServiceContext; staff: Staff; limit?: number }): Promise<PastExport[]> {
  assertPermission(options.staff, 'data_protection.manage', 'list subject access exports');
  const rows = await listExportRows(options.ctx.db, options.limit ?? 100);
  return rows.map((row) => ({
    id: row.id,
    generatedAt: row.generated_at,
    requestedBy: row.requested_by_name,
    query: JSON.parse(row.query) as SubjectQuery,
    format: row.format,
    caseCount: row.case_count,
    sha256: row.sha256,
  }));
}
