import type { Selectable, Updateable } from 'kysely';
import type { AppealTable } from '../database.js';
import type { Executor } from './executor.js';

export type AppealRow = Selectable<AppealTable>;

export async function insertAppeal(db: Executor, row: AppealRow): Promise<void> {
  await db.insertInto('appeals').values(row).execute();
}

export async function findOpenAppeal(db: Executor, caseId: string): Promise<AppealRow | undefined> {
  return db.selectFrom('appeals').selectAll().where('case_id', '=', caseId).where('decided_at', 'is', null).executeTakeFirst();
}

export async function listAppeals(db: Executor, caseId: string): Promise<AppealRow[]> {
  return db.selectFrom('appeals').selectAll().where('case_id', '=', caseId).orderBy('lodged_at').execute();
}

export async function updateAppeal(db: Executor, appealId: string, values: Updateable<AppealTable>): Promise<void> {
  await db.updateTable('appeals').set(values).where('id', '=', appealId).execute();
}
