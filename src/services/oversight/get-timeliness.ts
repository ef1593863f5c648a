import type { LocalDate } from '../../domain/calendar/local-date.js';
import { actorName, isErasedPayload, type ActorRef, type CaseEventData } from '../../domain/case/case-event.js';
import type { ClockPolicy } from '../../domain/case/clock.js';
import { ageOpenCases, overdueVisits, stageVisits, summariseStages, type ClockHistory, type ClockNote, type OpenCaseAges, type StageTimeliness } from '../../domain/oversight/timeliness.js';
import { listAllClockEntries, listCaseManagerNames, listCaseTimings, listEventsOfTypes } from '../../db/repositories/oversight.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { clockPolicy, localDateOf, today, toClockEntry } from '../cases/case-clock.js';

export type OverdueCase = {
  reference: string;
  stage: string;
  dueOn: LocalDate;
  workingDaysLate: number;
  caseManager: string | null;
  pausedSince: LocalDate | null;
  /** The last pause, resumption or extension in the stage: why it is late, as far as the record says. */
  latest: ClockNote | null;
};

export type ClockChange = {
  at: string;
  reference: string;
  /** Null when the event's payload was erased under a retention rule. */
  stage: string | null;
  kind: 'paused' | 'resumed' | 'extended';
  workingDays: number | null;
  dueOnBefore: LocalDate | null;
  dueOnAfter: LocalDate | null;
  reason: string | null;
  erasedUnderRule: string | null;
  by: string;
};

export type Timeliness = {
  today: LocalDate;
  stages: StageTimeliness[];
  ages: OpenCaseAges;
  overdue: OverdueCase[];
  clockChanges: ClockChange[];
};

const CLOCK_EVENTS = { clock_paused: 'paused', clock_resumed: 'resumed', deadline_extended: 'extended' } as const;
type ClockEventType = keyof typeof CLOCK_EVENTS;

/**
 * The overseer's timeliness figures: each stage against its limit, the age
 * of the open cases, the cases late now with the last reason recorded on
 * their clock, and every pause and extension with who made it and why.
 * Parties' identities never appear here, so `masked` changes nothing.
 */
export async function getTimeliness(options: { ctx: ServiceContext; staff: Staff; masked?: boolean }): Promise<Timeliness> {
  const { ctx } = options;
  assertPermission(options.staff, 'oversight.read', 'read the overseer’s desk');
  const [cases, entries, managers, events] = await Promise.all([
    listCaseTimings(ctx.db),
    listAllClockEntries(ctx.db),
    listCaseManagerNames(ctx.db),
    listEventsOfTypes(ctx.db, Object.keys(CLOCK_EVENTS)),
  ]);
  const stageOf = (id: string) => ctx.workflow.stages.find((stage) => stage.id === id);
  // A stage no longer in the workflow (a configuration changed since) has no limit to be late against.
  const policy: ClockPolicy = { ...clockPolicy(ctx), stageLimit: (stage) => stageOf(stage)?.limitWorkingDays ?? null };
  const now = today(ctx);

  const entriesOf = new Map<string, ClockHistory['entries']>();
  for (const row of entries) {
    const list = entriesOf.get(row.case_id) ?? [];
    list.push(toClockEntry(row));
    entriesOf.set(row.case_id, list);
  }
  const histories: ClockHistory[] = cases
    .filter((row) => entriesOf.has(row.id))
    .map((row) => ({ caseId: row.id, reference: row.reference, closedOn: row.closed_at ? localDateOf(ctx, row.closed_at) : null, entries: entriesOf.get(row.id)! }));
  const visits = histories.flatMap((history) => stageVisits(history, policy, now));
  const managerOf = new Map(managers.map((row) => [row.case_id, row.display_name]));

  return {
    today: now,
    stages: summariseStages(visits, ctx.workflow.stages),
    ages: ageOpenCases(histories, policy, now),
    overdue: overdueVisits(visits).map((visit) => ({
      reference: visit.reference,
      stage: stageOf(visit.stage)?.label ?? visit.stage,
      dueOn: visit.dueOn,
      workingDaysLate: visit.workingDaysLate,
      caseManager: managerOf.get(visit.caseId) ?? null,
      pausedSince: visit.pausedSince,
      latest: visit.latestNote,
    })),
    clockChanges: events.map((event) => {
      const data = JSON.parse(event.data) as unknown;
      const erased = isErasedPayload(data) ? data.erasedUnderRule : null;
      const payload = (erased === null ? data : {}) as Partial<Extract<CaseEventData, { type: ClockEventType }>> & { workingDays?: number; dueOnBefore?: string | null; dueOnAfter?: string | null };
      return {
        at: event.occurred_at,
        reference: event.reference,
        stage: payload.stage ? (stageOf(payload.stage)?.label ?? payload.stage) : null,
        kind: CLOCK_EVENTS[event.type as ClockEventType],
        workingDays: payload.workingDays ?? null,
        dueOnBefore: payload.dueOnBefore ?? null,
        dueOnAfter: payload.dueOnAfter ?? null,
        reason: payload.reason ?? null,
        erasedUnderRule: erased,
        by: actorName(JSON.parse(event.actor) as ActorRef),
      };
    }),
  };
}
