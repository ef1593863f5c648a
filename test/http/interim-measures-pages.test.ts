import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, signedIn as signInAs, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';

const REASONS = 'The respondent has continued to message the complainant since the complaint was made.';

for (const kind of testDatabaseKinds()) {
  describe(`interim measures on the case page (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    const signedIn = (email: string) => signInAs(t.app, email);
    const measuresOf = (caseId: string) => t.ctx.db.selectFrom('interim_measures').selectAll().where('case_id', '=', caseId).execute();

    it('imposes a measure through the form, re-rendering a refusal with its errors, then shows it with its effects, the overdue review and the review form', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager'], 'Cara Manager');
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      const casePath = `/staff/cases/${receipt.caseId}`;

      const cara = await signedIn(manager.email);
      const before = await cara.get(casePath);
      expect(before.body).toContain('No interim measure has been imposed.');
      expect(before.body).toContain('Impose an interim measure');

      // Too long and without reasons: refused, nothing written, the form shown again with the problems and the choices kept.
      const refused = await cara.post(`${casePath}/interim-measure`, { effects: ['no_voting', 'no_meetings'], weeks: '30', reasons: 'Risk.' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('There is a problem');
      expect(refused.body).toContain('An interim measure lasts at most 26 weeks');
      expect(refused.body).toContain('Give the reasons for the measure in at least 30 characters.');
      expect(refused.body).toMatch(/value="no_voting" checked/);
      expect(refused.body).toContain('value="30"');
      expect(await measuresOf(receipt.caseId)).toEqual([]);

      const imposed = await cara.post(`${casePath}/interim-measure`, { effects: ['no_voting', 'no_meetings'], weeks: '8', reasons: REASONS });
      expect(imposed.statusCode).toBe(303);
      expect(await measuresOf(receipt.caseId)).toHaveLength(1);
      const page = await cara.get(casePath);
      expect(page.body).toContain('data-testid="interim-measure"');
      expect(page.body).toContain('In force');
      expect(page.body).toContain('May not vote in internal ballots');
      expect(page.body).toContain('May not attend meetings');
      expect(page.body).not.toContain('May not stand for any office or selection');
      expect(page.body).toContain('30 March 2026');
      expect(page.body).not.toContain('Review overdue');
      expect(page.body).toContain('Interim measure imposed for up to 8 week(s)');
      expect(page.body).toContain('Review the interim measure');
      expect(page.body).not.toContain('Impose an interim measure');

      // A second measure while one is in force is refused on the same page, and the refusal is shown.
      const second = await cara.post(`${casePath}/interim-measure`, { effects: ['no_candidacy'], weeks: '4', reasons: REASONS });
      expect(second.statusCode).toBe(409);
      expect(second.body).toContain('already in force');
      expect(await measuresOf(receipt.caseId)).toHaveLength(1);

      // Past the review date the page and the dashboard flag it (a new sign-in: the session has long expired).
      t.clock.set('2026-03-31T10:00:00Z');
      const later = await signedIn(manager.email);
      const overdue = await later.get(casePath);
      expect(overdue.body).toContain('tag tag--overdue"> Review overdue');
      const dashboard = await later.get('/staff');
      expect(dashboard.body).toContain('Interim measures due for review (1)');
      expect(dashboard.body).toContain(receipt.reference);

      // Lifted through the review form.
      const lifted = await later.post(`${casePath}/interim-measure-review`, { outcome: 'lifted', reasons: 'The complainant has moved branch and the messages have stopped.' });
      expect(lifted.statusCode).toBe(303);
      const after = await later.get(casePath);
      expect(after.body).toContain('Lifted: imposed');
      expect(after.body).not.toContain('Review overdue');
      expect(after.body).toContain('Impose an interim measure');
      expect((await later.get('/staff')).body).toContain('No interim measure is due for review.');
    });
  });
}
