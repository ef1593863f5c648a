import type { Selectable } from 'kysely';
import type { BreakGlassGrantTable } from '../database.js';
import type { Executor } from './executor.js';

export type BreakGlassGrantRow = Selectable<BreakGlassGrantTable>;

export async function insertBreakGlassGrant(db: Executor, row: BreakGlassGrantRow): Promise<void> {
  await db.insertInto('break_glass_grants').values(row).execute();
}

/** The person's grant on the case that is still running at `now`, if any. */
export async function findLiveGrant(db: Executor, caseId: string, userId: string, now: string): Promise<BreakGlassGrantRow | undefined> {
  return db
    .selectFrom('break_glass_grants')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
}

export async function endGrant(db: Executor, id: string, endedAt: string): Promise<void> {
  await db.updateTable('break_glass_grants').set({ ended_at: endedAt }).where('id', '=', id).execute();
}

export type BreakGlassGrantWithNames = BreakGlassGrantRow & { user_name: string; reference: string; stage: string };

/** Every grant on one case, or on all cases (the overseer's list), newest first. */
export async function listGrants(db: Executor, filter: { caseId?: string }): Promise<BreakGlassGrantWithNames[]> {
  let query = db
    .selectFrom('break_glass_grants')
    .innerJoin('users', 'users.id', 'break_glass_grants.user_id')
    .innerJoin('cases', 'cases.id', 'break_glass_grants.case_id')
    .selectAll('break_glass_grants')
    .select(['users.display_name as user_name', 'cases.reference', 'cases.stage']);
  if (filter.caseId) query = query.where('break_glass_grants.case_id', '=', filter.caseId);
  return query.orderBy('break_glass_grants.granted_at', 'desc').execute();
}
