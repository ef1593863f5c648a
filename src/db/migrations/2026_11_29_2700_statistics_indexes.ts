import type { Kysely } from 'kysely';

/*
 * Indexes for the public statistics, whose queries count rows in a period by
 * the time something happened (aggregates over a range of an index). Most
 * carry the columns the query groups by, so the counts come from the index
 * alone without reading the rows: the report must stay fast at 100,000 cases.
 * Frozen in time: imports nothing from the app.
 */
const INDEXES: { name: string; table: string; columns: string[] }[] = [
  { name: 'cases_received_channel_idx', table: 'cases', columns: ['received_at', 'channel', 'complainant_relation'] },
  { name: 'cases_closed_at_idx', table: 'cases', columns: ['closed_at', 'received_at', 'outcome', 'closure_reason'] },
  { name: 'cases_acknowledged_at_idx', table: 'cases', columns: ['acknowledged_at', 'received_at'] },
  // A case's receipt by its id, for the time to a decision.
  { name: 'cases_id_received_idx', table: 'cases', columns: ['id', 'received_at'] },
  { name: 'case_allegations_case_clause_idx', table: 'case_allegations', columns: ['case_id', 'pack_id', 'clause_id'] },
  { name: 'decisions_kind_decided_idx', table: 'decisions', columns: ['kind', 'decided_at', 'sanction_id'] },
  { name: 'decision_findings_decision_idx', table: 'decision_findings', columns: ['decision_id'] },
  { name: 'appeals_lodged_at_idx', table: 'appeals', columns: ['lodged_at'] },
  { name: 'appeals_decided_at_idx', table: 'appeals', columns: ['decided_at', 'outcome'] },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const index of INDEXES) await db.schema.createIndex(index.name).on(index.table).columns(index.columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [...INDEXES].reverse()) await db.schema.dropIndex(index.name).execute();
}
