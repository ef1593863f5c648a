import { toLocalDate } from '../../domain/calendar/local-date.js';
import { workingDaysBetween } from '../../domain/calendar/working-days.js';
import { describeMeasure, publishMedian, publishQuarter, quarterOf, quarterRange, recentQuarters, type MeasureDefinition, type QuarterFigure } from '../../domain/commitments/measures.js';
import { listFirstDecisions, tallyClosedWithinMonths } from '../../db/repositories/commitment.repository.js';
import { nowIso, type ServiceContext } from '../context.js';

export type MeasureResult = { kind: MeasureDefinition['kind']; label: string; target: number | null; quarters: QuarterFigure[] };

/** How many quarters the scorecard shows a live measure for. */
export const MEASURE_QUARTERS = 4;

/**
 * A live measure over the last quarters (the current one included, so far),
 * from one aggregate query over the case data; small numbers suppressed.
 */
export async function computeMeasure(options: { ctx: ServiceContext; definition: MeasureDefinition; target: number | null; quarters?: string[] }): Promise<MeasureResult> {
  const { ctx, definition } = options;
  const quarters = options.quarters ?? recentQuarters(nowIso(ctx), MEASURE_QUARTERS);
  const from = quarterRange(quarters[0]!).from;
  const to = quarterRange(quarters[quarters.length - 1]!).to;
  const result = { kind: definition.kind, label: describeMeasure(definition), target: options.target };
  if (definition.kind === 'share_closed_within_months') {
    const rows = await tallyClosedWithinMonths(ctx.db, { from, to, months: definition.months });
    const byQuarter = new Map(rows.map((row) => [`${row.year}-Q${row.quarter}`, row]));
    return {
      ...result,
      quarters: quarters.map((quarter) => {
        const row = byQuarter.get(quarter);
        return publishQuarter({ quarter, closed: row?.closed ?? 0, within: row?.within ?? 0 }, options.target);
      }),
    };
  }
  const zone = ctx.config.organisation.organisation.timeZone;
  const days = new Map<string, number[]>();
  for (const row of await listFirstDecisions(ctx.db, { from, to })) {
    const quarter = quarterOf(row.decided_at);
    days.set(quarter, [...(days.get(quarter) ?? []), workingDaysBetween(toLocalDate(new Date(row.received_at), zone), toLocalDate(new Date(row.decided_at), zone), ctx.calendar)]);
  }
  return { ...result, quarters: quarters.map((quarter) => publishMedian(quarter, days.get(quarter) ?? [], options.target)) };
}
