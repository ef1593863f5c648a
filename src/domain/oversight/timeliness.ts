import { addCalendarMonths, compareLocalDates, type LocalDate } from '../calendar/local-date.js';
import { workingDaysBetween } from '../calendar/working-days.js';
import { computeClock, type ClockEntry, type ClockPolicy } from '../case/clock.js';
import type { StageDefinition, StageId } from '../case/workflow.js';

/**
 * Timeliness for the overseer: how each stage visit went against its limit,
 * how old the open cases are, and which cases are late now and why. All of
 * it is derived from the cases' clock histories with the same arithmetic the
 * case page uses (computeClock), so an extension or a pause counts here
 * exactly as it counted on the case.
 */
export type ClockHistory = {
  caseId: string;
  reference: string;
  /** The calendar date the case closed, or null while it is open. */
  closedOn: LocalDate | null;
  /** In the order they happened, starting with the first stage being entered. */
  entries: ClockEntry[];
};

/**
 * Stages whose limit is a window the parties have, not a deadline on staff:
 * the case waits it out and is closed the day after it ends, so it is late
 * only when it stays longer than that (the working days allowed past the end).
 */
export const WINDOW_STAGES: Readonly<Record<StageId, number>> = { appeal_window: 1 };

/** A pause, resumption or extension: what a late case's clock was last told, and why. */
export type ClockNote = Exclude<ClockEntry, { kind: 'stage_entered' }>;

export type StageVisit = {
  caseId: string;
  reference: string;
  stage: StageId;
  enteredOn: LocalDate;
  /** Null while the case is still in the stage. */
  leftOn: LocalDate | null;
  /** The due date as it stood when the stage was left (or stands today), with extensions and pauses. */
  dueOn: LocalDate;
  late: boolean;
  /** Working days past the due date: when the stage was left, or today while it is still open. */
  workingDaysLate: number;
  /** Working days on the clock (pauses excluded) from entering to leaving; null while open. */
  workingDaysTaken: number | null;
  pausedSince: LocalDate | null;
  /** The last pause, resumption or extension during the visit. */
  latestNote: ClockNote | null;
};

/**
 * Every visit of a case to a stage with a limit. A visit ends when the next
 * stage is entered; its due date is computed from the history up to then, so
 * it is the due date as it stood on the day the case moved on.
 */
export function stageVisits(history: ClockHistory, policy: ClockPolicy, today: LocalDate): StageVisit[] {
  const starts = history.entries.flatMap((entry, index) => (entry.kind === 'stage_entered' ? [index] : []));
  const visits: StageVisit[] = [];
  starts.forEach((start, position) => {
    const next = starts[position + 1];
    const entries = history.entries.slice(0, next ?? history.entries.length);
    const entered = history.entries[start] as Extract<ClockEntry, { kind: 'stage_entered' }>;
    const leftOn = next === undefined ? history.closedOn : history.entries[next]!.on;
    const state = computeClock(entries, policy, leftOn ?? today, leftOn);
    if (state.stageDueOn === null) return;
    const asOf = leftOn ?? today;
    const past = workingDaysBetween(state.stageDueOn, asOf, policy.calendar);
    const grace = WINDOW_STAGES[entered.stage];
    const late = grace === undefined ? compareLocalDates(asOf, state.stageDueOn) > 0 : past > grace;
    const notes = entries.slice(start + 1).filter((entry): entry is ClockNote => entry.kind !== 'stage_entered');
    visits.push({
      caseId: history.caseId,
      reference: history.reference,
      stage: entered.stage,
      enteredOn: entered.on,
      leftOn,
      dueOn: state.stageDueOn,
      late,
      workingDaysLate: late ? past : 0,
      workingDaysTaken: leftOn === null ? null : workingDaysBetween(entered.on, leftOn, policy.calendar) - state.stagePausedWorkingDays,
      pausedSince: leftOn === null ? state.pausedSince : null,
      latestNote: notes.at(-1) ?? null,
    });
  });
  return visits;
}

export type StageTimeliness = {
  stage: StageId;
  label: string;
  limitWorkingDays: number;
  /** Visits that have ended. */
  completed: number;
  /** Visits that ended on or before their due date. */
  completedOnTime: number;
  /** Visits still open and already past their due date: they count as late. */
  openLate: number;
  /** completed + openLate: the visits whose timeliness is known. */
  counted: number;
  /** Median working days on the clock of the completed visits; null with none. */
  medianWorkingDays: number | null;
};

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Per stage with a limit, in workflow order: how many visits were completed, and how many within the limit. */
export function summariseStages(visits: readonly StageVisit[], stages: readonly StageDefinition[]): StageTimeliness[] {
  return stages
    .filter((stage): stage is StageDefinition & { limitWorkingDays: number } => stage.limitWorkingDays !== null)
    .map((stage) => {
      const own = visits.filter((visit) => visit.stage === stage.id);
      const completed = own.filter((visit) => visit.leftOn !== null);
      const openLate = own.filter((visit) => visit.leftOn === null && visit.late).length;
      return {
        stage: stage.id,
        label: stage.label,
        limitWorkingDays: stage.limitWorkingDays,
        completed: completed.length,
        completedOnTime: completed.filter((visit) => !visit.late).length,
        openLate,
        counted: completed.length + openLate,
        medianWorkingDays: median(completed.map((visit) => visit.workingDaysTaken!)),
      };
    });
}

export const AGE_BUCKETS = [
  { label: 'Under 1 month', underMonths: 1 },
  { label: '1 to 3 months', underMonths: 3 },
  { label: '3 to 6 months', underMonths: 6 },
  { label: '6 to 12 months', underMonths: 12 },
  { label: 'Over 12 months', underMonths: null },
] as const;

export type OpenCaseAges = {
  buckets: { label: string; count: number }[];
  open: number;
  /** Open cases past the overall target (receipt + N months, moved on by pauses). */
  pastOverallTarget: number;
  overallTargetMonths: number;
};

/** How long the open cases have been open, in calendar months since receipt, and how many are past the overall target. */
export function ageOpenCases(histories: readonly ClockHistory[], policy: ClockPolicy, today: LocalDate): OpenCaseAges {
  const open = histories.filter((history) => history.closedOn === null && history.entries.length > 0);
  const counts: number[] = AGE_BUCKETS.map(() => 0);
  let pastOverallTarget = 0;
  for (const history of open) {
    const receivedOn = history.entries[0]!.on;
    const bucket = AGE_BUCKETS.findIndex((candidate) => candidate.underMonths === null || compareLocalDates(today, addCalendarMonths(receivedOn, candidate.underMonths)) < 0);
    counts[bucket] = counts[bucket]! + 1;
    if (computeClock(history.entries, policy, today).overallBreached) pastOverallTarget += 1;
  }
  return {
    buckets: AGE_BUCKETS.map((bucket, index) => ({ label: bucket.label, count: counts[index]! })),
    open: open.length,
    pastOverallTarget,
    overallTargetMonths: policy.overallTargetMonths,
  };
}

/** The open visits past their due date, the latest first by working days late. */
export function overdueVisits(visits: readonly StageVisit[]): StageVisit[] {
  return visits
    .filter((visit) => visit.leftOn === null && visit.late)
    .sort((a, b) => b.workingDaysLate - a.workingDaysLate || (a.reference < b.reference ? -1 : 1));
}
