import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestClock, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { refusal } from '../helpers/refusal.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { listCases } from '../../src/services/cases/list-cases.js';
import { addCaseNote } from '../../src/services/cases/investigate.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';
import { endEmergencyAccess, openEmergencyAccess } from '../../src/services/oversight/emergency-access.js';
import { recordOutsideContact } from '../../src/services/oversight/record-outside-contact.js';
import { getInterferenceRegister } from '../../src/services/oversight/interference-register.js';
import { getAggregateStatistics } from '../../src/services/oversight/get-aggregate-statistics.js';
import { getLedgerRecord, saveLedgerState, verifyRecord } from '../../src/services/oversight/ledger-record.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';
import { saveOverseerState } from '../../src/db/repositories/overseer-state.repository.js';
import { generateSigningKey, verifierOf } from '../../src/ledger/checkpoint.js';

const REASON = 'The complainant reports a new threat today and the assigned case manager is on leave.';
const CONTACT = {
  contactName: 'Councillor Pat Example',
  contactOffice: 'Regional Chair',
  occurredAt: '2026-03-02 09:15',
  channel: 'phone',
  content: 'Asked whether the case could be wrapped up quietly before the selection meeting.',
  reachedDecisionMaker: 'unknown',
};

for (const kind of testDatabaseKinds()) {
  describe(`independence (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let clock: TestClock;
    let intake: Staff;
    let manager: Staff;
    let otherManager: Staff;
    let investigator: Staff;
    let otherInvestigator: Staff;
    let leader: Staff;
    let overseer: Staff & { email: string };
    let admin: Staff;
    let caseId: string;
    let reference: string;

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      clock = t.clock;
      intake = await createStaff(ctx, ['intake_officer']);
      manager = await createStaff(ctx, ['case_manager']);
      otherManager = await createStaff(ctx, ['case_manager'], 'Morgan Otherdesk');
      investigator = await createStaff(ctx, ['investigator']);
      otherInvestigator = await createStaff(ctx, ['investigator']);
      leader = await createStaff(ctx, ['leadership'], 'Jo Leader');
      overseer = await createStaff(ctx, ['overseer'], 'Olu Overseer');
      admin = await createStaff(ctx, ['system_admin']);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      caseId = receipt.caseId;
      reference = receipt.reference;
      await startTriage({ ctx, staff: intake, caseId });
      await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
    });
    afterEach(async () => t.close());

    const eventsOf = async () => (await listCaseEvents(ctx.db, caseId)).map((event) => ({ type: event.type, actor: JSON.parse(event.actor) as { userId?: string }, data: JSON.parse(event.data) as Record<string, unknown> }));
    const mailTo = async (address: string) => (await listOutbox(ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string }).filter((mail) => mail.to === address);
    const countRows = async (table: 'break_glass_grants' | 'outside_contacts') => Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    describe('refused access', () => {
      it('refuses someone not assigned, records the attempt on the case, and changes nothing else', async () => {
        const before = await eventsOf();
        const refused = await refusal(() => getCase({ ctx, staff: otherInvestigator, caseId }));
        expect(refused.code).toBe('forbidden');
        expect(refused.message).toContain('recorded');
        const added = (await eventsOf()).slice(before.length);
        expect(added).toEqual([{ type: 'access_refused', actor: expect.objectContaining({ userId: otherInvestigator.userId }), data: { attempted: 'open the case', stage: 'investigation' } }]);
      });

      it('records a refused change the same way, naming what was tried', async () => {
        const before = (await eventsOf()).length;
        expect((await refusal(() => addCaseNote({ ctx, staff: otherInvestigator, caseId, text: 'A note from someone not on the case.' }))).code).toBe('forbidden');
        const added = (await eventsOf()).slice(before);
        expect(added.map((event) => event.type)).toEqual(['access_refused']);
        expect(await ctx.db.selectFrom('case_notes').selectAll().where('case_id', '=', caseId).execute()).toEqual([]);
      });

      it('leadership, the overseer and the administrator open no case and list none; leadership reads aggregate figures only', async () => {
        for (const staff of [leader, overseer, admin]) {
          expect((await refusal(() => getCase({ ctx, staff, caseId }))).code).toBe('forbidden');
          expect((await refusal(() => listCases({ ctx, staff, query: {} }))).code).toBe('forbidden');
        }
        const statistics = await getAggregateStatistics({ ctx, staff: leader });
        expect(statistics.openByStage.find((row) => row.label === 'Investigation')?.count).toEqual({ kind: 'suppressed', below: 5 });
        expect(JSON.stringify(statistics)).not.toContain(reference);
        for (const staff of [manager, investigator, admin]) expect((await refusal(() => getAggregateStatistics({ ctx, staff }))).code).toBe('forbidden');
      });
    });

    describe('emergency (break-glass) access', () => {
      it('needs a written reason, tells the overseer at once, is marked on the case, and ends by itself', async () => {
        const opened = await openEmergencyAccess({ ctx, staff: otherManager, reference, reason: REASON });
        expect(opened.caseId).toBe(caseId);
        const mail = await mailTo(overseer.email);
        expect(mail).toHaveLength(1);
        expect(mail[0]!.subject).toContain(reference);
        expect(mail[0]!.text).toContain(REASON);
        expect(mail[0]!.text).toContain('Morgan Otherdesk');

        const detail = await getCase({ ctx, staff: otherManager, caseId });
        expect(detail.emergencyAccess.map((grant) => [grant.user_id, grant.reason])).toEqual([[otherManager.userId, REASON]]);
        expect(detail.timeline.some((event) => event.type === 'break_glass_opened')).toBe(true);
        // Everyone who opens the case sees the mark.
        expect((await getCase({ ctx, staff: manager, caseId })).emergencyAccess).toHaveLength(1);

        clock.advanceDays(1);
        expect((await refusal(() => getCase({ ctx, staff: otherManager, caseId }))).code).toBe('forbidden');
        expect((await getCase({ ctx, staff: manager, caseId })).emergencyAccess).toEqual([]);
        const register = await getInterferenceRegister({ ctx, staff: overseer });
        expect(register.emergencyAccess.map((grant) => [grant.reference, grant.user_name, grant.live])).toEqual([[reference, 'Morgan Otherdesk', false]]);
      });

      it('can be ended early by its holder, and only by them', async () => {
        await openEmergencyAccess({ ctx, staff: otherManager, reference, reason: REASON });
        expect((await refusal(() => endEmergencyAccess({ ctx, staff: manager, caseId }))).code).toBe('conflict');
        await endEmergencyAccess({ ctx, staff: otherManager, caseId });
        expect((await refusal(() => getCase({ ctx, staff: otherManager, caseId }))).code).toBe('forbidden');
        expect((await eventsOf()).map((event) => event.type)).toContain('break_glass_ended');
      });

      it('refuses, writing nothing: no reason, an unknown case, someone already assigned, a role without it, no overseer to tell', async () => {
        const before = (await eventsOf()).length;
        const short = await refusal(() => openEmergencyAccess({ ctx, staff: otherManager, reference, reason: 'urgent' }));
        expect(short.code).toBe('validation_failed');
        expect(short.issues.map((issue) => issue.field)).toEqual(['reason']);
        expect((await refusal(() => openEmergencyAccess({ ctx, staff: otherManager, reference: 'RDR-1999-000001', reason: REASON }))).issues[0]!.field).toBe('reference');
        expect((await refusal(() => openEmergencyAccess({ ctx, staff: manager, reference, reason: REASON }))).code).toBe('rule_violated');
        for (const staff of [otherInvestigator, leader, overseer, admin]) expect((await refusal(() => openEmergencyAccess({ ctx, staff, reference, reason: REASON }))).code).toBe('forbidden');
        await ctx.db.updateTable('users').set({ disabled_at: '2026-03-01T00:00:00.000Z' }).where('id', '=', overseer.userId).execute();
        expect((await refusal(() => openEmergencyAccess({ ctx, staff: otherManager, reference, reason: REASON }))).message).toContain('overseer');
        expect(await countRows('break_glass_grants')).toBe(0);
        expect((await eventsOf()).length).toBe(before);
        expect(await listOutbox(ctx.db).then((rows) => rows.filter((row) => row.payload.includes('Emergency access')))).toEqual([]);
      });
    });

    describe('the interference register', () => {
      it('takes a contact received by staff and one declared by leadership, numbered, for the overseer only', async () => {
        expect(await recordOutsideContact({ ctx, staff: investigator, input: { reference, ...CONTACT } })).toEqual({ number: 1 });
        expect(await recordOutsideContact({ ctx, staff: leader, input: { reference, ...CONTACT, contactName: undefined, contactedName: 'The investigator', reachedDecisionMaker: 'no' } })).toEqual({ number: 2 });

        const register = await getInterferenceRegister({ ctx, staff: overseer });
        expect(register.contacts.map((contact) => [contact.number, contact.source, contact.contact_name, contact.contacted_name, contact.stage, contact.reference])).toEqual([
          [2, 'declared', 'Jo Leader', 'The investigator', 'investigation', reference],
          [1, 'received', 'Councillor Pat Example', investigator.name, 'investigation', reference],
        ]);
        expect(register.casesTouched).toEqual([{ reference, contacts: 2, stages: ['investigation'], reachedDecisionMaker: 0 }]);
        expect(await mailTo(overseer.email)).toHaveLength(2);

        // No one working on the case sees the entries, and no one else reads the register.
        const detail = await getCase({ ctx, staff: manager, caseId });
        expect(JSON.stringify(detail.timeline)).not.toContain('Councillor Pat Example');
        for (const staff of [manager, investigator, leader, admin]) expect((await refusal(() => getInterferenceRegister({ ctx, staff }))).code).toBe('forbidden');
        // The entry is in the ledger with the case.
        expect((await eventsOf()).filter((event) => event.type === 'outside_contact_recorded').map((event) => event.data.number)).toEqual([1, 2]);
      });

      it('refuses an incomplete entry, naming each field, and writes nothing', async () => {
        const cases: [Record<string, string | undefined>, string][] = [
          [{ ...CONTACT, contactName: '' }, 'contactName'],
          [{ ...CONTACT, occurredAt: '2027-01-01' }, 'occurredAt'],
          [{ ...CONTACT, occurredAt: '2026-02-30 09:15' }, 'occurredAt'],
          [{ ...CONTACT, occurredAt: '2026-03-01 25:00' }, 'occurredAt'],
          [{ ...CONTACT, content: 'short' }, 'content'],
          [{ ...CONTACT, channel: 'carrier pigeon' }, 'channel'],
        ];
        for (const [input, field] of cases) {
          const refused = await refusal(() => recordOutsideContact({ ctx, staff: investigator, input: { reference, ...input } }));
          expect(refused.code).toBe('validation_failed');
          expect(refused.issues.map((issue) => issue.field)).toContain(field);
        }
        expect((await refusal(() => recordOutsideContact({ ctx, staff: leader, input: { reference, ...CONTACT } }))).issues.map((issue) => issue.field)).toEqual(['contactedName']);
        expect((await refusal(() => recordOutsideContact({ ctx, staff: investigator, input: { ...CONTACT, reference: 'RDR-1999-000001' } }))).issues[0]!.field).toBe('reference');
        for (const staff of [overseer, admin]) expect((await refusal(() => recordOutsideContact({ ctx, staff, input: { reference, ...CONTACT } }))).code).toBe('forbidden');
        expect(await countRows('outside_contacts')).toBe(0);
      });

      it('shows the overseer every refused attempt with the case and its stage', async () => {
        await refusal(() => getCase({ ctx, staff: otherInvestigator, caseId }));
        const register = await getInterferenceRegister({ ctx, staff: overseer });
        expect(register.refusedAttempts.map((attempt) => [attempt.reference, attempt.who, attempt.attempted, attempt.stage])).toEqual([[reference, otherInvestigator.name, 'open the case', 'investigation']]);
      });
    });

    describe('the record', () => {
      it('proves the log the overseer sees now extends the one they saved, and catches a rewrite', async () => {
        const key = generateSigningKey('redress.test/ledger');
        expect((await getLedgerRecord({ ctx, staff: overseer })).savedState).toEqual({ kind: 'none' });
        expect((await refusal(() => saveLedgerState({ ctx, staff: overseer }))).code).toBe('conflict');
        await issueCheckpoint({ ctx, key, force: true });
        await saveLedgerState({ ctx, staff: overseer });
        await recordOutsideContact({ ctx, staff: investigator, input: { reference, ...CONTACT } });
        await issueCheckpoint({ ctx, key, force: true });
        const record = await getLedgerRecord({ ctx, staff: overseer });
        expect(record.savedState.kind).toBe('consistent');
        expect(await verifyRecord({ ctx, staff: overseer, verifiers: [verifierOf(key)] })).toMatchObject({ ok: true });

        // A saved state the log does not extend (as if history were rewritten after it was saved).
        const saved = await ctx.db.selectFrom('overseer_ledger_states').selectAll().executeTakeFirstOrThrow();
        await saveOverseerState(ctx.db, { ...saved, root_hash: 'ab'.repeat(32) });
        const rewritten = await getLedgerRecord({ ctx, staff: overseer });
        expect(rewritten.savedState.kind).toBe('inconsistent');
        expect((await refusal(() => saveLedgerState({ ctx, staff: overseer }))).code).toBe('rule_violated');
        for (const staff of [manager, leader, admin]) expect((await refusal(() => getLedgerRecord({ ctx, staff }))).code).toBe('forbidden');
      });
    });
  });
}
