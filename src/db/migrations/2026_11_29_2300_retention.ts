import type { Kysely } from 'kysely';

/*
 * Data protection: special-category flags and the retention schedule.
 * - cases.special_categories: a JSON array of the UK GDPR art. 9 categories
 *   (and art. 10 criminal-offence data) the case holds; null when none.
 * - cases.erased_at: when the case's personal data was erased under the
 *   retention schedule; null while it is kept.
 * - retention_runs: every run of the schedule started by a person (dry runs
 *   included), and every scheduled run that erased something, so the data
 *   protection officer can see the history.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('special_categories', 'text').execute();
  await db.schema.alterTable('cases').addColumn('erased_at', 'text').execute();
  await db.schema.createIndex('cases_closed_not_erased').on('cases').columns(['erased_at', 'closed_at']).execute();

  await db.schema
    .createTable('retention_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ran_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('cases_erased', 'integer', (c) => c.notNull())
    .addColumn('payloads_erased', 'integer', (c) => c.notNull())
    .addColumn('files_removed', 'integer', (c) => c.notNull())
    .addColumn('case_references', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('retention_runs_ran_at').on('retention_runs').column('ran_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retention_runs').ifExists().execute();
  await db.schema.dropIndex('cases_closed_not_erased').ifExists().execute();
  await db.schema.alterTable('cases').dropColumn('erased_at').execute();
  await db.schema.alterTable('cases').dropColumn('special_categories').execute();
}
