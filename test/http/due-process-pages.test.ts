import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn as signInAs, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, REPORT, triageInput } from '../helpers/factories.js';
import { createPanelPool, FINDING_REASONS, noticeFor, PANEL_REASONS, portalTokenSentTo, RESPONDENT_EMAIL, sittingPanel } from '../helpers/due-process.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { listAllegations } from '../../src/db/repositories/case-allegation.repository.js';
import { listEvidence } from '../../src/db/repositories/evidence.repository.js';

const EVIDENCE = new TextEncoder().encode('screenshot of the message of 12 February');

for (const kind of testDatabaseKinds()) {
  describe(`due-process pages and the respondent's portal (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    const signedIn = (email: string) => signInAs(t.app, email);
    const stageOf = async (caseId: string) => (await t.ctx.db.selectFrom('cases').select('stage').where('id', '=', caseId).executeTakeFirstOrThrow()).stage;

    it('takes a case from notice to appeal outcome through the forms, with the respondent answering and appealing through the portal', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager'], 'Cara Manager');
      const investigator = await createStaff(ctx, ['investigator'], 'Ivan Investigator');
      const pool = await createPanelPool(ctx, manager);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [{ filename: 'screenshot.txt', bytes: EVIDENCE }], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      const casePath = `/staff/cases/${receipt.caseId}`;
      const [allegation] = await listAllegations(ctx.db, receipt.caseId);
      const [evidence] = await listEvidence(ctx.db, receipt.caseId);

      // The investigator gives notice; a notice without particulars is refused and says what is missing.
      const ivan = await signedIn(investigator.email);
      expect((await ivan.get(casePath)).body).toContain('Give notice to the respondent');
      const noticeFields = {
        'respondent.name': 'Councillor Fictional',
        'respondent.email': RESPONDENT_EMAIL,
        coveringLetter: 'A complaint has been made about your conduct. Each allegation and the evidence relied on are set out below.',
        [`evidence.${evidence!.id}`]: 'disclose',
      };
      const incomplete = await ivan.post(`${casePath}/notice`, noticeFields);
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.body).toContain('Give the particulars of the allegation');
      expect((await ivan.post(`${casePath}/notice`, { ...noticeFields, [`particulars.${allegation!.id}`]: 'On 12 February you sent messages repeating a conspiracy theory.' })).statusCode).toBe(303);

      // The respondent follows the e-mailed link; the token becomes a cookie for /portal only.
      const respondent = new PageClient(t.app);
      expect((await respondent.get('/portal')).statusCode).toBe(404);
      expect((await respondent.get('/portal/enter/not-a-real-token-at-all-xyz')).statusCode).toBe(404);
      const entered = await respondent.get(`/portal/enter/${await portalTokenSentTo(ctx, RESPONDENT_EMAIL)}`);
      expect(entered.statusCode).toBe(303);
      expect(entered.cookies.find((cookie) => cookie.name === 'redress_party')).toMatchObject({ httpOnly: true, path: '/portal', sameSite: 'Lax' });
      const portal = await respondent.get('/portal');
      expect(portal.statusCode).toBe(200);
      expect(portal.body).toContain('On 12 February you sent messages repeating a conspiracy theory.');
      expect(portal.body).toContain('Complaint made by: Ruth Example');
      const download = await respondent.get(`/portal/evidence/${evidence!.id}`);
      expect(download.statusCode).toBe(200);
      expect(download.body).toBe('screenshot of the message of 12 February');
      const unanswered = await respondent.postMultipart('/portal/response', { generalResponse: 'I accept sending them.' });
      expect(unanswered.statusCode).toBe(400);
      expect(unanswered.body).toContain('Choose yes or no.');
      const answered = await respondent.postMultipart(
        '/portal/response',
        { [`answers.${allegation!.id}`]: 'I sent them <b>in anger</b> and apologise.', generalResponse: 'I accept sending them.', hearingRequested: 'no' },
        [{ name: 'evidence', filename: 'apology.txt', bytes: new TextEncoder().encode('My apology to the branch.') }],
      );
      expect(answered.statusCode).toBe(303);
      const afterAnswer = await respondent.get('/portal');
      expect(afterAnswer.body).toContain('You answered on');
      expect(afterAnswer.body).toContain('I sent them &lt;b>in anger&lt;/b> and apologise.');
      expect(afterAnswer.body).not.toContain('<b>in anger');
      expect(afterAnswer.body).toContain('apology.txt (sent by you)');

      // The report sends it to decision; the case manager draws the panel from the page.
      expect((await ivan.post(`${casePath}/report`, REPORT)).statusCode).toBe(303);
      expect(await stageOf(receipt.caseId)).toBe('decision');
      const cara = await signedIn(manager.email);
      expect((await cara.post(`${casePath}/draw-panel`, {})).statusCode).toBe(303);
      const withPanel = await cara.get(casePath);
      expect(withPanel.body).toContain('data-testid="panel-seats"');
      expect(withPanel.body).toContain('Conflict screening');

      // The chair decides through the form, with the precedents in view.
      const [chair] = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      const chairClient = await signedIn(chair!.email);
      const decisionPage = await chairClient.get(casePath);
      expect(decisionPage.body).toContain('data-testid="precedents"');
      const decisionFields = {
        'findings.0.allegationId': allegation!.id,
        'findings.0.finding': 'upheld',
        'findings.0.examplesRelied': [allegation!.clause_id],
        'findings.0.reasons': FINDING_REASONS,
        reasons: PANEL_REASONS,
        sanctionId: 'education_course',
      };
      const noReasons = await chairClient.post(`${casePath}/decision`, { ...decisionFields, reasons: 'Short.' });
      expect(noReasons.statusCode).toBe(400);
      expect(noReasons.body).toContain('Written reasons are required');
      expect(await stageOf(receipt.caseId)).toBe('decision');
      expect((await chairClient.post(`${casePath}/decision`, decisionFields)).statusCode).toBe(303);
      expect(await stageOf(receipt.caseId)).toBe('appeal_window');

      // The hearing bundle and the outcome letters print from the case page; someone off the case gets neither.
      const bundle = await cara.get(`${casePath}/hearing-bundle.pdf`);
      expect(bundle.statusCode).toBe(200);
      expect(bundle.headers['content-type']).toBe('application/pdf');
      expect(bundle.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const letter = await chairClient.get(`${casePath}/outcome-letter/respondent.pdf`);
      expect(letter.statusCode).toBe(200);
      expect(letter.headers['content-disposition']).toContain('outcome-letter-respondent.pdf');
      const outsider = await signedIn((await createStaff(ctx, ['case_manager'])).email);
      expect((await outsider.get(`${casePath}/hearing-bundle.pdf`)).statusCode).toBe(403);
      expect((await cara.get(`${casePath}/outcome-letter/someone-else.pdf`)).statusCode).toBe(404);

      // The respondent sees the decision and appeals through the portal.
      const decided = await respondent.get('/portal');
      expect(decided.body).toContain('data-testid="portal-decision"');
      expect(decided.body).toContain('Sanction: Mandatory education course.');
      expect((await respondent.post('/portal/appeal', { statement: 'Too short' })).statusCode).toBe(400);
      expect(
        (await respondent.post('/portal/appeal', { grounds: ['procedure'], statement: 'The panel did not take into account the apology I made at the time, which I sent with my answer.' })).statusCode,
      ).toBe(303);
      expect(await stageOf(receipt.caseId)).toBe('appeal');

      // A new panel hears the appeal and dismisses it.
      expect((await cara.post(`${casePath}/draw-panel`, {})).statusCode).toBe(303);
      const [appealChair] = await sittingPanel(ctx, receipt.caseId, 'appeal', pool);
      expect(appealChair!.userId).not.toBe(chair!.userId);
      const appealClient = await signedIn(appealChair!.email);
      expect((await chairClient.post(`${casePath}/appeal-decision`, { outcome: 'dismissed', reasons: PANEL_REASONS })).statusCode).toBe(403);
      expect((await appealClient.post(`${casePath}/appeal-decision`, { outcome: 'dismissed', reasons: PANEL_REASONS })).statusCode).toBe(303);
      expect(await stageOf(receipt.caseId)).toBe('closed');
      expect((await respondent.get('/portal')).body).toContain('Decided: dismissed.');

      // Leaving the portal forgets the link on this device.
      expect((await respondent.post('/portal/leave', {})).statusCode).toBe(303);
      expect((await respondent.get('/portal')).statusCode).toBe(404);
    });

    it('gives a party who lost their link a new one, or one to print when they have no address, and the old link stops working', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      const byLetter = await noticeFor(ctx, receipt.caseId);
      const { letterLink } = await issueNotice({ ctx, staff: investigator, caseId: receipt.caseId, notice: { ...byLetter, respondent: { ...byLetter.respondent, email: null } } });
      const firstToken = letterLink!.split('/').pop()!;
      const [party] = await ctx.db.selectFrom('case_parties').select('id').where('case_id', '=', receipt.caseId).execute();

      const cara = await signedIn(manager.email);
      expect((await cara.get(`/staff/cases/${receipt.caseId}`)).body).toContain('Make a new case-page link to print');
      const shown = await cara.post(`/staff/cases/${receipt.caseId}/parties/${party!.id}/link`, {});
      expect(shown.statusCode).toBe(200);
      const secondToken = /\/portal\/enter\/([A-Za-z0-9_-]+)/.exec(shown.body)![1]!;
      expect(secondToken).not.toBe(firstToken);
      expect(shown.headers['cache-control']).toBe('no-store');

      const respondent = new PageClient(t.app);
      expect((await respondent.get(`/portal/enter/${firstToken}`)).statusCode).toBe(404);
      expect((await respondent.get(`/portal/enter/${secondToken}`)).statusCode).toBe(303);
      const outsider = await signedIn((await createStaff(ctx, ['case_manager'])).email);
      expect((await outsider.post(`/staff/cases/${receipt.caseId}/parties/${party!.id}/link`, {})).statusCode).toBe(403);
      expect((await cara.post(`/staff/cases/${receipt.caseId}/parties/not-a-party/link`, {})).statusCode).toBe(404);
    });
  });
}
