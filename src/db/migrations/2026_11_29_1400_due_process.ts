import type { Kysely } from 'kysely';

/*
 * Due process: the parties and their portal links, the notice and the
 * respondent's answer, the panel pool and the panels drawn from it, hearings,
 * decisions with a finding per allegation, appeals, and the register of
 * sanctions in force. Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('represents_party_id', 'text', (c) => c.references('case_parties.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('membership_number', 'text')
    .addColumn('unit', 'text')
    .addColumn('affiliations', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_parties_case_idx').on('case_parties').column('case_id').execute();

  await db.schema
    .createTable('party_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('party_id', 'text', (c) => c.notNull().references('case_parties.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('party_links_party_idx').on('party_links').column('party_id').execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('case_parties.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('response_due_on', 'text', (c) => c.notNull())
    .addColumn('covering_letter', 'text', (c) => c.notNull())
    .addColumn('identity_withheld', 'integer', (c) => c.notNull())
    .addColumn('identity_withheld_reason', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('general_response', 'text')
    .addColumn('hearing_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('notices_case_idx').on('notices').column('case_id').execute();

  await db.schema
    .createTable('notice_allegations')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('allegation_id', 'text', (c) => c.notNull().references('case_allegations.id'))
    .addColumn('particulars', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addPrimaryKeyConstraint('notice_allegations_pk', ['notice_id', 'allegation_id'])
    .execute();

  await db.schema
    .createTable('evidence_disclosures')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
    .addColumn('disclosed', 'integer', (c) => c.notNull())
    .addColumn('redaction_note', 'text')
    .addColumn('withheld_reason', 'text')
    .addPrimaryKeyConstraint('evidence_disclosures_pk', ['notice_id', 'evidence_id'])
    .execute();

  await db.schema
    .createTable('panel_pool')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('panel_trainings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('panel_trainings_user_idx').on('panel_trainings').column('user_id').execute();

  await db.schema
    .createTable('panel_interests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('declared_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .execute();
  await db.schema.createIndex('panel_interests_user_idx').on('panel_interests').column('user_id').execute();

  await db.schema
    .createTable('panels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('drawn_at', 'text', (c) => c.notNull())
    .addColumn('drawn_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('dissolved_at', 'text')
    .addColumn('dissolved_reason', 'text')
    .execute();
  await db.schema.createIndex('panels_case_idx').on('panels').column('case_id').execute();

  await db.schema
    .createTable('panel_screenings')
    .addColumn('panel_id', 'text', (c) => c.notNull().references('panels.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('eligible', 'integer', (c) => c.notNull())
    .addColumn('independent_barred', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('panel_screenings_pk', ['panel_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('panel_seats')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('panel_id', 'text', (c) => c.notNull().references('panels.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('seat', 'text', (c) => c.notNull())
    .addColumn('pool_role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('seated_at', 'text', (c) => c.notNull())
    .addColumn('recused_at', 'text')
    .addColumn('recusal_reason', 'text')
    .execute();
  await db.schema.createIndex('panel_seats_panel_idx').on('panel_seats').column('panel_id').execute();
  await db.schema.createIndex('panel_seats_user_idx').on('panel_seats').column('user_id').execute();

  await db.schema
    .createTable('hearings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('panel_id', 'text', (c) => c.notNull().references('panels.id'))
    .addColumn('scheduled_on', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('notice_given_on', 'text', (c) => c.notNull())
    .addColumn('originally_scheduled_on', 'text')
    .addColumn('postponement_reason', 'text')
    .addColumn('held_at', 'text')
    .addColumn('attendance', 'text')
    .addColumn('record', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hearings_case_idx').on('hearings').column('case_id').execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('panel_id', 'text', (c) => c.notNull().references('panels.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('sanction_id', 'text', (c) => c.notNull())
    .addColumn('sanction_months', 'integer')
    .addColumn('justification', 'text')
    .addColumn('outside_usual_range', 'integer', (c) => c.notNull())
    .addColumn('precedents', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('decisions_case_idx').on('decisions').column('case_id').execute();

  await db.schema
    .createTable('decision_findings')
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('allegation_id', 'text', (c) => c.notNull().references('case_allegations.id'))
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('clause_id', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('examples', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_findings_pk', ['decision_id', 'allegation_id'])
    .execute();
  await db.schema.createIndex('decision_findings_clause_idx').on('decision_findings').columns(['pack_id', 'clause_id']).execute();

  await db.schema
    .createTable('appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('appellant_party_id', 'text', (c) => c.notNull().references('case_parties.id'))
    .addColumn('lodged_at', 'text', (c) => c.notNull())
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('reasons', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('appeals_case_idx').on('appeals').column('case_id').execute();

  await db.schema
    .createTable('membership_sanctions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('membership_number', 'text')
    .addColumn('sanction_id', 'text', (c) => c.notNull())
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('lifted_at', 'text')
    .addColumn('lift_reason', 'text')
    .execute();
  await db.schema.createIndex('membership_sanctions_number_idx').on('membership_sanctions').column('membership_number').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'membership_sanctions',
    'appeals',
    'decision_findings',
    'decisions',
    'hearings',
    'panel_seats',
    'panel_screenings',
    'panels',
    'panel_interests',
    'panel_trainings',
    'panel_pool',
    'evidence_disclosures',
    'notice_allegations',
    'notices',
    'party_links',
    'case_parties',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
