import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, signedIn as signInAs, type TestApp } from '../helpers/test-app.js';
import { createStaff } from '../helpers/factories.js';

const PAGE = '/staff/templates/complaint_acknowledged';
const DRAFT = { subject: 'Complaint {{reference}} received', body: 'Hello {{name}},\r\n\r\nWe have {{reference}}.\r\n\r\n{{organisationName}}' };

for (const kind of testDatabaseKinds()) {
  describe(`the e-mail template pages (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    const signedIn = (email: string) => signInAs(t.app, email);
    const stored = () => t.ctx.db.selectFrom('mail_templates').selectAll().execute();

    it('lets an administrator preview, save and reset a template, refusing an unknown placeholder and a form without its token', async () => {
      const admin = await createStaff(t.ctx, ['system_admin'], 'Ada Admin');
      const ada = await signedIn(admin.email);

      const list = await ada.get('/staff/templates');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('<a href="/staff/templates">E-mail templates</a>');
      expect(list.body).toContain(`href="${PAGE}"`);
      expect(list.body).toMatch(/data-testid="wording-complaint_acknowledged">Default</);

      const page = await ada.get(PAGE);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<code>{{triageBy}}</code>');
      expect(page.body).toContain('We have received your complaint RDR-2026-000123');
      expect(page.body).toContain('Never changed');

      // A preview renders the draft with example values and saves nothing.
      const preview = await ada.post(PAGE, { ...DRAFT, action: 'preview' });
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain('Preview of your draft (not saved)');
      expect(preview.body).toContain('Complaint RDR-2026-000123 received');
      expect(preview.body).toContain('Hello Ruth Example,\n\nWe have RDR-2026-000123.\n\nExample Organisation');
      expect(await stored()).toEqual([]);

      // A typo is refused on the field, with what was typed kept.
      const typo = await ada.post(PAGE, { subject: DRAFT.subject, body: 'Hello {{nmae}},', action: 'save' });
      expect(typo.statusCode).toBe(400);
      expect(typo.body).toContain('href="#field-template-body"');
      expect(typo.body).toContain('{{nmae}} is not a placeholder of this e-mail');
      expect(typo.body).toContain('Hello {{nmae}},</textarea>');
      expect(await stored()).toEqual([]);

      // Without the form's token nothing is saved.
      expect((await ada.post(PAGE, { ...DRAFT, action: 'save' }, { csrf: false })).statusCode).toBe(403);
      expect((await ada.post(`${PAGE}/reset`, {}, { csrf: false })).statusCode).toBe(403);
      expect(await stored()).toEqual([]);

      const saved = await ada.post(PAGE, { ...DRAFT, action: 'save' });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`${PAGE}?notice=saved`);
      expect(await stored()).toEqual([expect.objectContaining({ id: 'complaint_acknowledged', subject: DRAFT.subject, body: DRAFT.body.replaceAll('\r\n', '\n'), updated_by: admin.userId })]);
      const after = await ada.get(`${PAGE}?notice=saved`);
      expect(after.body).toContain('Saved. The next e-mail of this kind uses the new wording.');
      expect(after.body).toContain('Reset to the default wording');
      expect((await ada.get('/staff/templates')).body).toMatch(/data-testid="wording-complaint_acknowledged"><span class="tag tag--paused">Customised<\/span>[^<]*by Ada Admin/);

      const reset = await ada.post(`${PAGE}/reset`, {});
      expect(reset.statusCode).toBe(303);
      expect(await stored()).toEqual([]);
      const history = await ada.get(`${PAGE}?notice=reset`);
      expect(history.body).toContain('Reset. The next e-mail of this kind uses the default wording.');
      expect(history.body).toContain('Reset to the default');
      expect(history.body).toContain('Saved a new wording');

      expect((await ada.get('/staff/templates/no_such_template')).statusCode).toBe(404);
    });

    it('refuses anyone without the administrator role, and shows them no link', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      const cara = await signedIn(manager.email);
      const dashboard = await cara.get('/staff');
      expect(dashboard.body).not.toContain('href="/staff/templates"');
      expect((await cara.get('/staff/templates')).statusCode).toBe(403);
      expect((await cara.get(PAGE)).statusCode).toBe(403);
      expect((await cara.post(PAGE, { ...DRAFT, action: 'save' })).statusCode).toBe(403);
      expect((await cara.post(`${PAGE}/reset`, {})).statusCode).toBe(403);
      expect(await stored()).toEqual([]);
      const signedOut = await t.app.inject({ method: 'GET', url: '/staff/templates' });
      expect(signedOut.statusCode).toBe(302);
      expect(signedOut.headers.location).toMatch(/^\/login/);
    });
  });
}
