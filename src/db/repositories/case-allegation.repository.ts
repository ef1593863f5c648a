import type { Selectable } from 'kysely';
import type { CaseAllegationTable } from '../database.js';
import type { Executor } from './executor.js';

export type AllegationRow = Selectable<CaseAllegationTable>;

export async function insertAllegations(db: Executor, rows: AllegationRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('case_allegations').values(rows).execute();
}

export async function listAllegations(db: Executor, caseId: string): Promise<AllegationRow[]> {
  return db.selectFrom('case_allegations').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}
