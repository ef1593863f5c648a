import { sql, SqliteAdapter, type Kysely } from 'kysely';

/*
 * The commitments tracker. Frozen in time: imports nothing from the app.
 * - stakeholders: the bodies that raise demands (community organisations).
 * - meetings / meeting_attendees: when they met, who attended, the minutes.
 * - demands: what was asked at a meeting, by whom; the latest response is
 *   kept in columns for reading, every response is an event.
 * - commitments / commitment_actions / commitment_evidence: what the
 *   organisation promised, broken into actions with an owner, a due date and
 *   a deliverable, and the evidence of delivery (links). The organisation's
 *   own status and the overseer's independent rating are separate columns
 *   (current state for reading); every change is an event.
 * - commitment_events: append-only, like case_events; each is also a ledger
 *   leaf (case null, type prefixed "commitment.").
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

  await db.schema
    .createTable('stakeholders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meeting_attendees')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('stakeholder_id', 'text', (c) => c.references('stakeholders.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_attendees_pk', ['meeting_id', 'position'])
    .execute();

  await db.schema
    .createTable('demands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('raised_by', 'text', (c) => c.notNull().references('stakeholders.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('stance', 'text', (c) => c.notNull())
    .addColumn('statement', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('demands_meeting').on('demands').column('meeting_id').execute();

  await db.schema
    .createTable('commitments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('demand_id', 'text', (c) => c.notNull().references('demands.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_at', 'text', (c) => c.notNull())
    .addColumn('rating', 'text', (c) => c.notNull())
    .addColumn('rating_reasons', 'text')
    .addColumn('rated_by', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('measure_kind', 'text')
    .addColumn('measure_parameter', 'integer')
    // A per cent for a share, working days for a median.
    .addColumn('measure_target', 'integer')
    .addColumn('made_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitments_demand').on('commitments').column('demand_id').execute();

  await db.schema
    .createTable('commitment_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commitment_id', 'text', (c) => c.notNull().references('commitments.id'))
    .addColumn('deliverable', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('delivered_on', 'text')
    .addColumn('delivery_note', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_actions_commitment').on('commitment_actions').column('commitment_id').execute();

  await db.schema
    .createTable('commitment_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('commitment_actions.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_evidence_action').on('commitment_evidence').column('action_id').execute();

  await db.schema
    .createTable('commitment_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sequence', 'integer', (c) => c.notNull().unique())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    // The demand and commitment the event belongs to, where it has them, so a history is one indexed read.
    .addColumn('demand_id', 'text')
    .addColumn('commitment_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_events_demand').on('commitment_events').column('demand_id').execute();
  await db.schema.createIndex('commitment_events_commitment').on('commitment_events').column('commitment_id').execute();

  // Written once; the database refuses to change them, as for case_events.
  if (sqlite) {
    for (const operation of ['UPDATE', 'DELETE']) {
      await sql
        .raw(`CREATE TRIGGER commitment_events_no_${operation.toLowerCase()} BEFORE ${operation} ON commitment_events BEGIN SELECT RAISE(ABORT, 'commitment_events is append-only'); END`)
        .execute(db);
    }
  } else {
    await sql.raw(`CREATE FUNCTION commitment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commitment_events is append-only'; END $$`).execute(db);
    await sql.raw('CREATE TRIGGER commitment_events_append_only BEFORE UPDATE OR DELETE ON commitment_events FOR EACH ROW EXECUTE FUNCTION commitment_events_append_only()').execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (!sqlite) {
    await sql.raw('DROP TRIGGER IF EXISTS commitment_events_append_only ON commitment_events').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS commitment_events_append_only()').execute(db);
  }
  for (const table of ['commitment_events', 'commitment_evidence', 'commitment_actions', 'commitments', 'demands', 'meeting_attendees', 'meetings', 'stakeholders']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
