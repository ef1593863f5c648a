import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { refusal } from '../helpers/refusal.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';
import { saveMailTemplate as saveMailTemplateRow } from '../../src/db/repositories/mail-template.repository.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { getMailTemplate, listMailTemplates, previewMailTemplate, resetMailTemplate, saveMailTemplate } from '../../src/services/mail/manage-mail-templates.js';

const CUSTOM = {
  subject: 'Complaint {{reference}} received',
  body: '{{#name}}Hi {{name}},{{/name}}{{^name}}Hi,{{/name}}\n\nThanks: we have your complaint {{reference}}.\n{{#triageBy}}We start by {{triageBy}}.\n{{/triageBy}}\n\n{{organisationName}} team',
};

for (const kind of testDatabaseKinds()) {
  describe(`e-mail templates (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind);
    });
    afterEach(async () => t.close());

    const acknowledgements = async () =>
      (await listOutbox(t.ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string }).filter((mail) => mail.to === 'ruth@example.test');
    const complain = () => submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });

    it("sends the organisation's wording once saved, from the next e-mail on", async () => {
      const admin = await createStaff(t.ctx, ['system_admin'], 'Ada Admin');
      const first = await complain();
      await saveMailTemplate({ ctx: t.ctx, staff: admin, id: 'complaint_acknowledged', text: { subject: `  ${CUSTOM.subject} `, body: CUSTOM.body.replaceAll('\n', '\r\n') } });
      const second = await complain();

      const [before, after] = await acknowledgements();
      expect(before!.subject).toBe(`We have received your complaint ${first.reference}`);
      expect(before!.text.startsWith('Dear Ruth Example,\n\nThank you for your complaint')).toBe(true);
      expect(after!.subject).toBe(`Complaint ${second.reference} received`);
      expect(after!.text).toBe(`Hi Ruth Example,\n\nThanks: we have your complaint ${second.reference}.\nWe start by ${second.stageDueOn}.\n\nExample Organisation team`);

      const listed = await listMailTemplates({ ctx: t.ctx, staff: admin });
      expect(listed.find((template) => template.id === 'complaint_acknowledged')).toMatchObject({ customised: true, updatedBy: 'Ada Admin' });
      expect(listed.filter((template) => template.customised)).toHaveLength(1);
    });

    it('refuses a placeholder the template does not have, naming the field, and changes nothing', async () => {
      const admin = await createStaff(t.ctx, ['system_admin']);
      const error = await refusal(() => saveMailTemplate({ ctx: t.ctx, staff: admin, id: 'complaint_acknowledged', text: { subject: CUSTOM.subject, body: 'Dear {{nmae}},\n\n{{reference}}' } }));
      expect(error.code).toBe('validation_failed');
      expect(error.issues).toEqual([{ field: 'body', message: expect.stringContaining('{{nmae}} is not a placeholder of this e-mail') }]);
      const unpaired = await refusal(() => saveMailTemplate({ ctx: t.ctx, staff: admin, id: 'complaint_acknowledged', text: { subject: 'About {{#reference}}', body: CUSTOM.body } }));
      expect(unpaired.issues.map((issue) => issue.field)).toEqual(['subject']);
      const noLink = await refusal(() => saveMailTemplate({ ctx: t.ctx, staff: admin, id: 'notice_of_complaint', text: { subject: 'Notice {{reference}}', body: 'Dear {{name}},\n{{coveringLetter}}' } }));
      expect(noLink.issues).toEqual([{ field: 'body', message: expect.stringContaining('must include {{portalLink}}') }]);
      // A preview checks the same way, and saves nothing either.
      expect((await refusal(() => previewMailTemplate({ ctx: t.ctx, staff: admin, id: 'complaint_acknowledged', text: { subject: '{{subjekt}}', body: 'x' } }))).issues[0]!.field).toBe('subject');

      expect(await t.ctx.db.selectFrom('mail_templates').selectAll().execute()).toEqual([]);
      expect(await t.ctx.db.selectFrom('mail_template_changes').selectAll().execute()).toEqual([]);
      const receipt = await complain();
      expect((await acknowledgements())[0]!.subject).toBe(`We have received your complaint ${receipt.reference}`);
    });

    it('goes back to the default on reset, and keeps the history of every change with who made it', async () => {
      const admin = await createStaff(t.ctx, ['system_admin'], 'Ada Admin');
      const other = await createStaff(t.ctx, ['system_admin'], 'Bo Admin');
      await saveMailTemplate({ ctx: t.ctx, staff: admin, id: 'complaint_acknowledged', text: CUSTOM });
      t.clock.advanceDays(1);
      await saveMailTemplate({ ctx: t.ctx, staff: other, id: 'complaint_acknowledged', text: { ...CUSTOM, subject: 'Received: {{reference}}' } });
      t.clock.advanceDays(1);
      expect(await resetMailTemplate({ ctx: t.ctx, staff: admin, id: 'complaint_acknowledged' })).toEqual({ reset: true });
      // Nothing left to reset: no change is recorded.
      expect(await resetMailTemplate({ ctx: t.ctx, staff: admin, id: 'complaint_acknowledged' })).toEqual({ reset: false });

      const receipt = await complain();
      const [mail] = await acknowledgements();
      expect(mail!.subject).toBe(`We have received your complaint ${receipt.reference}`);

      const detail = await getMailTemplate({ ctx: t.ctx, staff: admin, id: 'complaint_acknowledged' });
      expect(detail.customised).toBe(false);
      expect(detail.current).toEqual(detail.defaults);
      expect(detail.history.map((change) => [change.action, change.changedBy, change.subject])).toEqual([
        ['reset', 'Ada Admin', detail.defaults.subject],
        ['saved', 'Bo Admin', 'Received: {{reference}}'],
        ['saved', 'Ada Admin', CUSTOM.subject],
      ]);
      expect(detail.history[2]!.body).toBe(CUSTOM.body);
      expect(detail.preview.subject).toBe('We have received your complaint RDR-2026-000123');
      expect(detail.variables.map((variable) => variable.name)).toEqual(['name', 'reference', 'receivedOn', 'stageDescription', 'triageBy', 'concludeBy', 'organisationName', 'contactEmail']);
    });

    it('sends the default when a stored wording no longer checks out, and logs which template without the values', async () => {
      const admin = await createStaff(t.ctx, ['system_admin']);
      // As if written before a placeholder was renamed: the save-time check is bypassed.
      await saveMailTemplateRow(t.ctx.db, { id: 'complaint_acknowledged', subject: 'Hello {{complainant}}', body: 'Dear {{complainant}}, {{#triageBy}}', updated_at: '2026-03-01T09:00:00.000Z', updated_by: admin.userId });
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        const receipt = await complain();
        const [mail] = await acknowledgements();
        expect(mail!.subject).toBe(`We have received your complaint ${receipt.reference}`);
        expect(mail!.text.startsWith('Dear Ruth Example,')).toBe(true);
        expect(warn).toHaveBeenCalledTimes(1);
        const logged = String(warn.mock.calls[0]![0]);
        expect(logged).toContain('complaint_acknowledged');
        for (const secret of ['Ruth', 'ruth@example.test', receipt.reference]) expect(logged).not.toContain(secret);
      } finally {
        warn.mockRestore();
      }
    });

    it('is for administrators only, and an unknown template is not found', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      const admin = await createStaff(t.ctx, ['system_admin']);
      expect((await refusal(() => listMailTemplates({ ctx: t.ctx, staff: manager }))).code).toBe('forbidden');
      expect((await refusal(() => saveMailTemplate({ ctx: t.ctx, staff: manager, id: 'complaint_acknowledged', text: CUSTOM }))).code).toBe('forbidden');
      expect((await refusal(() => resetMailTemplate({ ctx: t.ctx, staff: manager, id: 'complaint_acknowledged' }))).code).toBe('forbidden');
      expect((await refusal(() => getMailTemplate({ ctx: t.ctx, staff: admin, id: 'toString' }))).code).toBe('not_found');
      expect(await t.ctx.db.selectFrom('mail_templates').selectAll().execute()).toEqual([]);
    });
  });
}
