import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toLocalDate } from '../calendar/local-date.js';
import { workingDaysBetween } from '../calendar/working-days.js';
import { durationSamples, isPublishable, localDateOfHour, parsePeriod, periodDates, publishedPeriods, startOfLocalDay } from './report.js';

const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
const NO_HOLIDAYS = { isPublicHoliday: (date: string) => date.endsWith('-12-25') };

describe('periods', () => {
  it('reads quarters and years, and refuses anything else naming it', () => {
    expect(parsePeriod('2026-Q1')).toEqual({ kind: 'quarter', year: 2026, quarter: 1 });
    expect(parsePeriod('2026')).toEqual({ kind: 'year', year: 2026 });
    for (const bad of ['2026-Q5', '26', '2026-q1', '2026-Q1.csv', '']) expect(() => parsePeriod(bad)).toThrow(bad === '' ? /is not a period/ : bad);
    expect(periodDates({ kind: 'quarter', year: 2026, quarter: 4 })).toEqual({ from: '2026-10-01', to: '2027-01-01' });
  });

  it('finds the instant a local day starts, in any zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (zone, ms) => {
        const date = toLocalDate(new Date(ms), zone);
        const start = startOfLocalDay(date, zone);
        expect(toLocalDate(start, zone)).toBe(date);
        expect(toLocalDate(new Date(start.getTime() - 1), zone) < date).toBe(true);
      }),
    );
  });

  it('publishes only periods that have ended, from the quarter of the first day', () => {
    const periods = publishedPeriods({ firstDay: '2025-11-03', today: '2026-04-01' });
    expect(periods.quarters.map((period) => (period.kind === 'quarter' ? period.quarter : 0))).toEqual([1, 4]);
    expect(periods.years.map((period) => period.year)).toEqual([2025]);
    expect(isPublishable({ kind: 'quarter', year: 2026, quarter: 2 }, { firstDay: '2025-11-03', today: '2026-04-01' })).toBe(false);
    expect(isPublishable({ kind: 'quarter', year: 2025, quarter: 3 }, { firstDay: '2025-11-03', today: '2026-04-01' })).toBe(false);
    expect(publishedPeriods({ firstDay: null, today: '2026-04-01' })).toEqual({ quarters: [], years: [] });
  });
});

describe('durations', () => {
  it('takes the local date of each UTC hour exactly as toLocalDate does, across clock changes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2020, 0, 1) / 3_600_000, max: Date.UTC(2030, 0, 1) / 3_600_000 }), (zone, hours) => {
        const hour = new Date(hours * 3_600_000).toISOString().slice(0, 13);
        expect(localDateOfHour(zone)(hour)).toBe(toLocalDate(new Date(`${hour}:00:00Z`), zone));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts working days as the case clock does, and the limit in working days or months', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1) / 3_600_000, max: Date.UTC(2026, 0, 1) / 3_600_000 }), fc.integer({ min: 0, max: 4000 }), (startHours, length) => {
        const startHour = new Date(startHours * 3_600_000).toISOString().slice(0, 13);
        const endHour = new Date((startHours + length) * 3_600_000).toISOString().slice(0, 13);
        const zone = 'Europe/London';
        const [sample] = durationSamples([{ startHour, endHour, count: 3 }], { timeZone: zone, calendar: NO_HOLIDAYS, limit: { kind: 'working_days', days: 10 } });
        const expected = workingDaysBetween(toLocalDate(new Date(`${startHour}:00:00Z`), zone), toLocalDate(new Date(`${endHour}:00:00Z`), zone), NO_HOLIDAYS);
        expect(sample).toEqual({ workingDays: expected, withinLimit: expected <= 10, count: 3 });
      }),
    );
    const [byMonths] = durationSamples([{ startHour: '2026-01-31T10', endHour: '2026-05-31T10', count: 1 }], { timeZone: 'UTC', calendar: NO_HOLIDAYS, limit: { kind: 'months', months: 4 } });
    expect(byMonths!.withinLimit).toBe(true);
    const [late] = durationSamples([{ startHour: '2026-01-31T10', endHour: '2026-06-01T10', count: 1 }], { timeZone: 'UTC', calendar: NO_HOLIDAYS, limit: { kind: 'months', months: 4 } });
    expect(late!.withinLimit).toBe(false);
  });
});
