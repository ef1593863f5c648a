import type { Kysely } from 'kysely';

/*
 * Audit sampling and the confidence survey.
 * - audit_counters: the running numbers of samples and findings, taken with
 *   an upsert so two overseers never get the same number.
 * - audit_samples: one draw, with its seed and the population it was drawn
 *   from (JSON array of case ids, sorted), so it can be re-run.
 * - audit_sample_cases: the cases drawn, in draw order.
 * - audit_reviews: one row per sampled case and checklist item, with the
 *   question as it was asked.
 * - audit_findings / audit_finding_answers: what the organisation must
 *   answer, its answers, and the overseer's verdict on each answer.
 * - survey_invitations: the hash of each survey link, the role and quarter
 *   of closure; no case, no person.
 * - survey_responses: the answers, with the role, the quarter of closure and
 *   the quarter of response only: no case, no invitation, no timestamp.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_samples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('population', 'text', (c) => c.notNull())
    .addColumn('closed_from', 'text')
    .addColumn('closed_to', 'text')
    .addColumn('drawn_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('drawn_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_sample_cases')
    .addColumn('sample_id', 'text', (c) => c.notNull().references('audit_samples.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_sample_cases_pk', ['sample_id', 'case_id'])
    .execute();

  await db.schema
    .createTable('audit_reviews')
    .addColumn('sample_id', 'text', (c) => c.notNull().references('audit_samples.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_reviews_pk', ['sample_id', 'case_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('audit_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('sample_id', 'text', (c) => c.notNull().references('audit_samples.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('answer_due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_findings_sample').on('audit_findings').column('sample_id').execute();
  await db.schema.createIndex('audit_findings_status').on('audit_findings').column('status').execute();

  await db.schema
    .createTable('audit_finding_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('finding_id', 'text', (c) => c.notNull().references('audit_findings.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('action_promised', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text')
    .addColumn('verdict_reason', 'text')
    .addColumn('verdict_by', 'text', (c) => c.references('users.id'))
    .addColumn('verdict_at', 'text')
    .execute();
  await db.schema.createIndex('audit_finding_answers_finding').on('audit_finding_answers').column('finding_id').execute();

  await db.schema
    .createTable('survey_invitations')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('closure_quarter', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('closure_quarter', 'text', (c) => c.notNull())
    .addColumn('response_quarter', 'text', (c) => c.notNull())
    .addColumn('fair', 'integer', (c) => c.notNull())
    .addColumn('informed', 'integer', (c) => c.notNull())
    .addColumn('timely', 'integer', (c) => c.notNull())
    .addColumn('confidence', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'survey_responses',
    'survey_invitations',
    'audit_finding_answers',
    'audit_findings',
    'audit_reviews',
    'audit_sample_cases',
    'audit_samples',
    'audit_counters',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
