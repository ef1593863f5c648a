import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressList } from '../statistics/suppression.js';
import { describeMeasure, publishMedian, publishShare } from './measures.js';

const samples = (within: number, beyond: number) => [
  { workingDays: 10, withinLimit: true, count: within },
  { workingDays: 200, withinLimit: false, count: beyond },
];

describe('live measures', () => {
  it('names the measure in words', () => {
    expect(describeMeasure({ kind: 'share_closed_within_months', months: 1 })).toBe('Share of cases closed within 1 month of receipt');
    expect(describeMeasure({ kind: 'median_working_days_to_decision' })).toBe('Median working days from receipt to decision');
  });

  it('shows a share only when the cases within and beyond the limit would both be shown on the statistics page', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 2, max: 10 }), (within, beyond, threshold) => {
        const figure = publishShare({ quarter: '2026-Q1', samples: samples(within, beyond), target: 80, threshold });
        const statistics = suppressList([within, beyond], threshold);
        const bothShown = statistics.cells.every((cell) => cell.kind === 'count');
        expect(figure.value !== null).toBe(bothShown && within + beyond > 0);
        expect(figure.count).toEqual(statistics.total.kind === 'count' ? { kind: 'count', value: within + beyond } : { kind: 'suppressed', below: threshold });
        const share = ((within / (within + beyond)) * 100);
        if (figure.value !== null) {
          expect(figure.value).toBe(Math.round(share * 10) / 10);
          expect(figure.meetsTarget).toBe(figure.value >= 80);
        } else {
          expect(figure.withheld).toMatch(/^(No cases|Not shown: fewer than \d+ cases( within or beyond the limit)?|At least [\d.]+% \(fewer than \d+ cases beyond the limit\)|At most [\d.]+% \(fewer than \d+ cases within the limit\))$/);
          // What is said depends on the number of cases and on which side is small, never on how small: every other
          // split of the same cases that the statistics would also hide gets the same words, or the same kind of bound.
          for (let other = 0; other <= within + beyond; other += 1) {
            const alternative = publishShare({ quarter: '2026-Q1', samples: samples(other, within + beyond - other), target: 80, threshold });
            const hiddenToo = suppressList([other, within + beyond - other], threshold).cells.some((cell) => cell.kind === 'suppressed');
            const sameSide = (other < threshold) === (within < threshold);
            if (hiddenToo && sameSide) expect(alternative.withheld, `${other} of ${within + beyond}`).toBe(figure.withheld);
          }
          // A bound is true, and says no more of the small side than that it is from 1 to the threshold minus 1.
          const atLeast = /^At least ([\d.]+)%/.exec(figure.withheld!);
          if (atLeast) expect(share).toBeGreaterThanOrEqual(Number(atLeast[1]));
          if (atLeast) expect(beyond > 0 && beyond < threshold).toBe(true);
          const atMost = /^At most ([\d.]+)%/.exec(figure.withheld!);
          if (atMost) expect(share).toBeLessThanOrEqual(Number(atMost[1]));
          if (atMost) expect(within > 0 && within < threshold).toBe(true);
          if (figure.meetsTarget !== null) expect(figure.meetsTarget).toBe(share >= 80);
        }
      }),
    );
  });

  it('refuses the share that would give away one late case, giving a bound where one side is large enough', () => {
    expect(publishShare({ quarter: '2026-Q1', samples: samples(4, 1), target: 80, threshold: 5 })).toEqual({
      quarter: '2026-Q1',
      count: { kind: 'count', value: 5 },
      value: null,
      withheld: 'Not shown: fewer than 5 cases within or beyond the limit',
      meetsTarget: null,
    });
    // With 6 cases, "at least" would say the other side has 5 or more, and so that 1 case was late: one message for all.
    for (const within of [1, 2, 3, 4, 5]) expect(publishShare({ quarter: '2026-Q1', samples: samples(within, 6 - within), target: 80, threshold: 5 }).withheld).toBe('Not shown: fewer than 5 cases within or beyond the limit');
    expect(publishShare({ quarter: '2026-Q1', samples: samples(40, 2), target: 80, threshold: 5 })).toMatchObject({ value: null, withheld: 'At least 90.4% (fewer than 5 cases beyond the limit)', meetsTarget: true });
    expect(publishShare({ quarter: '2026-Q1', samples: samples(2, 40), target: 80, threshold: 5 })).toMatchObject({ value: null, withheld: 'At most 9.6% (fewer than 5 cases within the limit)', meetsTarget: false });
    expect(publishShare({ quarter: '2026-Q1', samples: samples(40, 2), target: 95, threshold: 5 })).toMatchObject({ meetsTarget: null });
    expect(publishShare({ quarter: '2026-Q1', samples: samples(12, 0), target: 80, threshold: 5 })).toMatchObject({ value: 100, meetsTarget: true });
  });

  it('shows a median over the threshold or more cases, as the statistics do', () => {
    const days = (values: number[]) => values.map((workingDays) => ({ workingDays, withinLimit: true, count: 1 }));
    expect(publishMedian({ quarter: '2026-Q1', samples: days([30, 10, 20, 40]), target: 25, threshold: 5 })).toEqual({
      quarter: '2026-Q1',
      count: { kind: 'suppressed', below: 5 },
      value: null,
      withheld: 'Not shown: fewer than 5 cases',
      meetsTarget: null,
    });
    expect(publishMedian({ quarter: '2026-Q1', samples: days([30, 10, 20, 40, 50, 12]), target: 25, threshold: 5 })).toEqual({ quarter: '2026-Q1', count: { kind: 'count', value: 6 }, value: 25, withheld: null, meetsTarget: true });
    expect(publishMedian({ quarter: '2026-Q1', samples: [], target: 25, threshold: 5 })).toMatchObject({ count: { kind: 'count', value: 0 }, withheld: 'No cases' });
  });
});
