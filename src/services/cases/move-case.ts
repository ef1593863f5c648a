import { authoriseTransition, findStage, type CaseFacts } from '../../domain/case/workflow.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { listCaseNotes } from '../../db/repositories/case-note.repository.js';
import { findTriageRecord } from '../../db/repositories/triage-record.repository.js';
import { updateCase } from '../../db/repositories/case.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { appendClockAndRefresh, today } from './case-clock.js';
import type { CaseChange } from './change-case.js';
import { notifyComplainant } from './notify-complainant.js';
import { gatherDueProcessFacts } from '../due-process/due-process-facts.js';

/** What the workflow's guards need, read from the case's records. */
export async function gatherCaseFacts(ctx: ServiceContext, db: Executor, caseRow: CaseRow): Promise<CaseFacts> {
  const [triage, assignments, reports, dueProcess] = await Promise.all([
    findTriageRecord(db, caseRow.id),
    listAssignments(db, caseRow.id),
    listCaseNotes(db, caseRow.id, 'investigation_report'),
    gatherDueProcessFacts(ctx, db, caseRow),
  ]);
  return {
    stage: caseRow.stage,
    clockPaused: caseRow.paused_since !== null,
    triageRecorded: triage !== undefined,
    withinJurisdiction: triage ? triage.within_jurisdiction === 1 : null,
    assignedRoles: new Set(assignments.map((assignment) => assignment.role)),
    investigationReportRecorded: reports.length > 0,
    ...dueProcess,
  };
}

export type Closure = { outcome: string; reason: string | null; explanation: string };

/**
 * Moves a case along one workflow transition inside a running change: checks
 * the guards, starts the next stage's clock, closes the case when the stage is
 * terminal, and tells the complainant.
 */
export async function moveCase(ctx: ServiceContext, change: CaseChange, action: string, closure?: Closure, options: { tellComplainant?: boolean } = {}): Promise<void> {
  const { trx, caseRow } = change;
  const transition = authoriseTransition(ctx.workflow, action, await gatherCaseFacts(ctx, trx, caseRow));
  const target = findStage(ctx.workflow, transition.to);
  const now = ctx.clock.now().toISOString();
  await updateCase(trx, caseRow.id, {
    stage: target.id,
    stage_entered_at: now,
    paused_since: null,
    ...(target.terminal && closure ? { closed_at: now, outcome: closure.outcome, closure_reason: closure.reason } : {}),
  });
  const moved = { ...caseRow, stage: target.id, closed_at: target.terminal ? now : caseRow.closed_at };
  const clock = await appendClockAndRefresh(trx, ctx, moved, { kind: 'stage_entered', on: today(ctx), stage: target.id });
  change.record({ type: 'stage_changed', action, from: caseRow.stage, to: target.id, dueOn: clock.stageDueOn });
  if (target.terminal && closure) change.record({ type: 'case_closed', ...closure });
  // A move that sends its own letter (a decision, an appeal outcome) says so, so the complainant is not written to twice.
  if (options.tellComplainant === false) return;
  if (await notifyComplainant(trx, ctx, moved, { kind: 'stage', stage: target, dueOn: clock.stageDueOn, closure })) change.queuedMail();
}
