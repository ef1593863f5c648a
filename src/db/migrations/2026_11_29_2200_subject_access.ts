import type { Kysely } from 'kysely';

/*
 * Subject access exports: one row for each export the data protection officer
 * made of a person's records, so past exports can be listed and a copy that
 * was sent can be matched to its fingerprint. The export itself is not kept
 * (it would be one more copy of the personal data); the SHA-256 of its JSON is.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subject_access_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** JSON: the e-mail address, membership number and name searched for. */
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('generated_at', 'text', (c) => c.notNull())
    /** json or pdf: the file handed over. */
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('case_count', 'integer', (c) => c.notNull())
    /** SHA-256 of the export's canonical JSON (the PDF is rendered from it). */
    .addColumn('sha256', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subject_access_exports_generated_at').on('subject_access_exports').column('generated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subject_access_exports').ifExists().execute();
}
