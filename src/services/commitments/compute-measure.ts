import { describeMeasure, publishMedian, publishShare, type MeasureDefinition, type QuarterFigure } from '../../domain/commitments/measures.js';
import { durationSamples, periodId, type Period } from '../../domain/statistics/report.js';
import { countCaseDurations, countDecisionDurations } from '../../db/repositories/statistics.repository.js';
import { listStatisticsPeriods, periodRange } from '../statistics/get-statistics-report.js';
import type { ServiceContext } from '../context.js';

export type MeasureResult = { kind: MeasureDefinition['kind']; label: string; target: number | null; quarters: QuarterFigure[] };

/** How many quarters the scorecard shows a live measure for. */
export const MEASURE_QUARTERS = 4;

/** The quarters a live measure is shown for: the last MEASURE_QUARTERS ended quarters the statistics publish, oldest first. */
export async function measureQuarters(ctx: ServiceContext): Promise<Period[]> {
  return (await listStatisticsPeriods({ ctx })).quarters.slice(0, MEASURE_QUARTERS).reverse();
}

/**
 * A live measure over the last ended quarters that the statistics publish
 * (oldest first), from the same counts as the statistics and suppressed by
 * the same rule (see measures.ts). A quarter still running is not shown: its
 * figure would change with each case, and one day's change would tell about
 * one case.
 */
export async function computeMeasure(options: { ctx: ServiceContext; definition: MeasureDefinition; target: number | null; quarters?: Period[] }): Promise<MeasureResult> {
  const { ctx, definition, target } = options;
  const quarters = options.quarters ?? (await measureQuarters(ctx));
  const threshold = ctx.config.organisation.transparency.suppressBelow;
  const timing = { timeZone: ctx.config.organisation.organisation.timeZone, calendar: ctx.calendar };
  const figures: QuarterFigure[] = [];
  for (const quarter of quarters) {
    const range = periodRange(ctx, quarter);
    const figure = { quarter: periodId(quarter), target, threshold };
    if (definition.kind === 'share_closed_within_months') {
      const samples = durationSamples(await countCaseDurations(ctx.db, range, 'closed_at'), { ...timing, limit: { kind: 'months', months: definition.months } });
      figures.push(publishShare({ ...figure, samples }));
    } else {
      const samples = durationSamples(await countDecisionDurations(ctx.db, range), { ...timing, limit: { kind: 'working_days', days: target ?? 0 } });
      figures.push(publishMedian({ ...figure, samples }));
    }
  }
  return { kind: definition.kind, label: describeMeasure(definition), target, quarters: figures };
}
