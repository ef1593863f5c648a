import { sql, SqliteAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/*
 * The core schema. Frozen in time: this file imports nothing from the app.
 * Portable by default; the two places the dialects differ (full-text search
 * and the append-only guard on case_events) are branched here and nowhere
 * else in the migrations.
 */

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

const SEARCHED_COLUMNS = [
  'reference',
  'summary',
  'description',
  'respondent_name',
  'respondent_membership_number',
  'respondent_unit',
  'complainant_name',
  'incident_location',
  'online_platform',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);
  const serialKey = (column: ColumnDefinitionBuilder) =>
    sqlite ? column.primaryKey().autoIncrement() : column.primaryKey().generatedAlwaysAsIdentity();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_last_step', 'integer')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('second_factor_done', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reference_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('receipt_hash', 'text', (c) => c.unique())
    .addColumn('complainant_relation', 'text', (c) => c.notNull())
    .addColumn('complainant_name', 'text')
    .addColumn('complainant_email', 'text')
    .addColumn('complainant_phone', 'text')
    .addColumn('complainant_perception', 'text')
    .addColumn('respondent_name', 'text', (c) => c.notNull())
    .addColumn('respondent_membership_number', 'text')
    .addColumn('respondent_unit', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('incident_date', 'text')
    .addColumn('incident_location', 'text')
    .addColumn('online_platform', 'text')
    .addColumn('online_url', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledgement_due_on', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_entered_at', 'text', (c) => c.notNull())
    .addColumn('stage_due_on', 'text')
    .addColumn('paused_since', 'text')
    .addColumn('overall_due_on', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('closure_reason', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('merged_into', 'text', (c) => c.references('cases.id'))
    .addColumn('risk_level', 'text')
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_stage_due_idx').on('cases').columns(['stage', 'stage_due_on']).execute();
  await db.schema.createIndex('cases_received_idx').on('cases').column('received_at').execute();

  await db.schema
    .createTable('case_allegations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('pack_version', 'text', (c) => c.notNull())
    .addColumn('clause_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_allegations_case_idx').on('case_allegations').column('case_id').execute();
  await db.schema.createIndex('case_allegations_clause_idx').on('case_allegations').columns(['pack_id', 'clause_id']).execute();

  await db.schema
    .createTable('case_assignments')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_assignments_pk', ['case_id', 'role', 'user_id'])
    .execute();
  await db.schema.createIndex('case_assignments_user_idx').on('case_assignments').column('user_id').execute();

  await db.schema
    .createTable('case_clock_entries')
    .addColumn('id', 'integer', serialKey)
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('working_days', 'integer')
    .addColumn('reason', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_clock_entries_case_idx').on('case_clock_entries').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('triage_records')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('within_jurisdiction', 'integer', (c) => c.notNull())
    .addColumn('membership_status', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('interim_action_needed', 'integer', (c) => c.notNull())
    .addColumn('interim_action_reasons', 'text')
    .addColumn('police_referral', 'integer', (c) => c.notNull())
    .addColumn('police_referral_notes', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('case_links')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('other_case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_links_pk', ['case_id', 'other_case_id'])
    .execute();

  await db.schema
    .createTable('case_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_notes_case_idx').on('case_notes').column('case_id').execute();

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('filename', 'text')
    .addColumn('media_type', 'text')
    .addColumn('size_bytes', 'integer')
    .addColumn('url', 'text')
    .addColumn('captured_at', 'text')
    .addColumn('description', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_case_idx').on('evidence').column('case_id').execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_events_case_sequence_unique', ['case_id', 'sequence'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', serialKey)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending_idx').on('outbox').columns(['sent_at', 'next_attempt_at']).execute();

  const searched = SEARCHED_COLUMNS.join(', ');
  if (sqlite) {
    const values = (prefix: string) => SEARCHED_COLUMNS.map((column) => `${prefix}.${column}`).join(', ');
    await sql
      .raw(`CREATE VIRTUAL TABLE case_search USING fts5(${searched}, content='cases', content_rowid='rowid', tokenize='unicode61')`)
      .execute(db);
    await sql.raw(`CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN INSERT INTO case_search(rowid, ${searched}) VALUES (new.rowid, ${values('new')}); END`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER cases_search_update AFTER UPDATE OF ${searched} ON cases BEGIN ` +
          `INSERT INTO case_search(case_search, rowid, ${searched}) VALUES ('delete', old.rowid, ${values('old')}); ` +
          `INSERT INTO case_search(rowid, ${searched}) VALUES (new.rowid, ${values('new')}); END`,
      )
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN INSERT INTO case_search(case_search, rowid, ${searched}) VALUES ('delete', old.rowid, ${values('old')}); END`)
      .execute(db);
    for (const operation of ['UPDATE', 'DELETE']) {
      await sql
        .raw(`CREATE TRIGGER case_events_no_${operation.toLowerCase()} BEFORE ${operation} ON case_events BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END`)
        .execute(db);
    }
  } else {
    // 'simple' (no stemming, no stop words) with punctuation folded to spaces, so a
    // reference such as RDR-2026-000002 or a membership number such as M-1001 is
    // split into the same words SQLite's unicode61 tokenizer makes of it.
    const document = SEARCHED_COLUMNS.map((column) => `translate(coalesce(${column}, ''), '-@/._:', '      ')`).join(` || ' ' || `);
    await sql.raw(`ALTER TABLE cases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', ${document})) STORED`).execute(db);
    await sql.raw('CREATE INDEX cases_search_idx ON cases USING gin (search_vector)').execute(db);
    await sql
      .raw(
        `CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'case_events is append-only'; END $$`,
      )
      .execute(db);
    await sql.raw('CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_append_only()').execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    await sql.raw('DROP TABLE IF EXISTS case_search').execute(db);
  } else {
    await sql.raw('DROP TRIGGER IF EXISTS case_events_append_only ON case_events').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS case_events_append_only()').execute(db);
  }
  for (const table of [
    'outbox',
    'case_events',
    'evidence',
    'case_notes',
    'case_links',
    'triage_records',
    'case_clock_entries',
    'case_assignments',
    'case_allegations',
    'cases',
    'reference_counters',
    'settings',
    'api_tokens',
    'sessions',
    'user_roles',
    'users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
