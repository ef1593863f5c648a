import type { Selectable } from 'kysely';
import type { MembershipSanctionTable } from '../database.js';
import type { Executor } from './executor.js';

export type MembershipSanctionRow = Selectable<MembershipSanctionTable>;

export async function insertMembershipSanction(db: Executor, row: MembershipSanctionRow): Promise<void> {
  await db.insertInto('membership_sanctions').values(row).execute();
}

export async function liftSanctionsOfDecision(db: Executor, decisionId: string, at: string, reason: string): Promise<void> {
  await db.updateTable('membership_sanctions').set({ lifted_at: at, lift_reason: reason }).where('decision_id', '=', decisionId).where('lifted_at', 'is', null).execute();
}

/**
 * Sanctions recorded against a person, found by membership number or by
 * name (case-insensitive, exact), newest first, each with its case's reference.
 */
export async function findSanctionsForPerson(db: Executor, query: { membershipNumber: string | null; name: string | null }): Promise<(MembershipSanctionRow & { case_reference: string })[]> {
  return db
    .selectFrom('membership_sanctions')
    .innerJoin('cases', 'cases.id', 'membership_sanctions.case_id')
    .selectAll('membership_sanctions')
    .select('cases.reference as case_reference')
    .where((eb) =>
      eb.or([
        ...(query.membershipNumber ? [eb('membership_sanctions.membership_number', '=', query.membershipNumber)] : []),
        ...(query.name ? [eb(eb.fn('lower', ['membership_sanctions.person_name']), '=', query.name.toLowerCase())] : []),
      ]),
    )
    .orderBy('membership_sanctions.starts_on', 'desc')
    .execute();
}
