import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, REPORT, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, noticeFor, portalTokenSentTo, referForDecision, RESPONDENT_EMAIL, sittingPanel, TRAINING } from '../helpers/due-process.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import type { EvidenceUpload } from '../../src/services/intake/complaint-input.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { assignCase } from '../../src/services/cases/assign-case.js';
import { submitInvestigationReport } from '../../src/services/cases/investigate.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { respondToNotice } from '../../src/services/due-process/respond-to-notice.js';
import { drawPanel, recuseFromPanel, reproduceDraw } from '../../src/services/due-process/convene-panel.js';
import { postponeHearing, recordHearing, requestPostponement, scheduleHearing } from '../../src/services/due-process/hearings.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { decideAppeal, lodgeAppeal } from '../../src/services/due-process/appeals.js';
import { declareInterest, recordTraining, savePoolMember } from '../../src/services/due-process/panel-pool.js';
import { findCaseById } from '../../src/db/repositories/case.repository.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';
import { listCaseNotes } from '../../src/db/repositories/case-note.repository.js';
import { listAllegations } from '../../src/db/repositories/case-allegation.repository.js';
import { listEvidence } from '../../src/db/repositories/evidence.repository.js';
import { findCurrentPanel, listSeats } from '../../src/db/repositories/panel.repository.js';
import { refusal } from '../helpers/refusal.js';


const SCREENSHOT: EvidenceUpload = { filename: 'screenshot.txt', bytes: new TextEncoder().encode('the message text') };
const APPEAL = { grounds: ['sanction'], statement: 'The sanction is out of proportion to a single exchange of messages that I have apologised for.' };
const HEARING = { time: '18:30', location: 'Room 2, Central Office' };

async function eventTypes(ctx: ServiceContext, caseId: string): Promise<string[]> {
  return (await listCaseEvents(ctx.db, caseId)).map((event) => event.type);
}

async function stageOf(ctx: ServiceContext, caseId: string): Promise<string> {
  const row = await findCaseById(ctx.db, caseId);
  if (!row) throw new Error(`no case ${caseId}`);
  return row.stage;
}

const noticesOf = (ctx: ServiceContext, caseId: string) => ctx.db.selectFrom('notices').selectAll().where('case_id', '=', caseId).execute();
const panelsOf = (ctx: ServiceContext, caseId: string) => ctx.db.selectFrom('panels').selectAll().where('case_id', '=', caseId).orderBy('drawn_at').execute();
const decisionsOf = (ctx: ServiceContext, caseId: string) => ctx.db.selectFrom('decisions').selectAll().where('case_id', '=', caseId).execute();
const appealsOf = (ctx: ServiceContext, caseId: string) => ctx.db.selectFrom('appeals').selectAll().where('case_id', '=', caseId).execute();
const hearingsOf = (ctx: ServiceContext, caseId: string) => ctx.db.selectFrom('hearings').selectAll().where('case_id', '=', caseId).execute();
const screeningsOf = (ctx: ServiceContext, panelId: string) => ctx.db.selectFrom('panel_screenings').selectAll().where('panel_id', '=', panelId).execute();

for (const kind of testDatabaseKinds()) {
  describe(`due-process rules (${kind})`, () => {
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
      // Both also hold the panel member role, so that only their involvement in the case keeps them off its panels.
      manager = await createStaff(ctx, ['case_manager', 'panel_member']);
      investigator = await createStaff(ctx, ['investigator', 'panel_member']);
    });
    afterEach(async () => t.close());

    async function atInvestigation(files: EvidenceUpload[] = [], clauses?: string[]): Promise<string> {
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(clauses ? { clauses } : {}), files, channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      return receipt.caseId;
    }

    /** Puts someone in the pool, trained, with the given pool roles. */
    async function joinPool(member: Staff, roles: string[]): Promise<void> {
      await savePoolMember({ ctx, staff: manager, userId: member.userId, roles, active: true });
      await recordTraining({ ctx, staff: manager, userId: member.userId, course: TRAINING, completedOn: '2025-06-01', expiresOn: '2027-06-01' });
    }

    /** The default pool of nine, plus the case's investigator and case manager, trained and in the pool too. */
    async function poolWithInvolved(): Promise<Staff[]> {
      const pool = await createPanelPool(ctx, manager);
      await joinPool(investigator, ['lawyer', 'chair']);
      await joinPool(manager, ['lay', 'member']);
      return pool;
    }

    /** Notice given, answered (asking for a hearing or not), and the report submitted. */
    async function referWithAnswer(caseId: string, hearingRequested: boolean): Promise<string> {
      await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
      const token = await portalTokenSentTo(ctx, RESPONDENT_EMAIL);
      await respondToNotice({ ctx, token, answer: { answers: {}, generalResponse: 'I deny the allegation and ask to be heard.', hearingRequested }, files: [] });
      await submitInvestigationReport({ ctx, staff: investigator, caseId, ...REPORT });
      return token;
    }

    /** A case with its decision panel drawn from the default pool (plus the involved people). */
    async function withDecisionPanel(options: { hearingRequested?: boolean; clauses?: string[] } = {}) {
      const caseId = await atInvestigation([], options.clauses);
      const pool = await poolWithInvolved();
      const token = options.hearingRequested ? await referWithAnswer(caseId, true) : (await referForDecision(ctx, { investigator, caseId })).token;
      await drawPanel({ ctx, staff: manager, caseId });
      const panel = await sittingPanel(ctx, caseId, 'decision', pool);
      return { caseId, pool, panel, chair: panel[0]!, token };
    }

    describe('notice', () => {
      it('is refused outside the investigation stage (transition_not_allowed), writing nothing', async () => {
        const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
        await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
        // Assigned at triage, so the refusal is about the stage and not about who is asking.
        await assignCase({ ctx, staff: intake, caseId: receipt.caseId, userId: investigator.userId, role: 'investigator' });
        const before = await eventTypes(ctx, receipt.caseId);
        const error = await refusal(async () => issueNotice({ ctx, staff: investigator, caseId: receipt.caseId, notice: await noticeFor(ctx, receipt.caseId) }));
        expect(error.code).toBe('transition_not_allowed');
        expect(error.message).toContain('investigation');
        expect(await noticesOf(ctx, receipt.caseId)).toEqual([]);
        expect(await stageOf(ctx, receipt.caseId)).toBe('triage');
        expect(await eventTypes(ctx, receipt.caseId)).toEqual(before);
      });

      it('is refused without the particulars of every allegation (validation_failed naming the allegation), writing nothing', async () => {
        const caseId = await atInvestigation([SCREENSHOT]);
        const [allegation] = await listAllegations(ctx.db, caseId);
        const before = await eventTypes(ctx, caseId);
        const error = await refusal(async () => issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId, { particulars: { [allegation!.id]: 'Too short.' } }) }));
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual([`particulars.${allegation!.id}`]);
        expect(await noticesOf(ctx, caseId)).toEqual([]);
        expect(await ctx.db.selectFrom('case_parties').selectAll().where('case_id', '=', caseId).execute()).toEqual([]);
        expect(await eventTypes(ctx, caseId)).toEqual(before);
      });

      it('is refused when an item of evidence has no disclosure decision (validation_failed naming the item)', async () => {
        const caseId = await atInvestigation([SCREENSHOT]);
        const [item] = await listEvidence(ctx.db, caseId);
        const error = await refusal(async () => issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId, { evidence: {} }) }));
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual([`evidence.${item!.id}`]);
        expect(await noticesOf(ctx, caseId)).toEqual([]);
      });

      it('is refused when an item of evidence is withheld without a reason (validation_failed naming withheldReason)', async () => {
        const caseId = await atInvestigation([SCREENSHOT]);
        const [item] = await listEvidence(ctx.db, caseId);
        const withheld = { [item!.id]: { disclose: false, redactionNote: null, withheldReason: null } };
        const error = await refusal(async () => issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId, { evidence: withheld }) }));
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual([`evidence.${item!.id}.withheldReason`]);
        expect(await noticesOf(ctx, caseId)).toEqual([]);
        expect(await ctx.db.selectFrom('evidence_disclosures').selectAll().execute()).toEqual([]);
      });

      it('cannot be given twice (conflict): the first notice stands alone', async () => {
        const caseId = await atInvestigation([SCREENSHOT]);
        await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
        const first = await noticesOf(ctx, caseId);
        const before = await eventTypes(ctx, caseId);
        t.clock.advanceDays(1);
        const error = await refusal(async () => issueNotice({ ctx, staff: manager, caseId, notice: await noticeFor(ctx, caseId) }));
        expect(error.code).toBe('conflict');
        expect(error.message).toContain('already been given notice');
        expect(await noticesOf(ctx, caseId)).toEqual(first);
        expect(await eventTypes(ctx, caseId)).toEqual(before);
      });
    });

    describe('referral for decision', () => {
      it('refuses the report before the respondent has been given notice (rule_violated), and the case stays under investigation', async () => {
        const caseId = await atInvestigation();
        const error = await refusal(() => submitInvestigationReport({ ctx, staff: investigator, caseId, ...REPORT }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('notice');
        expect(await stageOf(ctx, caseId)).toBe('investigation');
        expect(await listCaseNotes(ctx.db, caseId, 'investigation_report')).toEqual([]);
        expect(await eventTypes(ctx, caseId)).not.toContain('investigation_report_recorded');
      });

      it('refuses the report while the response deadline runs unanswered, and accepts it once the deadline has passed', async () => {
        const caseId = await atInvestigation();
        const { responseDueOn } = await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
        // Monday 2 March + 10 working days.
        expect(responseDueOn).toBe('2026-03-16');
        t.clock.advanceDays(7);
        const error = await refusal(() => submitInvestigationReport({ ctx, staff: investigator, caseId, ...REPORT }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('notice');
        expect(await stageOf(ctx, caseId)).toBe('investigation');
        expect(await listCaseNotes(ctx.db, caseId, 'investigation_report')).toEqual([]);

        t.clock.advanceDays(13);
        await submitInvestigationReport({ ctx, staff: investigator, caseId, ...REPORT });
        expect(await stageOf(ctx, caseId)).toBe('decision');
      });
    });

    describe('respondent portal', () => {
      it('refuses an unknown token (not_found)', async () => {
        const caseId = await atInvestigation();
        await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
        const error = await refusal(() => respondToNotice({ ctx, token: 'A'.repeat(43), answer: { answers: {}, generalResponse: 'Not mine.', hearingRequested: false }, files: [] }));
        expect(error.code).toBe('not_found');
        expect((await noticesOf(ctx, caseId))[0]!.responded_at).toBeNull();
      });

      it('refuses a second answer (conflict), keeping the first', async () => {
        const caseId = await atInvestigation();
        await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
        const token = await portalTokenSentTo(ctx, RESPONDENT_EMAIL);
        await respondToNotice({ ctx, token, answer: { answers: {}, generalResponse: 'My first answer.', hearingRequested: false }, files: [] });
        const error = await refusal(() => respondToNotice({ ctx, token, answer: { answers: {}, generalResponse: 'A second thought.', hearingRequested: true }, files: [] }));
        expect(error.code).toBe('conflict');
        const [notice] = await noticesOf(ctx, caseId);
        expect(notice).toMatchObject({ general_response: 'My first answer.', hearing_requested: 0 });
        expect((await eventTypes(ctx, caseId)).filter((type) => type === 'notice_answered')).toHaveLength(1);
      });

      it('refuses an answer after the deadline (rule_violated naming the deadline)', async () => {
        const caseId = await atInvestigation();
        await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
        const token = await portalTokenSentTo(ctx, RESPONDENT_EMAIL);
        t.clock.advanceDays(20);
        const error = await refusal(() => respondToNotice({ ctx, token, answer: { answers: {}, generalResponse: 'Late answer.', hearingRequested: true }, files: [] }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('2026-03-16');
        expect((await noticesOf(ctx, caseId))[0]).toMatchObject({ responded_at: null, hearing_requested: 0 });
        expect(await eventTypes(ctx, caseId)).not.toContain('notice_answered');
      });
    });

    describe('panel draw', () => {
      it("never draws the case's investigator or case manager, even when they are in the pool and trained", async () => {
        const { caseId } = await withDecisionPanel();
        const [panel] = await panelsOf(ctx, caseId);
        const screenings = await screeningsOf(ctx, panel!.id);
        for (const person of [investigator, manager]) {
          const row = screenings.find((screening) => screening.user_id === person.userId);
          expect(row).toBeDefined();
          expect(row!.eligible).toBe(0);
          expect((JSON.parse(row!.reasons) as string[]).join(' ')).toContain('involved');
        }
        const candidateIds = (JSON.parse(panel!.candidates) as { userId: string }[]).map((candidate) => candidate.userId);
        expect(candidateIds).not.toContain(investigator.userId);
        expect(candidateIds).not.toContain(manager.userId);
        const seated = (await listSeats(ctx.db, [panel!.id])).map((seat) => seat.user_id);
        expect(seated).toHaveLength(3);
        expect(seated).not.toContain(investigator.userId);
        expect(seated).not.toContain(manager.userId);
      });

      it('excludes an untrained pool member, with the reason', async () => {
        const caseId = await atInvestigation();
        await createPanelPool(ctx, manager);
        const untrained = await createStaff(ctx, ['panel_member'], 'Untrained lawyer');
        await savePoolMember({ ctx, staff: manager, userId: untrained.userId, roles: ['lawyer', 'chair'], active: true });
        await referForDecision(ctx, { investigator, caseId });
        const { panelId } = await drawPanel({ ctx, staff: manager, caseId });
        const row = (await screeningsOf(ctx, panelId)).find((screening) => screening.user_id === untrained.userId);
        expect(row!.eligible).toBe(0);
        expect((JSON.parse(row!.reasons) as string[]).join(' ')).toContain(`No training in date for "${TRAINING}"`);
        expect((await listSeats(ctx.db, [panelId])).map((seat) => seat.user_id)).not.toContain(untrained.userId);
      });

      it("excludes a pool member who declared an interest in the respondent's unit, with the reason", async () => {
        const caseId = await atInvestigation();
        await createPanelPool(ctx, manager);
        const local = await createStaff(ctx, ['panel_member'], 'Branch lay member');
        await joinPool(local, ['lay']);
        await declareInterest({ ctx, staff: local, userId: local.userId, kind: 'unit', value: 'North Branch', endedOn: null });
        await referForDecision(ctx, { investigator, caseId });
        const { panelId } = await drawPanel({ ctx, staff: manager, caseId });
        const row = (await screeningsOf(ctx, panelId)).find((screening) => screening.user_id === local.userId);
        expect(row!.eligible).toBe(0);
        const reasons = (JSON.parse(row!.reasons) as string[]).join(' ');
        expect(reasons).toContain('North Branch');
        expect(reasons).toContain("the respondent's unit");
        expect((await listSeats(ctx.db, [panelId])).map((seat) => seat.user_id)).not.toContain(local.userId);
      });

      it('is refused when too few eligible members remain (rule_violated), writing no panel', async () => {
        const caseId = await atInvestigation();
        // The only lay member in the pool is the case's own investigator.
        await createPanelPool(ctx, manager, [['lawyer', 'chair'], ['member']]);
        await joinPool(investigator, ['lay']);
        await referForDecision(ctx, { investigator, caseId });
        const before = await eventTypes(ctx, caseId);
        const error = await refusal(() => drawPanel({ ctx, staff: manager, caseId }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('Not enough eligible panel members');
        expect(error.message).toContain('lay member');
        expect(await panelsOf(ctx, caseId)).toEqual([]);
        expect(await ctx.db.selectFrom('panel_screenings').selectAll().execute()).toEqual([]);
        expect(await ctx.db.selectFrom('case_assignments').selectAll().where('case_id', '=', caseId).where('role', '=', 'panel_member').execute()).toEqual([]);
        expect(await stageOf(ctx, caseId)).toBe('decision');
        expect(await eventTypes(ctx, caseId)).toEqual(before);
      });

      it('cannot be drawn twice for the same stage (conflict)', async () => {
        const { caseId } = await withDecisionPanel();
        const before = await panelsOf(ctx, caseId);
        const error = await refusal(() => drawPanel({ ctx, staff: manager, caseId }));
        expect(error.code).toBe('conflict');
        expect(await panelsOf(ctx, caseId)).toEqual(before);
      });

      it('can be re-run from its recorded seed and candidates, giving exactly the seated members', async () => {
        const { caseId } = await withDecisionPanel();
        const [panel] = await panelsOf(ctx, caseId);
        const seats = await ctx.db.selectFrom('panel_seats').selectAll().where('panel_id', '=', panel!.id).orderBy('position').execute();
        expect(reproduceDraw(panel!, ctx.config.organisation.dueProcess.panel.seats)).toEqual(seats.map((seat) => ({ userId: seat.user_id, seat: seat.seat, role: seat.pool_role })));
      });
    });

    describe('recusal', () => {
      it('takes away the recused member’s access at once and seats a replacement who is not involved', async () => {
        const { caseId, panel } = await withDecisionPanel();
        const recused = panel[1]!;
        expect((await getCase({ ctx, staff: recused, caseId })).caseRow.id).toBe(caseId);
        const { replacement } = await recuseFromPanel({ ctx, staff: recused, caseId, userId: recused.userId, reason: 'I know the respondent from a previous campaign.' });
        expect((await refusal(() => getCase({ ctx, staff: recused, caseId }))).code).toBe('forbidden');

        expect(replacement).not.toBeNull();
        const current = await findCurrentPanel(ctx.db, caseId, 'decision');
        expect(current?.id).toBe((await panelsOf(ctx, caseId))[0]!.id);
        const sitting = (await listSeats(ctx.db, [current!.id])).filter((seat) => seat.recused_at === null).map((seat) => seat.user_id);
        expect(sitting).toHaveLength(3);
        expect(sitting).toContain(replacement);
        expect(sitting).not.toContain(recused.userId);
        const involved = [investigator.userId, manager.userId, ...panel.map((member) => member.userId)];
        expect(involved).not.toContain(replacement);
      });
    });

    describe('hearing', () => {
      it("refuses a date with less than five working days' notice (rule_violated naming the earliest date)", async () => {
        const { caseId } = await withDecisionPanel();
        const error = await refusal(() => scheduleHearing({ ctx, staff: manager, caseId, date: '2026-03-06', ...HEARING }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('2026-03-09');
        expect(await hearingsOf(ctx, caseId)).toEqual([]);
        await scheduleHearing({ ctx, staff: manager, caseId, date: '2026-03-09', ...HEARING });
        expect(await hearingsOf(ctx, caseId)).toHaveLength(1);
      });

      it('refuses a postponement beyond five working days, and a second postponement', async () => {
        const { caseId, token } = await withDecisionPanel({ hearingRequested: true });
        await scheduleHearing({ ctx, staff: manager, caseId, date: '2026-03-09', ...HEARING });
        const tooFar = await refusal(() => postponeHearing({ ctx, staff: manager, caseId, date: '2026-03-17', reason: 'The companion is away that week.' }));
        expect(tooFar.code).toBe('rule_violated');
        expect(tooFar.message).toContain('2026-03-16');
        expect((await hearingsOf(ctx, caseId))[0]).toMatchObject({ scheduled_on: '2026-03-09', originally_scheduled_on: null });

        await requestPostponement({ ctx, token, date: '2026-03-16', reason: 'My companion is at work that day.' });
        const again = await refusal(() => postponeHearing({ ctx, staff: manager, caseId, date: '2026-03-18', reason: 'The companion is ill.' }));
        expect(again.code).toBe('rule_violated');
        expect(again.message).toContain('postponed once');
        expect(await refusal(() => requestPostponement({ ctx, token, date: '2026-03-18', reason: 'My companion is ill now.' }))).toMatchObject({ code: 'rule_violated' });
        expect((await hearingsOf(ctx, caseId))[0]).toMatchObject({ scheduled_on: '2026-03-16', originally_scheduled_on: '2026-03-09' });
      });

      it('cannot be recorded before its date (rule_violated)', async () => {
        const { caseId, chair } = await withDecisionPanel({ hearingRequested: true });
        await scheduleHearing({ ctx, staff: manager, caseId, date: '2026-03-09', ...HEARING });
        t.clock.advanceDays(4);
        const error = await refusal(() => recordHearing({ ctx, staff: chair, caseId, attendance: [{ name: 'Councillor Fictional', role: 'respondent', present: true }], record: 'The respondent spoke to the messages.' }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('2026-03-09');
        expect((await hearingsOf(ctx, caseId))[0]!.held_at).toBeNull();
      });

      it('when the respondent asked for one, must be held before the decision (rule_violated mentioning the hearing)', async () => {
        const { caseId, chair } = await withDecisionPanel({ hearingRequested: true });
        const decision = await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'education_course' });
        const before = await eventTypes(ctx, caseId);
        const error = await refusal(() => recordPanelDecision({ ctx, staff: chair, caseId, decision }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('hearing');
        expect(await stageOf(ctx, caseId)).toBe('decision');
        expect(await decisionsOf(ctx, caseId)).toEqual([]);
        expect(await ctx.db.selectFrom('membership_sanctions').selectAll().execute()).toEqual([]);
        expect(await eventTypes(ctx, caseId)).toEqual(before);

        // Once held, the same decision goes through.
        await scheduleHearing({ ctx, staff: manager, caseId, date: '2026-03-09', ...HEARING });
        t.clock.advanceDays(7);
        await recordHearing({ ctx, staff: chair, caseId, attendance: [{ name: 'Councillor Fictional', role: 'respondent', present: true }], record: 'The respondent spoke to the messages.' });
        await recordPanelDecision({ ctx, staff: chair, caseId, decision });
        expect(await stageOf(ctx, caseId)).toBe('appeal_window');
      });
    });

    describe('decision', () => {
      async function expectNothingDecided(caseId: string) {
        expect(await stageOf(ctx, caseId)).toBe('decision');
        expect(await decisionsOf(ctx, caseId)).toEqual([]);
        expect(await ctx.db.selectFrom('decision_findings').selectAll().execute()).toEqual([]);
        expect(await eventTypes(ctx, caseId)).not.toContain('panel_decision_recorded');
      }

      it('may be recorded only by a member sitting on this panel (forbidden for another pool member)', async () => {
        const { caseId, pool, panel } = await withDecisionPanel();
        const outsider = pool.find((member) => !panel.some((seated) => seated.userId === member.userId))!;
        const decision = await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'education_course' });
        expect((await refusal(() => recordPanelDecision({ ctx, staff: outsider, caseId, decision }))).code).toBe('forbidden');
        // The case's investigator holds the panel member role too, but does not sit.
        expect((await refusal(() => recordPanelDecision({ ctx, staff: investigator, caseId, decision }))).code).toBe('forbidden');
        await expectNothingDecided(caseId);
      });

      it('needs written reasons (validation_failed naming reasons)', async () => {
        const { caseId, chair } = await withDecisionPanel();
        const decision = { ...(await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'education_course' })), reasons: 'Upheld.' };
        const error = await refusal(() => recordPanelDecision({ ctx, staff: chair, caseId, decision }));
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual(['reasons']);
        await expectNothingDecided(caseId);
      });

      it('needs a finding on every allegation (validation_failed)', async () => {
        const { caseId, chair } = await withDecisionPanel();
        const decision = { ...(await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'education_course' })), findings: [] };
        const error = await refusal(() => recordPanelDecision({ ctx, staff: chair, caseId, decision }));
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual(['findings.0.finding']);
        await expectNothingDecided(caseId);
      });

      it('refuses a formal warning for an upheld IHRA allegation (rule_violated: education is required)', async () => {
        const { caseId, chair } = await withDecisionPanel();
        const decision = await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'formal_warning' });
        const error = await refusal(() => recordPanelDecision({ ctx, staff: chair, caseId, decision }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('education');
        await expectNothingDecided(caseId);
      });

      it('refuses no action after an upheld finding without a justification (rule_violated)', async () => {
        // Under a clause outside the education rule, so that the justification is what is missing.
        const { caseId, chair } = await withDecisionPanel({ clauses: ['example-rulebook@1#R1.1'] });
        const decision = await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'no_action' });
        const error = await refusal(() => recordPanelDecision({ ctx, staff: chair, caseId, decision }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('justification');
        await expectNothingDecided(caseId);
      });

      it('refuses a sanction when nothing was upheld (rule_violated)', async () => {
        const { caseId, chair } = await withDecisionPanel();
        const decision = await decisionFor(ctx, caseId, { finding: 'not_upheld', sanctionId: 'formal_warning' });
        const error = await refusal(() => recordPanelDecision({ ctx, staff: chair, caseId, decision }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('No allegation was upheld');
        await expectNothingDecided(caseId);
      });

      it('refuses a suspension without its length in months (validation_failed naming sanctionMonths)', async () => {
        const { caseId, chair } = await withDecisionPanel();
        const decision = await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'suspension' });
        const error = await refusal(() => recordPanelDecision({ ctx, staff: chair, caseId, decision }));
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual(['sanctionMonths']);
        await expectNothingDecided(caseId);
        expect(await ctx.db.selectFrom('membership_sanctions').selectAll().execute()).toEqual([]);
      });
    });

    describe('appeal', () => {
      async function decided() {
        const drawn = await withDecisionPanel();
        await recordPanelDecision({ ctx, staff: drawn.chair, caseId: drawn.caseId, decision: await decisionFor(ctx, drawn.caseId, { finding: 'upheld', sanctionId: 'education_course' }) });
        return drawn;
      }

      it('is refused after the appeal window (rule_violated), lodging nothing', async () => {
        const { caseId, token } = await decided();
        t.clock.advanceDays(20);
        const before = await eventTypes(ctx, caseId);
        const error = await refusal(() => lodgeAppeal({ ctx, token, appeal: APPEAL }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('appeal window');
        expect(await stageOf(ctx, caseId)).toBe('appeal_window');
        expect(await appealsOf(ctx, caseId)).toEqual([]);
        expect(await eventTypes(ctx, caseId)).toEqual(before);
      });

      it('is heard by a panel of people with no part in the case, and the decision panel cannot decide it (forbidden)', async () => {
        const { caseId, token, panel } = await decided();
        await lodgeAppeal({ ctx, token, appeal: APPEAL });
        const { panelId } = await drawPanel({ ctx, staff: manager, caseId });
        const appealSeats = (await listSeats(ctx.db, [panelId])).map((seat) => seat.user_id);
        expect(appealSeats).toHaveLength(3);
        const involved = [investigator.userId, manager.userId, ...panel.map((member) => member.userId)];
        for (const userId of appealSeats) expect(involved).not.toContain(userId);
        const screenings = await screeningsOf(ctx, panelId);
        for (const userId of involved) {
          const row = screenings.find((screening) => screening.user_id === userId)!;
          expect(row.eligible).toBe(0);
          expect((JSON.parse(row.reasons) as string[]).join(' ')).toContain('involved');
        }

        const decision = { outcome: 'dismissed', reasons: 'The sanction is the least the rules allow for an upheld allegation of this kind.', sanctionId: null, sanctionMonths: null };
        const error = await refusal(() => decideAppeal({ ctx, staff: panel[0]!, caseId, decision }));
        expect(error.code).toBe('forbidden');
        expect(await stageOf(ctx, caseId)).toBe('appeal');
        expect((await appealsOf(ctx, caseId))[0]).toMatchObject({ outcome: null, decided_at: null });
      });
    });
  });
}
