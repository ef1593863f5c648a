import { addCalendarDays, compareLocalDates, isLocalDate, type LocalDate } from '../calendar/local-date.js';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../errors.js';

/**
 * Interim measures: an administrative suspension of some of a respondent's
 * rights (standing for office, voting…) while their case is open. It is a
 * decision of its own, with reasons, a review date and a maximum length; it
 * ends when lifted on review, or lapses at its maximum or when the case
 * closes. Dates are passed in: nothing here reads a clock.
 */
export type InterimEffect = { id: string; label: string };

export type InterimPolicy = { maxWeeks: number; reviewEveryWorkingDays: number; effects: readonly InterimEffect[] };

export const INTERIM_STATUSES = ['in_force', 'lifted', 'lapsed'] as const;
export type InterimStatus = (typeof INTERIM_STATUSES)[number];

export const REVIEW_OUTCOMES = { continued: 'Continue the measure', lifted: 'Lift the measure' } as const;
export type ReviewOutcome = keyof typeof REVIEW_OUTCOMES;

export const MIN_INTERIM_REASONS = 30;

export type InterimMeasureInput = { effects: readonly string[]; reasons: string; weeks: number };

export type CheckedInterimMeasure = { effects: InterimEffect[]; reasons: string; weeks: number };

/** Checks a measure against the organisation's policy; every problem is named at once. */
export function checkInterimMeasure(input: InterimMeasureInput, policy: InterimPolicy): CheckedInterimMeasure {
  const reasons = input.reasons.trim();
  const chosen = new Set(input.effects);
  const issues: FieldIssue[] = [];
  const unknown = [...chosen].filter((id) => !policy.effects.some((effect) => effect.id === id));
  if (chosen.size === 0) issues.push({ field: 'effects', message: 'Choose at least one effect of the measure.' });
  else if (unknown.length > 0) issues.push({ field: 'effects', message: `Choose effects from the list (${policy.effects.map((effect) => effect.id).join(', ')}); not ${unknown.join(', ')}.` });
  if (!Number.isInteger(input.weeks) || input.weeks < 1 || input.weeks > policy.maxWeeks) {
    issues.push({ field: 'weeks', message: `An interim measure lasts at most ${policy.maxWeeks} weeks: give a whole number of weeks from 1 to ${policy.maxWeeks}.` });
  }
  if (reasons.length < MIN_INTERIM_REASONS) issues.push({ field: 'reasons', message: `Give the reasons for the measure in at least ${MIN_INTERIM_REASONS} characters.` });
  assertNoIssues(issues, 'The interim measure needs correcting.');
  return { effects: policy.effects.filter((effect) => chosen.has(effect.id)).map((effect) => ({ id: effect.id, label: effect.label })), reasons, weeks: input.weeks };
}

/** The last day a measure of this many weeks may be in force: it starts on `startsOn` and lapses the day after this. */
export function interimEndsOn(startsOn: LocalDate, weeks: number): LocalDate {
  return addCalendarDays(startsOn, weeks * 7 - 1);
}

/**
 * When the next review falls due: the configured working days after `from`,
 * but never after the measure's last day, since after that it lapses of itself.
 */
export function nextReviewDue(options: { from: LocalDate; endsOn: LocalDate; reviewEveryWorkingDays: number; calendar: WorkingCalendar }): LocalDate {
  const due = addWorkingDays(options.from, options.reviewEveryWorkingDays, options.calendar);
  return compareLocalDates(due, options.endsOn) > 0 ? options.endsOn : due;
}

/**
 * The next review date a reviewer continuing the measure may set: any day
 * after today up to the latest the policy allows; blank takes the latest.
 */
export function chooseNextReview(options: { requested: string | null; today: LocalDate; latest: LocalDate }): LocalDate {
  const requested = options.requested?.trim() || null;
  if (requested === null) return options.latest;
  if (!isLocalDate(requested) || compareLocalDates(requested, options.today) <= 0 || compareLocalDates(requested, options.latest) > 0) {
    throw new DomainError('rule_violated', `A measure that continues is reviewed again by ${options.latest} at the latest.`, [
      { field: 'nextReviewOn', message: `Give a date (YYYY-MM-DD) after ${options.today} and no later than ${options.latest}, or leave it blank for ${options.latest}.` },
    ]);
  }
  return requested;
}

export type InterimDates = { status: string; review_due_on: LocalDate; ends_on: LocalDate };

/** True once the measure has run its maximum length: today is after its last day. */
export function hasLapsed(measure: Pick<InterimDates, 'ends_on'>, today: LocalDate): boolean {
  return compareLocalDates(today, measure.ends_on) > 0;
}

/**
 * The status as it stands today: a measure recorded in force but past its
 * last day, or on a case that has closed, has lapsed, whether or not the
 * server's sweep has marked it yet.
 */
export function statusOn(measure: Pick<InterimDates, 'status' | 'ends_on'>, today: LocalDate, options: { caseClosed?: boolean } = {}): InterimStatus {
  if (measure.status === 'in_force' && (options.caseClosed || hasLapsed(measure, today))) return 'lapsed';
  return measure.status as InterimStatus;
}

/** A measure in force whose review date has passed without a review. */
export function isReviewOverdue(measure: InterimDates, today: LocalDate, options: { caseClosed?: boolean } = {}): boolean {
  return statusOn(measure, today, options) === 'in_force' && compareLocalDates(today, measure.review_due_on) > 0;
}
