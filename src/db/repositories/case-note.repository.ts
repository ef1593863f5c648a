import type { Selectable } from 'kysely';
import type { CaseNoteTable } from '../database.js';
import type { Executor } from './executor.js';

export type CaseNoteRow = Selectable<CaseNoteTable>;

export async function insertCaseNote(db: Executor, row: CaseNoteRow): Promise<void> {
  await db.insertInto('case_notes').values(row).execute();
}

export async function listCaseNotes(db: Executor, caseId: string, kind?: string): Promise<CaseNoteRow[]> {
  let query = db.selectFrom('case_notes').selectAll().where('case_id', '=', caseId);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('created_at').orderBy('id').execute();
}
