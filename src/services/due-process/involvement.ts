import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { listSeatHolders } from '../../db/repositories/panel.repository.js';
import { findTriageRecord } from '../../db/repositories/triage-record.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';

/** Everyone who has had a hand in the case (recorded it, triaged it, was assigned to it, sat on a panel): they can never sit on its panels. */
export async function involvedPeople(db: Executor, caseRow: CaseRow): Promise<Set<string>> {
  const [hands, seatHolders] = await Promise.all([handsOnCase(db, caseRow), listSeatHolders(db, caseRow.id)]);
  return new Set([...hands, ...seatHolders]);
}

/** Everyone involved otherwise than by a panel seat (a panel member's assignment comes with their seat). */
export async function handsOnCase(db: Executor, caseRow: CaseRow): Promise<Set<string>> {
  const [assignments, triage] = await Promise.all([listAssignments(db, caseRow.id), findTriageRecord(db, caseRow.id)]);
  const hands = [caseRow.recorded_by, triage?.recorded_by].filter((userId): userId is string => typeof userId === 'string');
  return new Set([...assignments.filter((assignment) => assignment.role !== 'panel_member').map((assignment) => assignment.user_id), ...hands]);
}

