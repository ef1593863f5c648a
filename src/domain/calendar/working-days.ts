import { addCalendarDays, compareLocalDates, dayOfWeek, type LocalDate } from './local-date.js';

/**
 * What the deadline arithmetic needs to know about the organisation's
 * calendar. The implementation behind it (public holidays of a region) lives
 * outside the domain and is passed in.
 */
export type WorkingCalendar = {
  isPublicHoliday(date: LocalDate): boolean;
};

export function isWorkingDay(date: LocalDate, calendar: WorkingCalendar): boolean {
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6 && !calendar.isPublicHoliday(date);
}

/**
 * The date `days` working days after `start`. The start date itself never
 * counts, as in "acknowledge within 5 working days": a complaint received on
 * a Friday is due by the following Friday. Zero days means the start date.
 */
export function addWorkingDays(start: LocalDate, days: number, calendar: WorkingCalendar): LocalDate {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${days}`);
  let date = start;
  let remaining = days;
  while (remaining > 0) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date, calendar)) remaining -= 1;
  }
  return date;
}

/**
 * Working days in the half-open interval (from, to]: how many working days
 * have elapsed when going from `from` to `to`. Zero when `to` is not after
 * `from`.
 */
export function workingDaysBetween(from: LocalDate, to: LocalDate, calendar: WorkingCalendar): number {
  let count = 0;
  let date = from;
  while (compareLocalDates(date, to) < 0) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date, calendar)) count += 1;
  }
  return count;
}
