import type { Selectable } from 'kysely';
import type { PanelPoolTable, SubjectAccessExportTable } from '../database.js';
import type { PartyRow } from './case-party.repository.js';
import type { Executor } from './executor.js';
import type { MeasureWithCase } from './interim-measure.repository.js';
import type { MembershipSanctionRow } from './membership-sanction.repository.js';

/**
 * The keys a person is searched for by, normalised: the e-mail address and
 * the name in lower case (compared with the stored value in lower case), the
 * membership number as written. A null key is not searched for.
 */
export type PersonKeys = { email: string | null; membershipNumber: string | null; name: string | null };

export type CaseNamingRow = {
  id: string;
  complainant_name: string | null;
  complainant_email: string | null;
  respondent_name: string;
  respondent_membership_number: string | null;
};

/**
 * Cases whose complainant or respondent, as recorded at intake, carries one of
 * the keys. These are candidates: the caller decides which are the person.
 */
export async function findCasesNamingPerson(db: Executor, keys: PersonKeys): Promise<CaseNamingRow[]> {
  return db
    .selectFrom('cases')
    .select(['id', 'complainant_name', 'complainant_email', 'respondent_name', 'respondent_membership_number'])
    .where((eb) =>
      eb.or([
        ...(keys.email ? [eb(eb.fn('lower', ['complainant_email']), '=', keys.email)] : []),
        ...(keys.name ? [eb(eb.fn('lower', ['complainant_name']), '=', keys.name), eb(eb.fn('lower', ['respondent_name']), '=', keys.name)] : []),
        ...(keys.membershipNumber ? [eb('respondent_membership_number', '=', keys.membershipNumber)] : []),
      ]),
    )
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/** Party records (complainant, respondent, representative, companion) carrying one of the keys: candidates, as above. */
export async function findPartiesNamingPerson(db: Executor, keys: PersonKeys): Promise<PartyRow[]> {
  return db
    .selectFrom('case_parties')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(keys.email ? [eb(eb.fn('lower', ['email']), '=', keys.email)] : []),
        ...(keys.name ? [eb(eb.fn('lower', ['name']), '=', keys.name)] : []),
        ...(keys.membershipNumber ? [eb('membership_number', '=', keys.membershipNumber)] : []),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * What an account holds that its owner may see, and nothing else: never the
 * password hash, the second-factor secret or a token's hash.
 */
export type AccountRow = { id: string; email: string; display_name: string; created_at: string; disabled_at: string | null; totp_enabled: number };

/** Staff accounts with the e-mail address or the display name: candidates, as above. */
export async function findAccountsNamingPerson(db: Executor, keys: PersonKeys): Promise<AccountRow[]> {
  if (!keys.email && !keys.name) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'created_at', 'disabled_at', 'totp_enabled'])
    .where((eb) =>
      eb.or([...(keys.email ? [eb(eb.fn('lower', ['email']), '=', keys.email)] : []), ...(keys.name ? [eb(eb.fn('lower', ['display_name']), '=', keys.name)] : [])]),
    )
    .orderBy('created_at')
    .execute();
}

/** An account's roles, its latest sign-in among the sessions still held, and its API tokens by name. */
export async function findAccountDetails(
  db: Executor,
  userId: string,
): Promise<{ roles: string[]; lastSessionStartedAt: string | null; tokens: { name: string; created_at: string; last_used_at: string | null; revoked_at: string | null }[] }> {
  const [roles, session, tokens] = await Promise.all([
    db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute(),
    db.selectFrom('sessions').select((eb) => eb.fn.max('created_at').as('latest')).where('user_id', '=', userId).executeTakeFirst(),
    db.selectFrom('api_tokens').select(['name', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
  ]);
  return { roles: roles.map((row) => row.role), lastSessionStartedAt: (session?.latest as string | null | undefined) ?? null, tokens };
}

export async function findPoolEntry(db: Executor, userId: string): Promise<Selectable<PanelPoolTable> | undefined> {
  return db.selectFrom('panel_pool').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** The cases a member of staff is assigned to, with their references. */
export async function listAssignmentsOfUser(db: Executor, userId: string): Promise<{ case_id: string; reference: string; role: string; assigned_at: string }[]> {
  return db
    .selectFrom('case_assignments')
    .innerJoin('cases', 'cases.id', 'case_assignments.case_id')
    .select(['case_assignments.case_id', 'cases.reference', 'case_assignments.role', 'case_assignments.assigned_at'])
    .where('case_assignments.user_id', '=', userId)
    .orderBy('case_assignments.assigned_at')
    .orderBy('cases.reference')
    .execute();
}

/** The register's entries (sanctions and interim measures) recorded on these cases, each with its case's reference. */
export async function listRegisterEntriesOfCases(
  db: Executor,
  caseIds: readonly string[],
): Promise<{ sanctions: (MembershipSanctionRow & { case_reference: string })[]; interimMeasures: MeasureWithCase[] }> {
  if (caseIds.length === 0) return { sanctions: [], interimMeasures: [] };
  const [sanctions, interimMeasures] = await Promise.all([
    db
      .selectFrom('membership_sanctions')
      .innerJoin('cases', 'cases.id', 'membership_sanctions.case_id')
      .selectAll('membership_sanctions')
      .select('cases.reference as case_reference')
      .where('membership_sanctions.case_id', 'in', caseIds)
      .execute(),
    db
      .selectFrom('interim_measures')
      .innerJoin('cases', 'cases.id', 'interim_measures.case_id')
      .selectAll('interim_measures')
      .select(['cases.reference as case_reference', 'cases.closed_at as case_closed_at'])
      .where('interim_measures.case_id', 'in', caseIds)
      .execute(),
  ]);
  return { sanctions, interimMeasures };
}

export type SubjectAccessExportRow = Selectable<SubjectAccessExportTable>;

export async function insertSubjectAccessExport(db: Executor, row: SubjectAccessExportRow): Promise<void> {
  await db.insertInto('subject_access_exports').values(row).execute();
}

/** Past exports, newest first, with the name of who made each. */
export async function listSubjectAccessExports(db: Executor, limit: number): Promise<(SubjectAccessExportRow & { requested_by_name: string })[]> {
  return db
    .selectFrom('subject_access_exports')
    .innerJoin('users', 'users.id', 'subject_access_exports.requested_by')
    .selectAll('subject_access_exports')
    .select('users.display_name as requested_by_name')
    .orderBy('subject_access_exports.generated_at', 'desc')
    .orderBy('subject_access_exports.id')
    .limit(limit)
    .execute();
}
