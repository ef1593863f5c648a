import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, signedIn as signInAs, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { withdrawComplaint } from '../../src/services/cases/withdraw-complaint.js';

const REASON = 'The complaint describes the complainant’s faith and a health condition.';

for (const kind of testDatabaseKinds()) {
  describe(`data protection pages (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    const signedIn = (email: string) => signInAs(t.app, email);
    const caseRow = (caseId: string) => t.ctx.db.selectFrom('cases').select(['special_categories', 'erased_at', 'summary']).where('id', '=', caseId).executeTakeFirstOrThrow();

    it('flags special-category data through the case page form, refusing it without a reason, and shows the flags near the top', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      const casePath = `/staff/cases/${receipt.caseId}`;

      const ivy = await signedIn(intake.email);
      const before = await ivy.get(casePath);
      expect(before.body).toContain('Flag special-category data');
      expect(before.body).not.toContain('data-testid="special-categories"');

      const refused = await ivy.post(`${casePath}/special-categories`, { categories: ['health', 'religious_or_philosophical_beliefs'], reason: '' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('There is a problem');
      expect(refused.body).toContain('Say why the flags are right for this case');
      expect(refused.body).toMatch(/value="health" checked/);
      expect((await caseRow(receipt.caseId)).special_categories).toBeNull();

      const saved = await ivy.post(`${casePath}/special-categories`, { categories: ['health', 'religious_or_philosophical_beliefs'], reason: REASON });
      expect(saved.statusCode).toBe(303);
      const page = await ivy.get(casePath);
      expect(page.body).toContain('Special-category data: religious or philosophical beliefs, health');
      // Near the top: before the timetable.
      expect(page.body.indexOf('data-testid="special-categories"')).toBeLessThan(page.body.indexOf('aria-label="Timetable"'));
      expect(page.body).toMatch(/value="health" checked/);
      expect(page.body).toContain('Special-category data flagged: religious or philosophical beliefs, health. Reason:');

      // The investigator sees the flags but has no form, and a post is refused with nothing written.
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      const ian = await signedIn(investigator.email);
      const seen = await ian.get(casePath);
      expect(seen.body).toContain('Special-category data: religious or philosophical beliefs, health');
      expect(seen.body).not.toContain('Change the special-category flags');
      const forbidden = await ian.post(`${casePath}/special-categories`, { categories: ['health'], reason: REASON });
      expect(forbidden.statusCode).toBe(403);
      expect((await caseRow(receipt.caseId)).special_categories).toBe(JSON.stringify(['religious_or_philosophical_beliefs', 'health']));
    });

    it('shows the data protection officer the schedule, what falls due and past runs, and runs it (dry or not) by button', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const dpo = await createStaff(ctx, ['data_protection_officer']);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await withdrawComplaint({ ctx, staff: intake, caseId: receipt.caseId, explanation: 'The complainant wrote to withdraw the complaint.' });

      const dora = await signedIn(dpo.email);
      const first = await dora.get('/staff/data-protection');
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('Closed cases: personal data erased 7 years after the case closed.');
      expect(first.body).toContain('kept indefinitely');
      expect(first.body).toContain('href="/staff/data-protection/subject-access"');
      expect(first.body).toContain('No closed case falls due in the next 90 days.');

      // Seven years on, less a month: the case falls due soon.
      t.clock.set('2033-02-10T10:00:00Z');
      const later = await signedIn(dpo.email);
      const soon = await later.get('/staff/data-protection');
      expect(soon.body).toContain('data-testid="due-soon"');
      expect(soon.body).toContain(receipt.reference);
      expect(soon.body).toContain('2 March 2033');
      expect(soon.body).not.toContain('Ruth Example');

      // Once due: the dry run changes nothing, a post without the form's token is refused, and the run erases it.
      t.clock.set('2033-03-03T10:00:00Z');
      const dpoNow = await signedIn(dpo.email);
      await dpoNow.get('/staff/data-protection');
      const dry = await dpoNow.post('/staff/data-protection/retention/dry-run', {});
      expect(dry.statusCode).toBe(303);
      const dryPage = await dpoNow.get(dry.headers.location as string);
      expect(dryPage.body).toContain('Dry run: nothing was changed');
      expect(dryPage.body).toContain('Would erase 1 case');
      expect((await caseRow(receipt.caseId)).erased_at).toBeNull();
      expect((await dpoNow.post('/staff/data-protection/retention/run', {}, { csrf: false })).statusCode).toBe(403);
      expect((await caseRow(receipt.caseId)).erased_at).toBeNull();

      const run = await dpoNow.post('/staff/data-protection/retention/run', {});
      expect(run.statusCode).toBe(303);
      const ran = await dpoNow.get(run.headers.location as string);
      expect(ran.body).toContain('Retention run finished');
      expect(ran.body).toContain('Erased 1 case');
      expect(ran.body).toContain('data-testid="runs"');
      expect(ran.body).toContain('Dry run');
      expect(await caseRow(receipt.caseId)).toMatchObject({ erased_at: '2033-03-03T10:00:00.000Z', summary: 'Erased under the retention schedule' });
    });

    it('refuses the page and its buttons to roles without data protection', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const ivy = await signedIn(intake.email);
      expect((await ivy.get('/staff/data-protection')).statusCode).toBe(403);
      await ivy.get('/staff');
      expect((await ivy.post('/staff/data-protection/retention/run', {})).statusCode).toBe(403);
      expect(await t.ctx.db.selectFrom('retention_runs').select('id').execute()).toEqual([]);
    });
  });
}
