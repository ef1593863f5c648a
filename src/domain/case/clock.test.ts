import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../calendar/working-days.js';
import { DomainError } from '../errors.js';
import { computeClock, extendDeadline, MAX_EXTENSION_WORKING_DAYS, pauseClock, resumeClock, type ClockEntry, type ClockPolicy, type ClockState } from './clock.js';

/** Weekends only, plus one made-up holiday on Wednesday 18 March 2026. */
const calendar: WorkingCalendar = { isPublicHoliday: (date) => date === '2026-03-18' };

const LIMITS: Record<string, number | null> = { received: 5, triage: 10, investigation: 40, decision: 10, closed: null };

const policy: ClockPolicy = {
  calendar,
  stageLimit: (stage) => {
    const limit = LIMITS[stage];
    if (limit === undefined) throw new Error(`no such stage ${stage}`);
    return limit;
  },
  overallTargetMonths: 4,
};

const entered = (on: string, stage = 'received'): ClockEntry => ({ kind: 'stage_entered', on, stage });
const paused = (on: string): ClockEntry => ({ kind: 'paused', on, reason: 'Waiting for the complainant to reply.' });
const resumed = (on: string): ClockEntry => ({ kind: 'resumed', on, reason: 'The complainant replied with details.' });
const extended = (on: string, workingDays: number): ClockEntry => ({ kind: 'extended', on, workingDays, reason: 'The respondent is on leave for two weeks.' });

const REASON = 'A reason long enough';

function expectDomainError(action: () => unknown, code: DomainError['code']): DomainError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return error as DomainError;
  }
  throw new Error(`expected a DomainError "${code}", but nothing was thrown`);
}

// Monday 2 March 2026 is the receipt date throughout.
describe('computeClock', () => {
  it('gives the stage its limit in working days from the day it was entered', () => {
    const state = computeClock([entered('2026-03-02')], policy, '2026-03-02');
    expect(state).toMatchObject({
      stage: 'received',
      stageEnteredOn: '2026-03-02',
      stageDueOn: '2026-03-09',
      pausedSince: null,
      stagePausedWorkingDays: 0,
      stageExtensionWorkingDays: 0,
      overdue: false,
      workingDaysOverdue: 0,
    });
  });

  it('times the current stage, the last one entered', () => {
    const state = computeClock([entered('2026-03-02'), entered('2026-03-04', 'triage')], policy, '2026-03-04');
    expect(state.stage).toBe('triage');
    expect(state.stageEnteredOn).toBe('2026-03-04');
    // 10 working days from Wednesday 4 March, skipping the holiday on 18 March.
    expect(state.stageDueOn).toBe('2026-03-19');
  });

  it('has no due date in a stage without a limit', () => {
    const state = computeClock([entered('2026-03-02'), entered('2026-03-04', 'closed')], policy, '2026-05-01', '2026-03-04');
    expect(state.stageDueOn).toBeNull();
    expect(state.overdue).toBe(false);
  });

  it('moves the deadline on by the working days a finished pause lasted', () => {
    // Paused Tuesday 3, resumed Thursday 5 March: Wednesday and Thursday are the paused working days.
    const state = computeClock([entered('2026-03-02'), paused('2026-03-03'), resumed('2026-03-05')], policy, '2026-03-05');
    expect(state.stagePausedWorkingDays).toBe(2);
    expect(state.pausedSince).toBeNull();
    expect(state.stageDueOn).toBe('2026-03-11');
  });

  it('does not count a weekend inside a pause', () => {
    // Paused Friday 6, resumed Monday 9 March: one working day.
    const state = computeClock([entered('2026-03-02'), paused('2026-03-06'), resumed('2026-03-09')], policy, '2026-03-09');
    expect(state.stagePausedWorkingDays).toBe(1);
    expect(state.stageDueOn).toBe('2026-03-10');
  });

  it('adds up several pauses', () => {
    const entries = [entered('2026-03-02'), paused('2026-03-03'), resumed('2026-03-04'), paused('2026-03-05'), resumed('2026-03-09')];
    const state = computeClock(entries, policy, '2026-03-09');
    expect(state.stagePausedWorkingDays).toBe(1 + 2);
    expect(state.stageDueOn).toBe('2026-03-12');
  });

  it('shows an open pause as pausedSince, and moves the deadline on day by day while it lasts', () => {
    const entries = [entered('2026-03-02'), paused('2026-03-03')];
    const on = (today: string) => computeClock(entries, policy, today);
    expect(on('2026-03-03')).toMatchObject({ pausedSince: '2026-03-03', stagePausedWorkingDays: 0, stageDueOn: '2026-03-09' });
    expect(on('2026-03-04')).toMatchObject({ pausedSince: '2026-03-03', stagePausedWorkingDays: 1, stageDueOn: '2026-03-10' });
    expect(on('2026-03-06')).toMatchObject({ pausedSince: '2026-03-03', stagePausedWorkingDays: 3, stageDueOn: '2026-03-12' });
    // Saturday and Sunday add nothing.
    expect(on('2026-03-08')).toMatchObject({ stagePausedWorkingDays: 3, stageDueOn: '2026-03-12' });
    expect(on('2026-03-09')).toMatchObject({ stagePausedWorkingDays: 4, stageDueOn: '2026-03-13' });
  });

  it('adds the working days of every extension to the stage limit', () => {
    const state = computeClock([entered('2026-03-02'), extended('2026-03-05', 5), extended('2026-03-06', 3)], policy, '2026-03-06');
    expect(state.stageExtensionWorkingDays).toBe(8);
    // 5 + 8 = 13 working days from Monday 2 March, skipping the holiday on Wednesday 18 March.
    expect(state.stageDueOn).toBe('2026-03-20');
  });

  it('forgets the previous stage’s extensions and pauses when a new stage is entered', () => {
    const entries = [entered('2026-03-02'), extended('2026-03-03', 5), paused('2026-03-03'), resumed('2026-03-05'), entered('2026-03-05', 'triage')];
    const state = computeClock(entries, policy, '2026-03-05');
    expect(state.stageExtensionWorkingDays).toBe(0);
    expect(state.stagePausedWorkingDays).toBe(0);
    expect(state.stageDueOn).toBe('2026-03-20');
  });

  it('is not overdue on the due date itself, and is overdue the day after', () => {
    const entries = [entered('2026-03-02')];
    expect(computeClock(entries, policy, '2026-03-09')).toMatchObject({ overdue: false, workingDaysOverdue: 0 });
    expect(computeClock(entries, policy, '2026-03-10')).toMatchObject({ overdue: true, workingDaysOverdue: 1 });
    // Saturday 14 March: Tuesday to Friday have passed.
    expect(computeClock(entries, policy, '2026-03-14')).toMatchObject({ overdue: true, workingDaysOverdue: 4 });
  });

  it('is never overdue while paused, however late it is', () => {
    const state = computeClock([entered('2026-03-02'), paused('2026-03-09')], policy, '2026-06-01');
    expect(state.pausedSince).toBe('2026-03-09');
    expect(state.overdue).toBe(false);
    expect(state.workingDaysOverdue).toBe(0);
  });

  it('is never overdue once the case has ended', () => {
    const state = computeClock([entered('2026-03-02')], policy, '2026-06-01', '2026-03-05');
    expect(state.overdue).toBe(false);
  });

  it('counts a pause still open when the case ended only up to the end date', () => {
    const state = computeClock([entered('2026-03-02'), paused('2026-03-03')], policy, '2026-06-01', '2026-03-05');
    expect(state.stagePausedWorkingDays).toBe(2);
  });

  it('sets the overall target at receipt + N calendar months', () => {
    const state = computeClock([entered('2026-03-02')], policy, '2026-03-02');
    expect(state.overallDueOn).toBe('2026-07-02');
    expect(state.overallBreached).toBe(false);
  });

  it('moves the overall target on by the pauses of every stage, not just the current one', () => {
    const entries = [
      entered('2026-03-02'),
      paused('2026-03-03'),
      resumed('2026-03-05'), // 2 working days
      entered('2026-03-06', 'triage'),
      paused('2026-03-10'),
      resumed('2026-03-11'), // 1 working day
    ];
    const state = computeClock(entries, policy, '2026-03-11');
    expect(state.stagePausedWorkingDays).toBe(1);
    // Thursday 2 July + 3 working days.
    expect(state.overallDueOn).toBe('2026-07-07');
  });

  it('is breached only after the overall target has passed', () => {
    const entries = [entered('2026-03-02')];
    expect(computeClock(entries, policy, '2026-07-02').overallBreached).toBe(false);
    expect(computeClock(entries, policy, '2026-07-03').overallBreached).toBe(true);
  });

  it('refuses a history that does not start with entering a stage', () => {
    expectDomainError(() => computeClock([paused('2026-03-02'), entered('2026-03-02')], policy, '2026-03-02'), 'rule_violated');
    expectDomainError(() => computeClock([], policy, '2026-03-02'), 'rule_violated');
  });
});

describe('pauseClock', () => {
  const running = (): ClockState => computeClock([entered('2026-03-02')], policy, '2026-03-03');

  it('returns a pause entry with the reason trimmed', () => {
    expect(pauseClock(running(), { on: '2026-03-03', reason: '  Waiting for the police  ', terminal: false })).toEqual({
      kind: 'paused',
      on: '2026-03-03',
      reason: 'Waiting for the police',
    });
  });

  it('refuses to pause a clock that is already paused', () => {
    const state = computeClock([entered('2026-03-02'), paused('2026-03-03')], policy, '2026-03-04');
    const error = expectDomainError(() => pauseClock(state, { on: '2026-03-04', reason: REASON, terminal: false }), 'rule_violated');
    expect(error.message).toContain('2026-03-03');
  });

  it('refuses a reason under 10 characters, counting only what is left after trimming', () => {
    const error = expectDomainError(() => pauseClock(running(), { on: '2026-03-03', reason: 'Too short', terminal: false }), 'validation_failed');
    expect(error.issues.map((issue) => issue.field)).toEqual(['reason']);
    expectDomainError(() => pauseClock(running(), { on: '2026-03-03', reason: '     short      ', terminal: false }), 'validation_failed');
    expect(pauseClock(running(), { on: '2026-03-03', reason: '0123456789', terminal: false }).kind).toBe('paused');
  });

  it('refuses to pause a closed case', () => {
    expectDomainError(() => pauseClock(running(), { on: '2026-03-03', reason: REASON, terminal: true }), 'transition_not_allowed');
  });
});

describe('resumeClock', () => {
  it('returns a resume entry for a paused clock', () => {
    const state = computeClock([entered('2026-03-02'), paused('2026-03-03')], policy, '2026-03-05');
    expect(resumeClock(state, { on: '2026-03-05', reason: ` ${REASON} ` })).toEqual({ kind: 'resumed', on: '2026-03-05', reason: REASON });
  });

  it('refuses to resume a clock that is running', () => {
    const state = computeClock([entered('2026-03-02')], policy, '2026-03-05');
    expectDomainError(() => resumeClock(state, { on: '2026-03-05', reason: REASON }), 'rule_violated');
  });

  it('refuses to resume a clock that was paused and has been resumed already', () => {
    const state = computeClock([entered('2026-03-02'), paused('2026-03-03'), resumed('2026-03-04')], policy, '2026-03-05');
    expectDomainError(() => resumeClock(state, { on: '2026-03-05', reason: REASON }), 'rule_violated');
  });

  it('refuses a reason under 10 characters', () => {
    const state = computeClock([entered('2026-03-02'), paused('2026-03-03')], policy, '2026-03-05');
    expectDomainError(() => resumeClock(state, { on: '2026-03-05', reason: 'ok now' }), 'validation_failed');
  });
});

describe('extendDeadline', () => {
  const running = (): ClockState => computeClock([entered('2026-03-02')], policy, '2026-03-03');

  it('returns an extension entry', () => {
    expect(extendDeadline(running(), { on: '2026-03-03', workingDays: 5, reason: REASON, terminal: false })).toEqual({
      kind: 'extended',
      on: '2026-03-03',
      workingDays: 5,
      reason: REASON,
    });
  });

  it(`accepts 1 and ${MAX_EXTENSION_WORKING_DAYS} working days`, () => {
    expect(extendDeadline(running(), { on: '2026-03-03', workingDays: 1, reason: REASON, terminal: false }).kind).toBe('extended');
    expect(extendDeadline(running(), { on: '2026-03-03', workingDays: MAX_EXTENSION_WORKING_DAYS, reason: REASON, terminal: false }).kind).toBe('extended');
  });

  it.each([0, 61, 1.5, -3, Number.NaN])('refuses an extension of %s working days', (workingDays) => {
    const error = expectDomainError(() => extendDeadline(running(), { on: '2026-03-03', workingDays, reason: REASON, terminal: false }), 'validation_failed');
    expect(error.issues.map((issue) => issue.field)).toEqual(['workingDays']);
  });

  it('refuses a reason under 10 characters', () => {
    expectDomainError(() => extendDeadline(running(), { on: '2026-03-03', workingDays: 5, reason: 'busy', terminal: false }), 'validation_failed');
  });

  it('refuses to extend a terminal stage', () => {
    expectDomainError(() => extendDeadline(running(), { on: '2026-03-03', workingDays: 5, reason: REASON, terminal: true }), 'transition_not_allowed');
  });

  it('refuses to extend a stage that has no deadline', () => {
    const closed = computeClock([entered('2026-03-02'), entered('2026-03-03', 'closed')], policy, '2026-03-03', '2026-03-03');
    expectDomainError(() => extendDeadline(closed, { on: '2026-03-03', workingDays: 5, reason: REASON, terminal: false }), 'transition_not_allowed');
  });
});
