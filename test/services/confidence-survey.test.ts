import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { noticeFor, RESPONDENT_EMAIL } from '../helpers/due-process.js';
import { refusal } from '../helpers/refusal.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { withdrawComplaint } from '../../src/services/cases/withdraw-complaint.js';
import { mergeCase } from '../../src/services/cases/link-cases.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { answerSurvey, openSurvey } from '../../src/services/public/answer-survey.js';
import { getConfidenceResults } from '../../src/services/oversight/get-confidence-results.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';

const COMPLAINANT_EMAIL = 'ruth@example.test';
const ANSWERS = { scores: { fair: '4', informed: '5', timely: '2', confidence: '4' }, comment: 'The investigator explained every step.' };

for (const kind of testDatabaseKinds()) {
  describe(`the confidence survey (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let intake: Staff;
    let manager: Staff;
    let investigator: Staff;
    let overseer: Staff;

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      intake = await createStaff(ctx, ['intake_officer']);
      manager = await createStaff(ctx, ['case_manager']);
      investigator = await createStaff(ctx, ['investigator']);
      overseer = await createStaff(ctx, ['overseer']);
    });
    afterEach(async () => t.close());

    const surveyMail = async (address: string) =>
      (await listOutbox(ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string }).filter((mail) => mail.to === address && mail.subject.startsWith('How did we handle'));
    const tokenIn = (mail: { text: string }) => /\/survey\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const rows = (table: 'survey_invitations' | 'survey_responses') => ctx.db.selectFrom(table).selectAll().execute();

    async function closeAtTriage(complaint = complaintInput()): Promise<string> {
      const { caseId } = await submitComplaint({ ctx, complaint, files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId });
      await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ outcome: 'close', closureReason: 'duplicate', explanation: 'A duplicate of a complaint already being handled.' }) });
      return caseId;
    }

    it('invites the complainant and the respondent when the case closes, and each link is answered once', async () => {
      const { caseId, reference } = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId });
      await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId) });
      expect(await rows('survey_invitations')).toEqual([]);

      await withdrawComplaint({ ctx, staff: manager, caseId, explanation: 'The complainant withdrew by e-mail on 2 March.' });
      const [toComplainant] = await surveyMail(COMPLAINANT_EMAIL);
      const [toRespondent] = await surveyMail(RESPONDENT_EMAIL);
      expect(toComplainant).toMatchObject({ subject: `How did we handle ${reference}? Four questions` });
      expect(toComplainant!.text).toContain('Dear Ruth Example,');
      expect(toComplainant!.text).toContain('until 2026-04-30');
      expect(toRespondent!.text).toContain('Dear Councillor Fictional,');
      // Only hashes are kept, with the role and the quarter of closure: nothing names the case or the person.
      const invitations = await rows('survey_invitations');
      expect(invitations.map((row) => ({ role: row.role, closure_quarter: row.closure_quarter, answered: Number(row.answered) })).sort((a, b) => a.role.localeCompare(b.role))).toEqual([
        { role: 'complainant', closure_quarter: '2026-Q1', answered: 0 },
        { role: 'respondent', closure_quarter: '2026-Q1', answered: 0 },
      ]);
      expect(Object.keys(invitations[0]!).sort()).toEqual(['answered', 'closure_quarter', 'expires_at', 'role', 'token_hash']);
      expect(JSON.stringify(invitations)).not.toContain(tokenIn(toComplainant!));

      const token = tokenIn(toComplainant!);
      expect(await openSurvey({ ctx, token })).toEqual({ role: 'complainant' });
      // An incomplete answer is refused and uses nothing up.
      const incomplete = await refusal(() => answerSurvey({ ctx, token, answers: { scores: { fair: '4', informed: '9' }, comment: '' } }));
      expect(incomplete.code).toBe('validation_failed');
      expect(incomplete.issues.map((issue) => issue.field)).toEqual(['informed', 'timely', 'confidence']);
      expect(await rows('survey_responses')).toEqual([]);

      t.clock.set('2026-04-02T09:00:00Z');
      await answerSurvey({ ctx, token, answers: ANSWERS });
      const responses = await rows('survey_responses');
      expect(responses).toHaveLength(1);
      expect(responses[0]).toMatchObject({ role: 'complainant', closure_quarter: '2026-Q1', response_quarter: '2026-Q2', comment: ANSWERS.comment });
      expect(Object.keys(responses[0]!).sort()).toEqual(['closure_quarter', 'comment', 'confidence', 'fair', 'id', 'informed', 'response_quarter', 'role', 'timely']);

      // A second answer through the same link is refused, and writes nothing.
      const again = await refusal(() => answerSurvey({ ctx, token, answers: ANSWERS }));
      expect(again.code).toBe('conflict');
      expect((await refusal(() => openSurvey({ ctx, token }))).code).toBe('conflict');
      expect(await rows('survey_responses')).toHaveLength(1);
      // The respondent's own link is still open, and answers as the respondent.
      await answerSurvey({ ctx, token: tokenIn(toRespondent!), answers: ANSWERS });
      expect((await rows('survey_responses')).map((row) => row.role).sort()).toEqual(['complainant', 'respondent']);
      expect((await refusal(() => openSurvey({ ctx, token: 'not-a-token' }))).code).toBe('not_found');
    });

    it('refuses an expired link, writing nothing', async () => {
      await closeAtTriage();
      const token = tokenIn((await surveyMail(COMPLAINANT_EMAIL))[0]!);
      t.clock.advanceDays(59);
      expect(await openSurvey({ ctx, token })).toEqual({ role: 'complainant' });
      t.clock.advanceDays(1);
      const expired = await refusal(() => answerSurvey({ ctx, token, answers: ANSWERS }));
      expect(expired.code).toBe('not_found');
      expect(expired.message).toContain('expired');
      expect(await rows('survey_responses')).toEqual([]);
      expect((await rows('survey_invitations'))[0]!.answered).toBe(0);
    });

    it('invites no one without an address, and no one for a case merged into another', async () => {
      await closeAtTriage(complaintInput({ anonymous: true, complainant: undefined }));
      expect(await rows('survey_invitations')).toEqual([]);
      const main = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const duplicate = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await mergeCase({ ctx, staff: intake, caseId: duplicate.caseId, intoReference: main.reference });
      expect(await rows('survey_invitations')).toEqual([]);
      expect(await surveyMail(COMPLAINANT_EMAIL)).toEqual([]);
    });

    it('reports by quarter and role, suppressing a cell of 4 responses and showing one of 5, with the response rate', async () => {
      for (let index = 0; index < 6; index++) await closeAtTriage();
      const tokens = (await surveyMail(COMPLAINANT_EMAIL)).map(tokenIn);
      expect(tokens).toHaveLength(6);
      const scores = ['1', '2', '4', '5', '5'];
      for (const [index, score] of scores.slice(0, 4).entries()) {
        await answerSurvey({ ctx, token: tokens[index]!, answers: { scores: { fair: score, informed: score, timely: score, confidence: score }, comment: index === 0 ? 'A comment.' : '' } });
      }
      const four = await getConfidenceResults({ ctx, staff: overseer });
      expect(four.quarters).toEqual([{ quarter: '2026-Q1', cells: [{ role: 'complainant', suppressed: true }, { role: 'respondent', suppressed: true }] }]);
      expect(four.responseRates).toEqual([{ quarter: '2026-Q1', role: 'complainant', invited: 6, answered: 4, percent: 67 }]);

      await answerSurvey({ ctx, token: tokens[4]!, answers: { scores: { fair: '5', informed: '5', timely: '5', confidence: '5' }, comment: '' } });
      const five = await getConfidenceResults({ ctx, staff: overseer });
      expect(five.quarters[0]!.cells[0]).toMatchObject({
        role: 'complainant',
        suppressed: false,
        responses: 5,
        comments: ['A comment.'],
        questions: [
          { id: 'fair', mean: 3.4, agreeingPercent: 60 },
          { id: 'informed', mean: 3.4, agreeingPercent: 60 },
          { id: 'timely', mean: 3.4, agreeingPercent: 60 },
          { id: 'confidence', mean: 3.4, agreeingPercent: 60 },
        ],
      });
      expect(five.quarters[0]!.cells[1]).toEqual({ role: 'respondent', suppressed: true });
      expect(five.responseRates[0]).toMatchObject({ invited: 6, answered: 5, percent: 83 });
      // Only the desk reads the results.
      expect((await refusal(() => getConfidenceResults({ ctx, staff: manager }))).code).toBe('forbidden');
    });
  });
}
