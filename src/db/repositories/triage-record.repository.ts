import type { TriageRecordRow } from '../database.js';
import type { Executor } from './executor.js';

export async function insertTriageRecord(db: Executor, row: TriageRecordRow): Promise<void> {
  await db.insertInto('triage_records').values(row).execute();
}

export async function findTriageRecord(db: Executor, caseId: string): Promise<TriageRecordRow | undefined> {
  return db.selectFrom('triage_records').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}
