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
 * name (case-insensitive, exact), newest first.
 */
export async function findSanctionsForPerson(db: Executor, query: { membershipNumber: string | null; name: string | null }): Promise<MembershipSanctionRow[]> {
  return db
    .selectFrom('membership_sanctions')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(query.membershipNumber ? [eb('membership_number', '=', query.membershipNumber)] : []),
        ...(query.name ? [eb(eb.fn('lower', ['person_name']), '=', query.name.toLowerCase())] : []),
      ]),
    )
    .orderBy('starts_on', 'desc')
    .execute();
}
