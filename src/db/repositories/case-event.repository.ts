import type { CaseEventRow } from '../database.js';
import type { Executor } from './executor.js';

export type NewCaseEvent = { id: string; type: string; actor: string; occurredAt: string; data: string };

/**
 * Appends events after the case's last one. Callers hold the case lock (see
 * lockCase), so the sequence cannot be taken twice; the unique constraint on
 * (case_id, sequence) is the backstop.
 */
export async function appendCaseEvents(db: Executor, caseId: string, events: NewCaseEvent[], lastSequence?: number): Promise<void> {
  if (events.length === 0) return;
  // The caller may know the last sequence already (0 for a case it has just created).
  const start = lastSequence ?? (await lastSequenceOf(db, caseId));
  await db
    .insertInto('case_events')
    .values(events.map((event, index) => ({ id: event.id, case_id: caseId, sequence: start + index + 1, type: event.type, actor: event.actor, occurred_at: event.occurredAt, data: event.data })))
    .execute();
}

export async function lastSequenceOf(db: Executor, caseId: string): Promise<number> {
  const row = await db.selectFrom('case_events').select((eb) => eb.fn.max('sequence').as('sequence')).where('case_id', '=', caseId).executeTakeFirst();
  return Number(row?.sequence ?? 0);
}

export async function listCaseEvents(db: Executor, caseId: string): Promise<CaseEventRow[]> {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('sequence').execute();
}

export async function findCaseEvent(db: Executor, eventId: string): Promise<CaseEventRow | undefined> {
  return db.selectFrom('case_events').selectAll().where('id', '=', eventId).executeTakeFirst();
}

/** Replaces a payload with its erasure marker: the one change the database allows to an event. */
export async function replacePayloadWithErasure(db: Executor, eventId: string, marker: string): Promise<void> {
  await db.updateTable('case_events').set({ data: marker }).where('id', '=', eventId).execute();
}

/** Events by id, for checking a page of the ledger against them in one query. */
export async function findCaseEvents(db: Executor, ids: string[]): Promise<Map<string, CaseEventRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('case_events').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row]));
}
