import type { Kysely } from 'kysely';

/*
 * Which reminders have gone out, so the hourly sweep sends each one once:
 * the key names the deadline it is about (for example the notice and its
 * due date), so a moved deadline earns a fresh reminder.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reminders_sent')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reminders_sent').ifExists().execute();
}
