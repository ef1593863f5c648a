import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { refusal } from '../helpers/refusal.js';
import { TIMETABLE_STATEMENT, trackedCommitment } from '../helpers/commitments.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { addStakeholder } from '../../src/services/commitments/add-stakeholder.js';
import { recordResponse } from '../../src/services/commitments/record-response.js';
import { makeCommitment } from '../../src/services/commitments/make-commitment.js';
import { addCommitmentAction } from '../../src/services/commitments/add-commitment-action.js';
import { recordDelivery } from '../../src/services/commitments/record-delivery.js';
import { changeCommitmentStatus } from '../../src/services/commitments/change-commitment-status.js';
import { rateCommitment } from '../../src/services/commitments/rate-commitment.js';
import { raiseDemand } from '../../src/services/commitments/raise-demand.js';
import { getScorecard } from '../../src/services/commitments/get-scorecard.js';
import { getCommitmentHistory } from '../../src/services/commitments/get-commitment-history.js';
import { getCommitmentsDesk } from '../../src/services/commitments/get-commitments-desk.js';
import { computeMeasure } from '../../src/services/commitments/compute-measure.js';
import { getStatisticsReport } from '../../src/services/statistics/get-statistics-report.js';
import { periodId, type Period } from '../../src/domain/statistics/report.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';

const REASONS = 'The timetable is published and the first report is due at the end of June.';

for (const kind of testDatabaseKinds()) {
  describe(`the commitments tracker (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let leader: Staff;
    let overseer: Staff;
    let manager: Staff;

    /** What the tracker has written: its events and the ledger's size. */
    const written = async () => ({
      events: (await ctx.db.selectFrom('commitment_events').select('id').execute()).length,
      leaves: (await ctx.db.selectFrom('ledger_entries').select('sequence').execute()).length,
      commitments: await ctx.db.selectFrom('commitments').selectAll().execute(),
      demands: await ctx.db.selectFrom('demands').selectAll().execute(),
      actions: await ctx.db.selectFrom('commitment_actions').selectAll().execute(),
    });

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      leader = await createStaff(ctx, ['leadership'], 'Harriet Dunmore');
      overseer = await createStaff(ctx, ['overseer'], 'Ngozi Whitlock');
      manager = await createStaff(ctx, ['case_manager']);
    });
    afterEach(async () => t.close());

    it('follows a demand from the meeting to a kept commitment, every change an event in order', async () => {
      const { demandId, commitmentId, actionIds } = await trackedCommitment(ctx, leader);
      await rateCommitment({ ctx, staff: overseer, commitmentId, input: { rating: 'in_the_works', reasons: REASONS } });
      t.clock.advanceDays(1);
      await recordDelivery({
        ctx,
        staff: leader,
        input: { actionId: actionIds[0], deliveredOn: '2026-02-18', note: 'The timetable is on the website.', evidence: [{ url: 'https://redress.example/timetable', title: 'The published timetable' }] },
      });
      await changeCommitmentStatus({ ctx, staff: leader, input: { commitmentId, status: 'in_progress', reason: 'The timetable is published; reporting starts this quarter.' } });
      await rateCommitment({ ctx, staff: overseer, commitmentId, input: { rating: 'kept', reasons: 'The timetable is published and the first report matches the case data.' } });

      const scorecard = await getScorecard({ ctx });
      const demand = scorecard.demands.find((candidate) => candidate.id === demandId)!;
      expect(demand).toMatchObject({ raisedBy: 'Northfield Jewish Representative Council', stance: 'agreed_to_implement', statement: TIMETABLE_STATEMENT, meeting: { heldOn: '2026-02-10' } });
      const commitment = demand.commitments[0]!;
      // The organisation's own status and the independent rating are kept apart.
      expect(commitment).toMatchObject({ status: 'in_progress', rating: 'kept', ratedBy: 'Ngozi Whitlock' });
      expect(commitment.actions.map((action) => [action.deliverable, action.delivered, action.overdue])).toEqual([
        ['Publish the timetable', true, false],
        ['Quarterly report against the timetable', false, false],
      ]);
      expect(commitment.actions[0]!.evidence).toEqual([{ url: 'https://redress.example/timetable', title: 'The published timetable' }]);
      expect(scorecard.meetings[0]!.attendees).toEqual(['Northfield Jewish Representative Council', 'Harriet Dunmore (General Secretary)']);

      const { history } = await getCommitmentHistory({ ctx, commitmentId });
      expect(history.map((entry) => entry.type)).toEqual([
        'demand_raised',
        'response_recorded',
        'commitment_made',
        'action_added',
        'action_added',
        'rating_given',
        'action_delivered',
        'status_changed',
        'rating_given',
      ]);
      expect(history.map((entry) => entry.sequence)).toEqual([...history.map((entry) => entry.sequence)].sort((a, b) => a - b));
      // Both ratings stay in the history: nothing is overwritten.
      expect(history.filter((entry) => entry.type === 'rating_given').map((entry) => entry.heading)).toEqual([
        'Independent rating: In the works (was Not yet rated), by Ngozi Whitlock',
        'Independent rating: Kept (was In the works), by Ngozi Whitlock',
      ]);

      // A later response is a new event too; the first stays.
      await recordResponse({ ctx, staff: leader, input: { demandId, stance: 'already_implementing', statement: 'Reporting has begun.' } });
      const again = await getCommitmentHistory({ ctx, commitmentId });
      expect(again.history.filter((entry) => entry.type === 'response_recorded').map((entry) => entry.detail)).toEqual([TIMETABLE_STATEMENT, 'Reporting has begun.']);
    });

    it('marks an action overdue once its due date has passed undelivered', async () => {
      const { commitmentId } = await trackedCommitment(ctx, leader);
      t.clock.set('2026-07-02T10:00:00Z');
      const commitment = (await getScorecard({ ctx })).demands[0]!.commitments.find((candidate) => candidate.id === commitmentId)!;
      expect(commitment.actions.map((action) => action.overdue)).toEqual([true, true]);
    });

    it('refuses a rating by leadership and a status change by the overseer, writing nothing', async () => {
      const { commitmentId } = await trackedCommitment(ctx, leader);
      const before = await written();
      expect((await refusal(() => rateCommitment({ ctx, staff: leader, commitmentId, input: { rating: 'kept', reasons: REASONS } }))).code).toBe('forbidden');
      expect((await refusal(() => changeCommitmentStatus({ ctx, staff: overseer, input: { commitmentId, status: 'completed', reason: 'We say it is done now.' } }))).code).toBe('forbidden');
      expect((await refusal(() => addStakeholder({ ctx, staff: manager, input: { name: 'Another body' } }))).code).toBe('forbidden');
      expect((await refusal(() => getCommitmentsDesk({ ctx, staff: manager }))).code).toBe('forbidden');
      expect(await written()).toEqual(before);
    });

    it('refuses a response with an unknown stance, or without its statement, writing nothing', async () => {
      const { demandId } = await trackedCommitment(ctx, leader);
      const before = await written();
      const unknown = await refusal(() => recordResponse({ ctx, staff: leader, input: { demandId, stance: 'thinking_about_it', statement: 'Maybe.' } }));
      expect(unknown.code).toBe('validation_failed');
      expect(unknown.issues.map((issue) => issue.field)).toEqual(['stance']);
      const bare = await refusal(() => recordResponse({ ctx, staff: leader, input: { demandId, stance: 'declined' } }));
      expect(bare.issues.map((issue) => issue.field)).toEqual(['statement']);
      expect(await written()).toEqual(before);
    });

    it('refuses an action without an owner or a due date, and a commitment before any response, writing nothing', async () => {
      const { demandId, commitmentId, meetingId, stakeholderId } = await trackedCommitment(ctx, leader);
      const before = await written();
      const noOwner = await refusal(() =>
        makeCommitment({ ctx, staff: leader, input: { demandId, title: 'Another promise', description: 'Something else will be done.', actions: [{ deliverable: 'A thing', owner: '', dueOn: '2026-05-01' }] } }),
      );
      expect(noOwner.issues.map((issue) => issue.field)).toEqual(['actions.0.owner']);
      const noDue = await refusal(() => addCommitmentAction({ ctx, staff: leader, commitmentId, input: { deliverable: 'A thing', owner: 'General Secretary', dueOn: '' } }));
      expect(noDue.issues.map((issue) => issue.field)).toEqual(['dueOn']);
      const noMonths = await refusal(() =>
        makeCommitment({ ctx, staff: leader, input: { demandId, title: 'Another promise', description: 'Something else will be done.', measureKind: 'share_closed_within_months', measureTarget: '180', actions: [] } }),
      );
      expect(noMonths.issues.map((issue) => issue.field)).toEqual(['measureParameter', 'measureTarget']);
      expect(await written()).toEqual(before);

      const { demandId: unanswered } = await raiseDemand({ ctx, staff: leader, input: { meetingId, raisedBy: stakeholderId, title: 'Another demand', text: 'Something else was asked for.' } });
      const early = await refusal(() => makeCommitment({ ctx, staff: leader, input: { demandId: unanswered, title: 'Another promise', description: 'Something else will be done.', actions: [] } }));
      expect(early.issues.map((issue) => issue.field)).toEqual(['demandId']);
    });

    it('refuses a second delivery of the same action, and a rating without reasons', async () => {
      const { commitmentId, actionIds } = await trackedCommitment(ctx, leader);
      await recordDelivery({ ctx, staff: leader, input: { actionId: actionIds[0], deliveredOn: '2026-02-18', note: 'Published.', evidence: [] } });
      const before = await written();
      expect((await refusal(() => recordDelivery({ ctx, staff: leader, input: { actionId: actionIds[0], deliveredOn: '2026-02-19', note: 'Published again.', evidence: [] } }))).code).toBe('conflict');
      expect((await refusal(() => rateCommitment({ ctx, staff: overseer, commitmentId, input: { rating: 'kept', reasons: '' } }))).issues.map((issue) => issue.field)).toEqual(['reasons']);
      expect((await refusal(() => rateCommitment({ ctx, staff: overseer, commitmentId, input: { rating: 'not_yet_rated', reasons: REASONS } }))).issues.map((issue) => issue.field)).toEqual(['rating']);
      expect(await written()).toEqual(before);
    });

    it('keeps history: the event table refuses UPDATE and DELETE', async () => {
      await trackedCommitment(ctx, leader);
      const before = await written();
      await expect(ctx.db.updateTable('commitment_events').set({ data: '{}' }).execute()).rejects.toThrow(/append-only/);
      await expect(ctx.db.deleteFrom('commitment_events').execute()).rejects.toThrow(/append-only/);
      expect(await written()).toEqual(before);
    });

    /** What the statistics page publishes for a quarter: the cases closed within and beyond the 4-month target, and the median time to decision. */
    async function published(period: Period) {
      const report = await getStatisticsReport({ ctx, period });
      const closure = report.timings.find((timing) => timing.id === 'time_to_closure')!;
      const [within, beyond] = closure.withinLimit.rows.map((row) => row.cell);
      return { within: within!, beyond: beyond!, cases: closure.cases, medianToDecision: report.timings.find((timing) => timing.id === 'time_to_decision')!.medianWorkingDays };
    }

    it('computes the share closed within N months from the counts the statistics use, by local quarter, and shows it only where the statistics show both sides', async () => {
      const quarter = (year: number, number: 1 | 2 | 3 | 4): Period => ({ kind: 'quarter', year, quarter: number });
      const cases: [string, string | null][] = [
        // April to June 2026: 7 within four months (these 6 and one below), 5 beyond (these 4 and one below): 58.3%, both sides shown.
        ...Array.from({ length: 6 }, (_, i): [string, string] => [`2026-04-0${i + 1}T09:00:00.000Z`, `2026-05-1${i}T09:00:00.000Z`]),
        ...Array.from({ length: 4 }, (_, i): [string, string] => [`2025-12-0${i + 1}T09:00:00.000Z`, `2026-05-2${i}T09:00:00.000Z`]),
        // Received 31 January, closed 31 May at 23:30 in London (22:30 UTC): four months to the day, so within; the fifth beyond.
        ['2026-01-31T09:00:00.000Z', '2026-05-31T22:30:00.000Z'],
        ['2026-01-30T09:00:00.000Z', '2026-05-31T22:30:00.000Z'],
        // Closed at 23:30 UTC on 30 June: 00:30 on 1 July in London, so in July to September.
        ['2026-06-01T09:00:00.000Z', '2026-06-30T23:30:00.000Z'],
        // October to December 2025: 7 within, 2 beyond: the share would give the 2 away, so only a bound.
        ...Array.from({ length: 7 }, (_, i): [string, string] => [`2025-10-0${i + 1}T09:00:00.000Z`, `2025-11-0${i + 1}T09:00:00.000Z`]),
        ['2025-06-02T09:00:00.000Z', '2025-11-20T09:00:00.000Z'],
        ['2025-06-03T09:00:00.000Z', '2025-11-21T09:00:00.000Z'],
        // January to March 2026: 2 closed, too few to show anything.
        ['2026-01-05T09:00:00.000Z', '2026-02-05T09:00:00.000Z'],
        ['2026-01-06T09:00:00.000Z', '2026-02-06T09:00:00.000Z'],
        ['2026-05-05T00:00:00.000Z', null],
      ];
      for (const [receivedAt, closedAt] of cases) {
        const { caseId } = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
        await ctx.db.updateTable('cases').set({ received_at: receivedAt, closed_at: closedAt }).where('id', '=', caseId).execute();
      }
      t.clock.set('2026-10-05T10:00:00Z');
      const quarters = [quarter(2025, 3), quarter(2025, 4), quarter(2026, 1), quarter(2026, 2), quarter(2026, 3)];
      const measure = await computeMeasure({ ctx, definition: { kind: 'share_closed_within_months', months: 4 }, target: 80, quarters });
      expect(measure.label).toBe('Share of cases closed within 4 months of receipt');
      expect(measure.quarters).toEqual([
        { quarter: '2025-Q3', count: { kind: 'count', value: 0 }, value: null, withheld: 'No cases', meetsTarget: null },
        { quarter: '2025-Q4', count: { kind: 'count', value: 9 }, value: null, withheld: 'At least 55.5% (fewer than 5 cases beyond the limit)', meetsTarget: null },
        { quarter: '2026-Q1', count: { kind: 'suppressed', below: 5 }, value: null, withheld: 'Not shown: fewer than 5 cases', meetsTarget: null },
        { quarter: '2026-Q2', count: { kind: 'count', value: 12 }, value: 58.3, withheld: null, meetsTarget: false },
        { quarter: '2026-Q3', count: { kind: 'suppressed', below: 5 }, value: null, withheld: 'Not shown: fewer than 5 cases', meetsTarget: null },
      ]);
      // The same cases as the statistics page counts, hidden where it hides them.
      for (const [index, period] of quarters.entries()) {
        const statistics = await published(period);
        const figure = measure.quarters[index]!;
        expect(figure.quarter).toBe(periodId(period));
        expect(figure.count.kind === 'count' ? figure.count.value : 'hidden').toBe(statistics.cases.kind === 'count' ? statistics.cases.value : 'hidden');
        if (figure.value !== null && statistics.within.kind === 'count' && statistics.cases.kind === 'count') expect(figure.value).toBe(Math.round((statistics.within.value / statistics.cases.value) * 1000) / 10);
        else expect(figure.value === null || statistics.within.kind === 'suppressed' || statistics.beyond.kind === 'suppressed').toBe(true);
        if (statistics.within.kind === 'suppressed' || statistics.beyond.kind === 'suppressed') expect(figure.value).toBeNull();
      }
    });

    it('shows only the quarters that have ended and are published, the last four', async () => {
      const { caseId } = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await ctx.db.updateTable('cases').set({ received_at: '2025-02-03T10:00:00.000Z' }).where('id', '=', caseId).execute();
      t.clock.set('2026-03-02T10:00:00Z');
      const measure = await computeMeasure({ ctx, definition: { kind: 'share_closed_within_months', months: 4 }, target: 80 });
      expect(measure.quarters.map((figure) => figure.quarter)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    });

    it('gives the median working days to a panel decision per quarter exactly as the statistics page does', { timeout: 120_000 }, async () => {
      await loadDemo({ ctx, caseCount: 60 });
      const measure = await computeMeasure({ ctx, definition: { kind: 'median_working_days_to_decision' }, target: 60 });
      expect(measure.label).toBe('Median working days from receipt to decision');
      expect(measure.quarters.length).toBeGreaterThan(0);
      for (const figure of measure.quarters) {
        const [year, number] = figure.quarter.split('-Q').map(Number);
        const statistics = await published({ kind: 'quarter', year: year!, quarter: number as 1 | 2 | 3 | 4 });
        expect(figure.value, figure.quarter).toBe(statistics.medianToDecision);
        if (figure.value !== null) expect(figure.meetsTarget).toBe(figure.value <= 60);
      }
      expect(measure.quarters.some((figure) => figure.value !== null)).toBe(true);
    });
  });
}
