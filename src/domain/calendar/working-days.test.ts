import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../infra/holiday-calendar.js';
import { addCalendarDays, addCalendarMonths, dayOfWeek, isLocalDate, toLocalDate } from './local-date.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween, type WorkingCalendar } from './working-days.js';

/** England and Wales bank holidays, as the organisation's default configuration uses. */
const england = createHolidayCalendar('GB', 'ENG');

/** A hand-written calendar: weekends only, no public holidays at all. */
const weekendsOnly: WorkingCalendar = { isPublicHoliday: () => false };

/** A hand-written calendar with two made-up holidays, to show the arithmetic asks the calendar and nothing else. */
function calendarOf(...holidays: string[]): WorkingCalendar {
  const dates = new Set(holidays);
  return { isPublicHoliday: (date) => dates.has(date) };
}

describe('addWorkingDays', () => {
  it('skips the weekend: Friday + 1 working day is the next Monday', () => {
    expect(dayOfWeek('2026-03-06')).toBe(5);
    expect(addWorkingDays('2026-03-06', 1, england)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-06', 1, weekendsOnly)).toBe('2026-03-09');
  });

  it('does not count the start date: a complaint received on a Friday is due 5 working days later on the next Friday', () => {
    expect(addWorkingDays('2026-03-06', 5, england)).toBe('2026-03-13');
    expect(addWorkingDays('2026-03-02', 5, england)).toBe('2026-03-09');
  });

  it('starting on a weekend counts from the next working day', () => {
    expect(addWorkingDays('2026-03-07', 1, england)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-08', 1, england)).toBe('2026-03-09');
  });

  it('returns the start date itself for zero days, even when that date is not a working day', () => {
    expect(addWorkingDays('2026-03-04', 0, england)).toBe('2026-03-04');
    expect(addWorkingDays('2026-03-07', 0, england)).toBe('2026-03-07');
    expect(addWorkingDays('2026-12-25', 0, england)).toBe('2026-12-25');
  });

  it('skips Christmas Day (Fri 25 Dec 2026) and the Boxing Day substitute (Mon 28 Dec 2026)', () => {
    expect(england.isPublicHoliday('2026-12-25')).toBe(true);
    expect(england.isPublicHoliday('2026-12-28')).toBe(true);
    expect(addWorkingDays('2026-12-24', 1, england)).toBe('2026-12-29');
    // 24, 29, 30, 31 Dec, then New Year's Day 2027 is a holiday and 2–3 Jan is a weekend.
    expect(addWorkingDays('2026-12-23', 5, england)).toBe('2027-01-04');
  });

  it('skips Good Friday (3 Apr 2026) and Easter Monday (6 Apr 2026)', () => {
    expect(addWorkingDays('2026-04-02', 1, england)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-01', 2, england)).toBe('2026-04-07');
  });

  it('skips the early May bank holiday (Mon 4 May 2026)', () => {
    expect(addWorkingDays('2026-05-01', 1, england)).toBe('2026-05-05');
  });

  it('uses whatever calendar it is given: without holidays, Christmas Day 2026 is an ordinary Friday', () => {
    expect(addWorkingDays('2026-12-24', 1, weekendsOnly)).toBe('2026-12-25');
    expect(addWorkingDays('2026-12-24', 2, weekendsOnly)).toBe('2026-12-28');
  });

  it('skips the holidays of a hand-written calendar', () => {
    const calendar = calendarOf('2026-03-10', '2026-03-11');
    expect(addWorkingDays('2026-03-09', 1, calendar)).toBe('2026-03-12');
    expect(addWorkingDays('2026-03-09', 4, calendar)).toBe('2026-03-17');
  });

  it.each([-1, -5, 1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s days with a RangeError', (days) => {
    expect(() => addWorkingDays('2026-03-02', days, england)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days in (from, to]: Friday to Monday is one', () => {
    expect(workingDaysBetween('2026-03-06', '2026-03-09', england)).toBe(1);
  });

  it('is zero for the same day, and when `to` is before `from`', () => {
    expect(workingDaysBetween('2026-03-04', '2026-03-04', england)).toBe(0);
    expect(workingDaysBetween('2026-03-09', '2026-03-02', england)).toBe(0);
  });

  it('is zero across a weekend alone', () => {
    expect(workingDaysBetween('2026-03-06', '2026-03-08', england)).toBe(0);
  });

  it('does not count bank holidays: 24 Dec 2026 to 29 Dec 2026 is one working day in England', () => {
    expect(workingDaysBetween('2026-12-24', '2026-12-29', england)).toBe(1);
    expect(workingDaysBetween('2026-12-24', '2026-12-29', weekendsOnly)).toBe(3);
  });

  it('does not count the Easter weekend: Thursday 2 Apr to Tuesday 7 Apr 2026 is one working day', () => {
    expect(workingDaysBetween('2026-04-02', '2026-04-07', england)).toBe(1);
  });

  it('is the inverse of addWorkingDays for every start date in 2026 and up to 30 days', () => {
    for (let start = '2026-01-01'; start < '2027-01-01'; start = addCalendarDays(start, 1)) {
      for (const days of [0, 1, 5, 10, 30]) {
        expect(workingDaysBetween(start, addWorkingDays(start, days, england), england)).toBe(days);
      }
    }
  });
});

describe('isWorkingDay', () => {
  it('is false on weekends and bank holidays, true on ordinary weekdays', () => {
    expect(isWorkingDay('2026-03-07', england)).toBe(false);
    expect(isWorkingDay('2026-03-08', england)).toBe(false);
    expect(isWorkingDay('2026-05-04', england)).toBe(false);
    expect(isWorkingDay('2026-05-05', england)).toBe(true);
  });
});

describe('addCalendarMonths', () => {
  it('clamps to the end of a shorter month: 31 Jan 2026 + 1 month = 28 Feb 2026', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('clamps to 29 Feb in a leap year: 31 Jan 2028 + 1 month = 29 Feb 2028', () => {
    expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addCalendarMonths('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('clamps to 30 days: 31 Mar + 1 month = 30 Apr', () => {
    expect(addCalendarMonths('2026-03-31', 1)).toBe('2026-04-30');
  });

  it('crosses the year end, with clamping', () => {
    expect(addCalendarMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addCalendarMonths('2026-10-31', 4)).toBe('2027-02-28');
  });

  it('keeps the day of the month when it exists', () => {
    expect(addCalendarMonths('2026-03-02', 4)).toBe('2026-07-02');
    expect(addCalendarMonths('2026-03-02', 0)).toBe('2026-03-02');
  });
});

describe('toLocalDate', () => {
  it('23:30Z on 28 Mar 2026 is still 28 Mar in London (GMT, before the clocks go forward)', () => {
    expect(toLocalDate(new Date('2026-03-28T23:30:00Z'), 'Europe/London')).toBe('2026-03-28');
  });

  it('00:30Z on 29 Mar 2026 is 29 Mar in London (the clocks go forward at 01:00Z)', () => {
    expect(toLocalDate(new Date('2026-03-29T00:30:00Z'), 'Europe/London')).toBe('2026-03-29');
  });

  it('in summer time, 23:30Z on 30 Jun 2026 is already 1 Jul in London', () => {
    expect(toLocalDate(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(toLocalDate(new Date('2026-06-30T22:59:59Z'), 'Europe/London')).toBe('2026-06-30');
  });

  it('after the clocks go back (25 Oct 2026), 23:30Z is the same day again', () => {
    expect(toLocalDate(new Date('2026-10-24T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
    expect(toLocalDate(new Date('2026-10-25T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
  });

  it('depends on the time zone it is given', () => {
    const instant = new Date('2026-06-30T23:30:00Z');
    expect(toLocalDate(instant, 'UTC')).toBe('2026-06-30');
    expect(toLocalDate(instant, 'America/New_York')).toBe('2026-06-30');
    expect(toLocalDate(instant, 'Asia/Tokyo')).toBe('2026-07-01');
  });

  it('always produces a valid YYYY-MM-DD date', () => {
    expect(isLocalDate(toLocalDate(new Date('2026-01-01T00:00:00Z'), 'Europe/London'))).toBe(true);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-3-1')).toBe(false);
  });
});
