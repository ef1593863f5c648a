import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, signedIn, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { readPdf } from '../helpers/read-pdf.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';

const PAGE = '/staff/data-protection/subject-access';
const PERSON = { email: '', membershipNumber: 'M-1001', name: 'Councillor Fictional' };

for (const kind of testDatabaseKinds()) {
  describe(`subject access pages (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    const exportCount = async () => (await t.ctx.db.selectFrom('subject_access_exports').select('id').execute()).length;
    const exportEvents = async (caseId: string) => (await t.ctx.db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'subject_access_exported').execute()).length;

    it('finds a person’s records, downloads them as PDF and JSON, records each export, and lists past exports', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const manager = await createStaff(t.ctx, ['case_manager'], 'Cara Manager');
      const investigator = await createStaff(t.ctx, ['investigator']);
      const dpo = await createStaff(t.ctx, ['data_protection_officer'], 'Dana Protection');
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx: t.ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx: t.ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      const client = await signedIn(t.app, dpo.email);

      const empty = await client.get(PAGE);
      expect(empty.statusCode).toBe(200);
      expect(empty.headers['cache-control']).toBe('no-store');
      expect(empty.body).toContain('<label for="field-subject-email">E-mail address');
      expect(empty.body).toContain('No subject access export has been made yet.');

      // A search with nothing to search for is refused with the form's problem, and nothing is written.
      const refused = await client.post(PAGE, { email: ' ', membershipNumber: '', name: '' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('There is a problem');
      expect(refused.body).toContain('href="#field-subject-email"');
      const badEmail = await client.post(`${PAGE}/export.json`, { email: 'not an address', membershipNumber: '', name: '' });
      expect(badEmail.statusCode).toBe(400);
      expect(badEmail.body).toContain('Give a valid e-mail address');
      expect(badEmail.body).toContain('value="not an address"');

      // The search shows what an export would hold, and records nothing.
      const found = await client.post(PAGE, PERSON);
      expect(found.statusCode).toBe(200);
      expect(found.body).toContain(`<th scope="row">${receipt.reference}</th>`);
      expect(found.body).toContain('<caption>What an export would hold</caption>');
      expect(found.body).toContain(`action="${PAGE}/export.pdf"`);
      expect(found.body).toContain('<input type="hidden" name="membershipNumber" value="M-1001"/>');
      expect(found.body).not.toContain('Ruth Example');
      expect(await exportCount()).toBe(0);

      // Downloads need the form's token.
      expect((await client.post(`${PAGE}/export.pdf`, PERSON, { csrf: false })).statusCode).toBe(403);
      expect(await exportCount()).toBe(0);

      const pdf = await client.post(`${PAGE}/export.pdf`, PERSON);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toBe(`attachment; filename="subject-access-2026-03-02.pdf"; filename*=UTF-8''subject-access-2026-03-02.pdf`);
      expect(pdf.headers['cache-control']).toBe('no-store');
      const text = (await readPdf(pdf.rawPayload)).pages.flat().map((line) => line.text).join('\n');
      expect(text).toContain(receipt.reference);
      expect(text).toContain('Councillor Fictional');
      expect(text).not.toContain('Ruth');

      const json = await client.post(`${PAGE}/export.json`, PERSON);
      expect(json.statusCode).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(json.headers['content-disposition']).toContain('attachment; filename="subject-access-2026-03-02.json"');
      expect(json.headers['cache-control']).toBe('no-store');
      const data = JSON.parse(json.body) as { version: number; sections: { cases: { reference: string; roles: string[] }[] } };
      expect(data.version).toBe(1);
      expect(data.sections.cases).toMatchObject([{ reference: receipt.reference, roles: ['respondent'] }]);

      expect(await exportCount()).toBe(2);
      expect(await exportEvents(receipt.caseId)).toBe(2);
      const listed = await client.get(PAGE);
      expect(listed.body.match(/<tr><td>[^<]+<\/td><td>Dana Protection<\/td><td>membership number M-1001, name Councillor Fictional<\/td>/g)).toHaveLength(2);
      expect(listed.body).toContain('<td>PDF</td>');
      expect(listed.body).toContain('<td>JSON</td>');

      // The case's access log says the case was drawn on, without naming whom for.
      const managerClient = await signedIn(t.app, manager.email);
      const casePage = await managerClient.get(`/staff/cases/${receipt.caseId}`);
      expect(casePage.body).toContain('Included in a subject access export (PDF) for the respondent.');
    });

    it('is refused to staff without the data protection permission, and writes nothing', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const client = await signedIn(t.app, manager.email);
      expect((await client.get(PAGE)).statusCode).toBe(403);
      await client.get('/staff');
      for (const url of [PAGE, `${PAGE}/export.json`, `${PAGE}/export.pdf`]) expect((await client.post(url, PERSON)).statusCode).toBe(403);
      expect(await exportCount()).toBe(0);
      expect((await t.app.inject({ method: 'GET', url: PAGE })).headers.location).toMatch(/^\/login/);
    });
  });
}
