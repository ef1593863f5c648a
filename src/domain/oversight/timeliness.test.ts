import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { ClockEntry, ClockPolicy } from '../case/clock.js';
import { createWorkflow } from '../case/workflow.js';
import { ageOpenCases, median, overdueVisits, stageVisits, summariseStages, type ClockHistory } from './timeliness.js';

const calendar: WorkingCalendar = { isPublicHoliday: () => false };
const workflow = createWorkflow();
const policy: ClockPolicy = {
  calendar,
  stageLimit: (stage) => workflow.stages.find((candidate) => candidate.id === stage)!.limitWorkingDays,
  overallTargetMonths: 4,
};
const TODAY = '2026-03-25';

const entered = (on: string, stage: string): ClockEntry => ({ kind: 'stage_entered', on, stage });
const history = (reference: string, entries: ClockEntry[], closedOn: string | null = null): ClockHistory => ({ caseId: reference, reference, closedOn, entries });

// Everything is received on Monday 2 March 2026; triage's limit is 10 working days, so it is due on 16 March.
const onTime = history('A', [
  entered('2026-03-02', 'received'),
  entered('2026-03-03', 'triage'),
  { kind: 'extended', on: '2026-03-10', workingDays: 5, reason: 'Waiting for the branch minutes.' },
  entered('2026-03-20', 'investigation'),
]);
const lateOpen = history('B', [entered('2026-03-02', 'received'), entered('2026-03-02', 'triage')]);
const paused = history('C', [entered('2026-03-02', 'received'), entered('2026-03-02', 'triage'), { kind: 'paused', on: '2026-03-05', reason: 'The complainant is in hospital.' }]);
const closedLate = history('D', [entered('2026-03-02', 'received'), entered('2026-03-02', 'triage'), entered('2026-03-20', 'closed')], '2026-03-20');
const pausedWhileLate = history('E', [entered('2026-03-02', 'received'), entered('2026-03-02', 'triage'), { kind: 'paused', on: '2026-03-18', reason: 'Police asked us to wait.' }]);
const all = [onTime, lateOpen, paused, closedLate, pausedWhileLate];

describe('stage visits', () => {
  it('judges a completed visit by its due date as it stood when the case moved on, extension included', () => {
    const [received, triage, investigation] = stageVisits(onTime, policy, TODAY);
    expect(received).toMatchObject({ stage: 'received', leftOn: '2026-03-03', dueOn: '2026-03-09', late: false, workingDaysTaken: 1 });
    expect(triage).toMatchObject({ stage: 'triage', leftOn: '2026-03-20', dueOn: '2026-03-24', late: false, workingDaysLate: 0, workingDaysTaken: 13 });
    expect(triage!.latestNote).toMatchObject({ kind: 'extended', reason: 'Waiting for the branch minutes.' });
    expect(investigation).toMatchObject({ stage: 'investigation', leftOn: null, late: false, workingDaysTaken: null });
  });

  it('counts a visit left after its due date, or still open past it, as late by the working days since', () => {
    expect(stageVisits(closedLate, policy, TODAY)[1]).toMatchObject({ leftOn: '2026-03-20', dueOn: '2026-03-16', late: true, workingDaysLate: 4, workingDaysTaken: 14 });
    expect(stageVisits(closedLate, policy, TODAY)).toHaveLength(2);
    expect(stageVisits(lateOpen, policy, TODAY)[1]).toMatchObject({ leftOn: null, dueOn: '2026-03-16', late: true, workingDaysLate: 7, latestNote: null });
  });

  it('moves a paused visit’s due date on, so a pause before the deadline is not late but one after it stays late', () => {
    expect(stageVisits(paused, policy, TODAY)[1]).toMatchObject({ late: false, pausedSince: '2026-03-05' });
    expect(stageVisits(pausedWhileLate, policy, TODAY)[1]).toMatchObject({ late: true, workingDaysLate: 2, pausedSince: '2026-03-18', latestNote: { kind: 'paused', reason: 'Police asked us to wait.' } });
  });

  it('lets the appeal window close the working day after it ends without counting as late', () => {
    // A 10-working-day window from Monday 2 March ends on Monday 16 March; the case closes itself the next day.
    const closedNextDay = history('W1', [entered('2026-03-02', 'appeal_window'), entered('2026-03-17', 'closed')], '2026-03-17');
    const closedLater = history('W2', [entered('2026-03-02', 'appeal_window'), entered('2026-03-18', 'closed')], '2026-03-18');
    expect(stageVisits(closedNextDay, policy, TODAY)[0]).toMatchObject({ dueOn: '2026-03-16', late: false, workingDaysLate: 0 });
    expect(stageVisits(closedLater, policy, TODAY)[0]).toMatchObject({ late: true, workingDaysLate: 2 });
    expect(stageVisits(history('W3', [entered('2026-03-02', 'appeal_window')]), policy, '2026-03-17')[0]).toMatchObject({ leftOn: null, late: false });
  });

  it('does not count pauses in the time a completed stage took', () => {
    const resumed = history('F', [
      entered('2026-03-02', 'triage'),
      { kind: 'paused', on: '2026-03-04', reason: 'Waiting for the complainant.' },
      { kind: 'resumed', on: '2026-03-11', reason: 'The complainant replied.' },
      entered('2026-03-13', 'investigation'),
    ]);
    expect(stageVisits(resumed, policy, TODAY)[0]).toMatchObject({ dueOn: '2026-03-23', late: false, workingDaysTaken: 4 });
  });
});

describe('stage summaries', () => {
  it('gives, per stage with a limit, the visits completed, how many within the limit, the late ones still open and the median time', () => {
    const visits = all.flatMap((item) => stageVisits(item, policy, TODAY));
    const summary = summariseStages(visits, workflow.stages);
    expect(summary.map((stage) => stage.stage)).toEqual(['received', 'triage', 'investigation', 'decision', 'appeal_window', 'appeal']);
    expect(summary[0]).toMatchObject({ completed: 5, completedOnTime: 5, openLate: 0, counted: 5, medianWorkingDays: 0 });
    expect(summary[1]).toMatchObject({ completed: 2, completedOnTime: 1, openLate: 2, counted: 4, medianWorkingDays: 13.5 });
    expect(summary[2]).toMatchObject({ completed: 0, completedOnTime: 0, openLate: 0, counted: 0, medianWorkingDays: null });
  });

  it('lists the late open visits, the latest first', () => {
    const visits = all.flatMap((item) => stageVisits(item, policy, TODAY));
    expect(overdueVisits(visits).map((visit) => [visit.reference, visit.workingDaysLate])).toEqual([
      ['B', 7],
      ['E', 2],
    ]);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });
});

describe('age of open cases', () => {
  it('buckets open cases by calendar months since receipt and counts those past the overall target', () => {
    const old = (reference: string, on: string) => history(reference, [entered(on, 'investigation')]);
    const ages = ageOpenCases([...all, old('G', '2026-02-26'), old('H', '2026-01-24'), old('I', '2025-11-20'), old('J', '2025-09-25'), old('K', '2025-03-24')], policy, TODAY);
    expect(ages.buckets).toEqual([
      { label: 'Under 1 month', count: 4 + 1 },
      { label: '1 to 3 months', count: 1 },
      { label: '3 to 6 months', count: 1 },
      { label: '6 to 12 months', count: 1 },
      { label: 'Over 12 months', count: 1 },
    ]);
    expect(ages).toMatchObject({ open: 9, pastOverallTarget: 3, overallTargetMonths: 4 });
  });
});
