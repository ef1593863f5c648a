import type { Executor } from './executor.js';

export type AssignmentWithUser = { user_id: string; role: string; assigned_at: string; display_name: string };

export async function listAssignments(db: Executor, caseId: string): Promise<AssignmentWithUser[]> {
  return db
    .selectFrom('case_assignments')
    .innerJoin('users', 'users.id', 'case_assignments.user_id')
    .select(['case_assignments.user_id', 'case_assignments.role', 'case_assignments.assigned_at', 'users.display_name'])
    .where('case_assignments.case_id', '=', caseId)
    .orderBy('case_assignments.assigned_at')
    .execute();
}

export async function isAssigned(db: Executor, caseId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('case_assignments').select('case_id').where('case_id', '=', caseId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export async function insertAssignment(db: Executor, row: { case_id: string; user_id: string; role: string; assigned_at: string }): Promise<void> {
  await db.insertInto('case_assignments').values(row).execute();
}

/** Ends a person's assignment in one role, so they can no longer open the case (a recused or stood-down panel member). */
export async function deleteAssignment(db: Executor, row: { case_id: string; user_id: string; role: string }): Promise<void> {
  await db.deleteFrom('case_assignments').where('case_id', '=', row.case_id).where('user_id', '=', row.user_id).where('role', '=', row.role).execute();
}
