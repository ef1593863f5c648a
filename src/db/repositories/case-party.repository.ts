import type { Selectable } from 'kysely';
import type { CasePartyTable, PartyLinkTable } from '../database.js';
import type { Executor } from './executor.js';

export type PartyRow = Selectable<CasePartyTable>;
export type PartyLinkRow = Selectable<PartyLinkTable>;

export async function insertParty(db: Executor, row: PartyRow): Promise<void> {
  await db.insertInto('case_parties').values(row).execute();
}

export async function listParties(db: Executor, caseId: string): Promise<PartyRow[]> {
  return db.selectFrom('case_parties').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function findParty(db: Executor, partyId: string): Promise<PartyRow | undefined> {
  return db.selectFrom('case_parties').selectAll().where('id', '=', partyId).executeTakeFirst();
}

export async function insertPartyLink(db: Executor, row: PartyLinkRow): Promise<void> {
  await db.insertInto('party_links').values(row).execute();
}

/** The live link with this token hash, with its party; expired and revoked links are not found. */
export async function findLivePartyLink(db: Executor, tokenHash: string, now: string): Promise<{ link: PartyLinkRow; party: PartyRow } | undefined> {
  const link = await db
    .selectFrom('party_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!link) return undefined;
  const party = await findParty(db, link.party_id);
  return party ? { link, party } : undefined;
}

export async function revokePartyLinks(db: Executor, partyId: string, at: string): Promise<void> {
  await db.updateTable('party_links').set({ revoked_at: at }).where('party_id', '=', partyId).where('revoked_at', 'is', null).execute();
}

/** Whether the party holds a link that still opens the portal. */
export async function hasLivePartyLink(db: Executor, partyId: string, now: string): Promise<boolean> {
  const link = await db.selectFrom('party_links').select('token_hash').where('party_id', '=', partyId).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return link !== undefined;
}
