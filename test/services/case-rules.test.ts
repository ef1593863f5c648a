import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, REPORT, triageInput } from '../helpers/factories.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { recordComplaint } from '../../src/services/intake/record-complaint.js';
import { ZComplaintInput, type EvidenceUpload } from '../../src/services/intake/complaint-input.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { assignCase } from '../../src/services/cases/assign-case.js';
import { submitInvestigationReport } from '../../src/services/cases/investigate.js';
import { withdrawComplaint } from '../../src/services/cases/withdraw-complaint.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { listCases } from '../../src/services/cases/list-cases.js';
import { extendCaseDeadline, pauseCaseClock, resumeCaseClock } from '../../src/services/cases/manage-clock.js';
import { linkCases, mergeCase } from '../../src/services/cases/link-cases.js';
import { checkComplaintStatus } from '../../src/services/public/check-complaint-status.js';
import { findCaseById } from '../../src/db/repositories/case.repository.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';
import { listClockEntries } from '../../src/db/repositories/case-clock.repository.js';
import { listCaseNotes } from '../../src/db/repositories/case-note.repository.js';
import { findTriageRecord } from '../../src/db/repositories/triage-record.repository.js';
import { listAssignments } from '../../src/db/repositories/case-assignment.repository.js';
import { refusal } from '../helpers/refusal.js';



const textFile = (filename: string, size = 32): EvidenceUpload => ({ filename, bytes: new TextEncoder().encode('x'.repeat(size)) });
// The first bytes of a real Windows executable: "MZ", then a DOS header full of NULs.
const exeFile: EvidenceUpload = { filename: 'invoice.pdf', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]) };

function receive(ctx: ServiceContext, overrides: Record<string, unknown> = {}, files: EvidenceUpload[] = []) {
  return submitComplaint({ ctx, complaint: complaintInput(overrides), files, channel: 'web' });
}

async function eventTypes(ctx: ServiceContext, caseId: string): Promise<string[]> {
  return (await listCaseEvents(ctx.db, caseId)).map((event) => event.type);
}

async function caseRow(ctx: ServiceContext, caseId: string) {
  const row = await findCaseById(ctx.db, caseId);
  if (!row) throw new Error(`no case ${caseId}`);
  return row;
}

for (const kind of testDatabaseKinds()) {
  describe(`case rules (${kind})`, () => {
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

    async function atTriage(overrides: Record<string, unknown> = {}) {
      const receipt = await receive(ctx, overrides);
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      return receipt;
    }

    async function atInvestigation(people: { caseManager?: Staff; investigator?: Staff } = {}) {
      const receipt = await atTriage();
      await recordTriage({
        ctx,
        staff: intake,
        caseId: receipt.caseId,
        triage: triageInput({ caseManagerId: (people.caseManager ?? manager).userId, investigatorId: (people.investigator ?? investigator).userId }),
      });
      return receipt;
    }

    describe('triage', () => {
      it('cannot be recorded before triage has started (transition_not_allowed), and leaves no record', async () => {
        const receipt = await receive(ctx);
        const error = await refusal(() => 
          recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) }),
        );
        expect(error.code).toBe('transition_not_allowed');
        const detail = await getCase({ ctx, staff: intake, caseId: receipt.caseId });
        expect(detail.caseRow.stage).toBe('received');
        expect(detail.triage).toBeUndefined();
        expect(detail.assignments).toEqual([]);
      });

      // The "conflict" check in recordTriage cannot be reached: a recorded triage always
      // moves the case out of the triage stage in the same transaction, so a second
      // attempt meets the stage check first.
      it('cannot be recorded twice: the second attempt is refused and the first record stands', async () => {
        const receipt = await atInvestigation();
        const before = await findTriageRecord(ctx.db, receipt.caseId);
        const again = triageInput({ riskLevel: 'high', outcome: 'resolve_informally', explanation: 'Resolved by an apology from the respondent.' });
        expect((await refusal(() => recordTriage({ ctx, staff: manager, caseId: receipt.caseId, triage: again }))).code).toBe('transition_not_allowed');
        // The intake officer no longer sees the case at all once it is under investigation.
        expect((await refusal(() => recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: again }))).code).toBe('forbidden');
        const detail = await getCase({ ctx, staff: manager, caseId: receipt.caseId });
        expect(detail.triage).toEqual(before);
        expect(detail.triage?.risk_level).toBe('medium');
        expect(detail.caseRow.stage).toBe('investigation');
        expect(detail.timeline.filter((event) => event.type === 'triage_recorded')).toHaveLength(1);
      });

      it('refuses to investigate a complaint found outside jurisdiction (rule_violated), and rolls back the whole triage', async () => {
        const receipt = await atTriage();
        const eventsBefore = await eventTypes(ctx, receipt.caseId);
        const error = await refusal(() => 
          recordTriage({
            ctx,
            staff: intake,
            caseId: receipt.caseId,
            triage: triageInput({ withinJurisdiction: false, riskLevel: 'high', urgent: true, caseManagerId: manager.userId, investigatorId: investigator.userId }),
          }),
        );
        expect(error.code).toBe('rule_violated');
        expect(error.message).toContain('outside jurisdiction');
        const detail = await getCase({ ctx, staff: intake, caseId: receipt.caseId });
        expect(detail.caseRow.stage).toBe('triage');
        expect(detail.triage).toBeUndefined();
        expect(detail.assignments).toEqual([]);
        expect(detail.caseRow.risk_level).toBeNull();
        expect(detail.caseRow.urgent).toBe(0);
        expect(await eventTypes(ctx, receipt.caseId)).toEqual([...eventsBefore, 'case_viewed']);
      });

      it('refuses the same person as case manager and investigator (rule_violated), recording nothing', async () => {
        const both = await createStaff(ctx, ['case_manager', 'investigator']);
        const receipt = await atTriage();
        const error = await refusal(() => 
          recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: both.userId, investigatorId: both.userId }) }),
        );
        expect(error.code).toBe('rule_violated');
        expect(error.issues.map((issue) => issue.field)).toEqual(['investigatorId']);
        const detail = await getCase({ ctx, staff: intake, caseId: receipt.caseId });
        expect(detail.caseRow.stage).toBe('triage');
        expect(detail.triage).toBeUndefined();
        expect(detail.assignments).toEqual([]);
      });

      it('refuses an investigator who does not hold the investigator role (rule_violated)', async () => {
        const receipt = await atTriage();
        const error = await refusal(() => 
          recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: intake.userId }) }),
        );
        expect(error.code).toBe('rule_violated');
        expect(error.issues.map((issue) => issue.field)).toEqual(['investigatorId']);
        const detail = await getCase({ ctx, staff: intake, caseId: receipt.caseId });
        expect(detail.triage).toBeUndefined();
        expect(detail.assignments).toEqual([]);
      });

      it('refuses a case manager who does not exist (rule_violated)', async () => {
        const receipt = await atTriage();
        const error = await refusal(() => 
          recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: 'no-such-user', investigatorId: investigator.userId }) }),
        );
        expect(error.code).toBe('rule_violated');
        expect(error.issues.map((issue) => issue.field)).toEqual(['caseManagerId']);
      });

      it('refuses a closure reason that is not in the configured list (validation_failed)', async () => {
        const receipt = await atTriage();
        const triage = triageInput({ outcome: 'close', closureReason: 'not_in_the_list', explanation: 'The complaint is closed for a made-up reason.' });
        const error = await refusal(() => recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage }));
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual(['closureReason']);
        const detail = await getCase({ ctx, staff: intake, caseId: receipt.caseId });
        expect(detail.caseRow.stage).toBe('triage');
        expect(detail.triage).toBeUndefined();
      });

      it('closes the case at triage for a listed reason', async () => {
        const receipt = await atTriage();
        const triage = triageInput({ withinJurisdiction: false, outcome: 'close', closureReason: 'outside_jurisdiction', explanation: 'The conduct happened outside any party activity.' });
        await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage });
        const row = await caseRow(ctx, receipt.caseId);
        expect(row).toMatchObject({ stage: 'closed', outcome: 'closed_at_triage', closure_reason: 'outside_jurisdiction' });
      });
    });

    describe('who may open a case', () => {
      it('an investigator not assigned to the case cannot open it (forbidden): the refused attempt is recorded, and nothing else', async () => {
        const other = await createStaff(ctx, ['investigator']);
        const receipt = await atInvestigation();
        const eventsBefore = await eventTypes(ctx, receipt.caseId);
        expect((await refusal(() => getCase({ ctx, staff: other, caseId: receipt.caseId }))).code).toBe('forbidden');
        expect(await eventTypes(ctx, receipt.caseId)).toEqual([...eventsBefore, 'access_refused']);
        expect((await listCases({ ctx, staff: other, query: {} })).total).toBe(0);
        // The assigned investigator can.
        expect((await getCase({ ctx, staff: investigator, caseId: receipt.caseId })).caseRow.id).toBe(receipt.caseId);
      });

      it('an investigator cannot open a case in the intake queue', async () => {
        const receipt = await receive(ctx);
        expect((await refusal(() => getCase({ ctx, staff: investigator, caseId: receipt.caseId }))).code).toBe('forbidden');
      });

      it('an administrator with only system_admin cannot open any case or list cases (forbidden)', async () => {
        const admin = await createStaff(ctx, ['system_admin']);
        const received = await receive(ctx);
        const investigated = await atInvestigation();
        expect((await refusal(() => getCase({ ctx, staff: admin, caseId: received.caseId }))).code).toBe('forbidden');
        expect((await refusal(() => getCase({ ctx, staff: admin, caseId: investigated.caseId }))).code).toBe('forbidden');
        expect((await refusal(() => getCase({ ctx, staff: admin, reference: received.reference }))).code).toBe('forbidden');
        expect((await refusal(() => listCases({ ctx, staff: admin, query: {} }))).code).toBe('forbidden');
      });

      it('intake officers see received and triage cases, but not an investigation they are not assigned to', async () => {
        const otherIntake = await createStaff(ctx, ['intake_officer']);
        const received = await receive(ctx);
        const atTriageStage = await atTriage();
        const investigated = await atInvestigation();
        const list = await listCases({ ctx, staff: otherIntake, query: {} });
        expect(list.items.map((item) => item.reference).sort()).toEqual([received.reference, atTriageStage.reference].sort());
        expect(list.total).toBe(2);
        expect((await getCase({ ctx, staff: otherIntake, caseId: received.caseId })).caseRow.stage).toBe('received');
        expect((await getCase({ ctx, staff: otherIntake, caseId: atTriageStage.caseId })).caseRow.stage).toBe('triage');
        expect((await refusal(() => getCase({ ctx, staff: otherIntake, caseId: investigated.caseId }))).code).toBe('forbidden');
        // Its case manager sees it alongside the intake queue.
        expect((await listCases({ ctx, staff: manager, query: {} })).total).toBe(3);
      });
    });

    describe('investigation', () => {
      it('only the assigned investigator may submit the report (forbidden for anyone else)', async () => {
        const otherInvestigator = await createStaff(ctx, ['investigator']);
        const receipt = await atInvestigation();
        expect((await refusal(() => submitInvestigationReport({ ctx, staff: otherInvestigator, caseId: receipt.caseId, ...REPORT }))).code).toBe('forbidden');
        expect((await refusal(() => submitInvestigationReport({ ctx, staff: manager, caseId: receipt.caseId, ...REPORT }))).code).toBe('forbidden');
        expect((await caseRow(ctx, receipt.caseId)).stage).toBe('investigation');
        expect(await listCaseNotes(ctx.db, receipt.caseId, 'investigation_report')).toEqual([]);
      });

      it('someone assigned as case manager who also holds the investigator role still may not submit the report (forbidden)', async () => {
        const both = await createStaff(ctx, ['case_manager', 'investigator']);
        const receipt = await atInvestigation({ caseManager: both });
        expect((await refusal(() => submitInvestigationReport({ ctx, staff: both, caseId: receipt.caseId, ...REPORT }))).code).toBe('forbidden');
        expect(await listCaseNotes(ctx.db, receipt.caseId, 'investigation_report')).toEqual([]);
        expect((await caseRow(ctx, receipt.caseId)).stage).toBe('investigation');
      });

    });

    describe('the case clock', () => {
      it('moves stage_due_on by the working days the clock was paused', async () => {
        const receipt = await receive(ctx);
        expect((await caseRow(ctx, receipt.caseId)).stage_due_on).toBe('2026-03-09');

        t.clock.advanceDays(1); // Tuesday 3 March
        await pauseCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason: 'Waiting for the complainant to send the messages.' });
        expect(await caseRow(ctx, receipt.caseId)).toMatchObject({ paused_since: '2026-03-03', stage_due_on: '2026-03-09' });

        t.clock.advanceDays(2); // Thursday 5 March
        const whilePaused = await getCase({ ctx, staff: manager, caseId: receipt.caseId });
        expect(whilePaused.clock).toMatchObject({ pausedSince: '2026-03-03', stagePausedWorkingDays: 2, stageDueOn: '2026-03-11', overdue: false });

        await resumeCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason: 'The complainant sent the messages.' });
        expect(await caseRow(ctx, receipt.caseId)).toMatchObject({ paused_since: null, stage_due_on: '2026-03-11' });
        const resumed = (await listCaseEvents(ctx.db, receipt.caseId)).find((event) => event.type === 'clock_resumed');
        expect(JSON.parse(resumed!.data)).toMatchObject({ dueOnBefore: '2026-03-09', dueOnAfter: '2026-03-11' });
      });

      it('does not count the weekend of a pause from Friday to Monday', async () => {
        const receipt = await receive(ctx);
        t.clock.set('2026-03-06T10:00:00Z'); // Friday
        await pauseCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason: 'Waiting for the complainant to reply.' });
        t.clock.set('2026-03-09T10:00:00Z'); // Monday
        await resumeCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason: 'The complainant replied on Monday.' });
        expect((await caseRow(ctx, receipt.caseId)).stage_due_on).toBe('2026-03-10');
      });

      it('refuses to move the case on while the clock is paused (rule_violated)', async () => {
        const receipt = await receive(ctx);
        await pauseCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason: 'Waiting for a police decision.' });
        expect((await refusal(() => startTriage({ ctx, staff: intake, caseId: receipt.caseId }))).code).toBe('rule_violated');
        expect((await caseRow(ctx, receipt.caseId)).stage).toBe('received');
        expect(await eventTypes(ctx, receipt.caseId)).not.toContain('stage_changed');

        await resumeCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason: 'The police have decided.' });
        await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
        expect((await caseRow(ctx, receipt.caseId)).stage).toBe('triage');
      });

      it('refuses the investigation report while the clock is paused, keeping no half-written report', async () => {
        const receipt = await atInvestigation();
        await pauseCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason: 'The respondent is in hospital.' });
        expect((await refusal(() => submitInvestigationReport({ ctx, staff: investigator, caseId: receipt.caseId, ...REPORT }))).code).toBe('rule_violated');
        expect(await listCaseNotes(ctx.db, receipt.caseId, 'investigation_report')).toEqual([]);
        expect((await caseRow(ctx, receipt.caseId)).stage).toBe('investigation');
        expect(await eventTypes(ctx, receipt.caseId)).not.toContain('investigation_report_recorded');
      });

      it('refuses pausing twice, resuming a running clock, short reasons, bad extensions and staff without the permission', async () => {
        const receipt = await receive(ctx);
        const entriesBefore = await listClockEntries(ctx.db, receipt.caseId);
        const reason = 'Waiting for the complainant to reply.';
        expect((await refusal(() => resumeCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason }))).code).toBe('rule_violated');
        expect((await refusal(() => pauseCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason: 'waiting' }))).code).toBe('validation_failed');
        expect((await refusal(() => pauseCaseClock({ ctx, staff: intake, caseId: receipt.caseId, reason }))).code).toBe('forbidden');
        for (const workingDays of [0, 61, 1.5]) {
          expect((await refusal(() => extendCaseDeadline({ ctx, staff: manager, caseId: receipt.caseId, workingDays, reason }))).code).toBe('validation_failed');
        }
        expect(await listClockEntries(ctx.db, receipt.caseId)).toEqual(entriesBefore);

        await pauseCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason });
        expect((await refusal(() => pauseCaseClock({ ctx, staff: manager, caseId: receipt.caseId, reason }))).code).toBe('rule_violated');
        expect((await listClockEntries(ctx.db, receipt.caseId)).map((entry) => entry.kind)).toEqual(['stage_entered', 'paused']);
      });

      it('tells the holder of an anonymous complaint’s receipt code about an extension and its reason', async () => {
        const receipt = await receive(ctx, { anonymous: true, complainant: {} });
        const reason = 'The respondent is abroad until the end of the month.';
        await extendCaseDeadline({ ctx, staff: manager, caseId: receipt.caseId, workingDays: 10, reason: `  ${reason}  ` });
        const status = await checkComplaintStatus({ ctx, receiptCode: receipt.receiptCode! });
        expect(status.extensions).toEqual([{ on: '2026-03-02', workingDays: 10, reason }]);
        // Monday 9 March + 10 working days.
        expect(status.stageDueOn).toBe('2026-03-23');
        expect(status.paused).toBe(false);
        expect((await caseRow(ctx, receipt.caseId)).stage_due_on).toBe('2026-03-23');
      });

      it('lists a case as overdue once the clock passes its due date, but not while it is paused', async () => {
        const running = await receive(ctx, { summary: 'The running case' });
        const paused = await receive(ctx, { summary: 'The paused case' });
        await pauseCaseClock({ ctx, staff: manager, caseId: paused.caseId, reason: 'Waiting for the police to finish.' });
        const overdue = async () => (await listCases({ ctx, staff: manager, query: { overdue: true } })).items.map((item) => item.reference).sort();

        t.clock.set('2026-03-09T10:00:00Z'); // the due date itself
        expect(await overdue()).toEqual([]);

        t.clock.set('2026-03-10T10:00:00Z');
        expect(await overdue()).toEqual([running.reference]);
        const all = await listCases({ ctx, staff: manager, query: {} });
        expect(Object.fromEntries(all.items.map((item) => [item.reference, item.overdue]))).toEqual({ [running.reference]: true, [paused.reference]: false });

        // Paused on Monday 2 March, resumed Tuesday 10 March: 6 working days, so due Tuesday 17 March.
        await resumeCaseClock({ ctx, staff: manager, caseId: paused.caseId, reason: 'The police have finished.' });
        expect((await caseRow(ctx, paused.caseId)).stage_due_on).toBe('2026-03-17');
        expect(await overdue()).toEqual([running.reference]);

        t.clock.set('2026-03-18T10:00:00Z');
        expect(await overdue()).toEqual([running.reference, paused.reference].sort());
      });
    });

    describe('intake', () => {
      it('refuses a clause that is not in a code in force (validation_failed), and creates no case', async () => {
        for (const clause of ['ihra-wda@2016-05-26#no-such-clause', 'ihra-wda@1999-01-01#ex-2', 'not a key']) {
          const error = await refusal(() => receive(ctx, { clauses: [clause] }));
          expect(error.code).toBe('validation_failed');
          expect(error.issues.map((issue) => issue.field)).toEqual(['clauses']);
        }
        expect((await listCases({ ctx, staff: intake, query: {} })).total).toBe(0);
      });

      it('refuses an executable, whatever its name (upload_type_not_allowed), and creates no case', async () => {
        const error = await refusal(() => receive(ctx, {}, [textFile('notes.txt'), exeFile]));
        expect(error.code).toBe('upload_type_not_allowed');
        expect(error.message).toContain('invoice.pdf');
        expect((await listCases({ ctx, staff: intake, query: {} })).total).toBe(0);
      });

      it('refuses a file over the configured size limit (upload_too_large), and creates no case', async () => {
        const small = await createTestContext(kind, { organisation: 'uploads:\n  maxFileBytes: 2048\n' });
        try {
          const officer = await createStaff(small.ctx, ['intake_officer']);
          const error = await refusal(() => submitComplaint({ ctx: small.ctx, complaint: complaintInput(), files: [textFile('big.txt', 2049)], channel: 'web' }));
          expect(error.code).toBe('upload_too_large');
          expect((await listCases({ ctx: small.ctx, staff: officer, query: {} })).total).toBe(0);
          // Exactly at the limit is accepted, and the refused complaint used up no reference number.
          const receipt = await submitComplaint({ ctx: small.ctx, complaint: complaintInput(), files: [textFile('ok.txt', 2048)], channel: 'web' });
          expect(receipt.reference).toBe('RDR-2026-000001');
        } finally {
          await small.close();
        }
      });

      it('a complaint that is not anonymous needs a way to reply: the schema names complainant.email', () => {
        const input = { ...complaintInput(), complainant: { name: 'Ruth Example' } };
        const result = ZComplaintInput.safeParse(input);
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['complainant.email']);
        expect(ZComplaintInput.safeParse({ ...input, complainant: { name: 'Ruth Example', phone: '020 7946 0000' } }).success).toBe(true);
        expect(ZComplaintInput.safeParse({ ...input, anonymous: true, complainant: {} }).success).toBe(true);
      });

      it('staff cannot record a complaint received in the future (validation_failed), but may back-date one', async () => {
        const error = await refusal(() => 
          recordComplaint({ ctx, staff: intake, complaint: complaintInput(), files: [], channel: 'phone', receivedAt: new Date('2026-03-02T10:00:01Z') }),
        );
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual(['receivedAt']);
        expect((await listCases({ ctx, staff: intake, query: {} })).total).toBe(0);

        // Received on Friday 27 February: acknowledgement due 5 working days later, Friday 6 March.
        const receipt = await recordComplaint({ ctx, staff: intake, complaint: complaintInput(), files: [], channel: 'letter', receivedAt: new Date('2026-02-27T15:00:00Z') });
        expect(receipt.acknowledgementDueOn).toBe('2026-03-06');
      });

      it('runs the timetable from the London date of receipt: 23:30Z on 30 June is 1 July', async () => {
        t.clock.set('2026-06-30T23:30:00Z');
        const receipt = await receive(ctx);
        // Wednesday 1 July + 5 working days.
        expect(receipt.acknowledgementDueOn).toBe('2026-07-08');
        expect((await listClockEntries(ctx.db, receipt.caseId))[0]).toMatchObject({ kind: 'stage_entered', on_date: '2026-07-01' });
      });

      it('the acknowledgement e-mail gives the same receipt date as the timetable', async () => {
        t.clock.set('2026-06-30T23:30:00Z');
        await receive(ctx);
        const [mail] = await ctx.db.selectFrom('outbox').select('payload').execute();
        expect((JSON.parse(mail!.payload) as { text: string }).text).toContain('received on 2026-07-01');
      });

      it('an investigator cannot record a complaint (forbidden)', async () => {
        const error = await refusal(() => recordComplaint({ ctx, staff: investigator, complaint: complaintInput(), files: [], channel: 'phone' }));
        expect(error.code).toBe('forbidden');
        expect((await listCases({ ctx, staff: intake, query: {} })).total).toBe(0);
      });

      it('numbers references in sequence within a year and starts again at 1 in a new year', async () => {
        expect((await receive(ctx)).reference).toBe('RDR-2026-000001');
        expect((await receive(ctx)).reference).toBe('RDR-2026-000002');
        t.clock.set('2027-01-04T10:00:00Z');
        expect((await receive(ctx)).reference).toBe('RDR-2027-000001');
        expect((await receive(ctx)).reference).toBe('RDR-2027-000002');
        // A complaint back-dated into last year takes last year's next number.
        const late = await recordComplaint({ ctx, staff: intake, complaint: complaintInput(), files: [], channel: 'letter', receivedAt: new Date('2026-12-31T12:00:00Z') });
        expect(late.reference).toBe('RDR-2026-000003');
      });
    });

    describe('linking and merging', () => {
      it('refuses to link a case to itself (validation_failed)', async () => {
        const receipt = await receive(ctx);
        const error = await refusal(() => linkCases({ ctx, staff: intake, caseId: receipt.caseId, otherReference: receipt.reference }));
        expect(error.code).toBe('validation_failed');
        expect(error.issues.map((issue) => issue.field)).toEqual(['reference']);
        expect((await refusal(() => linkCases({ ctx, staff: intake, caseId: receipt.caseId, otherReference: 'RDR-2026-999999' }))).code).toBe('validation_failed');
        const detail = await getCase({ ctx, staff: intake, caseId: receipt.caseId });
        expect(detail.linked).toEqual([]);
        expect(detail.timeline.map((event) => event.type)).not.toContain('case_linked');
      });

      it('links two cases both ways, each timeline recording it', async () => {
        const first = await receive(ctx);
        const second = await receive(ctx);
        await linkCases({ ctx, staff: intake, caseId: first.caseId, otherReference: ` ${second.reference.toLowerCase()} ` });
        expect((await getCase({ ctx, staff: intake, caseId: first.caseId })).linked.map((other) => other.reference)).toEqual([second.reference]);
        expect((await getCase({ ctx, staff: intake, caseId: second.caseId })).linked.map((other) => other.reference)).toEqual([first.reference]);
        expect(await eventTypes(ctx, first.caseId)).toContain('case_linked');
        expect(await eventTypes(ctx, second.caseId)).toContain('case_linked');
      });

      it('refuses to merge into a closed case (rule_violated), leaving the duplicate open', async () => {
        const closed = await receive(ctx);
        await assignCase({ ctx, staff: intake, caseId: closed.caseId, userId: manager.userId, role: 'case_manager' });
        await withdrawComplaint({ ctx, staff: intake, caseId: closed.caseId, explanation: 'The complainant withdrew by phone.' });
        const duplicate = await receive(ctx);
        const error = await refusal(() => mergeCase({ ctx, staff: manager, caseId: duplicate.caseId, intoReference: closed.reference }));
        expect(error.code).toBe('rule_violated');
        const detail = await getCase({ ctx, staff: manager, caseId: duplicate.caseId });
        expect(detail.caseRow).toMatchObject({ stage: 'received', closed_at: null, outcome: null, merged_into: null });
        expect(detail.linked).toEqual([]);
        expect(await eventTypes(ctx, closed.caseId)).not.toContain('case_absorbed');
      });

      it('closes a merged case with the outcome "merged", and both timelines record the merge', async () => {
        const duplicate = await receive(ctx);
        const main = await receive(ctx);
        await mergeCase({ ctx, staff: intake, caseId: duplicate.caseId, intoReference: main.reference });
        const merged = await caseRow(ctx, duplicate.caseId);
        expect(merged).toMatchObject({ stage: 'closed', outcome: 'merged', closure_reason: 'duplicate', merged_into: main.caseId });
        expect(merged.closed_at).not.toBeNull();
        expect(await eventTypes(ctx, duplicate.caseId)).toEqual(expect.arrayContaining(['case_merged', 'stage_changed', 'case_closed']));
        expect(await eventTypes(ctx, main.caseId)).toContain('case_absorbed');
        const detail = await getCase({ ctx, staff: intake, caseId: main.caseId });
        expect(detail.caseRow.stage).toBe('received');
        expect(detail.linked.map((other) => other.reference)).toEqual([duplicate.reference]);
      });
    });

    describe('checking a complaint by receipt code', () => {
      it('a wrong code is not_found and a malformed one is validation_failed', async () => {
        const receipt = await receive(ctx, { anonymous: true, complainant: {} });
        const wrong = receipt.receiptCode!.startsWith('0') ? '1111 1111 1111 1111' : '0000 0000 0000 0000';
        expect((await refusal(() => checkComplaintStatus({ ctx, receiptCode: wrong }))).code).toBe('not_found');
        for (const malformed of ['', '1234', '1234 5678 9012 345', 'abcd efgh ijkl mnop', `${receipt.receiptCode} 1`]) {
          expect((await refusal(() => checkComplaintStatus({ ctx, receiptCode: malformed }))).code).toBe('validation_failed');
        }
        const status = await checkComplaintStatus({ ctx, receiptCode: receipt.receiptCode!.replaceAll(' ', '-') });
        expect(status.reference).toBe(receipt.reference);
      });
    });

    describe('full-text search', () => {
      beforeEach(async () => {
        await receive(ctx, { description: 'For months he subjected me to sustained harassment in the branch WhatsApp group.' });
        await receive(ctx, { summary: 'Leaflet at the door', description: 'A leaflet pushed through my door repeated a blood libel, which I reported.' });
      });

      const search = async (text: string) => (await listCases({ ctx, staff: intake, query: { search: text } })).items.map((item) => item.summary);

      it('matches the start of a word: "harass" finds "harassment"', async () => {
        expect(await search('harass')).toEqual(['Abusive messages after a branch meeting']);
        expect(await search('HARASS')).toEqual(['Abusive messages after a branch meeting']);
        expect(await search('whatsapp harass')).toEqual(['Abusive messages after a branch meeting']);
        expect(await search('leaf')).toEqual(['Leaflet at the door']);
        expect(await search('nothing-like-this')).toEqual([]);
      });

      it('ignores punctuation around the words searched for', async () => {
        for (const text of ['"harass"', 'harass*', '-harass', '(harass)', "harass'", 'harass:*', 'harass!']) {
          expect(await search(text)).toEqual(['Abusive messages after a branch meeting']);
        }
      });

      it('never fails on query syntax, quotes or operators in the search text', async () => {
        const texts = ['"', "'", '*', 'OR', 'AND', 'NOT', '-', 'harass OR leaflet', 'NEAR(harass leaflet)', '"unterminated', 'a & b | !c', ':*', '\\', "'; drop table cases; --", '%_', '(', ')', '^', 'é', '   '];
        for (const text of texts) {
          const result = await listCases({ ctx, staff: intake, query: { search: text } });
          expect(result.total).toBeGreaterThanOrEqual(0);
        }
        expect((await listCases({ ctx, staff: intake, query: {} })).total).toBe(2);
      });

      it('every prefix of a word finds it: "harassmen" finds "harassment"', async () => {
        expect(await search('harassmen')).toEqual(['Abusive messages after a branch meeting']);
      });

      it('finds a case by its reference or by the respondent’s membership number', async () => {
        expect(await search('RDR-2026-000002')).toEqual(['Leaflet at the door']);
        expect((await search('M-1001')).sort()).toEqual(['Abusive messages after a branch meeting', 'Leaflet at the door']);
        expect(await search('1001')).toHaveLength(2);
      });
    });

    describe('the case record', () => {
      it('case_events is append-only: a raw update and a raw delete both fail, and the events are unchanged', async () => {
        const receipt = await receive(ctx);
        const before = await listCaseEvents(ctx.db, receipt.caseId);
        expect(before.length).toBeGreaterThan(0);
        await expect(ctx.db.updateTable('case_events').set({ type: 'tampered' }).where('case_id', '=', receipt.caseId).execute()).rejects.toThrow(/append-only/);
        await expect(ctx.db.deleteFrom('case_events').where('case_id', '=', receipt.caseId).execute()).rejects.toThrow(/append-only/);
        expect(await listCaseEvents(ctx.db, receipt.caseId)).toEqual(before);
      });

      it('people opening the same case at the same moment all succeed, as does a change made meanwhile', async () => {
        const receipt = await receive(ctx);
        const failures: string[] = [];
        for (let round = 0; round < 3; round++) {
          const change = round === 0 ? [startTriage({ ctx, staff: intake, caseId: receipt.caseId })] : [];
          const results = await Promise.allSettled([...change, ...Array.from({ length: 8 }, () => getCase({ ctx, staff: intake, caseId: receipt.caseId }))]);
          for (const result of results) if (result.status === 'rejected') failures.push(String((result.reason as Error).message));
        }
        expect(failures).toEqual([]);
        expect((await caseRow(ctx, receipt.caseId)).stage).toBe('triage');
        const sequences = (await listCaseEvents(ctx.db, receipt.caseId)).map((event) => Number(event.sequence));
        expect(sequences).toEqual(sequences.map((_, index) => index + 1));
      });

      it('a refused change leaves no assignment behind', async () => {
        const receipt = await atTriage();
        await refusal(() => recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: intake.userId }) }));
        expect(await listAssignments(ctx.db, receipt.caseId)).toEqual([]);
      });
    });
  });
}
