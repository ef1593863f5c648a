import type { Executor } from './executor.js';

/**
 * Read-only queries for the overseer's desk (timeliness and fairness). Each
 * reads every case at once, so a page is a handful of queries however many
 * cases there are; none returns a case's description or allegation text.
 */

export type CaseClockRow = { case_id: string; kind: string; stage: string | null; on_date: string; working_days: number | null; reason: string | null };

/** Every case's reference, stage and closure, oldest first. */
export async function listCaseTimings(db: Executor): Promise<{ id: string; reference: string; stage: string; received_at: string; closed_at: string | null }[]> {
  return db.selectFrom('cases').select(['id', 'reference', 'stage', 'received_at', 'closed_at']).orderBy('received_at').orderBy('id').execute();
}

/** Every clock entry of every case, in the order each case's entries happened. */
export async function listAllClockEntries(db: Executor): Promise<CaseClockRow[]> {
  return db.selectFrom('case_clock_entries').select(['case_id', 'kind', 'stage', 'on_date', 'working_days', 'reason']).orderBy('case_id').orderBy('id').execute();
}

/** The name of each case's assigned case manager. */
export async function listCaseManagerNames(db: Executor): Promise<{ case_id: string; display_name: string }[]> {
  return db
    .selectFrom('case_assignments')
    .innerJoin('users', 'users.id', 'case_assignments.user_id')
    .select(['case_assignments.case_id', 'users.display_name'])
    .where('case_assignments.role', '=', 'case_manager')
    .orderBy('case_assignments.assigned_at')
    .execute();
}

export type CaseEventWithReference = { case_id: string; reference: string; type: string; actor: string; occurred_at: string; data: string };

/** Every event of the given types on any case, with the case's reference, the newest first. */
export async function listEventsOfTypes(db: Executor, types: readonly string[]): Promise<CaseEventWithReference[]> {
  if (types.length === 0) return [];
  return db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .select(['case_events.case_id', 'cases.reference', 'case_events.type', 'case_events.actor', 'case_events.occurred_at', 'case_events.data'])
    .where('case_events.type', 'in', types)
    .orderBy('case_events.occurred_at', 'desc')
    .orderBy('case_events.sequence', 'desc')
    .execute();
}

export type SeatOnCase = {
  seat_id: string;
  panel_id: string;
  user_id: string;
  display_name: string;
  seat: string;
  pool_role: string;
  seated_at: string;
  recused_at: string | null;
  recusal_reason: string | null;
  case_id: string;
  reference: string;
  purpose: string;
  drawn_at: string;
  dissolved_at: string | null;
};

/** Every seat on every panel, recused or not, with its panel and case. */
export async function listAllSeats(db: Executor): Promise<SeatOnCase[]> {
  return db
    .selectFrom('panel_seats')
    .innerJoin('panels', 'panels.id', 'panel_seats.panel_id')
    .innerJoin('cases', 'cases.id', 'panels.case_id')
    .innerJoin('users', 'users.id', 'panel_seats.user_id')
    .select([
      'panel_seats.id as seat_id',
      'panel_seats.panel_id',
      'panel_seats.user_id',
      'users.display_name',
      'panel_seats.seat',
      'panel_seats.pool_role',
      'panel_seats.seated_at',
      'panel_seats.recused_at',
      'panel_seats.recusal_reason',
      'panels.case_id',
      'cases.reference',
      'panels.purpose',
      'panels.drawn_at',
      'panels.dissolved_at',
    ])
    .orderBy('panels.drawn_at')
    .orderBy('panel_seats.position')
    .orderBy('panel_seats.seated_at')
    .execute();
}

/** Pool members kept off a panel at its draw, or barred from its independent seats, with the recorded reasons. */
export async function listScreeningExclusions(
  db: Executor,
): Promise<{ reference: string; purpose: string; drawn_at: string; display_name: string; eligible: number; independent_barred: number; reasons: string }[]> {
  return db
    .selectFrom('panel_screenings')
    .innerJoin('panels', 'panels.id', 'panel_screenings.panel_id')
    .innerJoin('cases', 'cases.id', 'panels.case_id')
    .innerJoin('users', 'users.id', 'panel_screenings.user_id')
    .select(['cases.reference', 'panels.purpose', 'panels.drawn_at', 'users.display_name', 'panel_screenings.eligible', 'panel_screenings.independent_barred', 'panel_screenings.reasons'])
    .where((eb) => eb.or([eb('panel_screenings.eligible', '=', 0), eb('panel_screenings.independent_barred', '=', 1)]))
    .orderBy('panels.drawn_at', 'desc')
    .orderBy('users.display_name')
    .execute();
}

/** When each panel first recorded a decision. */
export async function listFirstDecisionByPanel(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('decisions').select(['panel_id', (eb) => eb.fn.min('decided_at').as('first')]).groupBy('panel_id').execute();
  return new Map(rows.map((row) => [row.panel_id, row.first as string]));
}


/** Every appeal with its case and the appellant's role (never their name). */
export async function listAllAppeals(db: Executor): Promise<{ reference: string; lodged_at: string; decided_at: string | null; outcome: string | null; grounds: string; appellant_role: string }[]> {
  return db
    .selectFrom('appeals')
    .innerJoin('cases', 'cases.id', 'appeals.case_id')
    .innerJoin('case_parties', 'case_parties.id', 'appeals.appellant_party_id')
    .select(['cases.reference', 'appeals.lodged_at', 'appeals.decided_at', 'appeals.outcome', 'appeals.grounds', 'case_parties.role as appellant_role'])
    .orderBy('appeals.lodged_at', 'desc')
    .execute();
}

export type ClauseFindingRow = {
  decision_id: string;
  pack_id: string;
  pack_version: string;
  clause_id: string;
  finding: string;
  sanction_id: string;
  sanction_months: number | null;
  status: string;
  outside_usual_range: number;
  justification: string | null;
  decided_at: string;
  reference: string;
  respondent_name: string;
  respondent_membership_number: string | null;
};

/** Every finding of every decision, with the decision's sanction and the case it was on. */
export async function listClauseFindings(db: Executor): Promise<ClauseFindingRow[]> {
  return db
    .selectFrom('decision_findings')
    .innerJoin('decisions', 'decisions.id', 'decision_findings.decision_id')
    .innerJoin('case_allegations', 'case_allegations.id', 'decision_findings.allegation_id')
    .innerJoin('cases', 'cases.id', 'decisions.case_id')
    .select([
      'decision_findings.decision_id',
      'decision_findings.pack_id',
      'case_allegations.pack_version',
      'decision_findings.clause_id',
      'decision_findings.finding',
      'decisions.sanction_id',
      'decisions.sanction_months',
      'decisions.status',
      'decisions.outside_usual_range',
      'decisions.justification',
      'decisions.decided_at',
      'cases.reference',
      'cases.respondent_name',
      'cases.respondent_membership_number',
    ])
    .orderBy('decisions.decided_at')
    .orderBy('decision_findings.decision_id')
    .execute();
}
