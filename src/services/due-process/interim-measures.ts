import { hasPermission } from '../../domain/access.js';
import { addCalendarDays } from '../../domain/calendar/local-date.js';
import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import {
  MIN_INTERIM_REASONS,
  REVIEW_OUTCOMES,
  checkInterimMeasure,
  chooseNextReview,
  hasLapsed,
  interimEndsOn,
  isReviewOverdue,
  nextReviewDue,
  statusOn,
  type InterimEffect,
  type InterimMeasureInput,
  type InterimPolicy,
  type InterimStatus,
  type ReviewOutcome,
} from '../../domain/due-process/interim-measures.js';
import { listParties } from '../../db/repositories/case-party.repository.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import {
  findInterimMeasuresForPerson,
  findMeasureInForce,
  insertInterimMeasure,
  insertInterimMeasureReview,
  listCaseIdsWithMeasuresToLapse,
  listInterimMeasureReviews,
  listInterimMeasures,
  listMeasuresReviewDue,
  updateInterimMeasure,
  type InterimMeasureRow,
  type ReviewWithReviewer,
} from '../../db/repositories/interim-measure.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { personQuery } from './sanctions-register.js';
import { accessScope, assertCanReadCase, assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';
import { changeCase, runCaseChange, type CaseChange } from '../cases/change-case.js';
import { tellRespondent } from './hearings.js';

function policyOf(ctx: ServiceContext): InterimPolicy {
  return ctx.config.organisation.dueProcess.interimMeasures;
}

const effectsOf = (row: InterimMeasureRow): InterimEffect[] => JSON.parse(row.effects) as InterimEffect[];

/**
 * Ends a measure (lifted on review, or lapsed) inside the change: the row,
 * the event and the respondent's e-mail together.
 */
async function endMeasure(ctx: ServiceContext, change: CaseChange, measure: InterimMeasureRow, how: 'lifted' | 'lapsed', reason: string): Promise<void> {
  await updateInterimMeasure(change.trx, measure.id, { status: how, ended_at: ctx.clock.now().toISOString(), end_reason: reason });
  change.record({ type: 'interim_measure_ended', measureId: measure.id, how, reason });
  const reference = change.caseRow.reference;
  if (how === 'lifted') await tellRespondent(ctx, change, 'interim_measure_lifted', { reference, liftedOn: today(ctx), reason });
  else await tellRespondent(ctx, change, 'interim_measure_lapsed', { reference, reason });
}

const lapseReason = (measure: InterimMeasureRow, caseClosed: boolean): string =>
  caseClosed ? 'The case was closed, so the interim measure ended with it.' : `The measure reached its maximum length: its last day was ${measure.ends_on}.`;

/**
 * Imposes an interim measure on the respondent: chosen effects, written
 * reasons and a length within the maximum. Only while the case is open and
 * past intake, and only one at a time; the first review falls due after the
 * configured working days. The respondent is told, with the reasons.
 */
export async function imposeInterimMeasure(options: { ctx: ServiceContext; staff: Staff; caseId: string; measure: InterimMeasureInput }): Promise<{ measureId: string; reviewDueOn: string; endsOn: string }> {
  const { ctx } = options;
  const policy = policyOf(ctx);
  const checked = checkInterimMeasure(options.measure, policy);
  return changeCase({
    ...options,
    permission: 'cases.convene_panel',
    what: 'impose interim measures',
    change: async (change) => {
      const { trx, caseRow } = change;
      if (caseRow.closed_at) throw new DomainError('transition_not_allowed', 'The case is closed: an interim measure can be imposed only while a case is open.');
      if (caseRow.stage === 'received') throw new DomainError('transition_not_allowed', 'An interim measure can be imposed from triage on: start triage first.');
      const now = today(ctx);
      const existing = await findMeasureInForce(trx, caseRow.id);
      if (existing && !hasLapsed(existing, now)) {
        throw new DomainError('conflict', `An interim measure is already in force on this case (until ${existing.ends_on} at the latest); review it to continue or lift it.`);
      }
      // A measure past its last day that the sweep has not reached yet is recorded as lapsed first.
      if (existing) await endMeasure(ctx, change, existing, 'lapsed', lapseReason(existing, false));
      const respondent = (await listParties(trx, caseRow.id)).find((party) => party.role === 'respondent');
      const endsOn = interimEndsOn(now, checked.weeks);
      const reviewDueOn = nextReviewDue({ from: now, endsOn, reviewEveryWorkingDays: policy.reviewEveryWorkingDays, calendar: ctx.calendar });
      const measureId = ctx.random.uuid();
      await insertInterimMeasure(trx, {
        id: measureId,
        case_id: caseRow.id,
        person_name: respondent?.name ?? caseRow.respondent_name,
        membership_number: respondent?.membership_number ?? caseRow.respondent_membership_number,
        effects: JSON.stringify(checked.effects),
        reasons: checked.reasons,
        imposed_at: ctx.clock.now().toISOString(),
        imposed_by: options.staff.userId,
        starts_on: now,
        review_due_on: reviewDueOn,
        ends_on: endsOn,
        status: 'in_force',
        ended_at: null,
        end_reason: null,
      });
      change.record({ type: 'interim_measure_imposed', measureId, effects: checked.effects, reasons: checked.reasons, weeks: checked.weeks, startsOn: now, reviewDueOn, endsOn });
      await tellRespondent(ctx, change, 'interim_measure_imposed', {
        reference: caseRow.reference,
        startsOn: now,
        effects: checked.effects.map((effect) => effect.label),
        reasons: checked.reasons,
        reviewBy: reviewDueOn,
        endsOn,
      });
      return { measureId, reviewDueOn, endsOn };
    },
  });
}

export type InterimReviewInput = { outcome: string; reasons: string; nextReviewOn?: string | null | undefined };

/**
 * Reviews the measure in force: it continues, with its next review date
 * (by default the configured working days on, never past its last day), or
 * it is lifted. Either way with written reasons, and the respondent is told.
 */
export async function reviewInterimMeasure(options: { ctx: ServiceContext; staff: Staff; caseId: string; review: InterimReviewInput }): Promise<{ outcome: ReviewOutcome; nextReviewDueOn: string | null }> {
  const { ctx, review } = options;
  const reasons = review.reasons.trim();
  const issues: FieldIssue[] = [];
  if (!(review.outcome in REVIEW_OUTCOMES)) issues.push({ field: 'outcome', message: 'Choose whether the measure continues or is lifted.' });
  if (reasons.length < MIN_INTERIM_REASONS) issues.push({ field: 'reasons', message: `Give the reasons for the review in at least ${MIN_INTERIM_REASONS} characters.` });
  assertNoIssues(issues, 'The review needs correcting.');
  const outcome = review.outcome as ReviewOutcome;
  return changeCase({
    ...options,
    permission: 'cases.convene_panel',
    what: 'review interim measures',
    change: async (change) => {
      const { trx, caseRow } = change;
      const measure = await findMeasureInForce(trx, caseRow.id);
      if (!measure) throw new DomainError('conflict', 'No interim measure is in force on this case, so there is nothing to review.');
      if (caseRow.closed_at) throw new DomainError('transition_not_allowed', 'The case is closed, so its interim measure has ended.');
      const now = today(ctx);
      if (hasLapsed(measure, now)) throw new DomainError('rule_violated', `The measure reached its maximum length on ${measure.ends_on} and has lapsed; it can no longer be continued or lifted.`);
      const nextReviewDueOn =
        outcome === 'continued'
          ? chooseNextReview({
              requested: review.nextReviewOn ?? null,
              today: now,
              latest: nextReviewDue({ from: now, endsOn: measure.ends_on, reviewEveryWorkingDays: policyOf(ctx).reviewEveryWorkingDays, calendar: ctx.calendar }),
            })
          : null;
      await insertInterimMeasureReview(trx, {
        id: ctx.random.uuid(),
        measure_id: measure.id,
        reviewed_at: ctx.clock.now().toISOString(),
        reviewed_by: options.staff.userId,
        outcome,
        reasons,
        next_review_due_on: nextReviewDueOn,
      });
      change.record({ type: 'interim_measure_reviewed', measureId: measure.id, outcome, reasons, nextReviewDueOn });
      if (nextReviewDueOn === null) {
        await endMeasure(ctx, change, measure, 'lifted', reasons);
      } else {
        await updateInterimMeasure(trx, measure.id, { review_due_on: nextReviewDueOn });
        await tellRespondent(ctx, change, 'interim_measure_continued', { reference: caseRow.reference, reviewedOn: now, reasons, nextReviewBy: nextReviewDueOn, endsOn: measure.ends_on });
      }
      return { outcome, nextReviewDueOn };
    },
  });
}

/**
 * Marks as lapsed every measure past its maximum length, or on a case that
 * has closed, and tells the respondent. Run by the server on a timer; each
 * case in its own transaction, so running it again changes nothing.
 */
export async function lapseInterimMeasures(options: { ctx: ServiceContext }): Promise<{ lapsed: string[] }> {
  const { ctx } = options;
  const lapsed: string[] = [];
  for (const caseId of await listCaseIdsWithMeasuresToLapse(ctx.db, { today: today(ctx) })) {
    await runCaseChange({
      ctx,
      caseId,
      actor: { kind: 'system', process: 'interim measures' },
      authorise: async () => {},
      change: async (change) => {
        const measure = await findMeasureInForce(change.trx, caseId);
        const caseClosed = change.caseRow.closed_at !== null;
        if (!measure || !(caseClosed || hasLapsed(measure, today(ctx)))) return;
        await endMeasure(ctx, change, measure, 'lapsed', lapseReason(measure, caseClosed));
        lapsed.push(measure.id);
      },
    });
  }
  return { lapsed };
}

export type InterimMeasureView = {
  id: string;
  effects: InterimEffect[];
  reasons: string;
  imposedAt: string;
  imposedBy: string;
  startsOn: string;
  reviewDueOn: string;
  endsOn: string;
  /** As it stands today: past its last day, or on a closed case, it has lapsed even before the sweep marks it. */
  status: InterimStatus;
  reviewOverdue: boolean;
  endedAt: string | null;
  endReason: string | null;
  reviews: ReviewWithReviewer[];
};

export type InterimMeasuresView = {
  today: string;
  measures: InterimMeasureView[];
  policy: InterimPolicy;
  /** The viewer may impose a measure now. */
  mayImpose: boolean;
  /** The viewer may review the measure in force now. */
  mayReview: boolean;
  /** The latest next review a reviewer continuing the measure in force may set today; null with none in force. */
  latestNextReview: string | null;
};

/** The case's interim measures with their reviews, for its page; read by people who may open the case. */
export async function getInterimMeasures(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<InterimMeasuresView> {
  const { ctx, staff } = options;
  const caseRow = await findCaseById(ctx.db, options.caseId);
  if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
  await assertCanReadCase(ctx.db, ctx, staff, caseRow);
  const now = today(ctx);
  const caseClosed = caseRow.closed_at !== null;
  const rows = await listInterimMeasures(ctx.db, caseRow.id);
  const reviews = await listInterimMeasureReviews(ctx.db, rows.map((row) => row.id));
  const measures = rows.map((row) => ({
    id: row.id,
    effects: effectsOf(row),
    reasons: row.reasons,
    imposedAt: row.imposed_at,
    imposedBy: row.imposer_name,
    startsOn: row.starts_on,
    reviewDueOn: row.review_due_on,
    endsOn: row.ends_on,
    status: statusOn(row, now, { caseClosed }),
    reviewOverdue: isReviewOverdue(row, now, { caseClosed }),
    endedAt: row.ended_at,
    endReason: row.end_reason,
    reviews: reviews.filter((review) => review.measure_id === row.id),
  }));
  const manages = hasPermission(staff.roles, 'cases.convene_panel');
  const inForce = measures.find((measure) => measure.status === 'in_force');
  const policy = policyOf(ctx);
  return {
    today: now,
    measures,
    policy,
    mayImpose: manages && !caseClosed && caseRow.stage !== 'received' && !inForce,
    mayReview: manages && inForce !== undefined,
    latestNextReview: inForce ? nextReviewDue({ from: now, endsOn: inForce.endsOn, reviewEveryWorkingDays: policy.reviewEveryWorkingDays, calendar: ctx.calendar }) : null,
  };
}

export type InterimReviewDue = { measureId: string; caseId: string; caseReference: string; personName: string; reviewDueOn: string; endsOn: string; overdue: boolean };

/**
 * Measures in force whose review is overdue or falls due within the
 * dashboard's "due soon" window, on cases the viewer can read; only for
 * those who review them.
 */
export async function listInterimReviewsDue(options: { ctx: ServiceContext; staff: Staff; limit?: number }): Promise<InterimReviewDue[]> {
  const { ctx, staff } = options;
  if (!hasPermission(staff.roles, 'cases.convene_panel')) return [];
  const now = today(ctx);
  const dueBy = addWorkingDays(now, ctx.config.organisation.timetable.dueSoonWorkingDays, ctx.calendar);
  const rows = await listMeasuresReviewDue(ctx.db, { dueBefore: addCalendarDays(dueBy, 1), today: now, scope: accessScope(staff), limit: options.limit ?? 20 });
  return rows.map((row) => ({
    measureId: row.id,
    caseId: row.case_id,
    caseReference: row.case_reference,
    personName: row.person_name,
    reviewDueOn: row.review_due_on,
    endsOn: row.ends_on,
    overdue: isReviewOverdue(row, now),
  }));
}

export type InterimRegisterEntry = {
  personName: string;
  membershipNumber: string | null;
  effects: string[];
  startsOn: string;
  endsOn: string;
  status: InterimStatus;
  endedAt: string | null;
  caseReference: string;
};

/**
 * Interim measures recorded against a person, for the register membership
 * staff check: what is in force and what it stops the person doing, not why.
 */
export async function searchInterimMeasuresRegister(options: { ctx: ServiceContext; staff: Staff; membershipNumber: string | null; name: string | null }): Promise<InterimRegisterEntry[]> {
  const { ctx } = options;
  assertPermission(options.staff, 'sanctions.read', 'search the register of interim measures');
  const { membershipNumber, name } = personQuery(options);
  const now = today(ctx);
  const rows = await findInterimMeasuresForPerson(ctx.db, { membershipNumber, name });
  return rows.map((row) => ({
    personName: row.person_name,
    membershipNumber: row.membership_number,
    effects: effectsOf(row).map((effect) => effect.label),
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: statusOn(row, now, { caseClosed: row.case_closed_at !== null }),
    endedAt: row.ended_at,
    caseReference: row.case_reference,
  }));
}
