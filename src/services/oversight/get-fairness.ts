import { compareLocalDates, type LocalDate } from '../../domain/calendar/local-date.js';
import { actorName, isErasedPayload, type ActorRef } from '../../domain/case/case-event.js';
import type { InterestKind, PoolRole } from '../../domain/due-process/panel.js';
import {
  INDEPENDENT_BARRED_AT_DRAW,
  classifyScreeningReason,
  clauseConsistency,
  countByCategory,
  maskScreeningReason,
  seatConflicts,
  type ClauseConsistency,
  type HeldInterest,
} from '../../domain/oversight/fairness.js';
import { partyLabel } from '../../domain/oversight/masking.js';
import {
  listAllAppeals,
  listAllSeats,
  listClauseFindings,
  listEventsOfTypes,
  listFirstDecisionByPanel,
  listScreeningExclusions,
  type SeatOnCase,
} from '../../db/repositories/oversight.repository.js';
import { listInterests } from '../../db/repositories/panel-pool.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { localDateOf, today } from '../cases/case-clock.js';
import { APPEAL_GROUNDS, APPEAL_OUTCOMES, type AppealGround, type AppealOutcome } from '../due-process/appeals.js';
import { clauseLabel } from '../due-process/clause-label.js';
import { touchPointsOf } from '../due-process/convene-panel.js';
import { handsOnCase } from '../due-process/involvement.js';
import { findCasesByIds } from '../../db/repositories/case.repository.js';

export type SeatWithConflict = { reference: string; purpose: string; member: string; seat: string; poolRole: string; seatedAt: string; until: LocalDate; reasons: string[] };

export type Fairness = {
  /** Every seat held (not recused) re-screened over the time it was held. */
  conflicts: { seatsChecked: number; panelsChecked: number; seats: SeatWithConflict[] };
  recusals: { reference: string; purpose: string; member: string; reason: string; at: string }[];
  exclusions: {
    byReason: { label: string; count: number }[];
    /** One row per person kept off (or barred from the independent seats of) one draw. */
    rows: { reference: string; purpose: string; drawnAt: string; member: string; eligible: boolean; reasons: { label: string; text: string }[] }[];
  };
  /** Independent reviews; `erased` counts those whose record was erased under a retention rule, so whether they vetoed is no longer known. */
  reviews: { total: number; vetoes: { reference: string; at: string; reviewer: string; reasons: string }[]; erased: number };
  appeals: {
    lodged: number;
    pending: number;
    decided: number;
    byOutcome: { outcome: AppealOutcome; label: string; count: number }[];
    rows: { reference: string; lodgedAt: string; decidedAt: string | null; appellant: string; grounds: string[]; outcome: string | null }[];
  };
  clauses: (ClauseConsistency & { label: string })[];
  outsideRange: { reference: string; respondent: string; decidedAt: string; clauses: string[]; sanction: string; status: string; justification: string | null }[];
};

/** The last day a seat's work went on: the panel's first decision, its dissolution, or today while it still sits. */
function seatUntil(ctx: ServiceContext, seat: SeatOnCase, firstDecision: Map<string, string>): LocalDate {
  const ends = [firstDecision.get(seat.panel_id), seat.dissolved_at].filter((at): at is string => typeof at === 'string').map((at) => localDateOf(ctx, at));
  return ends.sort(compareLocalDates)[0] ?? today(ctx);
}

async function checkSeats(ctx: ServiceContext, seats: SeatOnCase[], masked: boolean): Promise<Fairness['conflicts']> {
  const held = seats.filter((seat) => seat.recused_at === null);
  const caseIds = [...new Set(held.map((seat) => seat.case_id))];
  const [cases, interests, firstDecision] = await Promise.all([findCasesByIds(ctx.db, caseIds), listInterests(ctx.db, [...new Set(held.map((seat) => seat.user_id))]), listFirstDecisionByPanel(ctx.db)]);
  const perCase = new Map(
    await Promise.all(cases.map(async (caseRow) => [caseRow.id, { touchPoints: await touchPointsOf(ctx.db, caseRow), hands: await handsOnCase(ctx.db, caseRow) }] as const)),
  );
  const interestsOf = (userId: string): HeldInterest[] =>
    interests
      .filter((interest) => interest.user_id === userId)
      .map((interest) => ({ kind: interest.kind as InterestKind, value: interest.value, endedOn: interest.ended_on, declaredOn: interest.declared_on }));
  const conflicted: SeatWithConflict[] = [];
  for (const seat of held) {
    const facts = perCase.get(seat.case_id)!;
    // A seat on an earlier panel of the same case (or one given up earlier) is involvement, as the draw counts it.
    const satBefore = seats.some((other) => other.case_id === seat.case_id && other.user_id === seat.user_id && other.seat_id !== seat.seat_id && other.seated_at < seat.seated_at);
    const until = seatUntil(ctx, seat, firstDecision);
    const reasons = seatConflicts({
      userId: seat.user_id,
      poolRole: seat.pool_role as PoolRole,
      seatedOn: localDateOf(ctx, seat.seated_at),
      until,
      interests: interestsOf(seat.user_id),
      touchPoints: facts.touchPoints,
      involved: facts.hands.has(seat.user_id) || satBefore,
      coolingOffYears: ctx.config.organisation.dueProcess.panel.independentCoolingOffYears,
    });
    if (reasons.length === 0) continue;
    conflicted.push({
      reference: seat.reference,
      purpose: seat.purpose,
      member: seat.display_name,
      seat: seat.seat,
      poolRole: seat.pool_role,
      seatedAt: seat.seated_at,
      until,
      reasons: reasons.map((reason) => maskScreeningReason(reason, masked)),
    });
  }
  return { seatsChecked: held.length, panelsChecked: new Set(held.map((seat) => seat.panel_id)).size, seats: conflicted };
}

/**
 * The overseer's fairness figures: whether any panel member sat with a known
 * conflict, recusals, the exclusions at draws, vetoes, appeals by outcome and
 * sanction consistency per clause. With `masked` (the default) no party's
 * name or membership number appears, not even inside a recorded reason.
 */
export async function getFairness(options: { ctx: ServiceContext; staff: Staff; masked?: boolean }): Promise<Fairness> {
  const { ctx } = options;
  const masked = options.masked ?? true;
  assertPermission(options.staff, 'oversight.read', 'read the overseer’s desk');
  const [seats, screenings, reviews, appeals, findings] = await Promise.all([
    listAllSeats(ctx.db),
    listScreeningExclusions(ctx.db),
    listEventsOfTypes(ctx.db, ['decision_reviewed']),
    listAllAppeals(ctx.db),
    listClauseFindings(ctx.db),
  ]);

  const exclusionRows = screenings.map((row) => {
    const recorded = [...new Set(JSON.parse(row.reasons) as string[])];
    const reasons = row.independent_barred === 1 ? [...recorded, INDEPENDENT_BARRED_AT_DRAW] : recorded;
    return { row, reasons };
  });

  const reviewed = reviews.map((event) => {
    const data = JSON.parse(event.data) as unknown;
    const erased = isErasedPayload(data) ? data.erasedUnderRule : null;
    return { event, erased, payload: erased === null ? (data as { confirmed: boolean; reasons: string }) : null };
  });

  const decidedAppeals = appeals.filter((appeal) => appeal.outcome !== null);
  const sanctions = ctx.config.organisation.sanctions;
  const clauseKeyOf = (row: { pack_id: string; clause_id: string }) => `${row.pack_id}#${row.clause_id}`;
  const labelOf = new Map(findings.map((row) => [clauseKeyOf(row), clauseLabel(ctx, row)]));
  const sanctionText = (id: string, months: number | null) => `${sanctions.find((sanction) => sanction.id === id)?.label ?? id}${months ? ` (${months} months)` : ''}`;
  const outside = [...new Map(findings.filter((row) => row.outside_usual_range === 1).map((row) => [row.decision_id, row])).values()];

  return {
    conflicts: await checkSeats(ctx, seats, masked),
    recusals: seats
      .filter((seat) => seat.recused_at !== null)
      .map((seat) => ({ reference: seat.reference, purpose: seat.purpose, member: seat.display_name, reason: seat.recusal_reason ?? '', at: seat.recused_at! }))
      .sort((a, b) => (a.at < b.at ? 1 : -1)),
    exclusions: {
      byReason: countByCategory(exclusionRows.map(({ reasons }) => reasons)).map(({ label, count }) => ({ label, count })),
      rows: exclusionRows.map(({ row, reasons }) => ({
        reference: row.reference,
        purpose: row.purpose,
        drawnAt: row.drawn_at,
        member: row.display_name,
        eligible: row.eligible === 1,
        reasons: reasons.map((reason) => ({ label: classifyScreeningReason(reason).label, text: maskScreeningReason(reason, masked) })),
      })),
    },
    reviews: {
      total: reviewed.length,
      vetoes: reviewed
        .filter(({ payload }) => payload?.confirmed === false)
        .map(({ event, payload }) => ({ reference: event.reference, at: event.occurred_at, reviewer: actorName(JSON.parse(event.actor) as ActorRef), reasons: payload!.reasons })),
      erased: reviewed.filter(({ erased }) => erased !== null).length,
    },
    appeals: {
      lodged: appeals.length,
      pending: appeals.length - decidedAppeals.length,
      decided: decidedAppeals.length,
      byOutcome: (Object.keys(APPEAL_OUTCOMES) as AppealOutcome[]).map((outcome) => ({
        outcome,
        label: APPEAL_OUTCOMES[outcome],
        count: decidedAppeals.filter((appeal) => appeal.outcome === outcome).length,
      })),
      rows: appeals.map((appeal) => ({
        reference: appeal.reference,
        lodgedAt: appeal.lodged_at,
        decidedAt: appeal.decided_at,
        appellant: appeal.appellant_role === 'respondent' ? 'Respondent' : 'Complainant',
        grounds: (JSON.parse(appeal.grounds) as AppealGround[]).map((ground) => APPEAL_GROUNDS[ground] ?? ground),
        outcome: appeal.outcome ? (APPEAL_OUTCOMES[appeal.outcome as AppealOutcome] ?? appeal.outcome) : null,
      })),
    },
    clauses: clauseConsistency(
      findings.map((row) => ({
        decisionId: row.decision_id,
        clauseKey: clauseKeyOf(row),
        finding: row.finding,
        sanctionId: row.sanction_id,
        status: row.status,
        outsideUsualRange: row.outside_usual_range === 1,
      })),
      sanctions,
      ctx.config.organisation.dueProcess.minPrecedents,
    ).map((clause) => ({ ...clause, label: labelOf.get(clause.clauseKey) ?? clause.clauseKey })),
    outsideRange: outside.map((row) => ({
      reference: row.reference,
      respondent: partyLabel({ role: 'respondent', name: row.respondent_name, membershipNumber: row.respondent_membership_number }, masked),
      decidedAt: row.decided_at,
      clauses: [...new Set(findings.filter((finding) => finding.decision_id === row.decision_id).map((finding) => labelOf.get(clauseKeyOf(finding))!))],
      sanction: sanctionText(row.sanction_id, row.sanction_months),
      status: row.status,
      justification: row.justification,
    })),
  };
}
