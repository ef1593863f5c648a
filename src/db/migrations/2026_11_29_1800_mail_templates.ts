import type { Kysely } from 'kysely';

/*
 * The organisation's own wording of its e-mails. A template with no row is
 * sent in the words written in the code; a row overrides its subject and
 * body. Every save and every reset is kept in mail_template_changes, so what
 * parties were told, and from when, can be shown later.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema
    .createTable('mail_template_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('mail_template_changes_template_idx').on('mail_template_changes').columns(['template_id', 'changed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_template_changes').ifExists().execute();
  await db.schema.dropTable('mail_templates').ifExists().execute();
}
