import { addCalendarDays, compareLocalDates, type LocalDate } from '../../domain/calendar/local-date.js';
import { describeRetentionPolicy } from '../../domain/data-protection/retention.js';
import { listRetentionRuns } from '../../db/repositories/retention.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';
import { listCasesUnderRetention, retentionPolicyOf } from './run-retention.js';

export const DUE_SOON_DAYS = 90;
const RUNS_SHOWN = 50;

export type RetentionRunView = {
  id: string;
  ranAt: string;
  actor: string;
  dryRun: boolean;
  casesErased: number;
  payloadsErased: number;
  filesRemoved: number;
  references: string[];
};

export type RetentionOverview = {
  enabled: boolean;
  /** The schedule in words, one rule a line. */
  schedule: string[];
  /** Closed cases falling due within DUE_SOON_DAYS (or already due and not yet erased): references and dates only. */
  dueSoon: { reference: string; closedOn: LocalDate; dueOn: LocalDate; dueNow: boolean }[];
  keptIndefinitely: number;
  runs: RetentionRunView[];
};

/** What the data protection officer's page shows of the retention schedule. */
export async function getRetentionOverview(options: { ctx: ServiceContext; staff: Staff }): Promise<RetentionOverview> {
  const { ctx } = options;
  assertPermission(options.staff, 'data_protection.manage', 'see the retention schedule');
  const sanctions = ctx.config.organisation.sanctions;
  const day = today(ctx);
  const horizon = addCalendarDays(day, DUE_SOON_DAYS);
  const cases = await listCasesUnderRetention(ctx, ctx.db);
  const runs = await listRetentionRuns(ctx.db, RUNS_SHOWN);
  return {
    enabled: ctx.config.organisation.retention.enabled,
    schedule: describeRetentionPolicy(retentionPolicyOf(ctx), (id) => sanctions.find((sanction) => sanction.id === id)?.label ?? `${id} (not in the catalogue)`),
    dueSoon: cases.flatMap((entry) =>
      entry.dueOn !== null && compareLocalDates(entry.dueOn, horizon) <= 0
        ? [{ reference: entry.reference, closedOn: entry.closedOn, dueOn: entry.dueOn, dueNow: compareLocalDates(entry.dueOn, day) <= 0 }]
        : [],
    ),
    keptIndefinitely: cases.filter((entry) => entry.dueOn === null).length,
    runs: runs.map((run) => ({
      id: run.id,
      ranAt: run.ran_at,
      actor: run.actor,
      dryRun: run.dry_run === 1,
      casesErased: run.cases_erased,
      payloadsErased: run.payloads_erased,
      filesRemoved: run.files_removed,
      references: JSON.parse(run.case_references) as string[],
    })),
  };
}
