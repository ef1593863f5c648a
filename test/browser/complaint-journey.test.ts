import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { group, openCaseFromDashboard as openCase, signIn, signOut, textOf as text, useBrowserJourney } from '../helpers/browser-journey.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createStaff } from '../helpers/factories.js';
import { createPanelPool, decisionFor, giveNoticeAndAnswer, sittingPanel } from '../helpers/due-process.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';

/**
 * One complaint from the public form to a decision, in a real browser: the
 * public sends it anonymously, the intake officer triages it, the investigator
 * reports, the case manager decides, and the public reads the outcome with the
 * receipt code. Each page on the way is checked with axe-core.
 */

const REFERENCE = 'RDR-2026-000001';

for (const kind of testDatabaseKinds()) {
  describe(`the complaint journey in a browser (${kind})`, () => {
    const journey = useBrowserJourney(kind);
    const { person, checkAccessibility } = journey;
    const openCaseFromDashboard = (page: Page) => openCase(page, REFERENCE);

    it('takes an anonymous complaint through triage, investigation and a panel decision, and shows where it stands to the complainant', { timeout: 120_000 }, async () => {
      const t = journey.app();
      const ida = await createStaff(t.ctx, ['intake_officer'], 'Ida Intake');
      const cara = await createStaff(t.ctx, ['case_manager'], 'Cara Manager');
      const ivan = await createStaff(t.ctx, ['investigator'], 'Ivan Investigator');

      // The public: the form, refused once when sent empty, then sent properly with a file.
      const pub = await person();
      await pub.goto('/complaints/new');
      await expect.poll(() => pub.title()).toContain('Make a complaint');
      await checkAccessibility(pub, 'complaint form');

      await pub.getByRole('button', { name: 'Send the complaint' }).click();
      await pub.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await checkAccessibility(pub, 'complaint form with errors');

      await group(pub, 'How is the complainant connected to what happened?').getByLabel('I saw or heard it happen').check();
      await group(pub, 'Anonymous?').getByLabel('Yes, anonymous').check();
      await pub.getByLabel('Their name').fill('A. Fictional Member');
      await pub.getByLabel('In one line, what is the complaint about?').fill('Antisemitic post in the branch group');
      await pub.getByLabel('Describe what happened').fill('A member posted that “they” control the banks and the media, in the branch chat group, and others joined in.');
      const clauses = pub.locator('details', { hasText: 'IHRA working definition' });
      await clauses.locator('summary').click();
      await clauses.getByLabel('ex-2: Stereotypical allegations about Jews or Jewish power').check();
      await pub.locator('#field-evidence').setInputFiles({ name: 'screenshot.txt', mimeType: 'text/plain', buffer: Buffer.from('They control the banks, the media, everything.\n') });
      await pub.getByRole('button', { name: 'Send the complaint' }).click();

      await pub.getByRole('heading', { name: 'Complaint received' }).waitFor();
      expect(await text(pub, 'reference')).toBe(REFERENCE);
      const receiptCode = await text(pub, 'receipt-code');
      expect(receiptCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      await expect.poll(() => pub.getByText('screenshot.txt').count()).toBe(1);
      await checkAccessibility(pub, 'receipt page');

      // The intake officer triages it, and sends it for investigation.
      const staff = await person();
      await staff.goto('/login');
      await checkAccessibility(staff, 'login page');
      await signIn(staff, ida.email);
      await checkAccessibility(staff, 'dashboard');
      await openCaseFromDashboard(staff);
      expect(await text(staff, 'case-stage')).toBe('Received');
      await staff.getByRole('button', { name: 'Start triage' }).click();
      await expect.poll(() => text(staff, 'case-stage'), { timeout: 10_000 }).toBe('Triage');
      await checkAccessibility(staff, 'case page at triage');

      const triage = staff.locator('#triage');
      await group(triage, 'Is the complaint within our jurisdiction?').getByLabel('Yes', { exact: true }).check();
      await triage.getByLabel('The respondent’s membership status').selectOption({ label: 'Member' });
      await triage.getByLabel('Risk', { exact: true }).selectOption({ label: 'Medium' });
      await group(triage, 'Urgent?').getByLabel('No', { exact: true }).check();
      await group(triage, 'Is interim action (such as suspension) needed?').getByLabel('No', { exact: true }).check();
      await triage.getByLabel('Reasons for the interim-action decision').fill('A single post; no sign of continuing conduct or risk to others.');
      await group(triage, 'Referred to the police?').getByLabel('No', { exact: true }).check();
      await group(triage, 'Outcome of triage').getByLabel('Open an investigation').check();
      await triage.getByLabel('Case manager (for an investigation)').selectOption({ label: 'Cara Manager' });
      await triage.getByLabel('Investigator (for an investigation)').selectOption({ label: 'Ivan Investigator' });
      // Once the case is in investigation the intake officer may no longer open it, so
      // the page after the redirect is not theirs to see: the 303 is the success.
      const recorded = staff.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/triage'));
      await triage.getByRole('button', { name: 'Record triage' }).click();
      expect((await recorded).status(), 'the triage checklist was refused').toBe(303);
      await staff.goto('/staff');
      await signOut(staff);

      // Notice is given and the respondent answers (their portal pages come with the due-process screens).
      const caseId = (await t.ctx.db.selectFrom('cases').select('id').where('reference', '=', REFERENCE).executeTakeFirstOrThrow()).id;
      await giveNoticeAndAnswer(t.ctx, { investigator: ivan, caseId });

      // The investigator reports.
      await signIn(staff, ivan.email);
      await openCaseFromDashboard(staff);
      const report = staff.locator('#report');
      await report.getByLabel('Findings of fact').fill('The respondent posted the message in the branch chat group on 12 February; two members saw it and screenshots match.');
      await report.getByLabel('Recommendation').fill('Uphold the complaint and issue a formal warning.');
      await report.getByRole('button', { name: 'Submit the report for decision' }).click();
      await expect.poll(() => text(staff, 'case-stage'), { timeout: 10_000 }).toBe('Decision');
      await signOut(staff);

      // A panel is drawn and decides (its screens come with the due-process work); the case opens to appeal.
      const pool = await createPanelPool(t.ctx, cara);
      await drawPanel({ ctx: t.ctx, staff: cara, caseId });
      const [chair] = await sittingPanel(t.ctx, caseId, 'decision', pool);
      await recordPanelDecision({ ctx: t.ctx, staff: chair!, caseId, decision: await decisionFor(t.ctx, caseId, { finding: 'upheld', sanctionId: 'education_course' }) });
      await signIn(staff, cara.email);
      await openCaseFromDashboard(staff);
      expect(await text(staff, 'case-stage')).toBe('Open to appeal');
      const timeline = await staff.getByTestId('timeline').innerText();
      const steps = [
        'Complaint received by Public web form, anonymously.',
        'Clause cited by the complainant: ihra-wda ex-2',
        'Evidence file screenshot.txt',
        'Moved from Received to Triage',
        'Triage recorded: within jurisdiction',
        'Cara Manager assigned as case manager.',
        'Ivan Investigator assigned as investigator.',
        'Moved from Triage to Investigation',
        'Notice given to the respondent',
        'The respondent answered',
        'Investigation report:',
        'Moved from Investigation to Decision',
        'Decision panel drawn by draw',
        'Panel decision: Upheld; sanction education course',
        'Moved from Decision to Appeal window',
      ];
      for (const step of steps) expect(timeline).toContain(step);
      await checkAccessibility(staff, 'case page when decided');
      await signOut(staff);

      // The public, with the receipt code, sees where the complaint stands.
      await pub.goto('/status');
      await checkAccessibility(pub, 'status form');
      await pub.getByLabel('Your 16-digit receipt code').fill(receiptCode);
      await pub.getByRole('button', { name: 'Check progress' }).click();
      await pub.getByRole('heading', { name: `Complaint ${REFERENCE}` }).waitFor();
      expect(await text(pub, 'status-stage')).toBe('Open to appeal');
      await checkAccessibility(pub, 'status page');
      expect(journey.cspViolations(), 'the pages broke their own Content-Security-Policy').toEqual([]);
    });
  });
}
