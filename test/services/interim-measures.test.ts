import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { noticeFor, RESPONDENT_EMAIL } from '../helpers/due-process.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { withdrawComplaint } from '../../src/services/cases/withdraw-complaint.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import {
  getInterimMeasures,
  imposeInterimMeasure,
  lapseInterimMeasures,
  listInterimReviewsDue,
  reviewInterimMeasure,
  searchInterimMeasuresRegister,
} from '../../src/services/due-process/interim-measures.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';
import { refusal } from '../helpers/refusal.js';


const REASONS = 'The respondent has continued to message the complainant since the complaint was made.';
const REVIEW_REASONS = 'The messages have stopped, but the investigation has not yet interviewed the witnesses.';
const LIFT_REASONS = 'The witnesses have been interviewed and the complainant has moved to another branch.';
const MEASURE = { effects: ['no_candidacy', 'no_meetings'], weeks: 8, reasons: REASONS };

for (const kind of testDatabaseKinds()) {
  describe(`interim measures (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let intake: Staff;
    let manager: Staff;
    let investigator: Staff;

    beforeEach(async () => {
      // Monday 2 March 2026, 10:00 in London.
      t = await createTestContext(kind);
      ctx = t.ctx;
      intake = await createStaff(ctx, ['intake_officer']);
      manager = await createStaff(ctx, ['case_manager']);
      investigator = await createStaff(ctx, ['investigator']);
    });
    afterEach(async () => t.close());

    async function received(): Promise<string> {
      return (await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' })).caseId;
    }
    async function atTriage(): Promise<string> {
      const caseId = await received();
      await startTriage({ ctx, staff: intake, caseId });
      return caseId;
    }
    /** Under investigation, with the manager and investigator assigned. */
    async function atInvestigation(): Promise<string> {
      const caseId = await atTriage();
      await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      return caseId;
    }

    const measuresOf = (caseId: string) => ctx.db.selectFrom('interim_measures').selectAll().where('case_id', '=', caseId).orderBy('imposed_at').execute();
    const reviewsOf = (measureId: string) => ctx.db.selectFrom('interim_measure_reviews').selectAll().where('measure_id', '=', measureId).orderBy('reviewed_at').execute();
    const eventsOf = async (caseId: string) => (await listCaseEvents(ctx.db, caseId)).map((event) => ({ type: event.type, actor: JSON.parse(event.actor) as { kind: string }, data: JSON.parse(event.data) as Record<string, unknown> }));
    const typesOf = async (caseId: string) => (await eventsOf(caseId)).map((event) => event.type);
    const mailTo = async (address: string) => (await listOutbox(ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string }).filter((mail) => mail.to === address);
    const impose = (caseId: string, measure: Partial<typeof MEASURE> = {}, staff: Staff = manager) => imposeInterimMeasure({ ctx, staff, caseId, measure: { ...MEASURE, ...measure } });

    describe('imposing', () => {
      it('puts a measure in force from today with its effects, first review after 20 working days and its last day, on the record', async () => {
        const caseId = await atTriage();
        const { measureId, reviewDueOn, endsOn } = await impose(caseId);
        // Monday 2 March + 20 working days; eight whole weeks from 2 March end on Sunday 26 April.
        expect(reviewDueOn).toBe('2026-03-30');
        expect(endsOn).toBe('2026-04-26');
        const [row] = await measuresOf(caseId);
        expect(row).toMatchObject({
          id: measureId,
          person_name: 'Councillor Fictional',
          membership_number: 'M-1001',
          reasons: REASONS,
          imposed_by: manager.userId,
          starts_on: '2026-03-02',
          review_due_on: '2026-03-30',
          ends_on: '2026-04-26',
          status: 'in_force',
          ended_at: null,
        });
        expect(JSON.parse(row!.effects)).toEqual([
          { id: 'no_candidacy', label: 'May not stand for any office or selection' },
          { id: 'no_meetings', label: 'May not attend meetings' },
        ]);
        const view = await getInterimMeasures({ ctx, staff: manager, caseId });
        expect(view.measures).toHaveLength(1);
        expect(view.measures[0]).toMatchObject({ status: 'in_force', reviewOverdue: false, reviewDueOn: '2026-03-30', imposedBy: manager.name });
        expect(view).toMatchObject({ mayImpose: false, mayReview: true, latestNextReview: '2026-03-30' });
        const imposed = (await eventsOf(caseId)).find((event) => event.type === 'interim_measure_imposed');
        expect(imposed?.data).toMatchObject({ measureId, weeks: 8, startsOn: '2026-03-02', reviewDueOn: '2026-03-30', endsOn: '2026-04-26', reasons: REASONS });
      });

      it('tells the respondent, with the effects and reasons, once they are a party with an e-mail address', async () => {
        const caseId = await atInvestigation();
        await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
        const before = (await mailTo(RESPONDENT_EMAIL)).length;
        await impose(caseId, { effects: ['no_voting'] });
        const mail = (await mailTo(RESPONDENT_EMAIL)).slice(before);
        expect(mail).toHaveLength(1);
        expect(mail[0]!.subject).toContain('Interim measure');
        expect(mail[0]!.text).toContain('May not vote in internal ballots');
        expect(mail[0]!.text).toContain(REASONS);
        expect(mail[0]!.text).toContain('reviewed by 2026-03-30');
      });

      it('refuses, writing nothing: no reasons, an unknown effect, too long (validation_failed naming the field)', async () => {
        const caseId = await atTriage();
        const before = await typesOf(caseId);
        for (const [measure, field] of [
          [{ reasons: '' }, 'reasons'],
          [{ effects: ['no_candidacy', 'no_breathing'] }, 'effects'],
          [{ effects: [] }, 'effects'],
          [{ weeks: 27 }, 'weeks'],
        ] as const) {
          const error = await refusal(() => impose(caseId, measure as Partial<typeof MEASURE>));
          expect(error.code).toBe('validation_failed');
          expect(error.issues.map((issue) => issue.field)).toEqual([field]);
        }
        expect((await refusal(() => impose(caseId, { weeks: 27 }))).issues[0]!.message).toContain('at most 26 weeks');
        expect(await measuresOf(caseId)).toEqual([]);
        expect(await typesOf(caseId)).toEqual(before);
      });

      it('refuses a second measure while one is in force (conflict), writing nothing', async () => {
        const caseId = await atTriage();
        await impose(caseId);
        const rows = await measuresOf(caseId);
        const before = await typesOf(caseId);
        const error = await refusal(() => impose(caseId, { effects: ['no_voting'] }));
        expect(error.code).toBe('conflict');
        expect(error.message).toContain('already in force');
        expect(await measuresOf(caseId)).toEqual(rows);
        expect(await typesOf(caseId)).toEqual(before);
      });

      it('refuses at the received stage and on a closed case (transition_not_allowed), writing nothing', async () => {
        const fresh = await received();
        const beforeFresh = await typesOf(fresh);
        const early = await refusal(() => impose(fresh));
        expect(early.code).toBe('transition_not_allowed');
        expect(early.message).toContain('triage');
        expect(await measuresOf(fresh)).toEqual([]);
        expect(await typesOf(fresh)).toEqual(beforeFresh);

        const closed = await atInvestigation();
        await withdrawComplaint({ ctx, staff: manager, caseId: closed, explanation: 'The complainant withdrew by e-mail on 2 March.' });
        const beforeClosed = await typesOf(closed);
        const late = await refusal(() => impose(closed));
        expect(late.code).toBe('transition_not_allowed');
        expect(late.message).toContain('closed');
        expect(await measuresOf(closed)).toEqual([]);
        expect(await typesOf(closed)).toEqual(beforeClosed);
      });

      it('refuses an investigator, even on their own case (forbidden), writing nothing', async () => {
        const caseId = await atInvestigation();
        const before = await typesOf(caseId);
        const error = await refusal(() => impose(caseId, {}, investigator));
        expect(error.code).toBe('forbidden');
        expect(await measuresOf(caseId)).toEqual([]);
        expect(await typesOf(caseId)).toEqual(before);
        // They still see the section, without the forms.
        expect(await getInterimMeasures({ ctx, staff: investigator, caseId })).toMatchObject({ measures: [], mayImpose: false, mayReview: false });
      });
    });

    describe('reviewing', () => {
      it('continues the measure to the next review date, by default 20 working days on (Easter excluded), and lets a reviewer bring it forward', async () => {
        const caseId = await atTriage();
        const { measureId } = await impose(caseId);
        t.clock.advanceDays(7);
        // Monday 9 March + 20 working days, with Good Friday and Easter Monday (3 and 6 April) not counted.
        const continued = await reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'continued', reasons: REVIEW_REASONS } });
        expect(continued).toEqual({ outcome: 'continued', nextReviewDueOn: '2026-04-08' });
        expect((await measuresOf(caseId))[0]).toMatchObject({ status: 'in_force', review_due_on: '2026-04-08', ends_on: '2026-04-26' });
        t.clock.advanceDays(1);
        await reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'continued', reasons: REVIEW_REASONS, nextReviewOn: '2026-03-20' } });
        expect((await measuresOf(caseId))[0]!.review_due_on).toBe('2026-03-20');
        const reviews = await reviewsOf(measureId);
        expect(reviews.map((review) => [review.outcome, review.next_review_due_on, review.reviewed_by])).toEqual([
          ['continued', '2026-04-08', manager.userId],
          ['continued', '2026-03-20', manager.userId],
        ]);
        expect((await getInterimMeasures({ ctx, staff: manager, caseId })).measures[0]!.reviews.map((review) => review.reviewer_name)).toEqual([manager.name, manager.name]);
      });

      it('refuses, writing nothing: a next review later than the interval allows, no outcome, short reasons, nothing in force', async () => {
        const caseId = await atTriage();
        const before = await typesOf(caseId);
        expect((await refusal(() => reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'continued', reasons: REVIEW_REASONS } }))).code).toBe('conflict');
        const { measureId } = await impose(caseId);
        const imposed = await typesOf(caseId);
        expect(imposed).toEqual([...before, 'interim_measure_imposed']);
        const late = await refusal(() => reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'continued', reasons: REVIEW_REASONS, nextReviewOn: '2026-03-31' } }));
        expect(late.code).toBe('rule_violated');
        expect(late.issues.map((issue) => issue.field)).toEqual(['nextReviewOn']);
        const incomplete = await refusal(() => reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'extended', reasons: 'Fine.' } }));
        expect(incomplete.code).toBe('validation_failed');
        expect(incomplete.issues.map((issue) => issue.field)).toEqual(['outcome', 'reasons']);
        expect((await refusal(() => reviewInterimMeasure({ ctx, staff: investigator, caseId, review: { outcome: 'lifted', reasons: LIFT_REASONS } }))).code).toBe('forbidden');
        expect(await reviewsOf(measureId)).toEqual([]);
        expect((await measuresOf(caseId))[0]).toMatchObject({ status: 'in_force', review_due_on: '2026-03-30' });
        expect(await typesOf(caseId)).toEqual(imposed);
      });

      it('lifts the measure with reasons, tells the respondent, and a new one may then be imposed', async () => {
        const caseId = await atInvestigation();
        await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
        const { measureId } = await impose(caseId);
        t.clock.advanceDays(3);
        const mailBefore = (await mailTo(RESPONDENT_EMAIL)).length;
        expect(await reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'lifted', reasons: LIFT_REASONS } })).toEqual({ outcome: 'lifted', nextReviewDueOn: null });
        const [row] = await measuresOf(caseId);
        expect(row).toMatchObject({ status: 'lifted', end_reason: LIFT_REASONS, ended_at: '2026-03-05T10:00:00.000Z' });
        expect((await reviewsOf(measureId)).map((review) => [review.outcome, review.next_review_due_on])).toEqual([['lifted', null]]);
        const events = await eventsOf(caseId);
        expect(events.slice(-2).map((event) => [event.type, event.data.outcome ?? event.data.how])).toEqual([
          ['interim_measure_reviewed', 'lifted'],
          ['interim_measure_ended', 'lifted'],
        ]);
        const mail = (await mailTo(RESPONDENT_EMAIL)).slice(mailBefore);
        expect(mail.map((message) => message.subject)).toEqual([expect.stringContaining('lifted')]);
        expect(mail[0]!.text).toContain(LIFT_REASONS);
        const view = await getInterimMeasures({ ctx, staff: manager, caseId });
        expect(view).toMatchObject({ mayImpose: true, mayReview: false });
        expect(view.measures[0]).toMatchObject({ status: 'lifted', reviewOverdue: false });
        await impose(caseId, { effects: ['no_representing'], weeks: 2 });
        expect((await measuresOf(caseId)).map((measure) => measure.status)).toEqual(['lifted', 'in_force']);
      });
    });

    describe('overdue reviews', () => {
      it('reports a review past its date to the case managers who can read the case, flagged overdue', async () => {
        const caseId = await atInvestigation();
        const outsider = await createStaff(ctx, ['case_manager']);
        const { measureId } = await impose(caseId);
        // Review due Monday 30 March: not yet within the five working days of "due soon".
        expect(await listInterimReviewsDue({ ctx, staff: manager })).toEqual([]);
        t.clock.set('2026-03-24T10:00:00Z');
        expect(await listInterimReviewsDue({ ctx, staff: manager })).toEqual([expect.objectContaining({ measureId, caseId, reviewDueOn: '2026-03-30', overdue: false, personName: 'Councillor Fictional' })]);
        t.clock.set('2026-03-31T10:00:00Z');
        const due = await listInterimReviewsDue({ ctx, staff: manager });
        expect(due).toEqual([expect.objectContaining({ measureId, overdue: true })]);
        expect(due[0]!.caseReference).toMatch(/^RDR-2026-\d{6}$/);
        expect((await getInterimMeasures({ ctx, staff: manager, caseId })).measures[0]).toMatchObject({ status: 'in_force', reviewOverdue: true });
        // Not for someone who cannot read the case, nor for someone who does not review measures.
        expect(await listInterimReviewsDue({ ctx, staff: outsider })).toEqual([]);
        expect(await listInterimReviewsDue({ ctx, staff: investigator })).toEqual([]);
        // A review clears it.
        await reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'continued', reasons: REVIEW_REASONS } });
        expect(await listInterimReviewsDue({ ctx, staff: manager })).toEqual([]);
      });
    });

    describe('lapsing', () => {
      it('lapses a measure the day after its last day, as the system, once: running the sweep again changes nothing', async () => {
        const caseId = await atInvestigation();
        await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
        const { measureId, endsOn } = await impose(caseId, { weeks: 1 });
        expect(endsOn).toBe('2026-03-08');
        t.clock.set('2026-03-08T20:00:00Z');
        expect(await lapseInterimMeasures({ ctx })).toEqual({ lapsed: [] });
        expect((await measuresOf(caseId))[0]!.status).toBe('in_force');

        t.clock.set('2026-03-09T09:00:00Z');
        // Before the sweep the page already shows it lapsed, and offers no review.
        expect(await getInterimMeasures({ ctx, staff: manager, caseId })).toMatchObject({ measures: [expect.objectContaining({ status: 'lapsed', endedAt: null })], mayReview: false, mayImpose: true });
        const stale = await refusal(() => reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'continued', reasons: REVIEW_REASONS } }));
        expect(stale.code).toBe('rule_violated');
        expect(stale.message).toContain('maximum length');

        const mailBefore = (await mailTo(RESPONDENT_EMAIL)).length;
        expect(await lapseInterimMeasures({ ctx })).toEqual({ lapsed: [measureId] });
        expect((await measuresOf(caseId))[0]).toMatchObject({ status: 'lapsed', ended_at: '2026-03-09T09:00:00.000Z', end_reason: expect.stringContaining('2026-03-08') });
        const ended = (await eventsOf(caseId)).at(-1)!;
        expect(ended).toMatchObject({ type: 'interim_measure_ended', actor: { kind: 'system', process: 'interim measures' }, data: { measureId, how: 'lapsed' } });
        expect((await mailTo(RESPONDENT_EMAIL)).slice(mailBefore).map((mail) => mail.subject)).toEqual([expect.stringContaining('ended')]);

        const after = await typesOf(caseId);
        expect(await lapseInterimMeasures({ ctx })).toEqual({ lapsed: [] });
        expect(await typesOf(caseId)).toEqual(after);
      });

      it('lapses the measure of a case that has closed, whatever its length', async () => {
        const caseId = await atInvestigation();
        const { measureId } = await impose(caseId);
        await withdrawComplaint({ ctx, staff: manager, caseId, explanation: 'The complainant withdrew by e-mail on 2 March.' });
        expect((await getInterimMeasures({ ctx, staff: manager, caseId })).measures[0]!.status).toBe('lapsed');
        expect(await lapseInterimMeasures({ ctx })).toEqual({ lapsed: [measureId] });
        expect((await measuresOf(caseId))[0]).toMatchObject({ status: 'lapsed', end_reason: expect.stringContaining('closed') });
      });

      it('records a measure past its last day as lapsed when a new one is imposed before the sweep', async () => {
        const caseId = await atTriage();
        await impose(caseId, { weeks: 1 });
        t.clock.set('2026-03-10T10:00:00Z');
        await impose(caseId, { weeks: 2 });
        expect((await measuresOf(caseId)).map((measure) => measure.status)).toEqual(['lapsed', 'in_force']);
        expect((await typesOf(caseId)).slice(-2)).toEqual(['interim_measure_ended', 'interim_measure_imposed']);
      });
    });

    it('puts every step in the case timeline, and the measure on the register by membership number or name', async () => {
      const caseId = await atTriage();
      await impose(caseId);
      await reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'continued', reasons: REVIEW_REASONS } });
      await reviewInterimMeasure({ ctx, staff: manager, caseId, review: { outcome: 'lifted', reasons: LIFT_REASONS } });
      const timeline = (await getCase({ ctx, staff: manager, caseId })).timeline.map((event) => event.type);
      expect(timeline.filter((type) => type.startsWith('interim_measure'))).toEqual(['interim_measure_imposed', 'interim_measure_reviewed', 'interim_measure_reviewed', 'interim_measure_ended']);

      const byNumber = await searchInterimMeasuresRegister({ ctx, staff: manager, membershipNumber: 'M-1001', name: null });
      const byName = await searchInterimMeasuresRegister({ ctx, staff: manager, membershipNumber: null, name: 'councillor fictional' });
      expect(byNumber).toEqual(byName);
      expect(byNumber).toEqual([expect.objectContaining({ status: 'lifted', effects: ['May not stand for any office or selection', 'May not attend meetings'], startsOn: '2026-03-02' })]);
      expect((await refusal(() => searchInterimMeasuresRegister({ ctx, staff: investigator, membershipNumber: 'M-1001', name: null }))).code).toBe('forbidden');
    });
  });
}
