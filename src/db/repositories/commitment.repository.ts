import type { Insertable, Selectable } from 'kysely';
import type {
  CommitmentActionTable,
  CommitmentDocumentTable,
  CommitmentEventTable,
  CommitmentEvidenceTable,
  CommitmentTable,
  DemandTable,
  MeetingAttendeeTable,
  MeetingTable,
  StakeholderTable,
} from '../database.js';
import type { Executor } from './executor.js';

export type StakeholderRow = Selectable<StakeholderTable>;
export type MeetingRow = Selectable<MeetingTable>;
export type MeetingAttendeeRow = Selectable<MeetingAttendeeTable>;
export type DemandRow = Selectable<DemandTable>;
export type CommitmentRow = Selectable<CommitmentTable>;
export type CommitmentActionRow = Selectable<CommitmentActionTable>;
export type CommitmentEvidenceRow = Selectable<CommitmentEvidenceTable>;
export type CommitmentDocumentRow = Selectable<CommitmentDocumentTable>;
export type CommitmentEventRow = Selectable<CommitmentEventTable>;

const normaliseEvent = (row: CommitmentEventRow): CommitmentEventRow => ({ ...row, sequence: Number(row.sequence) });

/** The next number in the tracker's event sequence (callers hold the ledger lock, which serialises writers). */
export async function nextCommitmentEventSequence(db: Executor): Promise<number> {
  const row = await db.selectFrom('commitment_events').select((eb) => eb.fn.max('sequence').as('last')).executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 1 : Number(row.last) + 1;
}

export async function insertCommitmentEvents(db: Executor, rows: Insertable<CommitmentEventTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('commitment_events').values(rows).execute();
}

/** Commitment events by id, for the ledger's verifier. */
export async function findCommitmentEvents(db: Executor, ids: string[]): Promise<Map<string, CommitmentEventRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('commitment_events').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, normaliseEvent(row)]));
}

/** Commitment events the log has not recorded: only possible if one was inserted behind its back. */
export async function listCommitmentEventsMissingFromLedger(db: Executor, limit: number): Promise<CommitmentEventRow[]> {
  const rows = await db
    .selectFrom('commitment_events')
    .leftJoin('ledger_entries', 'ledger_entries.event_id', 'commitment_events.id')
    .selectAll('commitment_events')
    .where('ledger_entries.sequence', 'is', null)
    .orderBy('commitment_events.sequence')
    .limit(limit)
    .execute();
  return rows.map(normaliseEvent);
}

/** Events in sequence order: of one commitment (with its demand's responses), of one demand, or the latest of all. */
export async function listCommitmentEvents(db: Executor, filter: { commitmentId?: string; demandId?: string; latest?: number }): Promise<CommitmentEventRow[]> {
  let query = db.selectFrom('commitment_events').selectAll();
  if (filter.commitmentId && filter.demandId) {
    const { commitmentId, demandId } = filter;
    query = query.where((eb) => eb.or([eb('commitment_id', '=', commitmentId), eb.and([eb('demand_id', '=', demandId), eb('commitment_id', 'is', null)])]));
  } else if (filter.commitmentId) query = query.where('commitment_id', '=', filter.commitmentId);
  else if (filter.demandId) query = query.where('demand_id', '=', filter.demandId);
  if (filter.latest !== undefined) return (await query.orderBy('sequence', 'desc').limit(filter.latest).execute()).map(normaliseEvent);
  return (await query.orderBy('sequence').execute()).map(normaliseEvent);
}

export async function insertStakeholder(db: Executor, row: StakeholderRow): Promise<void> {
  await db.insertInto('stakeholders').values(row).execute();
}

export async function listStakeholders(db: Executor): Promise<StakeholderRow[]> {
  return db.selectFrom('stakeholders').selectAll().orderBy('name').execute();
}

export async function findStakeholders(db: Executor, ids: string[]): Promise<StakeholderRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('stakeholders').selectAll().where('id', 'in', ids).execute();
}

export async function insertMeeting(db: Executor, row: MeetingRow, attendees: MeetingAttendeeRow[]): Promise<void> {
  await db.insertInto('meetings').values(row).execute();
  if (attendees.length > 0) await db.insertInto('meeting_attendees').values(attendees).execute();
}

export async function findMeeting(db: Executor, id: string): Promise<MeetingRow | undefined> {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listMeetings(db: Executor): Promise<MeetingRow[]> {
  return db.selectFrom('meetings').selectAll().orderBy('held_on', 'desc').orderBy('recorded_at', 'desc').execute();
}

export async function listMeetingAttendees(db: Executor): Promise<MeetingAttendeeRow[]> {
  return db.selectFrom('meeting_attendees').selectAll().orderBy('meeting_id').orderBy('position').execute();
}

export async function insertDemand(db: Executor, row: DemandRow): Promise<void> {
  await db.insertInto('demands').values(row).execute();
}

export async function findDemand(db: Executor, id: string): Promise<DemandRow | undefined> {
  return db.selectFrom('demands').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDemands(db: Executor): Promise<DemandRow[]> {
  return db.selectFrom('demands').selectAll().orderBy('recorded_at').orderBy('id').execute();
}

export async function saveDemandResponse(db: Executor, id: string, response: { stance: string; statement: string | null; responded_at: string }): Promise<void> {
  await db.updateTable('demands').set(response).where('id', '=', id).execute();
}

export async function insertCommitment(db: Executor, row: CommitmentRow): Promise<void> {
  await db.insertInto('commitments').values(row).execute();
}

export async function findCommitment(db: Executor, id: string): Promise<CommitmentRow | undefined> {
  return db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCommitments(db: Executor): Promise<CommitmentRow[]> {
  return db.selectFrom('commitments').selectAll().orderBy('made_at').orderBy('id').execute();
}

export async function saveCommitmentStatus(db: Executor, id: string, status: { status: string; status_reason: string; status_at: string }): Promise<void> {
  await db.updateTable('commitments').set(status).where('id', '=', id).execute();
}

export async function saveCommitmentRating(db: Executor, id: string, rating: { rating: string; rating_reasons: string; rated_by: string; rated_at: string }): Promise<void> {
  await db.updateTable('commitments').set(rating).where('id', '=', id).execute();
}

export async function insertActions(db: Executor, rows: CommitmentActionRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('commitment_actions').values(rows).execute();
}

export async function findAction(db: Executor, id: string): Promise<CommitmentActionRow | undefined> {
  return db.selectFrom('commitment_actions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listActions(db: Executor): Promise<CommitmentActionRow[]> {
  return db.selectFrom('commitment_actions').selectAll().orderBy('due_on').orderBy('added_at').orderBy('id').execute();
}

export async function saveActionDelivered(db: Executor, id: string, delivery: { delivered_on: string; delivery_note: string }): Promise<void> {
  await db
    .updateTable('commitment_actions')
    .set({ status: 'delivered', ...delivery })
    .where('id', '=', id)
    .execute();
}

export async function insertEvidence(db: Executor, rows: CommitmentEvidenceRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('commitment_evidence').values(rows).execute();
}

export async function listEvidence(db: Executor): Promise<CommitmentEvidenceRow[]> {
  return db.selectFrom('commitment_evidence').selectAll().orderBy('added_at').orderBy('id').execute();
}

const normaliseDocument = (row: CommitmentDocumentRow): CommitmentDocumentRow => ({ ...row, position: Number(row.position), size_bytes: Number(row.size_bytes) });

export async function insertDocuments(db: Executor, rows: CommitmentDocumentRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('commitment_documents').values(rows).execute();
}

export async function listDocuments(db: Executor): Promise<CommitmentDocumentRow[]> {
  return (await db.selectFrom('commitment_documents').selectAll().orderBy('added_at').orderBy('action_id').orderBy('position').execute()).map(normaliseDocument);
}

export async function findDocument(db: Executor, id: string): Promise<CommitmentDocumentRow | undefined> {
  const row = await db.selectFrom('commitment_documents').selectAll().where('id', '=', id).executeTakeFirst();
  return row && normaliseDocument(row);
}

/** Whether a stored file is published as a delivery document (so erasing a case that holds the same bytes must keep it). */
export async function isPublishedDocumentFile(db: Executor, sha256: string): Promise<boolean> {
  return (await db.selectFrom('commitment_documents').select('id').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
}

