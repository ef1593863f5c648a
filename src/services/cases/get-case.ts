import { ACCESS_EVENT_TYPES, OVERSIGHT_EVENT_TYPES, isErasedPayload, type ActorRef, type CaseEvent, type CaseEventData } from '../../domain/case/case-event.js';
import type { ClockState } from '../../domain/case/clock.js';
import { blockingReasons, findStage, transitionsFrom, type StageDefinition } from '../../domain/case/workflow.js';
import type { Clause, CodePack } from '../../domain/code-pack/code-pack.js';
import { DomainError } from '../../domain/errors.js';
import { findCaseById, findCaseByReference, lockCase } from '../../db/repositories/case.repository.js';
import { listAllegations, type AllegationRow } from '../../db/repositories/case-allegation.repository.js';
import { listAssignments, type AssignmentWithUser } from '../../db/repositories/case-assignment.repository.js';
import { lastSequenceOf, listCaseEvents } from '../../db/repositories/case-event.repository.js';
import { listCaseNotes, type CaseNoteRow } from '../../db/repositories/case-note.repository.js';
import { listEvidence } from '../../db/repositories/evidence.repository.js';
import { listLinkedCases } from '../../db/repositories/case-link.repository.js';
import { findTriageRecord } from '../../db/repositories/triage-record.repository.js';
import { listGrants, type BreakGlassGrantWithNames } from '../../db/repositories/break-glass.repository.js';
import { listClockEntries, type ClockEntryRow } from '../../db/repositories/case-clock.repository.js';
import type { CaseRow, EvidenceRow, TriageRecordRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertCanReadCase } from './case-access.js';
import { clockOf, loadClockEntries } from './case-clock.js';
import { recordCaseEvents } from './case-events.js';
import { gatherCaseFacts } from './move-case.js';
import { recordingRefusedAccess } from './refused-access.js';

export type AvailableAction = { action: string; label: string; blockedBy: string[] };

export type CaseDetail = {
  caseRow: CaseRow;
  stage: StageDefinition;
  clock: ClockState;
  clockHistory: ClockEntryRow[];
  actions: AvailableAction[];
  allegations: (AllegationRow & { clause: Clause | undefined; pack: CodePack | undefined })[];
  evidence: EvidenceRow[];
  assignments: AssignmentWithUser[];
  triage: TriageRecordRow | undefined;
  notes: CaseNoteRow[];
  linked: { id: string; reference: string; stage: string; summary: string }[];
  timeline: CaseEvent[];
  accessLog: CaseEvent[];
  /** Live emergency grants on the case: shown on it, so everyone who opens it knows. */
  emergencyAccess: BreakGlassGrantWithNames[];
};

export function toCaseEvent(row: { id: string; case_id: string; sequence: number; type: string; actor: string; occurred_at: string; data: string }): CaseEvent {
  const data = JSON.parse(row.data) as unknown;
  return {
    ...(isErasedPayload(data) ? { erasedUnderRule: data.erasedUnderRule } : (data as Omit<CaseEventData, 'type'>)),
    type: row.type,
    id: row.id,
    caseId: row.case_id,
    sequence: Number(row.sequence),
    occurredAt: new Date(row.occurred_at),
    actor: JSON.parse(row.actor) as ActorRef,
  } as CaseEvent;
}

async function loadDetail(db: Executor, ctx: ServiceContext, caseRow: CaseRow): Promise<CaseDetail> {
  const [clockEntries, clockHistory, allegations, evidence, assignments, triage, notes, linked, events, facts] = await Promise.all([
    loadClockEntries(db, caseRow.id),
    listClockEntries(db, caseRow.id),
    listAllegations(db, caseRow.id),
    listEvidence(db, caseRow.id),
    listAssignments(db, caseRow.id),
    findTriageRecord(db, caseRow.id),
    listCaseNotes(db, caseRow.id),
    listLinkedCases(db, caseRow.id),
    listCaseEvents(db, caseRow.id),
    gatherCaseFacts(ctx, db, caseRow),
  ]);
  const now = ctx.clock.now().toISOString();
  const emergencyAccess = (await listGrants(db, { caseId: caseRow.id })).filter((grant) => grant.ended_at === null && grant.expires_at > now);
  const all = events.map(toCaseEvent);
  return {
    caseRow,
    stage: findStage(ctx.workflow, caseRow.stage),
    clock: clockOf(ctx, caseRow, clockEntries),
    clockHistory,
    actions: transitionsFrom(ctx.workflow, caseRow.stage).map((transition) => ({
      action: transition.action,
      label: transition.label,
      blockedBy: blockingReasons(transition, facts),
    })),
    allegations: allegations.map((allegation) => ({
      ...allegation,
      pack: ctx.packs.find(allegation.pack_id, allegation.pack_version),
      clause: ctx.packs.clause({ packId: allegation.pack_id, packVersion: allegation.pack_version, clauseId: allegation.clause_id }),
    })),
    evidence,
    assignments,
    triage,
    notes,
    linked,
    timeline: all.filter((event) => !ACCESS_EVENT_TYPES.has(event.type) && !OVERSIGHT_EVENT_TYPES.has(event.type)),
    accessLog: all.filter((event) => ACCESS_EVENT_TYPES.has(event.type)),
    emergencyAccess,
  };
}

/**
 * Opens a case for a member of staff. The read itself is recorded as an
 * event, in the same transaction that loads the case, so no one reads case
 * content without leaving a trace.
 */
export async function getCase(options: { ctx: ServiceContext; staff: Staff; caseId?: string; reference?: string }): Promise<CaseDetail> {
  const { ctx, staff } = options;
  return recordingRefusedAccess(ctx, staff, 'open the case', () => ctx.db.transaction().execute(async (trx) => {
    const found = options.caseId ? await findCaseById(trx, options.caseId) : options.reference ? await findCaseByReference(trx, options.reference) : undefined;
    // Recording the read appends an event, so it takes the case lock like any change.
    const caseRow = found && (await lockCase(trx, ctx.dbKind, found.id));
    if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
    await assertCanReadCase(trx, ctx, staff, caseRow);
    const detail = await loadDetail(trx, ctx, caseRow);
    // Recorded last: appending takes the ledger's lock, which is held until commit.
    const actor = staffActor(staff);
    const [viewId] = await recordCaseEvents(trx, ctx, { caseId: caseRow.id, actor, events: [{ type: 'case_viewed' }] });
    const sequence = await lastSequenceOf(trx, caseRow.id);
    detail.accessLog.push({ type: 'case_viewed', id: viewId!, caseId: caseRow.id, sequence, occurredAt: ctx.clock.now(), actor });
    return detail;
  }));
}
