import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, noticeFor, referForDecision, RESPONDENT_EMAIL, sittingPanel } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { pauseCaseClock } from '../../src/services/cases/manage-clock.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { scheduleHearing } from '../../src/services/due-process/hearings.js';
import { sendDeadlineReminders } from '../../src/services/mail/send-reminders.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';

for (const kind of testDatabaseKinds()) {
  describe(`deadline reminders (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind);
    });
    afterEach(async () => t.close());

    const mail = async () => (await listOutbox(t.ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string });
    const reminders = async () => (await mail()).filter((message) => message.subject.startsWith('Reminder') || message.subject.startsWith('Due '));

    async function atInvestigation() {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      return { manager, investigator, caseId: receipt.caseId, reference: receipt.reference };
    }

    it('reminds the respondent once before their answer is due, and not before the window or after answering', async () => {
      const { investigator, caseId, reference } = await atInvestigation();
      await issueNotice({ ctx: t.ctx, staff: investigator, caseId, notice: await noticeFor(t.ctx, caseId) });
      // Due Monday 16 March; two working days ahead is Thursday 12 March.
      t.clock.set('2026-03-11T09:00:00Z');
      expect((await sendDeadlineReminders({ ctx: t.ctx })).sent).toBe(0);
      t.clock.set('2026-03-12T09:00:00Z');
      expect((await sendDeadlineReminders({ ctx: t.ctx })).sent).toBe(1);
      expect(await reminders()).toEqual([expect.objectContaining({ to: RESPONDENT_EMAIL, subject: `Reminder: your answer on ${reference} is due by 2026-03-16` })]);
      t.clock.set('2026-03-13T09:00:00Z');
      expect((await sendDeadlineReminders({ ctx: t.ctx })).sent).toBe(0);
    });

    it('reminds everyone assigned before their stage falls due, once per deadline, and nobody while the clock is paused', async () => {
      const { caseId, reference } = await atInvestigation();
      const paused = await atInvestigation();
      await pauseCaseClock({ ctx: t.ctx, staff: paused.manager, caseId: paused.caseId, reason: 'Awaiting the police.' });
      const due = (await t.ctx.db.selectFrom('cases').select('stage_due_on').where('id', '=', caseId).executeTakeFirstOrThrow()).stage_due_on!;
      t.clock.set(`${due}T09:00:00Z`);
      expect((await sendDeadlineReminders({ ctx: t.ctx })).sent).toBe(2);
      expect((await reminders()).map((message) => message.subject)).toEqual([`Due ${due}: ${reference} (investigation)`, `Due ${due}: ${reference} (investigation)`]);
      expect((await sendDeadlineReminders({ ctx: t.ctx })).sent).toBe(0);
    });

    it('reminds the respondent and the sitting panel before a hearing', async () => {
      const { manager, investigator, caseId } = await atInvestigation();
      const pool = await createPanelPool(t.ctx, manager);
      await referForDecision(t.ctx, { investigator, caseId });
      await drawPanel({ ctx: t.ctx, staff: manager, caseId });
      await scheduleHearing({ ctx: t.ctx, staff: manager, caseId, date: '2026-03-20', time: '18:00', location: 'Committee Room 2' });
      t.clock.set('2026-03-18T09:00:00Z');
      await sendDeadlineReminders({ ctx: t.ctx });
      const panel = await sittingPanel(t.ctx, caseId, 'decision', pool);
      const hearingReminders = (await reminders()).filter((message) => message.subject.includes('hearing'));
      expect(hearingReminders.map((message) => message.to).sort()).toEqual([RESPONDENT_EMAIL, ...panel.map((member) => member.email)].sort());
      expect(hearingReminders[0]!.text).toContain('2026-03-20 at 18:00, Committee Room 2');
    });
  });
}
