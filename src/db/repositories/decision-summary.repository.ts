import { sql, type Selectable, type Updateable } from 'kysely';
import type { DecisionSummaryTable } from '../database.js';
import type { Executor } from './executor.js';

export type DecisionSummaryRow = Selectable<DecisionSummaryTable>;
export type DecisionSummaryWithDrafter = DecisionSummaryRow & { drafter_name: string };

/** The next public number in a year, taken with an upsert so two approvals never share one. */
export async function nextPublicationNumber(db: Executor, year: number): Promise<number> {
  const row = await db
    .insertInto('publication_counters')
    .values({ year, last_number: 1 })
    .onConflict((conflict) => conflict.column('year').doUpdateSet({ last_number: sql`publication_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function insertDecisionSummary(db: Executor, row: DecisionSummaryRow): Promise<void> {
  await db.insertInto('decision_summaries').values(row).execute();
}

export async function updateDecisionSummary(db: Executor, id: string, values: Updateable<DecisionSummaryTable>): Promise<void> {
  await db.updateTable('decision_summaries').set(values).where('id', '=', id).execute();
}

export async function findSummaryOfCase(db: Executor, caseId: string): Promise<DecisionSummaryRow | undefined> {
  return db.selectFrom('decision_summaries').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function findDecisionSummary(db: Executor, id: string): Promise<DecisionSummaryWithDrafter | undefined> {
  return db
    .selectFrom('decision_summaries')
    .innerJoin('users', 'users.id', 'decision_summaries.drafted_by')
    .selectAll('decision_summaries')
    .select('users.display_name as drafter_name')
    .where('decision_summaries.id', '=', id)
    .executeTakeFirst();
}

/** Summaries in the given states, oldest draft first: what the editor's desk lists (never anything of the case itself). */
export async function listSummariesWithStatus(db: Executor, statuses: readonly string[]): Promise<DecisionSummaryWithDrafter[]> {
  return db
    .selectFrom('decision_summaries')
    .innerJoin('users', 'users.id', 'decision_summaries.drafted_by')
    .selectAll('decision_summaries')
    .select('users.display_name as drafter_name')
    .where('decision_summaries.status', 'in', statuses)
    .orderBy('decision_summaries.drafted_at')
    .orderBy('decision_summaries.id')
    .execute();
}

export async function replaceSummaryClauses(db: Executor, summaryId: string, clauses: readonly { packId: string; clauseId: string }[]): Promise<void> {
  await db.deleteFrom('decision_summary_clauses').where('summary_id', '=', summaryId).execute();
  const unique = [...new Map(clauses.map((clause) => [`${clause.packId}#${clause.clauseId}`, clause])).values()];
  if (unique.length > 0) await db.insertInto('decision_summary_clauses').values(unique.map((clause) => ({ summary_id: summaryId, pack_id: clause.packId, clause_id: clause.clauseId }))).execute();
}

export type PublishedQuery = { clause: { packId: string; clauseId: string } | null; sanctionId: string | null; limit: number; offset: number };

/** Published summaries matching the search, newest first, with the total matching. */
export async function searchPublishedSummaries(db: Executor, query: PublishedQuery): Promise<{ rows: DecisionSummaryRow[]; total: number }> {
  let base = db.selectFrom('decision_summaries').where('status', '=', 'published');
  if (query.sanctionId) base = base.where('sanction_id', '=', query.sanctionId);
  const clause = query.clause;
  if (clause) {
    base = base.where('id', 'in', db.selectFrom('decision_summary_clauses').select('summary_id').where('pack_id', '=', clause.packId).where('clause_id', '=', clause.clauseId));
  }
  const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('published_at', 'desc')
    .orderBy('number_year', 'desc')
    .orderBy('number_sequence', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { rows, total: Number(counted.count) };
}

export async function findPublishedSummary(db: Executor, number: string): Promise<DecisionSummaryRow | undefined> {
  return db.selectFrom('decision_summaries').selectAll().where('number', '=', number).where('status', '=', 'published').executeTakeFirst();
}

/** Every summary ever published (withdrawn ones included, for the feed to mark), newest first. */
export async function listEverPublished(db: Executor, limit: number): Promise<DecisionSummaryRow[]> {
  return db
    .selectFrom('decision_summaries')
    .selectAll()
    .where('status', 'in', ['published', 'withdrawn'])
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('number_year', 'desc')
    .orderBy('number_sequence', 'desc')
    .limit(limit)
    .execute();
}

/** The clauses and sanctions that published summaries carry: the register's search options. */
export async function listPublishedFacets(db: Executor): Promise<{ clauses: { pack_id: string; clause_id: string }[]; sanctionIds: string[] }> {
  const clauses = await db
    .selectFrom('decision_summary_clauses')
    .innerJoin('decision_summaries', 'decision_summaries.id', 'decision_summary_clauses.summary_id')
    .select(['decision_summary_clauses.pack_id', 'decision_summary_clauses.clause_id'])
    .distinct()
    .where('decision_summaries.status', '=', 'published')
    .orderBy('decision_summary_clauses.pack_id')
    .orderBy('decision_summary_clauses.clause_id')
    .execute();
  const sanctions = await db.selectFrom('decision_summaries').select('sanction_id').distinct().where('status', '=', 'published').orderBy('sanction_id').execute();
  return { clauses, sanctionIds: sanctions.map((row) => row.sanction_id) };
}
