import type { Kysely } from 'kysely';

/*
 * Independence and oversight.
 * - break_glass_grants: emergency access to one case by someone not assigned
 *   to it, with its written reason and its expiry; ended early by the holder.
 * - outside_contacts: the interference register. A contact about a case from
 *   outside the process, recorded by whoever received it, or declared by the
 *   person who made it. The stage is the case's stage when it was recorded.
 * - overseer_ledger_states: the ledger size and root an overseer saved, so
 *   the desk can prove the log they see now extends the one they saw then.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('break_glass_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('break_glass_grants_case_user').on('break_glass_grants').columns(['case_id', 'user_id']).execute();

  await db.schema
    .createTable('outside_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_office', 'text', (c) => c.notNull())
    .addColumn('contacted_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('contacted_name', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('reached_decision_maker', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outside_contacts_case').on('outside_contacts').column('case_id').execute();

  await db.schema
    .createTable('overseer_ledger_states')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('tree_size', 'integer', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['overseer_ledger_states', 'outside_contacts', 'break_glass_grants']) await db.schema.dropTable(table).ifExists().execute();
}
