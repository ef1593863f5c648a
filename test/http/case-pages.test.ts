import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, TEST_PASSWORD, TRIAGE_FORM, triageInput } from '../helpers/factories.js';
import { giveNoticeAndAnswer } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';

const EVIDENCE_TEXT = 'they control the banks, said the message of 12 February';

/** The references a case list page shows, in page order. */
function referencesOn(response: LightMyRequestResponse): string[] {
  return [...response.body.matchAll(/<a href="\/staff\/cases\/[^"]+">(RDR-\d{4}-\d{6})<\/a>/g)].map((match) => match[1]!);
}

/** Sends a case straight through triage into investigation, through the use cases. */
async function openInvestigation(ctx: ServiceContext, by: Staff, caseId: string, managerId: string, investigatorId: string): Promise<void> {
  await startTriage({ ctx, staff: by, caseId });
  await recordTriage({
    ctx,
    staff: by,
    caseId,
    triage: triageInput({ caseManagerId: managerId, investigatorId }),
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`case pages (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    async function signedIn(email: string): Promise<PageClient> {
      const client = new PageClient(t.app);
      const response = await client.signIn(email, TEST_PASSWORD);
      expect(response.statusCode).toBe(303);
      return client;
    }

    const stageOf = async (caseId: string) => (await t.ctx.db.selectFrom('cases').select('stage').where('id', '=', caseId).executeTakeFirstOrThrow()).stage;

    it('takes a complaint from intake to a decision through the case page forms', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer'], 'Ingrid Intake');
      const manager = await createStaff(t.ctx, ['case_manager'], 'Cara Manager');
      const investigator = await createStaff(t.ctx, ['investigator'], 'Ivan Investigator');
      const bystander = await createStaff(t.ctx, ['investigator'], 'Bea Bystander');
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const casePath = `/staff/cases/${receipt.caseId}`;

      const officer = await signedIn(intake.email);
      const opened = await officer.get(casePath);
      expect(opened.statusCode).toBe(200);
      expect(opened.body).toContain(receipt.reference);
      expect(opened.body).toContain('Complaint received by Public web form.');
      expect(opened.body).toContain('data-testid="case-stage">Received<');
      expect(opened.body).toContain(`action="${casePath}/start-triage"`);

      const started = await officer.post(`${casePath}/start-triage`, {});
      expect(started.statusCode).toBe(303);
      expect(started.headers.location).toBe(`${casePath}#timeline-title`);
      expect(await stageOf(receipt.caseId)).toBe('triage');

      const triagePage = await officer.get(casePath);
      expect(triagePage.body).toContain('Triage checklist');
      const incomplete = await officer.post(`${casePath}/triage`, {
        riskLevel: 'high',
        interimActionReasons: 'Typed reasons that must survive the refusal',
        notes: 'A triage note typed before the refusal',
        outcome: 'investigate',
      });
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.body).toContain('There is a problem');
      expect(incomplete.body).toContain('Say whether the complaint is within jurisdiction.');
      expect(incomplete.body).toContain('membership status.');
      expect(incomplete.body).toContain('Typed reasons that must survive the refusal');
      expect(incomplete.body).toContain('A triage note typed before the refusal');
      expect(incomplete.body).toMatch(/<option value="high" selected/);
      expect(incomplete.body).toMatch(/value="investigate"[^>]*checked/);
      expect(incomplete.body).toContain('aria-invalid="true"');
      expect(await stageOf(receipt.caseId)).toBe('triage');

      const triaged = await officer.post(`${casePath}/triage`, {
        ...TRIAGE_FORM,
        caseManagerId: manager.userId,
        investigatorId: investigator.userId,
      });
      expect(triaged.statusCode).toBe(303);
      expect(await stageOf(receipt.caseId)).toBe('investigation');

      // Someone who is not on the case cannot open it, and its content does not leak.
      const outsider = await signedIn(bystander.email);
      const refused = await outsider.get(casePath);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain('Abusive messages');

      const assigned = await signedIn(investigator.email);
      const investigation = await assigned.get(casePath);
      expect(investigation.statusCode).toBe(200);
      expect(investigation.body).toContain('Investigation report');
      expect(investigation.body).toContain('Cara Manager — Case manager');
      // Notice and the respondent's answer (their pages come with the due-process screens).
      await giveNoticeAndAnswer(t.ctx, { investigator, caseId: receipt.caseId });
      const reported = await assigned.post(`${casePath}/report`, {
        summary: 'The messages were sent from the respondent’s account; the respondent accepts sending them.',
        recommendation: 'Uphold the complaint.',
      });
      expect(reported.statusCode).toBe(303);
      expect(await stageOf(receipt.caseId)).toBe('decision');

      const withPanel = await (await signedIn(manager.email)).get(casePath);
      expect(withPanel.body).toContain('data-testid="case-stage">Decision<');
      expect(withPanel.body).toContain('Notice given to the respondent (email)');
      expect(withPanel.body).toContain('The respondent answered');
    });

    it('sends the intake officer who opened an investigation somewhere they can open', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const manager = await createStaff(t.ctx, ['case_manager']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx: t.ctx, staff: intake, caseId: receipt.caseId });
      const officer = await signedIn(intake.email);
      await officer.get(`/staff/cases/${receipt.caseId}`);
      const triaged = await officer.post(`/staff/cases/${receipt.caseId}/triage`, {
        ...TRIAGE_FORM,
        riskLevel: 'low',
        caseManagerId: manager.userId,
        investigatorId: investigator.userId,
      });
      expect(triaged.statusCode).toBe(303);
      expect(await stageOf(receipt.caseId)).toBe('investigation');
      const landing = await officer.get(triaged.headers.location as string);
      expect(landing.statusCode).toBe(200);
      expect(landing.body).not.toContain('Abusive messages');
      // The case itself is now closed to them.
      expect((await officer.get(`/staff/cases/${receipt.caseId}`)).statusCode).toBe(403);
    });

    it('downloads an evidence file as an attachment and records the download', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer'], 'Ingrid Intake');
      const bytes = new TextEncoder().encode(EVIDENCE_TEXT);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [{ filename: 'screenshot.txt', bytes }], channel: 'web' });
      const officer = await signedIn(intake.email);
      const page = await officer.get(`/staff/cases/${receipt.caseId}`);
      expect(page.body).not.toContain('Downloaded an evidence file.');
      const link = new RegExp(`href="(/staff/cases/${receipt.caseId}/evidence/[^"]+)">screenshot\\.txt<`).exec(page.body)?.[1];
      expect(link).toBeTruthy();

      const file = await officer.get(link!);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(Buffer.from(bytes))).toBe(true);
      expect(file.headers['content-disposition']).toBe(`attachment; filename="screenshot.txt"; filename*=UTF-8''screenshot.txt`);
      expect(file.headers['content-type']).toMatch(/^text\/plain/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      // Sandboxed should a browser open it anyway: uploaded text can never run script on the site.
      expect(file.headers['content-security-policy']).toContain('sandbox');
      expect(file.headers['cache-control']).toBe('no-store');

      const after = await officer.get(`/staff/cases/${receipt.caseId}`);
      const accessRecord = after.body.slice(after.body.indexOf('id="access-title"'));
      expect(accessRecord).toContain('Ingrid Intake: Downloaded an evidence file.');
      expect(accessRecord).toContain('Ingrid Intake: Opened the case.');

      // Not a file of this case, and not a file at all.
      expect((await officer.get(`/staff/cases/${receipt.caseId}/evidence/00000000-0000-0000-0000-000000000000`)).statusCode).toBe(404);
      const other = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      expect((await officer.get(link!.replace(receipt.caseId, other.caseId))).statusCode).toBe(404);
    });

    it('refuses evidence downloads to someone not on the case', async () => {
      await createStaff(t.ctx, ['intake_officer']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [{ filename: 'screenshot.txt', bytes: new TextEncoder().encode(EVIDENCE_TEXT) }], channel: 'web' });
      const evidence = await t.ctx.db.selectFrom('evidence').select('id').where('case_id', '=', receipt.caseId).where('kind', '=', 'file').executeTakeFirstOrThrow();
      const outsider = await signedIn(investigator.email);
      const refused = await outsider.get(`/staff/cases/${receipt.caseId}/evidence/${evidence.id}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain(EVIDENCE_TEXT);
      expect(await t.ctx.db.selectFrom('case_events').select('id').where('type', '=', 'evidence_downloaded').execute()).toHaveLength(0);
    });

    it('downloads an evidence file whose name is not in Latin-1', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [{ filename: 'צילום מסך.txt', bytes: new TextEncoder().encode(EVIDENCE_TEXT) }], channel: 'web' });
      const evidence = await t.ctx.db.selectFrom('evidence').select('id').where('case_id', '=', receipt.caseId).where('kind', '=', 'file').executeTakeFirstOrThrow();
      const officer = await signedIn(intake.email);
      const file = await officer.get(`/staff/cases/${receipt.caseId}/evidence/${evidence.id}`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-disposition']).toMatch(/^attachment;/);
      expect(file.body).toBe(EVIDENCE_TEXT);
    });

    it('filters the case list by stage, by overdue and by words in the description', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const manager = await createStaff(t.ctx, ['case_manager']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const investigated = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const waiting = await submitComplaint({ ctx: t.ctx, complaint: complaintInput({ summary: 'Leaflet at the stall' }), files: [], channel: 'web' });
      const searched = await submitComplaint({
        ctx: t.ctx,
        complaint: complaintInput({ summary: 'Remarks at the quarterly dinner', description: 'At the quarterly dinner the respondent made remarks about Zephyrine Holloway and her family.' }),
        files: [],
        channel: 'web',
      });
      await openInvestigation(t.ctx, intake, investigated.caseId, manager.userId, investigator.userId);

      t.clock.advanceDays(60);
      const fresh = await submitComplaint({ ctx: t.ctx, complaint: complaintInput({ summary: 'Chants at the rally' }), files: [], channel: 'web' });

      const client = await signedIn(manager.email);
      const all = await client.get('/staff/cases');
      expect(all.statusCode).toBe(200);
      expect(referencesOn(all).sort()).toEqual([investigated, waiting, searched, fresh].map((receipt) => receipt.reference).sort());
      expect(all.body).toContain('4 cases found.');

      const byStage = await client.get('/staff/cases?stage=investigation');
      expect(byStage.statusCode).toBe(200);
      expect(referencesOn(byStage)).toEqual([investigated.reference]);
      expect(byStage.body).toMatch(/<option value="investigation" selected/);

      const overdue = await client.get('/staff/cases?overdue=yes');
      expect(overdue.statusCode).toBe(200);
      expect(referencesOn(overdue).sort()).toEqual([investigated, waiting, searched].map((receipt) => receipt.reference).sort());
      expect(overdue.body).toContain('Overdue');

      const found = await client.get('/staff/cases?q=zephyrine');
      expect(found.statusCode).toBe(200);
      expect(referencesOn(found)).toEqual([searched.reference]);
      expect(found.body).toContain('value="zephyrine"');
      expect(referencesOn(await client.get('/staff/cases?q=Zephyr'))).toEqual([searched.reference]);
      expect(referencesOn(await client.get(`/staff/cases?q=${encodeURIComponent(searched.reference)}`))).toEqual([searched.reference]);
      expect(referencesOn(await client.get('/staff/cases?q=zephyrine&stage=investigation'))).toEqual([]);
      // Search syntax is not passed through.
      expect((await client.get(`/staff/cases?q=${encodeURIComponent('" OR * NEAR(')}`)).statusCode).toBe(200);

      expect((await client.get('/staff/cases?stage=nonsense')).statusCode).toBe(400);

      // The intake officer sees only the intake queue, not the investigation.
      const officer = await signedIn(intake.email);
      expect(referencesOn(await officer.get('/staff/cases?stage=investigation'))).toEqual([]);
      expect(referencesOn(await officer.get('/staff/cases')).sort()).toEqual([waiting, searched, fresh].map((receipt) => receipt.reference).sort());
    });

    it('answers an unknown case action with 404 and changes nothing', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const officer = await signedIn(intake.email);
      await officer.get(`/staff/cases/${receipt.caseId}`);
      const events = (await t.ctx.db.selectFrom('case_events').select('id').execute()).length;
      const unknown = await officer.post(`/staff/cases/${receipt.caseId}/close-everything`, {});
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toContain('There is no such action.');
      expect((await t.ctx.db.selectFrom('case_events').select('id').execute()).length).toBe(events);
      expect((await officer.get('/staff/cases/no-such-case')).statusCode).toBe(404);
      expect((await officer.post('/staff/cases/no-such-case/start-triage', {})).statusCode).toBe(404);
    });

    it('answers action names inherited from Object.prototype with 404', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const officer = await signedIn(intake.email);
      await officer.get(`/staff/cases/${receipt.caseId}`);
      const actions = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'];
      const statuses: string[] = [];
      for (const action of actions) statuses.push(`${action} ${(await officer.post(`/staff/cases/${receipt.caseId}/${action}`, {})).statusCode}`);
      expect(statuses).toEqual(actions.map((action) => `${action} 404`));
    });

    it('shows a summary written as HTML escaped, on the list and on the case page', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const payload = '<img src=x onerror=alert(1)>';
      const receipt = await submitComplaint({
        ctx: t.ctx,
        complaint: complaintInput({ summary: payload, description: 'Described with <script>alert(2)</script> in the middle of the text.', respondent: { name: '"><svg onload=alert(3)>' } }),
        files: [],
        channel: 'web',
      });
      const officer = await signedIn(intake.email);
      for (const url of ['/staff/cases', '/staff', `/staff/cases/${receipt.caseId}`]) {
        const page = await officer.get(url);
        expect(page.statusCode, url).toBe(200);
        expect(page.body, url).toContain('&lt;img src=x onerror=alert(1)>');
        expect(page.body, url).not.toContain('<img src=x');
      }
      const casePage = await officer.get(`/staff/cases/${receipt.caseId}`);
      expect(casePage.body).not.toContain('<script>alert(2)');
      expect(casePage.body).not.toContain('<svg onload');
      expect(casePage.headers['content-security-policy']).toContain("script-src 'self'");
    });
  });
}
