import type { EvidenceRow } from '../database.js';
import type { Executor } from './executor.js';

export async function insertEvidence(db: Executor, rows: EvidenceRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('evidence').values(rows).execute();
}

export async function listEvidence(db: Executor, caseId: string): Promise<EvidenceRow[]> {
  return db.selectFrom('evidence').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function findEvidence(db: Executor, caseId: string, evidenceId: string): Promise<EvidenceRow | undefined> {
  return db.selectFrom('evidence').selectAll().where('case_id', '=', caseId).where('id', '=', evidenceId).executeTakeFirst();
}
