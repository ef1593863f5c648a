import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { createStaff } from '../helpers/factories.js';
import { decisionFor, sittingPanel } from '../helpers/due-process.js';
import { buildDeskScenario, caseAtDecision, deskCast, DESK_ORGANISATION, EXTENSION_REASON, JUSTIFICATION, PAUSE_REASON, RECUSAL_REASON } from '../helpers/oversight-desk.js';
import { refusal } from '../helpers/refusal.js';
import { getTimeliness } from '../../src/services/oversight/get-timeliness.js';
import { getFairness } from '../../src/services/oversight/get-fairness.js';
import { assignCase } from '../../src/services/cases/assign-case.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { reviewDecision } from '../../src/services/due-process/review-decision.js';
import type { Role } from '../../src/domain/access.js';

for (const kind of testDatabaseKinds()) {
  describe(`the overseer's desk: timeliness and fairness (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind, { organisation: DESK_ORGANISATION });
    });
    afterEach(async () => t?.close());

    it('answers which cases are late and why, stage by stage, with every pause and extension', async () => {
      const { ctx } = t;
      const s = await buildDeskScenario(ctx, t.clock);
      const timeliness = await getTimeliness({ ctx, staff: s.overseer });

      expect(timeliness.today).toBe('2026-03-25');
      expect(timeliness.stages.map(({ stage, completed, completedOnTime, openLate, counted, medianWorkingDays }) => [stage, completed, completedOnTime, openLate, counted, medianWorkingDays])).toEqual([
        ['received', 5, 5, 0, 5, 0],
        ['triage', 3, 3, 1, 4, 0],
        ['investigation', 3, 3, 0, 3, 0],
        ['decision', 3, 3, 0, 3, 0],
        ['appeal_window', 3, 3, 0, 3, 11],
        ['appeal', 1, 1, 0, 1, 0],
      ]);
      expect(timeliness.ages).toEqual({
        buckets: [
          { label: 'Under 1 month', count: 2 },
          { label: '1 to 3 months', count: 0 },
          { label: '3 to 6 months', count: 0 },
          { label: '6 to 12 months', count: 0 },
          { label: 'Over 12 months', count: 0 },
        ],
        open: 2,
        pastOverallTarget: 0,
        overallTargetMonths: 4,
      });
      // Only the extended case is late; the paused one is not, its deadline moving on while paused.
      expect(timeliness.overdue).toEqual([
        {
          reference: s.late.reference,
          stage: 'Triage',
          dueOn: '2026-03-23',
          workingDaysLate: 2,
          caseManager: 'Cara Manager',
          pausedSince: null,
          latest: { kind: 'extended', on: '2026-03-02', workingDays: 5, reason: EXTENSION_REASON },
        },
      ]);
      expect(timeliness.clockChanges).toEqual([
        { at: '2026-03-03T10:00:00.000Z', reference: s.paused.reference, stage: 'Triage', kind: 'paused', workingDays: null, dueOnBefore: null, dueOnAfter: null, reason: PAUSE_REASON, erasedUnderRule: null, by: 'Cara Manager' },
        { at: '2026-03-02T10:00:00.000Z', reference: s.late.reference, stage: 'Triage', kind: 'extended', workingDays: 5, dueOnBefore: '2026-03-16', dueOnAfter: '2026-03-23', reason: EXTENSION_REASON, erasedUnderRule: null, by: 'Cara Manager' },
      ]);
    });

    it('reports recusals, exclusions, appeals and sanction consistency, and the seat held with a conflict, masked unless asked', async () => {
      const { ctx } = t;
      const s = await buildDeskScenario(ctx, t.clock);
      const fairness = await getFairness({ ctx, staff: s.overseer });

      // Four panels of three were seated (the recused seat is not counted); the chair who declared a relationship with the respondent mid-case sat with a conflict.
      expect(fairness.conflicts).toEqual({
        seatsChecked: 12,
        panelsChecked: 4,
        seats: [
          {
            reference: s.outside.reference,
            purpose: 'decision',
            member: s.conflicted.name,
            seat: 'chair',
            poolRole: 'lawyer',
            seatedAt: '2026-03-02T10:00:00.000Z',
            until: '2026-03-04',
            reasons: ["Declared relationship with a person touches the respondent's name (details masked)."],
          },
        ],
      });
      expect(fairness.recusals).toEqual([{ reference: s.first.reference, purpose: 'decision', member: s.recused.name, reason: RECUSAL_REASON, at: '2026-03-02T10:00:00.000Z' }]);

      // The branch member was kept off all four draws; the appeal draw also excluded the first panel's three members and the conflicted chair.
      expect(fairness.exclusions.byReason).toEqual([
        { label: 'Declared interest: branch or unit', count: 4 },
        { label: 'Already involved in the case', count: 3 },
        { label: 'Declared interest: relationship with a person', count: 1 },
      ]);
      const branchRows = fairness.exclusions.rows.filter((row) => row.member === s.branchMember.name);
      expect(branchRows).toHaveLength(4);
      expect(branchRows[0]!.reasons).toEqual([{ label: 'Declared interest: branch or unit', text: "Declared branch or unit touches the respondent's unit (details masked)." }]);

      expect(fairness.reviews).toEqual({ total: 0, vetoes: [], erased: 0 });
      expect(fairness.appeals).toMatchObject({
        lodged: 1,
        pending: 0,
        decided: 1,
        byOutcome: [
          { outcome: 'dismissed', count: 0 },
          { outcome: 'allowed', count: 1 },
          { outcome: 'sanction_varied', count: 0 },
          { outcome: 'rehearing', count: 0 },
        ],
        rows: [{ reference: s.second.reference, appellant: 'Respondent', grounds: ['The procedure was unfair'], outcome: 'Allowed: the decision is set aside' }],
      });

      // Three decisions on the clause; the second was set aside on appeal, so the usual range now runs from the first's course to the expulsion.
      expect(fairness.clauses).toHaveLength(1);
      expect(fairness.clauses[0]).toMatchObject({
        clauseKey: 'ihra-wda#ex-2',
        decisions: 3,
        upheld: 3,
        bySanction: [
          { sanctionId: 'education_course', count: 2 },
          { sanctionId: 'expulsion', count: 1 },
        ],
        usualRange: { from: 'Mandatory education course', to: 'Expulsion, with a period before readmission may be considered' },
      });
      expect(fairness.clauses[0]!.label).toMatch(/^ex-2 \(/);
      expect(fairness.clauses[0]!.outsideDecisionIds).toHaveLength(1);
      expect(fairness.outsideRange).toEqual([
        {
          reference: s.outside.reference,
          respondent: 'Respondent (identity masked)',
          decidedAt: '2026-03-04T10:00:00.000Z',
          clauses: [fairness.clauses[0]!.label],
          sanction: 'Expulsion, with a period before readmission may be considered (24 months)',
          status: 'in_force',
          justification: JUSTIFICATION,
        },
      ]);

      // Masked (the default), no party's name or number appears anywhere; asked, they do.
      const maskedText = JSON.stringify(fairness);
      for (const identity of ['Councillor Fictional', 'M-1001', 'Ruth Example']) expect(maskedText).not.toContain(identity);
      const shown = await getFairness({ ctx, staff: s.overseer, masked: false });
      expect(shown.conflicts.seats[0]!.reasons).toEqual([`Declared relationship with a person "Councillor Fictional" touches the respondent's name ("Councillor Fictional").`]);
      expect(shown.outsideRange[0]!.respondent).toBe('Councillor Fictional (M-1001)');
    });

    it('says plainly when no one sat with a known conflict, and lists a veto with the reviewer’s reasons', async () => {
      await t.close();
      t = await createTestContext(kind, { organisation: 'dueProcess:\n  independentReview: true\n' });
      const { ctx } = t;
      const cast = await deskCast(ctx);
      const reviewer = await createStaff(ctx, ['independent_reviewer'], 'Rhea Reviewer');
      const receipt = await caseAtDecision(ctx, cast);
      const panel = await sittingPanel(ctx, receipt.caseId, 'decision', cast.pool);
      await recordPanelDecision({ ctx, staff: panel[0]!, caseId: receipt.caseId, decision: await decisionFor(ctx, receipt.caseId, { finding: 'upheld', sanctionId: 'education_course' }) });
      await assignCase({ ctx, staff: cast.manager, caseId: receipt.caseId, userId: reviewer.userId, role: 'independent_reviewer' });
      const vetoReasons = 'The panel relied on a withheld statement the respondent never saw.';
      await reviewDecision({ ctx, staff: reviewer, caseId: receipt.caseId, confirm: false, reasons: vetoReasons });

      const fairness = await getFairness({ ctx, staff: cast.overseer });
      expect(fairness.conflicts).toEqual({ seatsChecked: 3, panelsChecked: 1, seats: [] });
      expect(fairness.reviews).toEqual({ total: 1, vetoes: [{ reference: receipt.reference, at: '2026-03-02T10:00:00.000Z', reviewer: 'Rhea Reviewer', reasons: vetoReasons }], erased: 0 });
      // A vetoed decision still shows in the spread of sanctions, but no longer sets the usual range.
      expect(fairness.clauses[0]).toMatchObject({ decisions: 1, upheld: 1, usualRange: null, outsideDecisionIds: [] });
    });

    it('refuses everyone without oversight.read, whatever else they may do', async () => {
      const { ctx } = t;
      for (const role of ['case_manager', 'leadership', 'system_admin'] satisfies Role[]) {
        const staff = await createStaff(ctx, [role]);
        expect((await refusal(() => getTimeliness({ ctx, staff }))).code).toBe('forbidden');
        expect((await refusal(() => getFairness({ ctx, staff, masked: false }))).code).toBe('forbidden');
      }
    });
  });
}
