import type { Selectable, Updateable } from 'kysely';
import type { HearingTable } from '../database.js';
import type { Executor } from './executor.js';

export type HearingRow = Selectable<HearingTable>;

export async function insertHearing(db: Executor, row: HearingRow): Promise<void> {
  await db.insertInto('hearings').values(row).execute();
}

/** The hearing before the current panel, if one was scheduled. */
export async function findHearing(db: Executor, panelId: string): Promise<HearingRow | undefined> {
  return db.selectFrom('hearings').selectAll().where('panel_id', '=', panelId).executeTakeFirst();
}

export async function listHearings(db: Executor, caseId: string): Promise<HearingRow[]> {
  return db.selectFrom('hearings').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
}

export async function updateHearing(db: Executor, hearingId: string, values: Updateable<HearingTable>): Promise<void> {
  await db.updateTable('hearings').set(values).where('id', '=', hearingId).execute();
}
