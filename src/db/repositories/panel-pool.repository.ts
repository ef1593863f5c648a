import type { Selectable } from 'kysely';
import type { PanelInterestTable, PanelPoolTable, PanelTrainingTable } from '../database.js';
import type { Executor } from './executor.js';

export type PoolRow = Selectable<PanelPoolTable> & { display_name: string };
export type TrainingRow = Selectable<PanelTrainingTable>;
export type InterestRow = Selectable<PanelInterestTable>;

export async function upsertPoolMember(db: Executor, row: Selectable<PanelPoolTable>): Promise<void> {
  await db
    .insertInto('panel_pool')
    .values(row)
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ roles: row.roles, active: row.active, updated_at: row.updated_at }))
    .execute();
}

export async function listPool(db: Executor, options: { activeOnly: boolean }): Promise<PoolRow[]> {
  let query = db
    .selectFrom('panel_pool')
    .innerJoin('users', 'users.id', 'panel_pool.user_id')
    .select(['panel_pool.user_id', 'panel_pool.roles', 'panel_pool.active', 'panel_pool.updated_at', 'users.display_name'])
    .where('users.disabled_at', 'is', null);
  if (options.activeOnly) query = query.where('panel_pool.active', '=', 1);
  return query.orderBy('users.display_name').orderBy('panel_pool.user_id').execute();
}

export async function insertTraining(db: Executor, row: TrainingRow): Promise<void> {
  await db.insertInto('panel_trainings').values(row).execute();
}

export async function insertInterest(db: Executor, row: InterestRow): Promise<void> {
  await db.insertInto('panel_interests').values(row).execute();
}

/** Ends one person's interest; an id that is not theirs, or already ended, changes nothing. */
export async function endInterest(db: Executor, options: { interestId: string; userId: string; endedOn: string }): Promise<boolean> {
  const result = await db
    .updateTable('panel_interests')
    .set({ ended_on: options.endedOn })
    .where('id', '=', options.interestId)
    .where('user_id', '=', options.userId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listTrainings(db: Executor, userIds: readonly string[]): Promise<TrainingRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('panel_trainings').selectAll().where('user_id', 'in', userIds).orderBy('completed_on').execute();
}

export async function listInterests(db: Executor, userIds: readonly string[]): Promise<InterestRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('panel_interests').selectAll().where('user_id', 'in', userIds).orderBy('declared_on').orderBy('id').execute();
}

/** When each pool member last took a seat on any panel, for selection by rotation. */
export async function lastSeatedAt(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('panel_seats').select(['user_id', (eb) => eb.fn.max('seated_at').as('last')]).groupBy('user_id').execute();
  return new Map(rows.map((row) => [row.user_id, row.last as string]));
}
