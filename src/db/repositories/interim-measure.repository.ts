import type { Selectable, Updateable } from 'kysely';
import type { InterimMeasureReviewTable, InterimMeasureTable } from '../database.js';
import type { CaseAccessScope } from './case.repository.js';
import type { Executor } from './executor.js';

export type InterimMeasureRow = Selectable<InterimMeasureTable>;
export type InterimMeasureReviewRow = Selectable<InterimMeasureReviewTable>;
export type ReviewWithReviewer = InterimMeasureReviewRow & { reviewer_name: string };
/** A measure with the case it belongs to, for lists that span cases. */
export type MeasureWithCase = InterimMeasureRow & { case_reference: string; case_closed_at: string | null };

export async function insertInterimMeasure(db: Executor, row: InterimMeasureRow): Promise<void> {
  await db.insertInto('interim_measures').values(row).execute();
}

export async function insertInterimMeasureReview(db: Executor, row: InterimMeasureReviewRow): Promise<void> {
  await db.insertInto('interim_measure_reviews').values(row).execute();
}

export async function updateInterimMeasure(db: Executor, id: string, values: Updateable<InterimMeasureTable>): Promise<void> {
  await db.updateTable('interim_measures').set(values).where('id', '=', id).execute();
}

/** The case's measure recorded as in force (at most one: a unique index sees to it). */
export async function findMeasureInForce(db: Executor, caseId: string): Promise<InterimMeasureRow | undefined> {
  return db.selectFrom('interim_measures').selectAll().where('case_id', '=', caseId).where('status', '=', 'in_force').executeTakeFirst();
}

/** Every measure on a case, newest first, with the name of whoever imposed it. */
export async function listInterimMeasures(db: Executor, caseId: string): Promise<(InterimMeasureRow & { imposer_name: string })[]> {
  return db
    .selectFrom('interim_measures')
    .innerJoin('users', 'users.id', 'interim_measures.imposed_by')
    .selectAll('interim_measures')
    .select('users.display_name as imposer_name')
    .where('interim_measures.case_id', '=', caseId)
    .orderBy('interim_measures.imposed_at', 'desc')
    .orderBy('interim_measures.id')
    .execute();
}

/** The reviews of these measures, oldest first, with the reviewer's name. */
export async function listInterimMeasureReviews(db: Executor, measureIds: readonly string[]): Promise<ReviewWithReviewer[]> {
  if (measureIds.length === 0) return [];
  return db
    .selectFrom('interim_measure_reviews')
    .innerJoin('users', 'users.id', 'interim_measure_reviews.reviewed_by')
    .selectAll('interim_measure_reviews')
    .select('users.display_name as reviewer_name')
    .where('interim_measure_reviews.measure_id', 'in', [...measureIds])
    .orderBy('interim_measure_reviews.reviewed_at')
    .orderBy('interim_measure_reviews.id')
    .execute();
}

/**
 * Cases with a measure still recorded in force that must lapse: past its
 * last day, or on a case that has closed. What the server's sweep visits.
 */
export async function listCaseIdsWithMeasuresToLapse(db: Executor, options: { today: string }): Promise<string[]> {
  const rows = await db
    .selectFrom('interim_measures')
    .innerJoin('cases', 'cases.id', 'interim_measures.case_id')
    .select('interim_measures.case_id')
    .distinct()
    .where('interim_measures.status', '=', 'in_force')
    .where((eb) => eb.or([eb('interim_measures.ends_on', '<', options.today), eb('cases.closed_at', 'is not', null)]))
    .orderBy('interim_measures.case_id')
    .execute();
  return rows.map((row) => row.case_id);
}

/**
 * Measures in force, on open cases within the scope, whose review falls due
 * before `dueBefore` (today for the overdue ones), soonest first. Measures
 * already past their last day are left to the lapse sweep.
 */
export async function listMeasuresReviewDue(db: Executor, options: { dueBefore: string; today: string; scope: CaseAccessScope; limit: number }): Promise<MeasureWithCase[]> {
  const { scope } = options;
  return db
    .selectFrom('interim_measures')
    .innerJoin('cases', 'cases.id', 'interim_measures.case_id')
    .selectAll('interim_measures')
    .select(['cases.reference as case_reference', 'cases.closed_at as case_closed_at'])
    .where('interim_measures.status', '=', 'in_force')
    .where('interim_measures.review_due_on', '<', options.dueBefore)
    .where('interim_measures.ends_on', '>=', options.today)
    .where('cases.closed_at', 'is', null)
    .where((eb) => {
      if (scope.kind === 'all') return eb.lit(true);
      const assigned = eb('cases.id', 'in', eb.selectFrom('case_assignments').select('case_assignments.case_id').where('case_assignments.user_id', '=', scope.userId));
      return scope.includeIntakeQueue ? eb.or([assigned, eb('cases.stage', 'in', [...scope.intakeStages])]) : assigned;
    })
    .orderBy('interim_measures.review_due_on')
    .orderBy('cases.reference')
    .limit(options.limit)
    .execute();
}

/**
 * Measures recorded against a person, found by membership number or by name
 * (case-insensitive, exact), newest first: for the register.
 */
export async function findInterimMeasuresForPerson(db: Executor, query: { membershipNumber: string | null; name: string | null }): Promise<MeasureWithCase[]> {
  return db
    .selectFrom('interim_measures')
    .innerJoin('cases', 'cases.id', 'interim_measures.case_id')
    .selectAll('interim_measures')
    .select(['cases.reference as case_reference', 'cases.closed_at as case_closed_at'])
    .where((eb) =>
      eb.or([
        ...(query.membershipNumber ? [eb('interim_measures.membership_number', '=', query.membershipNumber)] : []),
        ...(query.name ? [eb(eb.fn('lower', ['interim_measures.person_name']), '=', query.name.toLowerCase())] : []),
      ]),
    )
    .orderBy('interim_measures.starts_on', 'desc')
    .orderBy('interim_measures.imposed_at', 'desc')
    .execute();
}
