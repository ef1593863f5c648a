import type { Selectable } from 'kysely';
import type { PanelScreeningTable, PanelSeatTable, PanelTable } from '../database.js';
import type { Executor } from './executor.js';

export type PanelRow = Selectable<PanelTable>;
export type SeatRow = Selectable<PanelSeatTable>;
export type SeatWithName = SeatRow & { display_name: string };
export type ScreeningRow = Selectable<PanelScreeningTable>;

export async function insertPanel(db: Executor, panel: PanelRow, screenings: ScreeningRow[], seats: SeatRow[]): Promise<void> {
  await db.insertInto('panels').values(panel).execute();
  if (screenings.length > 0) await db.insertInto('panel_screenings').values(screenings).execute();
  await insertSeats(db, seats);
}

export async function insertSeats(db: Executor, seats: SeatRow[]): Promise<void> {
  if (seats.length > 0) await db.insertInto('panel_seats').values(seats).execute();
}

/** The panel currently sitting for a purpose, if any: drawn and not dissolved. */
export async function findCurrentPanel(db: Executor, caseId: string, purpose: string): Promise<PanelRow | undefined> {
  return db
    .selectFrom('panels')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('purpose', '=', purpose)
    .where('dissolved_at', 'is', null)
    .orderBy('drawn_at', 'desc')
    .executeTakeFirst();
}

export async function listPanels(db: Executor, caseId: string): Promise<PanelRow[]> {
  return db.selectFrom('panels').selectAll().where('case_id', '=', caseId).orderBy('drawn_at').orderBy('id').execute();
}

export async function findPanel(db: Executor, panelId: string): Promise<PanelRow | undefined> {
  return db.selectFrom('panels').selectAll().where('id', '=', panelId).executeTakeFirst();
}

export async function listSeats(db: Executor, panelIds: readonly string[]): Promise<SeatWithName[]> {
  if (panelIds.length === 0) return [];
  return db
    .selectFrom('panel_seats')
    .innerJoin('users', 'users.id', 'panel_seats.user_id')
    .selectAll('panel_seats')
    .select('users.display_name')
    .where('panel_seats.panel_id', 'in', panelIds)
    .orderBy('panel_seats.position')
    .orderBy('panel_seats.seated_at')
    .execute();
}

export async function listScreenings(db: Executor, panelId: string): Promise<(ScreeningRow & { display_name: string })[]> {
  return db
    .selectFrom('panel_screenings')
    .innerJoin('users', 'users.id', 'panel_screenings.user_id')
    .selectAll('panel_screenings')
    .select('users.display_name')
    .where('panel_screenings.panel_id', '=', panelId)
    .orderBy('users.display_name')
    .execute();
}

/** Everyone who has ever held a seat on any panel of the case, recused or not. */
export async function listSeatHolders(db: Executor, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('panel_seats')
    .innerJoin('panels', 'panels.id', 'panel_seats.panel_id')
    .select('panel_seats.user_id')
    .distinct()
    .where('panels.case_id', '=', caseId)
    .execute();
  return rows.map((row) => row.user_id);
}

export async function markRecused(db: Executor, seatId: string, at: string, reason: string): Promise<void> {
  await db.updateTable('panel_seats').set({ recused_at: at, recusal_reason: reason }).where('id', '=', seatId).execute();
}

export async function dissolvePanel(db: Executor, panelId: string, at: string, reason: string): Promise<void> {
  await db.updateTable('panels').set({ dissolved_at: at, dissolved_reason: reason }).where('id', '=', panelId).execute();
}
