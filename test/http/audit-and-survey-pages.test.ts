import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';

const FINDING = 'The complaint was acknowledged after nine working days, beyond the limit of five.';

for (const kind of testDatabaseKinds()) {
  describe(`audit sampling and the confidence survey, through the pages (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    async function closedCases(count: number): Promise<string[]> {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        const { caseId } = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
        await startTriage({ ctx: t.ctx, staff: intake, caseId });
        await recordTriage({ ctx: t.ctx, staff: intake, caseId, triage: triageInput({ outcome: 'close', closureReason: 'duplicate', explanation: 'A duplicate of a complaint already being handled.' }) });
        ids.push(caseId);
      }
      return ids;
    }

    it('lets the overseer draw a sample, open and review its cases, reproduce the draw and judge the answer a case manager gives', async () => {
      const cases = await closedCases(3);
      const overseer = await createStaff(t.ctx, ['overseer']);
      const manager = await createStaff(t.ctx, ['case_manager']);
      const olive = await signedIn(t.app, overseer.email);

      expect((await olive.get('/oversight/audits')).body).toContain('No sample has been drawn yet.');
      const bad = await olive.post('/oversight/audits', { size: 'two', seed: '' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('There is a problem');
      expect(bad.body).toContain('Give the number of cases to draw');
      const drawn = await olive.post('/oversight/audits', { size: '2', closedFrom: '', closedTo: '', seed: 'public-lottery-2026-03-01' });
      expect(drawn.statusCode).toBe(303);
      const samplePath = drawn.headers.location as string;
      expect(samplePath).toMatch(/^\/oversight\/audits\/[0-9a-f-]+$/);

      const page = await olive.get(samplePath);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('public-lottery-2026-03-01');
      const sampled = [...page.body.matchAll(/href="\/staff\/cases\/([0-9a-f-]+)"/g)].map((match) => match[1]!);
      expect(sampled).toHaveLength(2);
      // Masked by default: parties appear by role only; shown when asked.
      expect(page.body).not.toContain('Councillor Fictional');
      expect(page.body).toContain('Respondent (identity masked)');
      expect((await olive.get(`${samplePath}?identities=shown`)).body).toContain('Councillor Fictional');
      expect((await olive.get(`${samplePath}?reproduce=1`)).body).toContain('The draw matches: the seed and the recorded population give the same 2 cases, in the same order.');

      // The sampled case opens through the normal case page; another does not.
      expect((await olive.get(`/staff/cases/${sampled[0]}`)).statusCode).toBe(200);
      const other = cases.find((caseId) => !sampled.includes(caseId))!;
      expect((await olive.get(`/staff/cases/${other}`)).statusCode).toBe(403);

      // The review form refuses an incomplete checklist, then records a complete one.
      const reviewPath = `${samplePath}/cases/${sampled[0]}/review`;
      const incomplete = await olive.post(reviewPath, { 'result.acknowledged': 'not_met', 'note.acknowledged': '' });
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.body).toContain('Say what was not met');
      const all = Object.fromEntries(t.ctx.config.organisation.oversight.auditChecklist.map((item) => [`result.${item.id}`, 'met']));
      expect((await olive.post(reviewPath, all)).statusCode).toBe(303);
      expect((await olive.get(samplePath)).body).toContain('8 met, 0 not met, 0 not applicable');

      expect((await olive.post(`${samplePath}/findings`, { caseId: sampled[0]!, severity: 'significant', text: FINDING })).statusCode).toBe(303);
      expect((await olive.get('/staff/audit-findings')).statusCode).toBe(403);

      // The case manager answers it; the desk is not theirs.
      const cara = await signedIn(t.app, manager.email);
      expect((await cara.get('/oversight/audits')).statusCode).toBe(403);
      expect((await cara.get(samplePath)).statusCode).toBe(403);
      expect((await cara.post('/oversight/audits', { size: '1' })).statusCode).toBe(403);
      const findings = await cara.get('/staff/audit-findings');
      expect(findings.body).toContain(FINDING);
      const findingId = /action="\/staff\/audit-findings\/([0-9a-f-]+)\/answer"/.exec(findings.body)![1]!;
      const short = await cara.post(`/staff/audit-findings/${findingId}/answer`, { text: 'Sorry.', actionPromised: '' });
      expect(short.statusCode).toBe(400);
      expect(
        (await cara.post(`/staff/audit-findings/${findingId}/answer`, { text: 'The inbox was not watched over the holiday.', actionPromised: 'A second person watches it from 16 March.' })).statusCode,
      ).toBe(303);
      expect((await cara.get('/staff/audit-findings')).body).toContain('Answered: awaiting the overseer');

      const withAnswer = await olive.get(samplePath);
      expect(withAnswer.body).toContain('A second person watches it from 16 March.');
      expect((await olive.post(`${samplePath}/findings/${findingId}/verdict`, { verdict: 'accepted', reason: '' })).statusCode).toBe(303);
      expect((await olive.get(samplePath)).body).toContain('Answer accepted');
      expect((await olive.get('/oversight/audits')).body).toContain('Reviewing: 1 of 2 cases reviewed');
    });

    it('serves the survey from its link once, with CSRF and rate limits, and its results only on the desk', async () => {
      await closedCases(1);
      const mail = (await listOutbox(t.ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string }).find((message) => message.subject.startsWith('How did we handle'))!;
      const path = /\/survey\/[A-Za-z0-9_-]+/.exec(mail.text)![0];
      const party = new PageClient(t.app);
      const form = await party.get(path);
      expect(form.statusCode).toBe(200);
      expect(form.headers['referrer-policy']).toBe('no-referrer');
      expect(form.body).toContain('I have confidence in the complaints process.');
      expect(form.body).toContain('that you were the complainant');

      expect((await party.post(path, { fair: '4', informed: '4', timely: '4', confidence: '4' }, { csrf: false })).statusCode).toBe(403);
      const incomplete = await party.post(path, { fair: '4' });
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.body).toContain('Choose how far you agree');
      const done = await party.post(path, { fair: '4', informed: '5', timely: '3', confidence: '4', comment: 'Clear letters.' });
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain('Thank you');
      const again = await party.get(path);
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('already been answered');
      expect((await party.get('/survey/not-a-real-token')).statusCode).toBe(404);
      expect(await t.ctx.db.selectFrom('survey_responses').selectAll().execute()).toHaveLength(1);

      const overseer = await createStaff(t.ctx, ['overseer']);
      const desk = await (await signedIn(t.app, overseer.email)).get('/oversight/confidence');
      expect(desk.statusCode).toBe(200);
      expect(desk.body).toContain('fewer than 5 responses');
      expect(desk.body).not.toContain('Clear letters.');
      const manager = await createStaff(t.ctx, ['case_manager']);
      expect((await (await signedIn(t.app, manager.email)).get('/oversight/confidence')).statusCode).toBe(403);
    });

    it('holds the public survey to the public rate limit', async () => {
      const limited = await createTestApp(kind, { publicRequestsPerMinute: 2 });
      try {
        const client = new PageClient(limited.app);
        const statuses = [];
        for (let index = 0; index < 3; index++) statuses.push((await client.get('/survey/not-a-real-token')).statusCode);
        expect(statuses).toEqual([404, 404, 429]);
      } finally {
        await limited.close();
      }
    });
  });
}
