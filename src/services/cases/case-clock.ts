import { toLocalDate, type LocalDate } from '../../domain/calendar/local-date.js';
import { computeClock, type ClockEntry, type ClockPolicy, type ClockState } from '../../domain/case/clock.js';
import { findStage } from '../../domain/case/workflow.js';
import { appendClockEntry, listClockEntries, type ClockEntryRow } from '../../db/repositories/case-clock.repository.js';
import { updateCase } from '../../db/repositories/case.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';

export function clockPolicy(ctx: Pick<ServiceContext, 'calendar' | 'workflow' | 'config'>): ClockPolicy {
  return {
    calendar: ctx.calendar,
    stageLimit: (stage) => findStage(ctx.workflow, stage).limitWorkingDays,
    overallTargetMonths: ctx.config.organisation.timetable.overallTargetMonths,
  };
}

export function today(ctx: Pick<ServiceContext, 'clock' | 'config'>): LocalDate {
  return toLocalDate(ctx.clock.now(), ctx.config.organisation.organisation.timeZone);
}

export function localDateOf(ctx: Pick<ServiceContext, 'config'>, iso: string): LocalDate {
  return toLocalDate(new Date(iso), ctx.config.organisation.organisation.timeZone);
}

export function clockEntryRow(entry: ClockEntry, recordedAt: string): ClockEntryRow {
  return {
    kind: entry.kind,
    stage: entry.kind === 'stage_entered' ? entry.stage : null,
    on_date: entry.on,
    working_days: entry.kind === 'extended' ? entry.workingDays : null,
    reason: entry.kind === 'stage_entered' ? null : entry.reason,
    recorded_at: recordedAt,
  };
}

export function toClockEntry(row: { kind: string; stage: string | null; on_date: string; working_days: number | null; reason: string | null }): ClockEntry {
  switch (row.kind) {
    case 'stage_entered':
      return { kind: 'stage_entered', on: row.on_date, stage: row.stage ?? '' };
    case 'extended':
      return { kind: 'extended', on: row.on_date, workingDays: Number(row.working_days ?? 0), reason: row.reason ?? '' };
    case 'paused':
    case 'resumed':
      return { kind: row.kind, on: row.on_date, reason: row.reason ?? '' };
    default:
      throw new Error(`unknown clock entry kind ${row.kind}`);
  }
}

export async function loadClockEntries(db: Executor, caseId: string): Promise<ClockEntry[]> {
  return (await listClockEntries(db, caseId)).map(toClockEntry);
}

export function clockOf(ctx: ServiceContext, caseRow: CaseRow, entries: ClockEntry[]): ClockState {
  return computeClock(entries, clockPolicy(ctx), today(ctx), caseRow.closed_at ? localDateOf(ctx, caseRow.closed_at) : null);
}

/**
 * Appends a clock entry and stores the recomputed timetable on the case row,
 * where the lists and the overdue filter read it.
 */
export async function appendClockAndRefresh(trx: Executor, ctx: ServiceContext, caseRow: CaseRow, entry: ClockEntry): Promise<ClockState> {
  await appendClockEntry(trx, caseRow.id, clockEntryRow(entry, ctx.clock.now().toISOString()));
  const state = clockOf(ctx, caseRow, await loadClockEntries(trx, caseRow.id));
  await updateCase(trx, caseRow.id, {
    stage_due_on: state.stageDueOn,
    paused_since: state.pausedSince,
    overall_due_on: state.overallDueOn,
    updated_at: ctx.clock.now().toISOString(),
  });
  return state;
}
