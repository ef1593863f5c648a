import { sql, type Kysely } from 'kysely';

/*
 * Interim measures: an administrative suspension decided while a case is
 * open, with its effects, reasons, review date and maximum length, and the
 * record of each review. Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('interim_measures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('membership_number', 'text')
    // JSON array of { id, label }: the effects as worded when imposed.
    .addColumn('effects', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('imposed_at', 'text', (c) => c.notNull())
    .addColumn('imposed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('review_due_on', 'text', (c) => c.notNull())
    // The last day the measure may be in force: its maximum length.
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema.createIndex('interim_measures_case_idx').on('interim_measures').column('case_id').execute();
  await db.schema.createIndex('interim_measures_number_idx').on('interim_measures').column('membership_number').execute();
  await db.schema.createIndex('interim_measures_status_idx').on('interim_measures').columns(['status', 'review_due_on']).execute();
  // At most one measure in force per case, whatever the code above it does.
  await db.schema
    .createIndex('interim_measures_one_in_force')
    .on('interim_measures')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), '=', 'in_force')
    .execute();

  await db.schema
    .createTable('interim_measure_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('measure_id', 'text', (c) => c.notNull().references('interim_measures.id'))
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('next_review_due_on', 'text')
    .execute();
  await db.schema.createIndex('interim_measure_reviews_measure_idx').on('interim_measure_reviews').column('measure_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('interim_measure_reviews').ifExists().execute();
  await db.schema.dropTable('interim_measures').ifExists().execute();
}
