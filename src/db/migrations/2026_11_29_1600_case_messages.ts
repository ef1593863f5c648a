import type { Kysely } from 'kysely';

/*
 * Secure messages between case staff and the parties. A message belongs to
 * one party's thread (party_role, and party_id when the party has a record;
 * the anonymous complainant reached by receipt code has none) or to no thread
 * (a note among staff). Visibility decides who reads it: the party, or staff
 * only. The staff author's role on the case is kept as it was when they
 * wrote, because that is how the message was signed to the party.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.references('case_parties.id'))
    .addColumn('party_role', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('author_party_id', 'text', (c) => c.references('case_parties.id'))
    .addColumn('author_role', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('read_by_party_at', 'text')
    .addUniqueConstraint('case_messages_case_sequence_key', ['case_id', 'sequence'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_messages').ifExists().execute();
}
