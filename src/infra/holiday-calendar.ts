import Holidays from 'date-holidays';
import type { LocalDate } from '../domain/calendar/local-date.js';
import type { WorkingCalendar } from '../domain/calendar/working-days.js';

/**
 * Public holidays of a country or region from `date-holidays`, as a
 * WorkingCalendar. Only days the library marks `public` (bank holidays in the
 * UK) stop the clock; observances do not. Substitute days are included.
 */
export function createHolidayCalendar(country: string, region: string | null): WorkingCalendar {
  const holidays = region ? new Holidays(country, region) : new Holidays(country);
  const byYear = new Map<number, ReadonlySet<LocalDate>>();
  const holidaysOf = (year: number) => {
    let dates = byYear.get(year);
    if (!dates) {
      dates = new Set(
        holidays
          .getHolidays(year)
          .filter((holiday) => holiday.type === 'public')
          .map((holiday) => holiday.date.slice(0, 10)),
      );
      byYear.set(year, dates);
    }
    return dates;
  };
  return { isPublicHoliday: (date) => holidaysOf(Number(date.slice(0, 4))).has(date) };
}

export function isKnownRegion(country: string, region: string | null): boolean {
  const holidays = new Holidays();
  const countries = holidays.getCountries();
  if (!countries[country]) return false;
  if (!region) return true;
  return Boolean(holidays.getStates(country)?.[region]);
}
