import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, referForDecision, sittingPanel } from '../helpers/due-process.js';
import { refusal } from '../helpers/refusal.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { addCaseNote } from '../../src/services/cases/investigate.js';
import { withdrawComplaint } from '../../src/services/cases/withdraw-complaint.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { sendCaseMessage } from '../../src/services/due-process/case-messages.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { closeLapsedAppealWindows } from '../../src/services/due-process/appeals.js';
import { flagSpecialCategory } from '../../src/services/data-protection/flag-special-category.js';
import { runRetention } from '../../src/services/data-protection/run-retention.js';
import { getRetentionOverview } from '../../src/services/data-protection/get-retention-overview.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';
import { verifyDatabase } from '../../src/services/ledger/verify-ledger.js';
import { generateSigningKey, verifierOf } from '../../src/ledger/checkpoint.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';
import { ERASED_TEXT } from '../../src/domain/data-protection/retention.js';
import { isErasedPayload } from '../../src/domain/case/case-event.js';

const SYSTEM = { kind: 'system', process: 'retention schedule' } as const;
const enc = (text: string) => new TextEncoder().encode(text);
const SHARED = enc('A screenshot both complainants sent.\n');
const OWN = enc('A screenshot only the old case holds.\n');
const sha256 = async (bytes: Uint8Array) => (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
const NOTE = 'The complainant mentioned a heart condition on the phone.';
const MESSAGE = 'Thank you: we have your screenshots and will be in touch.';
const REASON = 'The complaint describes the complainant’s faith and a health condition.';

for (const kind of testDatabaseKinds()) {
  describe(`retention and special-category data (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let intake: Staff;
    let manager: Staff;
    let investigator: Staff;
    let dpo: Staff;

    beforeEach(async () => {
      // Monday 2 March 2026, 10:00 in London.
      t = await createTestContext(kind);
      ctx = t.ctx;
      intake = await createStaff(ctx, ['intake_officer']);
      manager = await createStaff(ctx, ['case_manager']);
      investigator = await createStaff(ctx, ['investigator']);
      dpo = await createStaff(ctx, ['data_protection_officer']);
    });
    afterEach(async () => t.close());

    const caseRow = (caseId: string) => ctx.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    const eventsOf = async (caseId: string) => (await listCaseEvents(ctx.db, caseId)).map((event) => ({ id: event.id, type: event.type, data: event.data }));
    const fileExists = (hash: string) => ctx.evidence.get(hash).then(() => true, () => false);

    async function atTriage(files: { filename: string; bytes: Uint8Array }[] = [], overrides: Record<string, unknown> = {}): Promise<{ caseId: string; reference: string }> {
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(overrides), files, channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      return receipt;
    }

    /** Investigated, decided with the given sanction, and closed when the appeal window lapses. */
    async function decided(caseId: string, pool: Staff[], sanctionId: string, sanctionMonths: number): Promise<void> {
      await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      await addCaseNote({ ctx, staff: investigator, caseId, text: NOTE });
      await sendCaseMessage({ ctx, staff: investigator, caseId, recipient: 'complainant', visibility: 'party', body: MESSAGE });
      await referForDecision(ctx, { investigator, caseId });
      await drawPanel({ ctx, staff: manager, caseId });
      const [chair] = await sittingPanel(ctx, caseId, 'decision', pool);
      await recordPanelDecision({ ctx, staff: chair!, caseId, decision: await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId, sanctionMonths }) });
    }

    describe('the retention run', () => {
      let old: { caseId: string; reference: string };
      let expelled: { caseId: string; reference: string };
      let recent: { caseId: string; reference: string };
      let open: { caseId: string; reference: string };
      const key = generateSigningKey('retention.test/ledger');

      beforeEach(async () => {
        const pool = await createPanelPool(ctx, manager);
        // March 2026: two cases decided, one with a suspension, one with an expulsion; both close when the appeal window lapses.
        old = await atTriage(
          [
            { filename: 'shared.txt', bytes: SHARED },
            { filename: 'own.txt', bytes: OWN },
          ],
          { clauses: ['example-rulebook@1#R1.1'] },
        );
        await flagSpecialCategory({ ctx, staff: intake, caseId: old.caseId, categories: ['health'], reason: REASON });
        await decided(old.caseId, pool, 'suspension', 6);
        expelled = await atTriage([], { summary: 'Threats at the annual conference' });
        await decided(expelled.caseId, pool, 'expulsion', 24);
        t.clock.advanceDays(15);
        expect((await closeLapsedAppealWindows({ ctx })).closed.sort()).toEqual([old.reference, expelled.reference].sort());
        // Six years on: a case closed then (holding the same file as the old one), and one still open.
        t.clock.set('2032-03-01T10:00:00Z');
        recent = await atTriage([{ filename: 'same-screenshot.txt', bytes: SHARED }], { summary: 'A complaint withdrawn in 2032' });
        await withdrawComplaint({ ctx, staff: intake, caseId: recent.caseId, explanation: 'The complainant wrote to withdraw on 1 March.' });
        open = await atTriage([], { summary: 'A complaint still open' });
        await issueCheckpoint({ ctx, key });
        // Eight years after the old cases closed.
        t.clock.set('2034-03-20T10:00:00Z');
      });

      it('erases the old case: payloads in the ledger, personal columns, notes, messages and its own file; the ledger still verifies', async () => {
        const [ownHash, sharedHash] = [await sha256(OWN), await sha256(SHARED)];
        const untouched = { expelled: await eventsOf(expelled.caseId), recent: await eventsOf(recent.caseId), open: await eventsOf(open.caseId) };
        const rows = { expelled: await caseRow(expelled.caseId), recent: await caseRow(recent.caseId), open: await caseRow(open.caseId) };

        const report = await runRetention({ ctx, actor: SYSTEM, dryRun: false });
        expect(report.failures).toEqual([]);
        expect(report.cases).toEqual([expect.objectContaining({ reference: old.reference, rule: 'closed-7-years', filesRemoved: 1 })]);
        expect(report.runId).not.toBeNull();

        // The case row keeps what statistics need, and nothing personal.
        const erased = await caseRow(old.caseId);
        expect(erased).toMatchObject({
          stage: 'closed',
          outcome: 'upheld',
          complainant_name: null,
          complainant_email: null,
          respondent_name: ERASED_TEXT,
          respondent_membership_number: null,
          summary: ERASED_TEXT,
          description: ERASED_TEXT,
          special_categories: null,
          erased_at: '2034-03-20T10:00:00.000Z',
        });
        expect(erased.closed_at).not.toBeNull();
        const notes = await ctx.db.selectFrom('case_notes').select('text').where('case_id', '=', old.caseId).execute();
        // The note, and the investigation report kept as a note.
        expect(notes.map((note) => note.text)).toEqual([ERASED_TEXT, ERASED_TEXT]);
        const messages = await ctx.db.selectFrom('case_messages').select('body').where('case_id', '=', old.caseId).execute();
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.every((message) => message.body === ERASED_TEXT)).toBe(true);
        expect(await ctx.db.selectFrom('case_parties').select(['name', 'email']).where('case_id', '=', old.caseId).execute()).toEqual(
          expect.arrayContaining([{ name: ERASED_TEXT, email: null }]),
        );
        expect(await ctx.db.selectFrom('decisions').select(['sanction_id', 'reasons']).where('case_id', '=', old.caseId).execute()).toEqual([{ sanction_id: 'suspension', reasons: ERASED_TEXT }]);
        expect(await ctx.db.selectFrom('membership_sanctions').select(['person_name', 'membership_number']).where('case_id', '=', old.caseId).execute()).toEqual([
          { person_name: ERASED_TEXT, membership_number: null },
        ]);
        expect(await ctx.db.selectFrom('case_allegations').select('clause_id').where('case_id', '=', old.caseId).execute()).toEqual([{ clause_id: 'R1.1' }]);

        // Its own file is gone; the file a kept case also holds is not.
        expect(await fileExists(ownHash)).toBe(false);
        expect(await fileExists(sharedHash)).toBe(true);
        expect(await ctx.db.selectFrom('evidence').select('sha256').where('case_id', '=', old.caseId).where('sha256', 'is not', null).execute()).toEqual([]);

        // Every payload is erased, each erasure is an event in the ledger, and nothing personal is left in the events.
        const events = await listCaseEvents(ctx.db, old.caseId);
        const text = events.map((event) => event.data).join('\n');
        for (const personal of ['Ruth Example', 'ruth@example.test', 'Councillor Fictional', 'M-1001', 'heart condition', 'screenshots', 'conspiracy', 'shared.txt']) expect(text).not.toContain(personal);
        const erasures = events.filter((event) => event.type === 'payload_erased');
        expect(erasures).toHaveLength(report.payloadsErased);
        expect(events.filter((event) => isErasedPayload(JSON.parse(event.data)))).toHaveLength(report.payloadsErased);
        const last = events.at(-1)!;
        expect(last.type).toBe('case_erased_under_retention');
        expect(JSON.parse(last.data)).toMatchObject({ rule: 'closed-7-years', payloadsErased: report.payloadsErased, notesErased: 2, filesRemoved: 1, evidenceErased: 2 });
        const logged = await ctx.db.selectFrom('ledger_entries').select('type').where('case_id', '=', old.caseId).where('type', 'in', ['payload_erased', 'case_erased_under_retention']).execute();
        expect(logged).toHaveLength(report.payloadsErased + 1);
        await issueCheckpoint({ ctx, key, force: true });
        expect(await verifyDatabase({ ctx, verifiers: [verifierOf(key)] })).toMatchObject({ ok: true });

        // The case closed two years ago, the open case and the expelled member's case are untouched.
        expect({ expelled: await eventsOf(expelled.caseId), recent: await eventsOf(recent.caseId), open: await eventsOf(open.caseId) }).toEqual(untouched);
        expect({ expelled: await caseRow(expelled.caseId), recent: await caseRow(recent.caseId), open: await caseRow(open.caseId) }).toEqual(rows);

        // Recorded for the data protection officer.
        const overview = await getRetentionOverview({ ctx, staff: dpo });
        expect(overview.runs).toEqual([expect.objectContaining({ dryRun: false, casesErased: 1, actor: 'Redress (retention schedule)', references: [old.reference] })]);
        expect(overview.keptIndefinitely).toBe(1);
      });

      it('changes nothing on a dry run, and erases nothing more on a second run', async () => {
        const before = { cases: await ctx.db.selectFrom('cases').selectAll().orderBy('id').execute(), events: await ctx.db.selectFrom('case_events').selectAll().orderBy('id').execute() };
        const dry = await runRetention({ ctx, actor: dpo, dryRun: true });
        expect(dry.cases).toEqual([expect.objectContaining({ reference: old.reference, filesRemoved: 1 })]);
        expect(dry.payloadsErased).toBeGreaterThan(10);
        expect({ cases: await ctx.db.selectFrom('cases').selectAll().orderBy('id').execute(), events: await ctx.db.selectFrom('case_events').selectAll().orderBy('id').execute() }).toEqual(before);
        expect(await fileExists(await sha256(OWN))).toBe(true);

        t.clock.advanceDays(1);
        const first = await runRetention({ ctx, actor: dpo, dryRun: false });
        expect(first.payloadsErased).toBe(dry.payloadsErased);
        const eventCount = (await ctx.db.selectFrom('case_events').select('id').execute()).length;
        t.clock.advanceDays(1);
        const second = await runRetention({ ctx, actor: dpo, dryRun: false });
        expect(second).toMatchObject({ cases: [], payloadsErased: 0, filesRemoved: 0, failures: [] });
        expect((await ctx.db.selectFrom('case_events').select('id').execute()).length).toBe(eventCount);

        // A scheduled run that finds nothing leaves no row in the history; runs by hand always do.
        expect((await runRetention({ ctx, actor: SYSTEM, dryRun: false, scheduled: true })).runId).toBeNull();
        const runs = (await getRetentionOverview({ ctx, staff: dpo })).runs;
        expect(runs.map((run) => [run.dryRun, run.casesErased])).toEqual([
          [false, 0],
          [false, 1],
          [true, 1],
        ]);
        expect(runs[2]!.actor).toBe(dpo.name);
      });

      it('deletes sent e-mails older than the configured days from the outbox, and never mail still to be sent', async () => {
        const rows = await ctx.db.selectFrom('outbox').select(['id', 'created_at']).orderBy('id').execute();
        const [unsent, ...rest] = rows;
        // All but one sent when queued (years ago); one sent ten days ago; one never sent.
        for (const row of rest) await ctx.db.updateTable('outbox').set({ sent_at: row.created_at }).where('id', '=', row.id).execute();
        const recentlySent = rest.at(-1)!;
        await ctx.db.updateTable('outbox').set({ sent_at: '2034-03-10T10:00:00.000Z' }).where('id', '=', recentlySent.id).execute();
        const dry = await runRetention({ ctx, actor: dpo, dryRun: true });
        expect(dry.mailDeleted).toBe(rest.length - 1);
        expect(await ctx.db.selectFrom('outbox').select('id').execute()).toHaveLength(rows.length);
        const report = await runRetention({ ctx, actor: dpo, dryRun: false });
        expect(report.mailDeleted).toBe(rest.length - 1);
        expect((await ctx.db.selectFrom('outbox').select('id').orderBy('id').execute()).map((row) => row.id)).toEqual([unsent!.id, recentlySent.id]);
      });

      it('deletes the shared file once the last case holding it is erased, and never erases the expelled member’s case', async () => {
        await runRetention({ ctx, actor: SYSTEM, dryRun: false });
        t.clock.set('2099-01-05T10:00:00Z');
        const report = await runRetention({ ctx, actor: SYSTEM, dryRun: false });
        expect(report.cases.map((erased) => [erased.reference, erased.rule, erased.filesRemoved])).toEqual([[recent.reference, 'closed-7-years', 1]]);
        expect(await fileExists(await sha256(SHARED))).toBe(false);
        expect((await caseRow(expelled.caseId)).erased_at).toBeNull();
        expect((await caseRow(open.caseId)).erased_at).toBeNull();
        await issueCheckpoint({ ctx, key, force: true });
        expect(await verifyDatabase({ ctx, verifiers: [verifierOf(key)] })).toMatchObject({ ok: true });
      });

      it('lists the cases falling due in the next 90 days, and refuses the schedule to anyone without the data protection role', async () => {
        t.clock.set('2032-12-01T10:00:00Z');
        const overview = await getRetentionOverview({ ctx, staff: dpo });
        expect(overview.dueSoon).toEqual([]);
        t.clock.set('2033-02-10T10:00:00Z');
        const soon = await getRetentionOverview({ ctx, staff: dpo });
        expect(soon.dueSoon).toEqual([{ reference: old.reference, closedOn: expect.stringMatching(/^2026-03-/), dueOn: expect.stringMatching(/^2033-03-/), dueNow: false }]);
        expect(soon.schedule).toContain('Cases where the sanction “Expulsion, with a period before readmission may be considered” stands: kept indefinitely.');
        for (const staff of [intake, manager]) {
          expect((await refusal(() => runRetention({ ctx, actor: staff, dryRun: false }))).code).toBe('forbidden');
          expect((await refusal(() => getRetentionOverview({ ctx, staff }))).code).toBe('forbidden');
        }
        t.clock.set('2034-03-20T10:00:00Z');
        await refusal(() => runRetention({ ctx, actor: manager, dryRun: false }));
        expect((await caseRow(old.caseId)).erased_at).toBeNull();
        expect(await ctx.db.selectFrom('retention_runs').select('id').execute()).toEqual([]);
      });

      it('refuses to flag a case whose data has been erased', async () => {
        await runRetention({ ctx, actor: SYSTEM, dryRun: false });
        const refused = await refusal(() => flagSpecialCategory({ ctx, staff: manager, caseId: old.caseId, categories: ['health'], reason: REASON }));
        expect(refused.code).toBe('rule_violated');
      });
    });

    describe('special-category flags', () => {
      it('sets the flags with a reason, shows them on the case, and clears them with a reason', async () => {
        const { caseId } = await atTriage();
        await flagSpecialCategory({ ctx, staff: intake, caseId, categories: ['health', 'religious_or_philosophical_beliefs'], reason: REASON });
        const detail = await getCase({ ctx, staff: intake, caseId });
        expect(detail.caseRow.special_categories).toBe(JSON.stringify(['religious_or_philosophical_beliefs', 'health']));
        expect(detail.timeline.at(-1)).toMatchObject({ type: 'special_category_flagged', categories: ['religious_or_philosophical_beliefs', 'health'], reason: REASON });

        const clearing = await refusal(() => flagSpecialCategory({ ctx, staff: intake, caseId, categories: [], reason: '' }));
        expect(clearing.code).toBe('validation_failed');
        await flagSpecialCategory({ ctx, staff: intake, caseId, categories: [], reason: 'Flagged by mistake: the description mentions no health condition.' });
        expect((await caseRow(caseId)).special_categories).toBeNull();
        expect((await eventsOf(caseId)).filter((event) => event.type === 'special_category_flagged')).toHaveLength(2);
      });

      it('refuses flags without a reason, unknown categories, no change, and a role without the permission, writing nothing', async () => {
        const { caseId } = await atTriage();
        await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
        const before = { row: await caseRow(caseId), events: (await eventsOf(caseId)).length };
        const noReason = await refusal(() => flagSpecialCategory({ ctx, staff: manager, caseId, categories: ['health'], reason: ' ' }));
        expect(noReason).toMatchObject({ code: 'validation_failed', issues: [expect.objectContaining({ field: 'reason' })] });
        expect((await refusal(() => flagSpecialCategory({ ctx, staff: manager, caseId, categories: ['star_sign'], reason: REASON }))).code).toBe('validation_failed');
        expect((await refusal(() => flagSpecialCategory({ ctx, staff: manager, caseId, categories: [], reason: REASON }))).code).toBe('rule_violated');
        // The investigator is assigned and may open the case, but their role may not flag it; nor may the data protection officer, who opens no case.
        for (const staff of [investigator, dpo]) {
          const forbidden = await refusal(() => flagSpecialCategory({ ctx, staff, caseId, categories: ['health'], reason: REASON }));
          expect(forbidden.code).toBe('forbidden');
        }
        expect({ row: await caseRow(caseId), events: (await eventsOf(caseId)).length }).toEqual(before);
      });
    });
  });
}
