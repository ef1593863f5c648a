import { sql, type Selectable } from 'kysely';
import type { AuditFindingAnswerTable, AuditFindingTable, AuditReviewTable, AuditSampleTable } from '../database.js';
import type { DatabaseKind } from '../connection.js';
import type { Executor } from './executor.js';

export type AuditSampleRow = Selectable<AuditSampleTable>;
export type AuditReviewRow = Selectable<AuditReviewTable>;
export type AuditFindingRow = Selectable<AuditFindingTable>;
export type AuditFindingAnswerRow = Selectable<AuditFindingAnswerTable>;

/** The next sample or finding number, taken inside the caller's transaction (an upsert, so two overseers never share one). */
export async function nextAuditNumber(db: Executor, counter: 'sample' | 'finding'): Promise<number> {
  const row = await db
    .insertInto('audit_counters')
    .values({ name: counter, last_number: 1 })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ last_number: sql`audit_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/** Every closed case, by id, with the instant it closed: the population a sample is drawn from. */
export async function listClosedCases(db: Executor): Promise<{ id: string; closed_at: string }[]> {
  const rows = await db.selectFrom('cases').select(['id', 'closed_at']).where('closed_at', 'is not', null).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, closed_at: row.closed_at! }));
}

export async function insertSample(db: Executor, sample: AuditSampleRow, caseIds: readonly string[]): Promise<void> {
  await db.insertInto('audit_samples').values(sample).execute();
  if (caseIds.length > 0) await db.insertInto('audit_sample_cases').values(caseIds.map((caseId, position) => ({ sample_id: sample.id, case_id: caseId, position }))).execute();
}

export type SampleSummaryRow = AuditSampleRow & { drawn_by_name: string };

export async function listSamples(db: Executor): Promise<SampleSummaryRow[]> {
  return db
    .selectFrom('audit_samples')
    .innerJoin('users', 'users.id', 'audit_samples.drawn_by')
    .selectAll('audit_samples')
    .select('users.display_name as drawn_by_name')
    .orderBy('audit_samples.number', 'desc')
    .execute();
}

export async function findSample(db: Executor, sampleId: string): Promise<SampleSummaryRow | undefined> {
  return db
    .selectFrom('audit_samples')
    .innerJoin('users', 'users.id', 'audit_samples.drawn_by')
    .selectAll('audit_samples')
    .select('users.display_name as drawn_by_name')
    .where('audit_samples.id', '=', sampleId)
    .executeTakeFirst();
}

export type SampleCaseRow = {
  sample_id: string;
  case_id: string;
  position: number;
  reference: string;
  outcome: string | null;
  closed_at: string | null;
  complainant_name: string | null;
  respondent_name: string;
  respondent_membership_number: string | null;
};

/** The cases of some samples (all when no ids are given), in draw order. */
export async function listSampleCases(db: Executor, sampleIds?: readonly string[]): Promise<SampleCaseRow[]> {
  let query = db
    .selectFrom('audit_sample_cases')
    .innerJoin('cases', 'cases.id', 'audit_sample_cases.case_id')
    .select([
      'audit_sample_cases.sample_id',
      'audit_sample_cases.case_id',
      'audit_sample_cases.position',
      'cases.reference',
      'cases.outcome',
      'cases.closed_at',
      'cases.complainant_name',
      'cases.respondent_name',
      'cases.respondent_membership_number',
    ])
    .orderBy('audit_sample_cases.sample_id')
    .orderBy('audit_sample_cases.position');
  if (sampleIds) {
    if (sampleIds.length === 0) return [];
    query = query.where('audit_sample_cases.sample_id', 'in', sampleIds);
  }
  return (await query.execute()).map((row) => ({ ...row, position: Number(row.position) }));
}

export async function insertReviews(db: Executor, rows: readonly AuditReviewRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('audit_reviews').values([...rows]).execute();
}

export type ReviewWithNameRow = AuditReviewRow & { reviewed_by_name: string };

/** The checklist answers of some samples (all when no ids are given). */
export async function listReviews(db: Executor, sampleIds?: readonly string[]): Promise<ReviewWithNameRow[]> {
  let query = db.selectFrom('audit_reviews').innerJoin('users', 'users.id', 'audit_reviews.reviewed_by').selectAll('audit_reviews').select('users.display_name as reviewed_by_name');
  if (sampleIds) {
    if (sampleIds.length === 0) return [];
    query = query.where('audit_reviews.sample_id', 'in', sampleIds);
  }
  return query.orderBy('audit_reviews.reviewed_at').execute();
}

export async function hasReview(db: Executor, sampleId: string, caseId: string): Promise<boolean> {
  const row = await db.selectFrom('audit_reviews').select('item_id').where('sample_id', '=', sampleId).where('case_id', '=', caseId).executeTakeFirst();
  return row !== undefined;
}

export async function insertFinding(db: Executor, row: AuditFindingRow): Promise<void> {
  await db.insertInto('audit_findings').values(row).execute();
}

export async function updateFinding(db: Executor, id: string, patch: Partial<Pick<AuditFindingRow, 'status' | 'answer_due_on'>>): Promise<void> {
  await db.updateTable('audit_findings').set(patch).where('id', '=', id).execute();
}

export type FindingListRow = AuditFindingRow & { sample_number: number; reference: string | null; raised_by_name: string };

/** Findings, newest first: of one sample, in some statuses, or one by id. */
export async function listFindings(db: Executor, filter: { sampleId?: string; statuses?: readonly string[]; findingId?: string } = {}): Promise<FindingListRow[]> {
  let query = db
    .selectFrom('audit_findings')
    .innerJoin('audit_samples', 'audit_samples.id', 'audit_findings.sample_id')
    .innerJoin('users', 'users.id', 'audit_findings.raised_by')
    .leftJoin('cases', 'cases.id', 'audit_findings.case_id')
    .selectAll('audit_findings')
    .select(['audit_samples.number as sample_number', 'cases.reference', 'users.display_name as raised_by_name'])
    .orderBy('audit_findings.number', 'desc');
  if (filter.sampleId) query = query.where('audit_findings.sample_id', '=', filter.sampleId);
  if (filter.findingId) query = query.where('audit_findings.id', '=', filter.findingId);
  if (filter.statuses) {
    if (filter.statuses.length === 0) return [];
    query = query.where('audit_findings.status', 'in', filter.statuses);
  }
  return (await query.execute()).map((row) => ({ ...row, number: Number(row.number), sample_number: Number(row.sample_number) }));
}

/** Takes the finding's row lock on PostgreSQL (SQLite serialises writers), so two answers or verdicts are applied one after the other. */
export async function lockFinding(db: Executor, kind: DatabaseKind, id: string): Promise<AuditFindingRow | undefined> {
  const query = db.selectFrom('audit_findings').selectAll().where('id', '=', id);
  return (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function insertFindingAnswer(db: Executor, row: AuditFindingAnswerRow): Promise<void> {
  await db.insertInto('audit_finding_answers').values(row).execute();
}

export async function setAnswerVerdict(db: Executor, answerId: string, verdict: Pick<AuditFindingAnswerRow, 'verdict' | 'verdict_reason' | 'verdict_by' | 'verdict_at'>): Promise<void> {
  await db.updateTable('audit_finding_answers').set(verdict).where('id', '=', answerId).execute();
}

export type AnswerWithNamesRow = AuditFindingAnswerRow & { answered_by_name: string; verdict_by_name: string | null };

/** The answers to some findings, oldest first. */
export async function listFindingAnswers(db: Executor, findingIds: readonly string[]): Promise<AnswerWithNamesRow[]> {
  if (findingIds.length === 0) return [];
  return db
    .selectFrom('audit_finding_answers')
    .innerJoin('users as answerer', 'answerer.id', 'audit_finding_answers.answered_by')
    .leftJoin('users as judge', 'judge.id', 'audit_finding_answers.verdict_by')
    .selectAll('audit_finding_answers')
    .select(['answerer.display_name as answered_by_name', 'judge.display_name as verdict_by_name'])
    .where('audit_finding_answers.finding_id', 'in', findingIds)
    .orderBy('audit_finding_answers.answered_at')
    .execute();
}
