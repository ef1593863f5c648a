import type { Selectable, UpdateResult } from 'kysely';
import type { RetentionRunTable } from '../database.js';
import type { Executor } from './executor.js';

export type RetentionRunRow = Selectable<RetentionRunTable>;

/** A closed case not yet erased, with the sanction of the decision in force on it (if any). */
export type KeptClosedCase = { id: string; reference: string; closed_at: string; outcome: string | null; sanction_id: string | null; decided_at: string | null };

/**
 * Closed cases whose personal data is still kept, oldest closure first. A
 * case with more than one decision in force (which the process never leaves)
 * appears once per decision; the caller takes the latest.
 */
export async function listKeptClosedCases(db: Executor): Promise<KeptClosedCase[]> {
  const rows = await db
    .selectFrom('cases')
    .leftJoin('decisions', (join) => join.onRef('decisions.case_id', '=', 'cases.id').on('decisions.status', '=', 'in_force'))
    .select(['cases.id', 'cases.reference', 'cases.closed_at', 'cases.outcome', 'decisions.sanction_id', 'decisions.decided_at'])
    .where('cases.closed_at', 'is not', null)
    .where('cases.erased_at', 'is', null)
    .orderBy('cases.closed_at')
    .orderBy('cases.id')
    .execute();
  return rows.map((row) => ({ ...row, closed_at: row.closed_at! }));
}

/** The distinct evidence files a case holds. */
export async function listEvidenceFilesOfCase(db: Executor, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('evidence').select('sha256').distinct().where('case_id', '=', caseId).where('sha256', 'is not', null).execute();
  return rows.map((row) => row.sha256!);
}

/** Whether a case other than this one, whose data is still kept, holds the same file. */
export async function isFileKeptByAnotherCase(db: Executor, sha256: string, caseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('evidence')
    .innerJoin('cases', 'cases.id', 'evidence.case_id')
    .select('evidence.id')
    .where('evidence.sha256', '=', sha256)
    .where('evidence.case_id', '!=', caseId)
    .where('cases.erased_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

const updated = (results: UpdateResult[]) => results.reduce((sum, result) => sum + Number(result.numUpdatedRows), 0);

export type BlankedCounts = { notes: number; messages: number; evidence: number };

/**
 * Blanks the personal data a case holds outside its events: the people, the
 * complaint's words, notes, messages, notices and answers, the reasons given,
 * evidence names, and the register entries that name the respondent. Kept:
 * what statistics need (stage, dates, outcome, clauses cited, sanction ids,
 * findings). `marker` replaces text that cannot be empty.
 */
export async function blankPersonalData(db: Executor, options: { caseId: string; marker: string; at: string }): Promise<BlankedCounts> {
  const { caseId, marker, at } = options;
  const noticeIds = db.selectFrom('notices').select('id').where('case_id', '=', caseId);
  const decisionIds = db.selectFrom('decisions').select('id').where('case_id', '=', caseId);
  const measureIds = db.selectFrom('interim_measures').select('id').where('case_id', '=', caseId);
  await db
    .updateTable('cases')
    .set({
      complainant_name: null,
      complainant_email: null,
      complainant_phone: null,
      complainant_perception: null,
      respondent_name: marker,
      respondent_membership_number: null,
      summary: marker,
      description: marker,
      incident_location: null,
      online_url: null,
      special_categories: null,
      erased_at: at,
      updated_at: at,
    })
    .where('id', '=', caseId)
    .execute();
  const notes = await db.updateTable('case_notes').set({ text: marker }).where('case_id', '=', caseId).execute();
  const messages = await db.updateTable('case_messages').set({ body: marker }).where('case_id', '=', caseId).execute();
  const evidence = await db
    .updateTable('evidence')
    .set({ sha256: null, filename: marker, description: null })
    .where('case_id', '=', caseId)
    .where('kind', '=', 'file')
    .execute();
  const links = await db.updateTable('evidence').set({ url: marker, description: null }).where('case_id', '=', caseId).where('kind', '!=', 'file').execute();
  await db.updateTable('triage_records').set({ interim_action_reasons: null, police_referral_notes: null, notes: null }).where('case_id', '=', caseId).execute();
  await db.updateTable('case_clock_entries').set({ reason: null }).where('case_id', '=', caseId).execute();
  await db.updateTable('case_parties').set({ name: marker, email: null, membership_number: null, affiliations: '[]' }).where('case_id', '=', caseId).execute();
  await db.updateTable('party_links').set({ revoked_at: at }).where('case_id', '=', caseId).where('revoked_at', 'is', null).execute();
  await db.updateTable('notices').set({ covering_letter: marker, general_response: null, identity_withheld_reason: null }).where('case_id', '=', caseId).execute();
  await db.updateTable('notice_allegations').set({ particulars: marker, response: null }).where('notice_id', 'in', noticeIds).execute();
  await db.updateTable('evidence_disclosures').set({ redaction_note: null, withheld_reason: null }).where('notice_id', 'in', noticeIds).execute();
  await db.updateTable('hearings').set({ attendance: null, record: null, postponement_reason: null }).where('case_id', '=', caseId).execute();
  await db.updateTable('decisions').set({ reasons: marker, justification: null }).where('case_id', '=', caseId).execute();
  await db.updateTable('decision_findings').set({ reasons: marker }).where('decision_id', 'in', decisionIds).execute();
  await db.updateTable('appeals').set({ statement: marker, reasons: null }).where('case_id', '=', caseId).execute();
  await db.updateTable('membership_sanctions').set({ person_name: marker, membership_number: null, lift_reason: null }).where('case_id', '=', caseId).execute();
  await db.updateTable('interim_measures').set({ person_name: marker, membership_number: null, reasons: marker, end_reason: null }).where('case_id', '=', caseId).execute();
  await db.updateTable('interim_measure_reviews').set({ reasons: marker }).where('measure_id', 'in', measureIds).execute();
  // The interference register keeps who made contact, with whom, when and how (oversight needs the pattern); what was said may name the parties.
  await db.updateTable('outside_contacts').set({ content: marker }).where('case_id', '=', caseId).execute();
  await db.updateTable('break_glass_grants').set({ reason: marker }).where('case_id', '=', caseId).execute();
  await db.updateTable('audit_reviews').set({ note: null }).where('case_id', '=', caseId).execute();
  // A published (or withdrawn) summary was anonymised and approved for the public; drafts never published are blanked.
  await db.updateTable('decision_summaries').set({ facts: marker, reasons: marker, return_reason: null }).where('case_id', '=', caseId).where('status', 'in', ['draft', 'returned']).execute();
  return { notes: updated(notes), messages: updated(messages), evidence: updated([...evidence, ...links]) };
}

export async function insertRetentionRun(db: Executor, row: RetentionRunRow): Promise<void> {
  await db.insertInto('retention_runs').values(row).execute();
}

/** The most recent runs first. */
export async function listRetentionRuns(db: Executor, limit: number): Promise<RetentionRunRow[]> {
  return db.selectFrom('retention_runs').selectAll().orderBy('ran_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
