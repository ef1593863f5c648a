import type { Kysely } from 'kysely';

/*
 * Published decisions.
 * - decision_summaries: the anonymised summary of one decision, drafted by the
 *   case manager, checked by the publications editor and, once approved,
 *   published under a public number (for example 2026/7) that is not the case
 *   reference. status: draft, returned, published or withdrawn. clauses is a
 *   JSON array of { packId, clauseId, title, finding }; flags_accepted a JSON
 *   array of the editor's "not identifying" marks ({ key, reason, by, at }).
 * - decision_summary_clauses: the clauses of each summary, one row each, so
 *   the public register can be searched by clause on both databases alike.
 * - publication_counters: the running number of publications in each year,
 *   taken with an upsert so two approvals never get the same number.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('decision_summaries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('clauses', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('sanction_id', 'text', (c) => c.notNull())
    .addColumn('sanction_label', 'text', (c) => c.notNull())
    .addColumn('drafted_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('drafted_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('return_reason', 'text')
    .addColumn('flags_accepted', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('number_year', 'integer')
    .addColumn('number_sequence', 'integer')
    .addColumn('published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdraw_reason', 'text')
    .execute();
  await db.schema.createIndex('decision_summaries_case').on('decision_summaries').column('case_id').unique().execute();
  await db.schema.createIndex('decision_summaries_status').on('decision_summaries').columns(['status', 'published_at']).execute();

  await db.schema
    .createTable('decision_summary_clauses')
    .addColumn('summary_id', 'text', (c) => c.notNull().references('decision_summaries.id'))
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('clause_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_summary_clauses_pk', ['summary_id', 'pack_id', 'clause_id'])
    .execute();
  await db.schema.createIndex('decision_summary_clauses_clause').on('decision_summary_clauses').columns(['pack_id', 'clause_id']).execute();

  await db.schema
    .createTable('publication_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('publication_counters').execute();
  await db.schema.dropTable('decision_summary_clauses').execute();
  await db.schema.dropTable('decision_summaries').execute();
}
