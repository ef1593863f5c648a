import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, signedIn, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { buildDeskScenario, DESK_ORGANISATION, EXTENSION_REASON, JUSTIFICATION, PAUSE_REASON, RECUSAL_REASON } from '../helpers/oversight-desk.js';

for (const kind of testDatabaseKinds()) {
  describe(`the overseer's timeliness and fairness pages (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind, { organisation: DESK_ORGANISATION });
    });
    afterEach(async () => t?.close());

    it('shows the overseer the late cases and the fairness record, masked by default, with case references that open nothing', async () => {
      const s = await buildDeskScenario(t.ctx, t.clock);
      const olive = await signedIn(t.app, s.overseer.email);

      const timeliness = await olive.get('/oversight/timeliness');
      expect(timeliness.statusCode).toBe(200);
      const late = timeliness.body.slice(timeliness.body.indexOf('data-testid="overdue"'));
      expect(late).toContain(s.late.reference);
      expect(late).toContain('23 March 2026');
      expect(late).toContain('2 working days');
      expect(late).toContain('Cara Manager');
      expect(late).toContain(EXTENSION_REASON);
      expect(timeliness.body).toContain('<caption>Stages completed within their limit</caption>');
      expect(timeliness.body).toContain('3 of 4 (75%)');
      expect(timeliness.body).toContain(PAUSE_REASON);
      expect(timeliness.body).toMatch(/<a href="\/oversight\/timeliness" aria-current="page">Timeliness<\/a>/);

      const fairness = await olive.get('/oversight/fairness');
      expect(fairness.statusCode).toBe(200);
      expect(fairness.body).toContain('<caption>Seats held with a known conflict</caption>');
      expect(fairness.body).toContain(s.conflicted.name);
      expect(fairness.body).toContain(RECUSAL_REASON);
      expect(fairness.body).toContain('Allowed: 1 of 1 (100%) decided appeals.');
      expect(fairness.body).toContain(JUSTIFICATION);
      expect(fairness.body).toContain('Respondent (identity masked)');
      expect(fairness.body).toMatch(/<a href="\/oversight\/fairness\?identities=shown">Show identities<\/a>/);

      // The overseer cannot open cases, so no reference links to one; and masked, no party is named.
      for (const page of [timeliness.body, fairness.body]) {
        expect(page).not.toContain('/staff/cases/');
        for (const identity of ['Councillor Fictional', 'M-1001', 'Ruth Example']) expect(page).not.toContain(identity);
      }

      const shown = await olive.get('/oversight/fairness?identities=shown');
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain('Councillor Fictional (M-1001)');
      expect(shown.body).toMatch(/<a href="\/oversight\/timeliness\?identities=shown">Timeliness<\/a>/);
    });

    it('says so plainly when no panel member sat with a known conflict', async () => {
      const olive = await signedIn(t.app, (await createStaff(t.ctx, ['overseer'])).email);
      const fairness = await olive.get('/oversight/fairness');
      expect(fairness.statusCode).toBe(200);
      expect(fairness.body).toContain('No panel member sat with a known conflict.');
      const timeliness = await olive.get('/oversight/timeliness');
      expect(timeliness.body).toContain('No open case is past its stage’s due date.');
    });

    it('refuses a case manager', async () => {
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const cara = await signedIn(t.app, (await createStaff(t.ctx, ['case_manager'])).email);
      for (const path of ['/oversight/timeliness', '/oversight/fairness', '/oversight/fairness?identities=shown']) {
        const refused = await cara.get(path);
        expect(refused.statusCode).toBe(403);
        expect(refused.body).not.toContain(receipt.reference);
      }
    });
  });
}
