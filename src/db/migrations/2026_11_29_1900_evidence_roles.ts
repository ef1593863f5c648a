import type { Kysely } from 'kysely';

/*
 * What an item of evidence is for, beyond the complaint: a recording of a
 * hearing (hearing_id), or a redacted copy of another item made for
 * disclosure (redacts_evidence_id). Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evidence').addColumn('hearing_id', 'text', (c) => c.references('hearings.id')).execute();
  await db.schema.alterTable('evidence').addColumn('redacts_evidence_id', 'text', (c) => c.references('evidence.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evidence').dropColumn('redacts_evidence_id').execute();
  await db.schema.alterTable('evidence').dropColumn('hearing_id').execute();
}
