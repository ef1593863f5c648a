import type { Kysely } from 'kysely';

/*
 * Documents as evidence that a commitment's action was delivered, beside the
 * links in commitment_evidence. The bytes are in the evidence store, named by
 * the SHA-256 of their content (and encrypted there); a row records what the
 * scorecard shows and what the ledger event carries: the title, the name the
 * file was uploaded under, its type as checked from its bytes, its size and
 * its SHA-256. A table of its own rather than nullable columns on
 * commitment_evidence, so a link keeps its required url and a document its
 * required hash. Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commitment_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('commitment_actions.id'))
    // The order they were attached in, within the delivery.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_documents_action').on('commitment_documents').column('action_id').execute();
  // Retention asks whether a file it would remove is still published here.
  await db.schema.createIndex('commitment_documents_sha256').on('commitment_documents').column('sha256').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('commitment_documents').ifExists().execute();
}
