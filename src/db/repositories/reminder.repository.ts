import type { Executor } from './executor.js';

/** Claims a reminder: true the first time for a key, false ever after (so two sweeps never both send it). */
export async function claimReminder(db: Executor, row: { key: string; case_id: string; sent_at: string }): Promise<boolean> {
  const result = await db.insertInto('reminders_sent').values(row).onConflict((conflict) => conflict.column('key').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Notices not yet answered whose deadline falls within the window. */
export async function listNoticesDueBy(db: Executor, options: { from: string; to: string }) {
  return db
    .selectFrom('notices')
    .innerJoin('case_parties', 'case_parties.id', 'notices.party_id')
    .innerJoin('cases', 'cases.id', 'notices.case_id')
    .select(['notices.id', 'notices.case_id', 'notices.response_due_on', 'case_parties.name', 'case_parties.email', 'cases.reference'])
    .where('notices.responded_at', 'is', null)
    .where('notices.response_due_on', '>=', options.from)
    .where('notices.response_due_on', '<=', options.to)
    .where('cases.closed_at', 'is', null)
    .execute();
}

/** Hearings not yet held, on a date within the window, of panels still sitting. */
export async function listHearingsBetween(db: Executor, options: { from: string; to: string }) {
  return db
    .selectFrom('hearings')
    .innerJoin('panels', 'panels.id', 'hearings.panel_id')
    .innerJoin('cases', 'cases.id', 'hearings.case_id')
    .select(['hearings.id', 'hearings.case_id', 'hearings.panel_id', 'hearings.scheduled_on', 'hearings.start_time', 'hearings.location', 'cases.reference'])
    .where('hearings.held_at', 'is', null)
    .where('panels.dissolved_at', 'is', null)
    .where('hearings.scheduled_on', '>=', options.from)
    .where('hearings.scheduled_on', '<=', options.to)
    .execute();
}

/** Open cases, clock running, whose stage falls due within the window; with the e-mail of each person assigned. */
export async function listStageDeadlinesBetween(db: Executor, options: { from: string; to: string }) {
  return db
    .selectFrom('cases')
    .innerJoin('case_assignments', 'case_assignments.case_id', 'cases.id')
    .innerJoin('users', 'users.id', 'case_assignments.user_id')
    .select(['cases.id as case_id', 'cases.reference', 'cases.stage', 'cases.stage_due_on', 'users.id as user_id', 'users.email', 'users.display_name', 'case_assignments.role'])
    .where('cases.closed_at', 'is', null)
    .where('cases.paused_since', 'is', null)
    .where('cases.stage_due_on', '>=', options.from)
    .where('cases.stage_due_on', '<=', options.to)
    .where('users.disabled_at', 'is', null)
    .execute();
}
