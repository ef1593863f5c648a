import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedWithinMonths, publishMedian, publishQuarter, quarterOf, quarterRange, recentQuarters, tallyByQuarter } from './measures.js';

describe('live measures', () => {
  it('counts "within N months" on the calendar, clamping a day past the end of a short month', () => {
    expect(closedWithinMonths('2026-01-15T10:00:00.000Z', '2026-05-15T10:00:00.000Z', 4)).toBe(true);
    expect(closedWithinMonths('2026-01-15T10:00:00.000Z', '2026-05-15T10:00:00.001Z', 4)).toBe(false);
    expect(closedWithinMonths('2026-01-31T10:00:00.000Z', '2026-02-28T23:00:00.000Z', 1)).toBe(true);
    expect(closedWithinMonths('2026-01-31T10:00:00.000Z', '2026-03-01T00:00:00.000Z', 1)).toBe(false);
    expect(closedWithinMonths('2025-12-20T00:00:00.000Z', '2026-01-05T00:00:00.000Z', 1)).toBe(true);
  });

  it('agrees with adding N months to the receipt when the day exists in the later month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 12 }), (start, length, months) => {
        const received = new Date(Date.UTC(2020, 0, 1) + start * 86_400_000);
        const closed = new Date(received.getTime() + length * 86_400_000);
        const limit = new Date(Date.UTC(received.getUTCFullYear(), received.getUTCMonth() + months, received.getUTCDate()));
        fc.pre(limit.getUTCDate() === received.getUTCDate());
        expect(closedWithinMonths(received.toISOString(), closed.toISOString(), months)).toBe(closed.getTime() <= limit.getTime());
      }),
    );
  });

  it('names quarters and their ranges, and lists the recent ones oldest first', () => {
    expect(quarterOf('2026-03-31T23:59:59.999Z')).toBe('2026-Q1');
    expect(quarterOf('2026-10-01T00:00:00.000Z')).toBe('2026-Q4');
    expect(quarterRange('2026-Q4')).toEqual({ from: '2026-10-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(recentQuarters('2026-02-10T00:00:00.000Z', 4)).toEqual(['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
  });

  it('publishes a share only over five cases or more', () => {
    expect(publishQuarter({ quarter: '2026-Q1', closed: 4, within: 4 }, 80)).toEqual({ quarter: '2026-Q1', count: { kind: 'suppressed', below: 5 }, value: null, meetsTarget: null });
    expect(publishQuarter({ quarter: '2026-Q1', closed: 5, within: 4 }, 80)).toEqual({ quarter: '2026-Q1', count: { kind: 'count', value: 5 }, value: 80, meetsTarget: true });
    expect(publishMedian('2026-Q1', [30, 10, 20, 40], 25)).toEqual({ quarter: '2026-Q1', count: { kind: 'suppressed', below: 5 }, value: null, meetsTarget: null });
    expect(publishMedian('2026-Q1', [30, 10, 20, 40, 50, 12], 25)).toEqual({ quarter: '2026-Q1', count: { kind: 'count', value: 6 }, value: 25, meetsTarget: true });
    expect(tallyByQuarter([{ receivedAt: '2026-01-01T00:00:00.000Z', closedAt: null }], 4)).toEqual([]);
  });
});
