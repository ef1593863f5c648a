import { FINDING_LABELS, type Finding } from '../../domain/due-process/decision.js';
import { listSummariesWithStatus } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { parseClauses } from './decision-summary-facts.js';

export type EditorListEntry = {
  id: string;
  status: string;
  clauses: string[];
  finding: string;
  sanctionLabel: string;
  drafterName: string;
  draftedAt: string;
  number: string | null;
  publishedAt: string | null;
  returnReason: string | null;
};

export type EditorDesk = { waiting: EditorListEntry[]; returned: EditorListEntry[]; published: EditorListEntry[]; withdrawn: EditorListEntry[] };

/** The publications editor's desk: drafts waiting, those returned, and what is published. Only the drafts: nothing of the cases. */
export async function listSummariesForEditor(options: { ctx: ServiceContext; staff: Staff }): Promise<EditorDesk> {
  const { ctx } = options;
  assertPermission(options.staff, 'publications.edit', 'review decision summaries for publication');
  const rows = await listSummariesWithStatus(ctx.db, ['draft', 'returned', 'published', 'withdrawn']);
  const entries = rows.map((row) => ({
    id: row.id,
    status: row.status,
    clauses: parseClauses(row).map((clause) => `${clause.clauseId} (${clause.title})`),
    finding: FINDING_LABELS[row.finding as Finding] ?? row.finding,
    sanctionLabel: row.sanction_label,
    drafterName: row.drafter_name,
    draftedAt: row.drafted_at,
    number: row.number,
    publishedAt: row.published_at,
    returnReason: row.return_reason,
  }));
  const newestFirst = (a: EditorListEntry, b: EditorListEntry) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '');
  return {
    waiting: entries.filter((entry) => entry.status === 'draft'),
    returned: entries.filter((entry) => entry.status === 'returned'),
    published: entries.filter((entry) => entry.status === 'published').sort(newestFirst),
    withdrawn: entries.filter((entry) => entry.status === 'withdrawn').sort(newestFirst),
  };
}
