import { OUTCOME_LABELS } from '../../domain/complaint/complaint.js';
import { shownCount, type ShownCount } from '../../domain/oversight/small-numbers.js';
import { countClosedCasesByOutcome, countOpenCasesByStage, countReceived } from '../../db/repositories/statistics.repository.js';
import { assertPermission } from '../cases/case-access.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';

export type AggregateStatistics = {
  year: number;
  openByStage: { label: string; count: ShownCount }[];
  receivedThisYear: ShownCount;
  closedThisYearByOutcome: { label: string; count: ShownCount }[];
};

/**
 * What leadership may see: aggregate figures only, never a case, a
 * reference or a name, with small numbers hidden.
 */
export async function getAggregateStatistics(options: { ctx: ServiceContext; staff: Staff }): Promise<AggregateStatistics> {
  const { ctx, staff } = options;
  assertPermission(staff, 'statistics.read', 'read the statistics');
  const threshold = ctx.config.organisation.transparency.suppressBelow;
  const year = ctx.clock.now().getUTCFullYear();
  const range = { from: `${year}-01-01T00:00:00.000Z`, to: `${year + 1}-01-01T00:00:00.000Z` };
  const [byStage, received, byOutcome] = await Promise.all([countOpenCasesByStage(ctx.db), countReceived(ctx.db, range), countClosedCasesByOutcome(ctx.db, range)]);
  const stageCount = new Map(byStage.map((tally) => [tally.key, tally.count]));
  return {
    year,
    openByStage: ctx.workflow.stages.filter((stage) => stage.id !== 'closed').map((stage) => ({ label: stage.label, count: shownCount(stageCount.get(stage.id) ?? 0, threshold) })),
    receivedThisYear: shownCount(received, threshold),
    closedThisYearByOutcome: byOutcome.map((tally) => ({ label: OUTCOME_LABELS[tally.key] ?? tally.key, count: shownCount(tally.count, threshold) })),
  };
}
