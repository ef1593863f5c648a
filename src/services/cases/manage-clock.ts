import { extendDeadline, pauseClock, resumeClock } from '../../domain/case/clock.js';
import { findStage } from '../../domain/case/workflow.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { appendClockAndRefresh, clockOf, loadClockEntries, today } from './case-clock.js';
import { changeCase } from './change-case.js';
import { notifyComplainant } from './notify-complainant.js';

type ClockOptions = { ctx: ServiceContext; staff: Staff; caseId: string; reason: string };

export async function pauseCaseClock(options: ClockOptions): Promise<void> {
  const { ctx } = options;
  return changeCase({
    ...options,
    permission: 'cases.manage_clock',
    what: 'pause case clocks',
    change: async (change) => {
      const { trx, caseRow } = change;
      const state = clockOf(ctx, caseRow, await loadClockEntries(trx, caseRow.id));
      const entry = pauseClock(state, { on: today(ctx), reason: options.reason, terminal: findStage(ctx.workflow, caseRow.stage).terminal });
      await appendClockAndRefresh(trx, ctx, caseRow, entry);
      change.record({ type: 'clock_paused', stage: caseRow.stage, reason: options.reason.trim() });
    },
  });
}

export async function resumeCaseClock(options: ClockOptions): Promise<void> {
  const { ctx } = options;
  return changeCase({
    ...options,
    permission: 'cases.manage_clock',
    what: 'resume case clocks',
    change: async (change) => {
      const { trx, caseRow } = change;
      const before = clockOf(ctx, caseRow, await loadClockEntries(trx, caseRow.id));
      const entry = resumeClock(before, { on: today(ctx), reason: options.reason });
      const after = await appendClockAndRefresh(trx, ctx, caseRow, entry);
      change.record({ type: 'clock_resumed', stage: caseRow.stage, reason: options.reason.trim(), dueOnBefore: caseRow.stage_due_on, dueOnAfter: after.stageDueOn });
    },
  });
}

/** Extends the current stage's limit; the reason is told to the complainant. */
export async function extendCaseDeadline(options: ClockOptions & { workingDays: number }): Promise<void> {
  const { ctx } = options;
  return changeCase({
    ...options,
    permission: 'cases.manage_clock',
    what: 'extend deadlines',
    change: async (change) => {
      const { trx, caseRow } = change;
      const stage = findStage(ctx.workflow, caseRow.stage);
      const before = clockOf(ctx, caseRow, await loadClockEntries(trx, caseRow.id));
      const entry = extendDeadline(before, { on: today(ctx), workingDays: options.workingDays, reason: options.reason, terminal: stage.terminal });
      const after = await appendClockAndRefresh(trx, ctx, caseRow, entry);
      change.record({
        type: 'deadline_extended',
        stage: caseRow.stage,
        workingDays: options.workingDays,
        reason: options.reason.trim(),
        dueOnBefore: before.stageDueOn,
        dueOnAfter: after.stageDueOn,
      });
      const update = { kind: 'extension' as const, stageLabel: stage.label, workingDays: options.workingDays, reason: options.reason.trim(), dueOn: after.stageDueOn };
      if (await notifyComplainant(trx, ctx, caseRow, update)) change.queuedMail();
    },
  });
}
