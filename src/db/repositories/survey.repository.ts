import type { Selectable } from 'kysely';
import type { SurveyInvitationTable, SurveyResponseTable } from '../database.js';
import type { Executor } from './executor.js';

export type SurveyInvitationRow = Selectable<SurveyInvitationTable>;
export type SurveyResponseRow = Selectable<SurveyResponseTable>;

export async function insertSurveyInvitation(db: Executor, row: SurveyInvitationRow): Promise<void> {
  await db.insertInto('survey_invitations').values(row).execute();
}

export async function findSurveyInvitation(db: Executor, tokenHash: string): Promise<SurveyInvitationRow | undefined> {
  return db.selectFrom('survey_invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks an invitation answered; false when it already was (a second answer racing the first). */
export async function markSurveyAnswered(db: Executor, tokenHash: string): Promise<boolean> {
  const result = await db.updateTable('survey_invitations').set({ answered: 1 }).where('token_hash', '=', tokenHash).where('answered', '=', 0).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertSurveyResponse(db: Executor, row: SurveyResponseRow): Promise<void> {
  await db.insertInto('survey_responses').values(row).execute();
}

/** Every response, in no particular order: nothing stored says when, or in what order, they were given. */
export async function listSurveyResponses(db: Executor): Promise<SurveyResponseRow[]> {
  return db.selectFrom('survey_responses').selectAll().execute();
}

/** Invitations counted by role, quarter of closure and whether answered. */
export async function countSurveyInvitations(db: Executor): Promise<{ role: string; closure_quarter: string; answered: number; count: number }[]> {
  const rows = await db
    .selectFrom('survey_invitations')
    .select(['role', 'closure_quarter', 'answered'])
    .select((eb) => eb.fn.countAll().as('count'))
    .groupBy(['role', 'closure_quarter', 'answered'])
    .execute();
  return rows.map((row) => ({ role: row.role, closure_quarter: row.closure_quarter, answered: Number(row.answered), count: Number(row.count) }));
}
