import { describe, expect, it } from 'vitest';
import { group, openCaseFromDashboard, signIn, signOut, textOf, useBrowserJourney } from '../helpers/browser-journey.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { complaintInput, createStaff, REPORT, triageInput } from '../helpers/factories.js';
import { createPanelPool, FINDING_REASONS, PANEL_REASONS, portalTokenSentTo, RESPONDENT_EMAIL, sittingPanel } from '../helpers/due-process.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { submitInvestigationReport } from '../../src/services/cases/investigate.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';

/**
 * Due process in a real browser: the investigator gives notice from the case
 * page, the respondent answers and later appeals through their portal, the
 * case manager draws the panel, and the panel's chair decides through the
 * decision form; every page is checked with axe-core.
 */
for (const kind of testDatabaseKinds()) {
  describe(`due process in a browser (${kind})`, () => {
    const journey = useBrowserJourney(kind);
    const { person, checkAccessibility } = journey;

    it('gives notice, takes the answer and the appeal through the portal, and records the panel decisions through their forms', { timeout: 120_000 }, async () => {
      const t = journey.app();
      const ctx = t.ctx;
      const intake = await createStaff(ctx, ['intake_officer'], 'Ida Intake');
      const cara = await createStaff(ctx, ['case_manager'], 'Cara Manager');
      const ivan = await createStaff(ctx, ['investigator'], 'Ivan Investigator');
      const pool = await createPanelPool(ctx, cara);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [{ filename: 'screenshot.txt', bytes: new TextEncoder().encode('They control the banks.\n') }], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: cara.userId, investigatorId: ivan.userId }) });

      // The investigator gives notice from the case page.
      const staff = await person();
      await signIn(staff, ivan.email);
      await openCaseFromDashboard(staff, receipt.reference);
      const notice = staff.locator('#notice');
      await notice.getByLabel('Respondent’s e-mail address').fill(RESPONDENT_EMAIL);
      await notice.getByLabel('Covering letter').fill('A complaint has been made about your conduct. Each allegation and the evidence relied on are set out here.');
      await notice.getByRole('button', { name: 'Give notice' }).click();
      await staff.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await checkAccessibility(staff, 'notice form with errors');
      const refused = staff.locator('#notice');
      await refused.getByLabel(/^Particulars of the allegation/).fill('On 12 February you posted that “they” control the banks, in the branch group.');
      await group(refused, 'Evidence: screenshot.txt').getByLabel('Disclose', { exact: true }).check();
      await refused.getByRole('button', { name: 'Give notice' }).click();
      await staff.getByTestId('notice').waitFor();
      await checkAccessibility(staff, 'case page after notice');
      await signOut(staff);

      // The respondent opens the link from their e-mail, reads the notice and answers.
      const respondent = await person();
      await respondent.goto(`/portal/enter/${await portalTokenSentTo(ctx, RESPONDENT_EMAIL)}`);
      await respondent.getByRole('heading', { name: 'The notice of the complaint' }).waitFor();
      expect(new URL(respondent.url()).pathname).toBe('/portal');
      await checkAccessibility(respondent, 'portal with the notice');
      await respondent.getByLabel(/^Your answer to allegation 1/).fill('I posted it in anger and took it down the next day. I apologise.');
      await group(respondent, 'Do you want a hearing?').getByLabel('No, the panel can decide on the papers').check();
      await respondent.locator('#field-answer-evidence').setInputFiles({ name: 'apology.txt', mimeType: 'text/plain', buffer: Buffer.from('My apology to the branch.\n') });
      await respondent.getByRole('button', { name: 'Send my answer' }).click();
      await respondent.getByText('You answered on').waitFor();
      await checkAccessibility(respondent, 'portal after the answer');

      // The report goes in; the case manager draws the panel from the case page.
      await submitInvestigationReport({ ctx, staff: ivan, caseId: receipt.caseId, ...REPORT });
      await signIn(staff, cara.email);
      await openCaseFromDashboard(staff, receipt.reference);
      await staff.getByRole('button', { name: 'Screen the pool and draw the panel' }).click();
      await staff.getByTestId('panel-seats').waitFor();
      await checkAccessibility(staff, 'case page with the panel drawn');
      await signOut(staff);

      // The chair decides through the decision form, refused once without reasons.
      const [chair] = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      await signIn(staff, chair!.email);
      await openCaseFromDashboard(staff, receipt.reference);
      await staff.getByTestId('precedents').waitFor();
      await checkAccessibility(staff, 'decision form');
      await staff.locator('#decision').getByRole('button', { name: 'Record the decision' }).click();
      await staff.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await checkAccessibility(staff, 'decision form with errors');
      const decision = staff.locator('#decision');
      await group(decision, 'Finding on the balance of probabilities').getByLabel('Upheld', { exact: true }).check();
      await group(decision, 'Examples relied on (optional)').getByLabel(/^ex-2:/).check();
      await decision.getByLabel('Reasons for this finding').fill(FINDING_REASONS);
      await decision.getByLabel('Written reasons for the decision').fill(PANEL_REASONS);
      await decision.getByLabel('Sanction', { exact: true }).selectOption({ label: 'Mandatory education course' });
      await decision.getByRole('button', { name: 'Record the decision' }).click();
      await expect.poll(() => textOf(staff, 'case-stage'), { timeout: 10_000 }).toBe('Open to appeal');
      await signOut(staff);

      // The respondent reads the decision and appeals within the window.
      await respondent.goto('/portal');
      await respondent.getByTestId('portal-decision').waitFor();
      await checkAccessibility(respondent, 'portal with the decision');
      await group(respondent, 'Your grounds of appeal').getByLabel('The procedure was unfair').check();
      await respondent.getByLabel('Explain your grounds').fill('The panel did not take into account the apology I made at the time, which I sent with my answer.');
      await respondent.getByRole('button', { name: 'Lodge my appeal' }).click();
      await expect.poll(() => textOf(respondent, 'portal-stage'), { timeout: 10_000 }).toBe('Appeal');
      await checkAccessibility(respondent, 'portal after the appeal');

      // A different panel decides the appeal through its form.
      await drawPanel({ ctx, staff: cara, caseId: receipt.caseId });
      const [appealChair] = await sittingPanel(ctx, receipt.caseId, 'appeal', pool);
      expect(appealChair!.userId).not.toBe(chair!.userId);
      await signIn(staff, appealChair!.email);
      await openCaseFromDashboard(staff, receipt.reference);
      const appeal = staff.locator('#appeal-decision');
      await group(appeal, 'Outcome').getByLabel('Dismissed: the decision stands').check();
      await appeal.getByLabel('Written reasons').fill('The apology was before the panel in the answer to the notice, and the decision records that it was weighed.');
      await checkAccessibility(staff, 'appeal decision form');
      await appeal.getByRole('button', { name: 'Record the appeal decision' }).click();
      await expect.poll(() => textOf(staff, 'case-stage'), { timeout: 10_000 }).toBe('Closed');
      await checkAccessibility(staff, 'case page when the appeal is decided');

      expect(journey.cspViolations(), 'the pages broke their own Content-Security-Policy').toEqual([]);
    });
  });
}
