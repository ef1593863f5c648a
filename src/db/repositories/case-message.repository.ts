import type { Selectable } from 'kysely';
import type { CaseMessageTable } from '../database.js';
import type { Executor } from './executor.js';

export type CaseMessageRow = Selectable<CaseMessageTable>;

/** A message with the names of its authors, for the staff view. */
export type CaseMessageWithAuthors = CaseMessageRow & { author_user_name: string | null; author_party_name: string | null };

/**
 * Inserts a message as the next in its case. The caller holds the case lock
 * (every message is written inside a case change), so the sequence cannot be
 * taken twice; the unique constraint on (case_id, sequence) is the backstop.
 */
export async function insertCaseMessage(db: Executor, row: Omit<CaseMessageRow, 'sequence'>): Promise<void> {
  const last = await db.selectFrom('case_messages').select((eb) => eb.fn.max('sequence').as('sequence')).where('case_id', '=', row.case_id).executeTakeFirst();
  await db
    .insertInto('case_messages')
    .values({ ...row, sequence: Number(last?.sequence ?? 0) + 1 })
    .execute();
}

/** Every message on a case, oldest first, with who wrote it. */
export async function listCaseMessages(db: Executor, caseId: string): Promise<CaseMessageWithAuthors[]> {
  return db
    .selectFrom('case_messages')
    .leftJoin('users', 'users.id', 'case_messages.author_user_id')
    .leftJoin('case_parties', 'case_parties.id', 'case_messages.author_party_id')
    .selectAll('case_messages')
    .select(['users.display_name as author_user_name', 'case_parties.name as author_party_name'])
    .where('case_messages.case_id', '=', caseId)
    .orderBy('case_messages.sequence')
    .execute();
}

/**
 * The messages a party may read: those in their thread with visibility
 * `party`. A party with a record is found by its id; the anonymous
 * complainant, who has none, by the complainant's role.
 */
export async function listPartyThread(db: Executor, caseId: string, thread: { partyId: string } | { partyRole: 'complainant' }): Promise<CaseMessageRow[]> {
  let query = db.selectFrom('case_messages').selectAll().where('case_id', '=', caseId).where('visibility', '=', 'party');
  query = 'partyId' in thread ? query.where('party_id', '=', thread.partyId) : query.where('party_role', '=', thread.partyRole);
  return query.orderBy('sequence').execute();
}

export async function markMessagesReadByParty(db: Executor, messageIds: readonly string[], at: string): Promise<void> {
  if (messageIds.length === 0) return;
  await db.updateTable('case_messages').set({ read_by_party_at: at }).where('id', 'in', messageIds).where('read_by_party_at', 'is', null).execute();
}
