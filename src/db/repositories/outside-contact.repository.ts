import { sql, type Selectable } from 'kysely';
import type { OutsideContactTable } from '../database.js';
import type { DatabaseKind } from '../connection.js';
import type { Executor } from './executor.js';

export type OutsideContactRow = Selectable<OutsideContactTable>;

/**
 * The register's next number, taken inside the caller's transaction. On
 * PostgreSQL a transaction-scoped advisory lock makes two entries for
 * different cases take numbers one after the other; SQLite serialises
 * writers already.
 */
export async function nextContactNumber(db: Executor, kind: DatabaseKind): Promise<number> {
  if (kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext('redress.outside_contacts'))`.execute(db);
  const row = await db.selectFrom('outside_contacts').select((eb) => eb.fn.max('number').as('number')).executeTakeFirst();
  return Number(row?.number ?? 0) + 1;
}

export async function insertOutsideContact(db: Executor, row: OutsideContactRow): Promise<void> {
  await db.insertInto('outside_contacts').values(row).execute();
}

export type RegisterEntryRow = OutsideContactRow & { reference: string; current_stage: string; recorded_by_name: string };

export async function listOutsideContacts(db: Executor): Promise<RegisterEntryRow[]> {
  return db
    .selectFrom('outside_contacts')
    .innerJoin('cases', 'cases.id', 'outside_contacts.case_id')
    .innerJoin('users', 'users.id', 'outside_contacts.recorded_by')
    .selectAll('outside_contacts')
    .select(['cases.reference', 'cases.stage as current_stage', 'users.display_name as recorded_by_name'])
    .orderBy('outside_contacts.number', 'desc')
    .execute();
}

export type RegisterCounts = { contacts: number; reachingDecisionMaker: number; refusedAttempts: number; emergencyAccessUses: number; liveEmergencyAccess: number };

const countOf = (row: { count: string | number | bigint } | undefined) => Number(row?.count ?? 0);

/** The register's headline figures, counted in the database: every entry, not a page of them. */
export async function countRegister(db: Executor, now: string): Promise<RegisterCounts> {
  const [contacts, reaching, refused, grants, live] = await Promise.all([
    db.selectFrom('outside_contacts').select((eb) => eb.fn.countAll().as('count')).executeTakeFirst(),
    db.selectFrom('outside_contacts').select((eb) => eb.fn.countAll().as('count')).where('reached_decision_maker', '=', 'yes').executeTakeFirst(),
    db.selectFrom('case_events').select((eb) => eb.fn.countAll().as('count')).where('type', '=', 'access_refused').executeTakeFirst(),
    db.selectFrom('break_glass_grants').select((eb) => eb.fn.countAll().as('count')).executeTakeFirst(),
    db.selectFrom('break_glass_grants').select((eb) => eb.fn.countAll().as('count')).where('ended_at', 'is', null).where('expires_at', '>', now).executeTakeFirst(),
  ]);
  return { contacts: countOf(contacts), reachingDecisionMaker: countOf(reaching), refusedAttempts: countOf(refused), emergencyAccessUses: countOf(grants), liveEmergencyAccess: countOf(live) };
}

export type RefusedAttemptRow = { id: string; case_id: string; reference: string; occurred_at: string; actor: string; data: string };

/** Every refused attempt to open or change a case, newest first. */
export async function listRefusedAttempts(db: Executor, limit: number): Promise<RefusedAttemptRow[]> {
  return db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .select(['case_events.id', 'case_events.case_id', 'cases.reference', 'case_events.occurred_at', 'case_events.actor', 'case_events.data'])
    .where('case_events.type', '=', 'access_refused')
    .orderBy('case_events.occurred_at', 'desc')
    .limit(limit)
    .execute();
}
