/**
 * Live measures: what the case data says, each ended quarter, about a promise
 * on the process. They are read from the same counts as the public
 * statistics (by the organisation's local quarters, on its calendar) and
 * suppressed by the same rule, so that a measure never shows what the
 * statistics page hides: a share, with the number of cases it is over, would
 * otherwise give away a small count of cases beyond the limit.
 *
 * share_closed_within_months (parameter N): of the cases closed in a quarter,
 * the share closed within N calendar months of receipt (by local dates: a
 * case received on 31 January is within one month until the end of
 * February). The target is a per cent, met when the share reaches it. With N
 * the overall target, the figures are the statistics' "time from receipt to
 * closure, within the limit".
 *
 * median_working_days_to_decision: of the panel decisions made in a quarter,
 * the median number of working days from receipt to decision: the statistics'
 * "time from receipt to a panel decision". The target is a number of working
 * days, met when the median is at most that.
 */
import type { ShownCount } from '../oversight/small-numbers.js';
import { quantiles, type DurationSample } from '../statistics/report.js';
import { suppressList } from '../statistics/suppression.js';

export type MeasureDefinition = { kind: 'share_closed_within_months'; months: number } | { kind: 'median_working_days_to_decision' };

export function describeMeasure(definition: MeasureDefinition): string {
  return definition.kind === 'share_closed_within_months'
    ? `Share of cases closed within ${definition.months} month${definition.months === 1 ? '' : 's'} of receipt`
    : 'Median working days from receipt to decision';
}

/**
 * What the public sees for a quarter: how many cases the figure is over (shown
 * or suppressed), the figure (a per cent or a number of working days) or, in
 * words, why it is not shown, and whether it meets the target.
 */
export type QuarterFigure = { quarter: string; count: ShownCount; value: number | null; withheld: string | null; meetsTarget: boolean | null };

function withheld(quarter: string, count: ShownCount, reason: string, meetsTarget: boolean | null = null): QuarterFigure {
  return { quarter, count, value: null, withheld: reason, meetsTarget };
}

const shown = (value: number): ShownCount => ({ kind: 'count', value });

/**
 * A quarter of the share. The cases within and beyond the limit are
 * published as the statistics publish that table: the share is shown only
 * when neither side is hidden, for with the number of cases it would give
 * both sides away; otherwise only a bound.
 */
export function publishShare(options: { quarter: string; samples: readonly DurationSample[]; target: number | null; threshold: number }): QuarterFigure {
  const { quarter, threshold } = options;
  const within = options.samples.filter((sample) => sample.withinLimit).reduce((sum, sample) => sum + sample.count, 0);
  const cases = options.samples.reduce((sum, sample) => sum + sample.count, 0);
  const published = suppressList([within, cases - within], threshold);
  if (published.total.kind === 'suppressed') return withheld(quarter, { kind: 'suppressed', below: threshold }, `Not shown: fewer than ${threshold} cases`);
  if (cases === 0) return withheld(quarter, shown(0), 'No cases');
  if (published.cells.some((cell) => cell.kind === 'suppressed')) {
    // With at least 2 × threshold - 1 cases, one side is small and the other is not whichever it is, so a bound on the
    // small side says of it only that it is from 1 to threshold - 1, as a hidden count does; with fewer, which message
    // appeared would narrow it, so there is one message. Whether the target is met is known when the bound settles it.
    const few = threshold - 1;
    const target = options.target;
    if (cases >= 2 * threshold - 1 && cases - within < threshold) {
      const atLeast = Math.floor(((cases - few) / cases) * 1000) / 10;
      return withheld(quarter, shown(cases), `At least ${atLeast}% (fewer than ${threshold} cases beyond the limit)`, target !== null && atLeast >= target ? true : null);
    }
    if (cases >= 2 * threshold - 1) {
      const atMost = Math.ceil((few / cases) * 1000) / 10;
      return withheld(quarter, shown(cases), `At most ${atMost}% (fewer than ${threshold} cases within the limit)`, target !== null && atMost < target ? false : null);
    }
    return withheld(quarter, shown(cases), `Not shown: fewer than ${threshold} cases within or beyond the limit`);
  }
  const share = Math.round((within / cases) * 1000) / 10;
  return { quarter, count: shown(cases), value: share, withheld: null, meetsTarget: options.target === null ? null : share >= options.target };
}

/** A quarter of the median: shown over `threshold` cases or more, as the statistics show medians. */
export function publishMedian(options: { quarter: string; samples: readonly DurationSample[]; target: number | null; threshold: number }): QuarterFigure {
  const { quarter, samples, threshold } = options;
  const cases = samples.reduce((sum, sample) => sum + sample.count, 0);
  if (cases > 0 && cases < threshold) return withheld(quarter, { kind: 'suppressed', below: threshold }, `Not shown: fewer than ${threshold} cases`);
  if (cases === 0) return withheld(quarter, shown(0), 'No cases');
  const days = quantiles(samples).median;
  return { quarter, count: shown(cases), value: days, withheld: null, meetsTarget: options.target === null ? null : days <= options.target };
}
