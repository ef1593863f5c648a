import { sql, SqliteAdapter, type Kysely } from 'kysely';

/*
 * Case events stay append-only with one exception: a payload may be erased
 * under a retention rule, which replaces `data` with a marker naming the rule
 * and the event that recorded the erasure, and changes nothing else. The
 * ledger's leaf keeps the payload's hash, so the log still verifies and a
 * verifier can tell an erasure from an alteration. Frozen in time.
 */
const SQLITE_ERASURE = `new.id = old.id AND new.case_id = old.case_id AND new.sequence = old.sequence AND new.type = old.type
  AND new.actor = old.actor AND new.occurred_at = old.occurred_at
  AND json_extract(old.data, '$.erasedUnderRule') IS NULL
  AND json_extract(new.data, '$.erasedUnderRule') IS NOT NULL AND json_extract(new.data, '$.erasure') IS NOT NULL`;

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql.raw('DROP TRIGGER case_events_no_update').execute(db);
    await sql.raw(`CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events WHEN NOT (${SQLITE_ERASURE}) BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END`).execute(db);
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION case_events_erasure_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'UPDATE' AND new.id = old.id AND new.case_id = old.case_id AND new.sequence = old.sequence AND new.type = old.type
           AND new.actor = old.actor AND new.occurred_at = old.occurred_at
           AND NOT (old.data::jsonb ? 'erasedUnderRule') AND (new.data::jsonb ? 'erasedUnderRule') AND (new.data::jsonb ? 'erasure') THEN
          RETURN new;
        END IF;
        RAISE EXCEPTION 'case_events is append-only';
      END $$`,
    )
    .execute(db);
  await sql.raw('DROP TRIGGER case_events_append_only ON case_events').execute(db);
  await sql.raw('CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_erasure_only()').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql.raw('DROP TRIGGER case_events_no_update').execute(db);
    await sql.raw(`CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END`).execute(db);
    return;
  }
  await sql.raw('DROP TRIGGER case_events_append_only ON case_events').execute(db);
  await sql.raw('CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_append_only()').execute(db);
  await sql.raw('DROP FUNCTION case_events_erasure_only()').execute(db);
}
