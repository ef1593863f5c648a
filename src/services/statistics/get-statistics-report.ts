import { addCalendarDays, addCalendarMonths, toLocalDate, type LocalDate } from '../../domain/calendar/local-date.js';
import { CHANNEL_LABELS, CHANNELS, COMPLAINANT_RELATIONS, OUTCOME_LABELS, RELATION_LABELS } from '../../domain/complaint/complaint.js';
import { FINDING_LABELS, FINDINGS } from '../../domain/due-process/decision.js';
import { DomainError } from '../../domain/errors.js';
import { quarterLabel, SURVEY_ROLE_LABELS } from '../../domain/oversight/confidence.js';
import { suppressAsUnionOf } from '../../domain/statistics/linked-suppression.js';
import {
  addPeriodCounts,
  ageingMarks,
  durationSamples,
  hiddenInQuarter,
  isPublishable,
  periodDates,
  periodId,
  previousQuarter,
  publishedPeriods,
  startOfLocalDay,
  statisticsReport,
  type ConfidenceQuarter,
  type Period,
  type PeriodCounts,
  type StatisticsReport,
  type Vocabulary,
} from '../../domain/statistics/report.js';
import {
  countAppeals,
  countCaseDurations,
  countClosedByOutcomeAndReason,
  countDecisionDurations,
  countFindingsByClause,
  countOpenCasesByAge,
  countPanelDecisionsBySanction,
  countReceivedBy,
  countReceivedByClause,
  countReceivedInRanges,
  firstReceivedAt,
  type Range,
} from '../../db/repositories/statistics.repository.js';
import { today } from '../cases/case-clock.js';
import { APPEAL_OUTCOMES } from '../due-process/appeals.js';
import { loadConfidenceResults } from '../oversight/get-confidence-results.js';
import type { ServiceContext } from '../context.js';

/** The stages a complaint passes through before a panel decides it; their limits add up to the published time to a decision. */
const STAGES_TO_DECISION = ['received', 'triage', 'investigation', 'decision'] as const;

type Ctx = Pick<ServiceContext, 'config' | 'clock' | 'db'>;

/** The instants a period starts and ends, in the organisation's time zone. */
export function periodRange(ctx: Ctx, period: Period): Range {
  const zone = ctx.config.organisation.organisation.timeZone;
  const dates = periodDates(period);
  return { from: startOfLocalDay(dates.from, zone).toISOString(), to: startOfLocalDay(dates.to, zone).toISOString() };
}

/** The first published day: the configured one, or the day the first complaint was received. */
async function firstPublishedDay(ctx: Ctx): Promise<LocalDate | null> {
  const configured = ctx.config.organisation.transparency.publishFrom;
  if (configured) return configured;
  const first = await firstReceivedAt(ctx.db);
  return first === null ? null : toLocalDate(new Date(first), ctx.config.organisation.organisation.timeZone);
}

/** Every quarter and year that may be published, newest first, and the default (the latest full quarter). */
export async function listStatisticsPeriods(options: { ctx: Ctx }): Promise<{ quarters: Period[]; years: Period[]; latest: Period | null }> {
  const periods = publishedPeriods({ firstDay: await firstPublishedDay(options.ctx), today: today(options.ctx) });
  return { ...periods, latest: periods.quarters[0] ?? null };
}

/** The counts of one quarter: everything in the report that adds up over a year. */
async function countQuarter(ctx: ServiceContext, quarter: Period): Promise<PeriodCounts> {
  const range = periodRange(ctx, quarter);
  const org = ctx.config.organisation;
  const [byChannel, byRelation, byClause, closed, findings, decisionsBySanction, appeals, acknowledgement, closure, decision] = await Promise.all([
    countReceivedBy(ctx.db, range, 'channel'),
    countReceivedBy(ctx.db, range, 'complainant_relation'),
    countReceivedByClause(ctx.db, range),
    countClosedByOutcomeAndReason(ctx.db, range),
    countFindingsByClause(ctx.db, range),
    countPanelDecisionsBySanction(ctx.db, range),
    countAppeals(ctx.db, range),
    countCaseDurations(ctx.db, range, 'acknowledged_at'),
    countCaseDurations(ctx.db, range, 'closed_at'),
    countDecisionDurations(ctx.db, range),
  ]);
  const stages = org.timetable.stages;
  const decisionLimit = STAGES_TO_DECISION.reduce((sum, stage) => sum + stages[stage], 0);
  const durationOptions = { timeZone: org.organisation.timeZone, calendar: ctx.calendar };
  return {
    received: { byChannel, byRelation, byClause },
    closed,
    findings,
    decisionsBySanction,
    appeals,
    durations: {
      acknowledgement: { limitWorkingDays: stages.received, samples: durationSamples(acknowledgement, { ...durationOptions, limit: { kind: 'working_days', days: stages.received } }) },
      decision: { limitWorkingDays: decisionLimit, samples: durationSamples(decision, { ...durationOptions, limit: { kind: 'working_days', days: decisionLimit } }) },
      closure: { limitMonths: org.timetable.overallTargetMonths, samples: durationSamples(closure, { ...durationOptions, limit: { kind: 'months', months: org.timetable.overallTargetMonths } }) },
    },
  };
}

function vocabularyOf(ctx: ServiceContext): Vocabulary {
  const org = ctx.config.organisation;
  return {
    channels: CHANNELS.map((id) => ({ id, label: CHANNEL_LABELS[id] })),
    relations: COMPLAINANT_RELATIONS.map((id) => ({ id, label: RELATION_LABELS[id] })),
    closureReasons: org.closureReasons,
    outcomes: OUTCOME_LABELS,
    findings: FINDINGS.map((id) => ({ id, label: FINDING_LABELS[id] })),
    sanctions: org.sanctions.map((sanction) => ({ id: sanction.id, label: sanction.label, membershipEffect: sanction.membershipEffect })),
    appealOutcomes: Object.entries(APPEAL_OUTCOMES).map(([id, label]) => ({ id, label })),
    clauseLabel: (packId, clauseId) => {
      const pack = ctx.packs.inForce.find((candidate) => candidate.id === packId);
      const clause = pack?.clauses.find((candidate) => candidate.id === clauseId);
      return pack && clause ? `${pack.title}: ${clause.title}` : `${packId}, clause ${clauseId}`;
    },
  };
}

const quartersOf = (year: number): Period[] => ([1, 2, 3, 4] as const).map((quarter) => ({ kind: 'quarter', year, quarter }));

/**
 * The public statistics for a quarter or a year (see statisticsReport for
 * what is counted and suppressed). Public: no staff. A period that has not
 * ended, or ends before anything is published, is not found.
 *
 * A year is counted quarter by quarter: its counts are the quarters' added
 * up, and each quarter's hidden cells are hidden in the year too (a quarter
 * before the first published one included: the year must not give it away
 * either).
 */
export async function getStatisticsReport(options: { ctx: ServiceContext; period: Period }): Promise<StatisticsReport> {
  const { ctx, period } = options;
  const org = ctx.config.organisation;
  const zone = org.organisation.timeZone;
  const firstDay = await firstPublishedDay(ctx);
  if (!isPublishable(period, { firstDay, today: today(ctx) })) {
    throw new DomainError('not_found', `No statistics are published for ${periodId(period)}: the period has not ended yet, or comes before the first published figures.`, [
      { field: 'period', message: `${periodId(period)} is not a published period.` },
    ]);
  }
  const dates = periodDates(period);
  const threshold = org.transparency.suppressBelow;
  const vocabulary = vocabularyOf(ctx);
  const isShown = (quarter: Period) => firstDay !== null && periodDates(quarter).to > firstDay;

  const marks = ageingMarks(org.timetable.overallTargetMonths);
  const ageBounds = marks.filter((mark) => mark.toMonths !== null).map((mark) => startOfLocalDay(addCalendarMonths(dates.to, -mark.toMonths!), zone).toISOString());
  const [ageing, confidence] = await Promise.all([countOpenCasesByAge(ctx.db, periodRange(ctx, period).to, ageBounds), loadConfidenceResults(ctx)]);

  // The survey's quarters inside the period, without the comments (free text is not published).
  const inPeriod = (quarter: string) => {
    const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
    return match !== null && Number(match[1]) === period.year && (period.kind === 'year' || Number(match[2]) === period.quarter);
  };
  const confidenceQuarters: ConfidenceQuarter[] = confidence.quarters
    .filter((quarter) => inPeriod(quarter.quarter))
    .map((quarter) => ({
      quarter: quarter.quarter,
      label: quarterLabel(quarter.quarter),
      roles: quarter.cells.map((cell) =>
        cell.suppressed
          ? { role: cell.role, label: SURVEY_ROLE_LABELS[cell.role], suppressed: true as const }
          : {
              role: cell.role,
              label: SURVEY_ROLE_LABELS[cell.role],
              suppressed: false as const,
              responses: cell.responses,
              questions: cell.questions.map((question) => ({ statement: question.statement, mean: question.mean, agreeingPercent: question.agreeingPercent })),
            },
      ),
    }));

  const common = {
    organisation: org.organisation.name,
    period,
    generatedAt: ctx.clock.now().toISOString(),
    threshold,
    vocabulary,
    ageing: { asOf: addCalendarDays(dates.to, -1), buckets: marks.map((mark, index) => ({ id: mark.id, label: mark.label, count: ageing[index] ?? 0 })) },
    confidence: confidenceQuarters,
  };

  if (period.kind === 'year') {
    const quarters = quartersOf(period.year);
    // Together: on PostgreSQL the quarters' queries run side by side on the pool's connections.
    const counts = await Promise.all(quarters.map((quarter) => countQuarter(ctx, quarter)));
    const receivedIn = (part: PeriodCounts) => part.received.byChannel.reduce((sum, tally) => sum + tally.count, 0);
    return statisticsReport(
      {
        ...common,
        counts: addPeriodCounts(counts),
        // The chart's quarters: the year's four, from the first published.
        receivedByQuarter: quarters.map((quarter, index) => ({ period: quarter, count: receivedIn(counts[index]!) })).filter((entry) => isShown(entry.period)),
      },
      suppressAsUnionOf(counts.map((part) => hiddenInQuarter(part, vocabulary, threshold))),
    );
  }

  // The chart's quarters: the eight up to this one, from the first published.
  const chartQuarters: Period[] = [];
  for (let quarter = period, index = 0; index < 8; index += 1, quarter = previousQuarter(quarter)) if (isShown(quarter)) chartQuarters.unshift(quarter);
  const [counts, receivedByQuarter] = await Promise.all([
    countQuarter(ctx, period),
    countReceivedInRanges(
      ctx.db,
      chartQuarters.map((quarter) => periodRange(ctx, quarter)),
    ),
  ]);
  return statisticsReport({ ...common, counts, receivedByQuarter: chartQuarters.map((quarter, index) => ({ period: quarter, count: receivedByQuarter[index] ?? 0 })) });
}
