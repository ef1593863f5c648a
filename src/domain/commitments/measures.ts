/**
 * Live measures: what the case data says, each quarter, about a promise on the
 * process. Pure definitions; the repository computes the tallies in one
 * aggregate query each, and the tests check the two agree on known cases.
 *
 * share_closed_within_months (parameter N): of the cases closed in a quarter,
 * the share closed within N calendar months of receipt. "Within N months" is
 * counted on the UTC calendar: the closure is at most N months after receipt,
 * with a day-of-month past the end of a short month clamped (received
 * 31 January, N = 1: closed by the end of 28/29 February counts). The target
 * is a per cent, met when the share reaches it.
 *
 * median_working_days_to_decision: of the cases whose first panel decision
 * fell in a quarter, the median number of working days from receipt to that
 * decision (on the organisation's calendar). The target is a number of
 * working days, met when the median is at most that.
 */
import { SMALL_CELL, shownCount, type ShownCount } from '../oversight/small-numbers.js';

export type MeasureDefinition = { kind: 'share_closed_within_months'; months: number } | { kind: 'median_working_days_to_decision' };

export function describeMeasure(definition: MeasureDefinition): string {
  return definition.kind === 'share_closed_within_months'
    ? `Share of cases closed within ${definition.months} month${definition.months === 1 ? '' : 's'} of receipt`
    : 'Median working days from receipt to decision';
}

/** Whole calendar months from one ISO timestamp to another, and whether the rest of the later one (day and time) is not past the earlier's. */
export function closedWithinMonths(receivedAt: string, closedAt: string, months: number): boolean {
  const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
  const apart = monthIndex(closedAt) - monthIndex(receivedAt);
  return apart < months || (apart === months && closedAt.slice(8) <= receivedAt.slice(8));
}

/** The quarter an ISO timestamp falls in (UTC), as "2026-Q3". */
export function quarterOf(iso: string): string {
  return `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The first instant of a quarter and of the one after it, as ISO strings (UTC). */
export function quarterRange(quarter: string): { from: string; to: string } {
  const year = Number(quarter.slice(0, 4));
  const index = Number(quarter.slice(6)) - 1;
  const start = new Date(Date.UTC(year, index * 3, 1));
  const end = new Date(Date.UTC(year, index * 3 + 3, 1));
  return { from: start.toISOString(), to: end.toISOString() };
}

/** The last `count` quarters up to and including the one `now` is in, oldest first. */
export function recentQuarters(now: string, count: number): string[] {
  const year = Number(now.slice(0, 4));
  const index = Math.floor((Number(now.slice(5, 7)) - 1) / 3);
  const quarters: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const absolute = year * 4 + index - back;
    quarters.push(`${Math.floor(absolute / 4)}-Q${(absolute % 4) + 1}`);
  }
  return quarters;
}

/** One quarter of the share measure: how many cases it is over, how many met it. */
export type QuarterTally = { quarter: string; closed: number; within: number };

/**
 * What the public sees for a quarter: how many cases the figure is over (shown
 * or suppressed), the figure (a per cent or a number of working days) only
 * over SMALL_CELL cases or more, and whether it meets the target.
 */
export type QuarterFigure = { quarter: string; count: ShownCount; value: number | null; meetsTarget: boolean | null };

/** Computes the share tallies from cases directly: the definition the repository's query must agree with. */
export function tallyByQuarter(cases: { receivedAt: string; closedAt: string | null }[], months: number): QuarterTally[] {
  const tallies = new Map<string, QuarterTally>();
  for (const item of cases) {
    if (!item.closedAt) continue;
    const quarter = quarterOf(item.closedAt);
    const tally = tallies.get(quarter) ?? { quarter, closed: 0, within: 0 };
    tally.closed += 1;
    if (closedWithinMonths(item.receivedAt, item.closedAt, months)) tally.within += 1;
    tallies.set(quarter, tally);
  }
  return [...tallies.values()].sort((a, b) => a.quarter.localeCompare(b.quarter));
}

function figure(quarter: string, count: number, value: () => number, meets: (value: number) => boolean | null): QuarterFigure {
  const shown = shownCount(count, SMALL_CELL);
  if (shown.kind === 'suppressed' || count === 0) return { quarter, count: shown, value: null, meetsTarget: null };
  const computed = value();
  return { quarter, count: shown, value: computed, meetsTarget: meets(computed) };
}

/** A quarter of the share as published: not shown over fewer than SMALL_CELL cases, nor is the count of them. */
export function publishQuarter(tally: QuarterTally, targetPercent: number | null): QuarterFigure {
  return figure(
    tally.quarter,
    tally.closed,
    () => Math.round((tally.within / tally.closed) * 1000) / 10,
    (share) => (targetPercent === null ? null : share >= targetPercent),
  );
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A quarter of the median as published, from each case's working days to decision. */
export function publishMedian(quarter: string, workingDays: number[], targetDays: number | null): QuarterFigure {
  return figure(quarter, workingDays.length, () => median(workingDays), (days) => (targetDays === null ? null : days <= targetDays));
}
