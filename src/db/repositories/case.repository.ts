import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import type { CaseRow, CaseTable, Database, NewCaseRow } from '../database.js';
import type { DatabaseKind } from '../connection.js';
import type { Executor } from './executor.js';

/**
 * Every column of the CaseRow type, named rather than `*`: on PostgreSQL the
 * table also holds the generated full-text document, which no caller needs.
 */
const CASE_COLUMNS = [
  'id', 'reference', 'channel', 'recorded_by', 'anonymous', 'receipt_hash', 'complainant_relation', 'complainant_name', 'complainant_email',
  'complainant_phone', 'complainant_perception', 'respondent_name', 'respondent_membership_number', 'respondent_unit', 'summary', 'description',
  'incident_date', 'incident_location', 'online_platform', 'online_url', 'received_at', 'acknowledged_at', 'acknowledgement_due_on', 'stage',
  'stage_entered_at', 'stage_due_on', 'paused_since', 'overall_due_on', 'outcome', 'closure_reason', 'closed_at', 'merged_into', 'risk_level',
  'urgent', 'updated_at', 'special_categories', 'erased_at',
] as const satisfies readonly (keyof CaseTable)[];

// Fails to compile when a column is added to CaseTable but not to CASE_COLUMNS.
type MissingColumns = Exclude<keyof CaseTable, (typeof CASE_COLUMNS)[number]>;
const allColumnsListed: MissingColumns extends never ? true : MissingColumns = true;
void allColumnsListed;

export async function insertCase(db: Executor, row: NewCaseRow): Promise<void> {
  await db.insertInto('cases').values(row).execute();
}

export async function findCaseById(db: Executor, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').select(CASE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findCasesByIds(db: Executor, ids: readonly string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('cases').select(CASE_COLUMNS).where('id', 'in', ids).execute();
}

export async function findCaseByReference(db: Executor, reference: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').select(CASE_COLUMNS).where('reference', '=', reference).executeTakeFirst();
}

export async function findCaseByReceiptHash(db: Executor, receiptHash: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').select(CASE_COLUMNS).where('receipt_hash', '=', receiptHash).executeTakeFirst();
}

/**
 * Takes the case's row lock for the rest of the transaction, so two changes to
 * one case are applied one after the other. SQLite already serialises every
 * write transaction, so there it only reads the row.
 */
export async function lockCase(db: Executor, kind: DatabaseKind, id: string): Promise<CaseRow | undefined> {
  const query = db.selectFrom('cases').select(CASE_COLUMNS).where('id', '=', id);
  return (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export type CasePatch = Partial<Omit<CaseTable, 'id' | 'reference'>>;

export async function updateCase(db: Executor, id: string, patch: CasePatch): Promise<void> {
  await db.updateTable('cases').set(patch).where('id', '=', id).execute();
}

export async function setCaseReference(db: Executor, id: string, reference: string): Promise<void> {
  await db.updateTable('cases').set({ reference }).where('id', '=', id).execute();
}

/** The next number in the year's reference sequence, taken inside the caller's transaction. */
export async function nextReferenceNumber(db: Executor, year: number): Promise<number> {
  const row = await db
    .insertInto('reference_counters')
    .values({ year, last_number: 1 })
    .onConflict((conflict) => conflict.column('year').doUpdateSet({ last_number: sql`reference_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export type CaseAccessScope =
  | { kind: 'all' }
  | { kind: 'user'; userId: string; includeIntakeQueue: boolean; intakeStages: readonly string[] };

export type CaseListFilter = {
  scope: CaseAccessScope;
  stage?: string | undefined;
  assigneeId?: string | undefined;
  clause?: { packId: string; clauseId: string } | undefined;
  overdueOn?: string | undefined;
  /** Due between today and this date (inclusive): what falls due soon, not what is already late. */
  dueBy?: { from: string; to: string } | undefined;
  open?: boolean | undefined;
  search?: string | undefined;
  limit: number;
  offset: number;
};

/** Letters and digits only: user text never reaches the full-text query syntax. */
export function searchTerms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/**
 * The cases a person may list: those assigned to them, and the intake queue.
 * Written so each database can answer the OR from its indexes (SQLite: `IN`
 * over the subquery; PostgreSQL: `= ANY(ARRAY(…))`, a bitmap OR) instead of
 * testing a correlated EXISTS against every case in the table.
 */
function scopeCondition(eb: ExpressionBuilder<Database, 'cases'>, kind: DatabaseKind, scope: CaseAccessScope): Expression<SqlBool> {
  if (scope.kind === 'all') return eb.lit(true);
  const assignedIds = eb.selectFrom('case_assignments').select('case_assignments.case_id').where('case_assignments.user_id', '=', scope.userId);
  const assigned = kind === 'postgres' ? sql<SqlBool>`cases.id = any(array(${assignedIds}))` : eb('cases.id', 'in', assignedIds);
  if (!scope.includeIntakeQueue) return assigned;
  return eb.or([assigned, eb('cases.stage', 'in', [...scope.intakeStages])]);
}

/**
 * The one place full-text search differs between the databases: FTS5's
 * MATCH on SQLite, a tsvector column on PostgreSQL. Neither stems; both match
 * every term as a prefix, so "harass" and "harassm" find "harassment", and
 * both split references and membership numbers at their punctuation.
 */
function searchCondition(eb: ExpressionBuilder<Database, 'cases'>, kind: DatabaseKind, terms: string[]): Expression<SqlBool> {
  if (kind === 'sqlite') {
    const query = terms.map((term) => `"${term}"*`).join(' ');
    return eb('cases.rowid' as any, 'in', sql`(select rowid from case_search where case_search match ${query})`);
  }
  const query = terms.map((term) => `${term}:*`).join(' & ');
  return sql<SqlBool>`cases.search_vector @@ to_tsquery('simple', ${query})`;
}

function filtered(db: Executor, kind: DatabaseKind, filter: Omit<CaseListFilter, 'limit' | 'offset'>) {
  let query = db.selectFrom('cases').where((eb) => scopeCondition(eb, kind, filter.scope));
  if (filter.stage) query = query.where('cases.stage', '=', filter.stage);
  if (filter.open) query = query.where('cases.closed_at', 'is', null);
  if (filter.assigneeId) {
    const assigneeId = filter.assigneeId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('case_assignments').select('case_id').whereRef('case_assignments.case_id', '=', 'cases.id').where('case_assignments.user_id', '=', assigneeId)),
    );
  }
  if (filter.clause) {
    const clause = filter.clause;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_allegations')
          .select('case_allegations.case_id')
          .whereRef('case_allegations.case_id', '=', 'cases.id')
          .where('case_allegations.pack_id', '=', clause.packId)
          .where('case_allegations.clause_id', '=', clause.clauseId),
      ),
    );
  }
  if (filter.overdueOn) {
    query = query.where('cases.stage_due_on', '<', filter.overdueOn).where('cases.paused_since', 'is', null).where('cases.closed_at', 'is', null);
  }
  if (filter.dueBy) {
    query = query
      .where('cases.stage_due_on', '>=', filter.dueBy.from)
      .where('cases.stage_due_on', '<=', filter.dueBy.to)
      .where('cases.paused_since', 'is', null)
      .where('cases.closed_at', 'is', null);
  }
  const terms = filter.search ? searchTerms(filter.search) : [];
  if (terms.length > 0) query = query.where((eb) => searchCondition(eb, kind, terms));
  return query;
}

export async function listCases(db: Executor, kind: DatabaseKind, filter: CaseListFilter): Promise<CaseRow[]> {
  return filtered(db, kind, filter)
    .select(CASE_COLUMNS.map((column) => `cases.${column}` as const))
    .orderBy('cases.received_at', 'desc')
    .orderBy('cases.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export async function countCases(db: Executor, kind: DatabaseKind, filter: Omit<CaseListFilter, 'limit' | 'offset'>): Promise<number> {
  const row = await filtered(db, kind, filter)
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Cases sitting in a stage whose due date has passed, with the clock running: the appeal windows to close. */
export async function listCaseIdsPastStageDue(db: Executor, options: { stage: string; before: string }): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('stage', '=', options.stage)
    .where('stage_due_on', '<', options.before)
    .where('paused_since', 'is', null)
    .orderBy('stage_due_on')
    .execute();
  return rows.map((row) => row.id);
}
