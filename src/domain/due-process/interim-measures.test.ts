import { describe, expect, it } from 'vitest';
import { isDomainError, type DomainError } from '../errors.js';
import { checkInterimMeasure, chooseNextReview, hasLapsed, interimEndsOn, isReviewOverdue, nextReviewDue, statusOn } from './interim-measures.js';

const POLICY = {
  maxWeeks: 26,
  reviewEveryWorkingDays: 20,
  effects: [
    { id: 'no_candidacy', label: 'May not stand for any office or selection' },
    { id: 'no_voting', label: 'May not vote in internal ballots' },
  ],
};
const REASONS = 'Continuing messages to the complainant since the complaint was made.';
const NO_HOLIDAYS = { isPublicHoliday: () => false };

function refusal(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('interim measures', () => {
  it('accepts effects from the list, in the list’s order and without repeats, and trims the reasons', () => {
    expect(checkInterimMeasure({ effects: ['no_voting', 'no_candidacy', 'no_voting'], reasons: `  ${REASONS} `, weeks: 26 }, POLICY)).toEqual({
      effects: POLICY.effects,
      reasons: REASONS,
      weeks: 26,
    });
  });

  it('names every problem at once: no effect, too long, reasons too short', () => {
    const error = refusal(() => checkInterimMeasure({ effects: [], reasons: 'Risky.', weeks: 27 }, POLICY));
    expect(error.code).toBe('validation_failed');
    expect(error.issues.map((issue) => issue.field)).toEqual(['effects', 'weeks', 'reasons']);
    expect(error.issues[1]!.message).toContain('at most 26 weeks');
  });

  it('refuses an effect not in the list, and a length that is not a whole number of weeks from 1', () => {
    expect(refusal(() => checkInterimMeasure({ effects: ['no_breathing'], reasons: REASONS, weeks: 4 }, POLICY)).issues[0]!.message).toContain('no_breathing');
    for (const weeks of [0, 2.5, Number.NaN]) expect(refusal(() => checkInterimMeasure({ effects: ['no_voting'], reasons: REASONS, weeks }, POLICY)).issues.map((issue) => issue.field)).toEqual(['weeks']);
  });

  it('runs whole weeks from its first day, and lapses the day after its last', () => {
    expect(interimEndsOn('2026-03-02', 1)).toBe('2026-03-08');
    expect(hasLapsed({ ends_on: '2026-03-08' }, '2026-03-08')).toBe(false);
    expect(hasLapsed({ ends_on: '2026-03-08' }, '2026-03-09')).toBe(true);
    expect(statusOn({ status: 'in_force', ends_on: '2026-03-08' }, '2026-03-09')).toBe('lapsed');
    expect(statusOn({ status: 'in_force', ends_on: '2026-03-08' }, '2026-03-03', { caseClosed: true })).toBe('lapsed');
    expect(statusOn({ status: 'lifted', ends_on: '2026-03-08' }, '2026-03-03')).toBe('lifted');
  });

  it('falls due for review after the working days, never after its last day, and is overdue only while in force', () => {
    expect(nextReviewDue({ from: '2026-03-02', endsOn: '2026-08-30', reviewEveryWorkingDays: 20, calendar: NO_HOLIDAYS })).toBe('2026-03-30');
    expect(nextReviewDue({ from: '2026-03-02', endsOn: '2026-03-08', reviewEveryWorkingDays: 20, calendar: NO_HOLIDAYS })).toBe('2026-03-08');
    const measure = { status: 'in_force', review_due_on: '2026-03-30', ends_on: '2026-08-30' };
    expect(isReviewOverdue(measure, '2026-03-30')).toBe(false);
    expect(isReviewOverdue(measure, '2026-03-31')).toBe(true);
    expect(isReviewOverdue({ ...measure, status: 'lifted' }, '2026-03-31')).toBe(false);
    expect(isReviewOverdue({ ...measure, ends_on: '2026-03-30' }, '2026-03-31')).toBe(false);
  });

  it('lets a reviewer bring the next review forward, but not put it off', () => {
    expect(chooseNextReview({ requested: null, today: '2026-03-02', latest: '2026-03-30' })).toBe('2026-03-30');
    expect(chooseNextReview({ requested: ' ', today: '2026-03-02', latest: '2026-03-30' })).toBe('2026-03-30');
    expect(chooseNextReview({ requested: '2026-03-16', today: '2026-03-02', latest: '2026-03-30' })).toBe('2026-03-16');
    for (const requested of ['2026-03-31', '2026-03-02', '16/03/2026']) {
      const error = refusal(() => chooseNextReview({ requested, today: '2026-03-02', latest: '2026-03-30' }));
      expect(error.code).toBe('rule_violated');
      expect(error.issues.map((issue) => issue.field)).toEqual(['nextReviewOn']);
    }
  });
});
