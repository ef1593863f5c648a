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
import { closedWithinMonths, median, quarterOf, recentQuarters, tallyByQuarter } from '../../src/domain/commitments/measures.js';
import { toLocalDate } from '../../src/domain/calendar/local-date.js';
import { workingDaysBetween } from '../../src/domain/calendar/working-days.js';
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

    it('computes the share closed within N months exactly on known cases, per quarter, suppressing small numbers', async () => {
      // [received, closed]: Q2 2026 has 6 closed, 4 within four months; Q1 has 2 (suppressed); one open case counts nowhere.
      const cases: [string, string | null][] = [
        ['2026-01-31T09:00:00.000Z', '2026-05-31T08:00:00.000Z'], // exactly four months, earlier in the day: within
        ['2026-01-31T09:00:00.000Z', '2026-05-31T10:00:00.000Z'], // four months and an hour: not within
        ['2026-03-01T00:00:00.000Z', '2026-04-15T00:00:00.000Z'], // within
        ['2026-02-01T00:00:00.000Z', '2026-06-30T23:59:59.000Z'], // nearly five months: not within
        ['2026-04-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'], // within
        ['2025-10-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z'], // clamped month end: within (closed in Q1)
        ['2026-01-10T00:00:00.000Z', '2026-03-20T00:00:00.000Z'], // within (closed in Q1)
        ['2026-05-01T00:00:00.000Z', '2026-05-02T00:00:00.000Z'], // within
        ['2026-05-05T00:00:00.000Z', null], // open
      ];
      for (const [receivedAt, closedAt] of cases) {
        const { caseId } = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
        await ctx.db.updateTable('cases').set({ received_at: receivedAt, closed_at: closedAt }).where('id', '=', caseId).execute();
      }
      const expected = tallyByQuarter(cases.map(([receivedAt, closedAt]) => ({ receivedAt, closedAt })), 4);
      expect(expected).toEqual([
        { quarter: '2026-Q1', closed: 2, within: 2 },
        { quarter: '2026-Q2', closed: 6, within: 4 },
      ]);
      expect(closedWithinMonths('2025-10-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z', 4)).toBe(true);
      const measure = await computeMeasure({ ctx, definition: { kind: 'share_closed_within_months', months: 4 }, target: 80, quarters: ['2025-Q4', '2026-Q1', '2026-Q2'] });
      expect(measure.label).toBe('Share of cases closed within 4 months of receipt');
      expect(measure.quarters).toEqual([
        { quarter: '2025-Q4', count: { kind: 'count', value: 0 }, value: null, meetsTarget: null },
        { quarter: '2026-Q1', count: { kind: 'suppressed', below: 5 }, value: null, meetsTarget: null },
        { quarter: '2026-Q2', count: { kind: 'count', value: 6 }, value: 66.7, meetsTarget: false },
      ]);
    });

    it('computes the median working days to a first decision, per quarter, as counted case by case', { timeout: 120_000 }, async () => {
      await loadDemo({ ctx, caseCount: 60 });
      const quarters = recentQuarters(ctx.clock.now().toISOString(), 4);
      const rows = await ctx.db.selectFrom('decisions').innerJoin('cases', 'cases.id', 'decisions.case_id').select(['cases.id', 'cases.received_at', 'decisions.decided_at']).where('decisions.kind', '=', 'panel').execute();
      const first = new Map<string, { received: string; decided: string }>();
      for (const row of rows) if (!first.has(row.id) || row.decided_at < first.get(row.id)!.decided) first.set(row.id, { received: row.received_at, decided: row.decided_at });
      const zone = ctx.config.organisation.organisation.timeZone;
      const expected = quarters.map((quarter) => {
        const days = [...first.values()].filter((item) => quarterOf(item.decided) === quarter).map((item) => workingDaysBetween(toLocalDate(new Date(item.received), zone), toLocalDate(new Date(item.decided), zone), ctx.calendar));
        return days.length >= 5 ? median(days) : null;
      });
      const measure = await computeMeasure({ ctx, definition: { kind: 'median_working_days_to_decision' }, target: 60 });
      expect(measure.label).toBe('Median working days from receipt to decision');
      expect(measure.quarters.map((quarter) => quarter.value)).toEqual(expected);
      expect(expected.some((value) => value !== null)).toBe(true);
    });
  });
}
