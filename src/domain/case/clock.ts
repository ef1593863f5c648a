import { DomainError } from '../errors.js';
import { addCalendarMonths, compareLocalDates, type LocalDate } from '../calendar/local-date.js';
import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from '../calendar/working-days.js';
import type { StageId } from './workflow.js';

/**
 * A case's timetable is derived from its clock history, never edited
 * directly: entering a stage starts that stage's limit, a pause stops time
 * (and so moves the deadline on by the working days it lasted), and an
 * extension adds working days for a stated reason.
 */
export type ClockEntry =
  | { kind: 'stage_entered'; on: LocalDate; stage: StageId }
  | { kind: 'paused'; on: LocalDate; reason: string }
  | { kind: 'resumed'; on: LocalDate; reason: string }
  | { kind: 'extended'; on: LocalDate; workingDays: number; reason: string };

export type ClockState = {
  stage: StageId;
  stageEnteredOn: LocalDate;
  /** Null when the stage has no limit. While paused, the date it would fall on if resumed today. */
  stageDueOn: LocalDate | null;
  pausedSince: LocalDate | null;
  /** Working days this stage's clock has been stopped, including a pause still running. */
  stagePausedWorkingDays: number;
  stageExtensionWorkingDays: number;
  overdue: boolean;
  /** Working days past the stage deadline; 0 when not overdue. */
  workingDaysOverdue: number;
  /** The overall target (receipt + N months), moved on by every pause in the case's life. */
  overallDueOn: LocalDate;
  overallBreached: boolean;
};

export type ClockPolicy = {
  calendar: WorkingCalendar;
  stageLimit: (stage: StageId) => number | null;
  overallTargetMonths: number;
};

type PauseSpan = { from: LocalDate; to: LocalDate | null };

function pauseSpans(entries: ClockEntry[]): PauseSpan[] {
  const spans: PauseSpan[] = [];
  for (const entry of entries) {
    if (entry.kind === 'paused') spans.push({ from: entry.on, to: null });
    if (entry.kind === 'resumed') {
      const open = spans.at(-1);
      if (open && open.to === null) open.to = entry.on;
    }
  }
  return spans;
}

function pausedWorkingDays(spans: PauseSpan[], today: LocalDate, calendar: WorkingCalendar): number {
  return spans.reduce((total, span) => total + workingDaysBetween(span.from, span.to ?? today, calendar), 0);
}

/**
 * Computes the clock on `today`. `entries` must be in the order they happened
 * and start with the first stage being entered.
 */
export function computeClock(entries: ClockEntry[], policy: ClockPolicy, today: LocalDate, endedOn: LocalDate | null = null): ClockState {
  const first = entries[0];
  if (!first || first.kind !== 'stage_entered') throw new DomainError('rule_violated', 'A clock history starts with entering a stage.');
  let stageStart = 0;
  entries.forEach((entry, index) => {
    if (entry.kind === 'stage_entered') stageStart = index;
  });
  const stageEntry = entries[stageStart] as Extract<ClockEntry, { kind: 'stage_entered' }>;
  const stageEntries = entries.slice(stageStart);
  const asOf = endedOn ?? today;

  const stageSpans = pauseSpans(stageEntries);
  const openSpan = stageSpans.at(-1);
  const pausedSince = openSpan && openSpan.to === null ? openSpan.from : null;
  const stagePaused = pausedWorkingDays(stageSpans, asOf, policy.calendar);
  const stageExtension = stageEntries.reduce((total, entry) => total + (entry.kind === 'extended' ? entry.workingDays : 0), 0);

  const limit = policy.stageLimit(stageEntry.stage);
  const stageDueOn = limit === null ? null : addWorkingDays(stageEntry.on, limit + stageExtension + stagePaused, policy.calendar);
  const overdue = stageDueOn !== null && pausedSince === null && endedOn === null && compareLocalDates(today, stageDueOn) > 0;

  const allPaused = pausedWorkingDays(pauseSpans(entries), asOf, policy.calendar);
  const overallDueOn = addWorkingDays(addCalendarMonths(first.on, policy.overallTargetMonths), allPaused, policy.calendar);

  return {
    stage: stageEntry.stage,
    stageEnteredOn: stageEntry.on,
    stageDueOn,
    pausedSince,
    stagePausedWorkingDays: stagePaused,
    stageExtensionWorkingDays: stageExtension,
    overdue,
    workingDaysOverdue: overdue && stageDueOn ? workingDaysBetween(stageDueOn, today, policy.calendar) : 0,
    overallDueOn,
    overallBreached: compareLocalDates(asOf, overallDueOn) > 0,
  };
}

export const MAX_EXTENSION_WORKING_DAYS = 60;
const MIN_REASON_LENGTH = 10;

function requireReason(reason: string, what: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new DomainError('validation_failed', `A ${what} needs a reason of at least ${MIN_REASON_LENGTH} characters.`, [
      { field: 'reason', message: `Give the reason for the ${what} (at least ${MIN_REASON_LENGTH} characters).` },
    ]);
  }
}

/** Guards for the clock actions: each returns the entry to append or throws naming the rule. */
export function pauseClock(state: ClockState, options: { on: LocalDate; reason: string; terminal: boolean }): ClockEntry {
  if (options.terminal) throw new DomainError('transition_not_allowed', 'A closed case has no clock to pause.');
  if (state.pausedSince) throw new DomainError('rule_violated', `The clock is already paused (since ${state.pausedSince}).`);
  requireReason(options.reason, 'pause');
  return { kind: 'paused', on: options.on, reason: options.reason.trim() };
}

export function resumeClock(state: ClockState, options: { on: LocalDate; reason: string }): ClockEntry {
  if (!state.pausedSince) throw new DomainError('rule_violated', 'The clock is running; only a paused clock can be resumed.');
  requireReason(options.reason, 'resumption');
  return { kind: 'resumed', on: options.on, reason: options.reason.trim() };
}

export function extendDeadline(state: ClockState, options: { on: LocalDate; workingDays: number; reason: string; terminal: boolean }): ClockEntry {
  if (options.terminal || state.stageDueOn === null) throw new DomainError('transition_not_allowed', 'This stage has no deadline to extend.');
  if (!Number.isInteger(options.workingDays) || options.workingDays < 1 || options.workingDays > MAX_EXTENSION_WORKING_DAYS) {
    throw new DomainError('validation_failed', `An extension is between 1 and ${MAX_EXTENSION_WORKING_DAYS} working days.`, [
      { field: 'workingDays', message: `Enter a whole number of working days from 1 to ${MAX_EXTENSION_WORKING_DAYS}.` },
    ]);
  }
  requireReason(options.reason, 'extension');
  return { kind: 'extended', on: options.on, workingDays: options.workingDays, reason: options.reason.trim() };
}
