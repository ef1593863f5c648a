import { compareLocalDates } from '../../domain/calendar/local-date.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { insertEvidence } from '../../db/repositories/evidence.repository.js';
import { findNotice, listNoticeAllegations, recordAllegationResponse, updateNotice } from '../../db/repositories/notice.repository.js';
import type { ServiceContext } from '../context.js';
import { today } from '../cases/case-clock.js';
import type { EvidenceUpload } from '../intake/complaint-input.js';
import { checkUploads, storeUploads } from '../intake/evidence-uploads.js';
import { changeCaseAsParty } from './party-access.js';

export type NoticeAnswer = { answers: Record<string, string>; generalResponse: string; hearingRequested: boolean };

const MAX_ANSWER = 20_000;

/**
 * The respondent's answer to the notice, through their portal: a response to
 * each allegation (any may be left blank), a general statement, their own
 * evidence, and whether they want a hearing. Answered once, by the deadline.
 */
export async function respondToNotice(options: { ctx: ServiceContext; token: string; answer: NoticeAnswer; files: EvidenceUpload[] }): Promise<void> {
  const { ctx, answer } = options;
  const uploads = checkUploads(ctx, options.files);
  return changeCaseAsParty({
    ctx,
    token: options.token,
    change: async (change, party) => {
      if (party.role !== 'respondent') throw new DomainError('forbidden', 'Only the respondent answers the notice.');
      const notice = await findNotice(change.trx, change.caseRow.id);
      if (!notice || notice.party_id !== party.id) throw new DomainError('not_found', 'There is no notice to answer.');
      if (notice.responded_at !== null) throw new DomainError('conflict', 'You have already answered the notice. Send anything further to the complaints team.');
      if (compareLocalDates(today(ctx), notice.response_due_on) > 0) {
        throw new DomainError('rule_violated', `The deadline to answer the notice was ${notice.response_due_on}. Ask the complaints team if you need more time.`);
      }
      const allegations = await listNoticeAllegations(change.trx, notice.id);
      const issues: FieldIssue[] = [];
      for (const key of Object.keys(answer.answers)) {
        if (!allegations.some((allegation) => allegation.allegation_id === key)) issues.push({ field: `answers.${key}`, message: 'That allegation is not part of the notice.' });
      }
      const texts = allegations.map((allegation) => ({ allegation, text: answer.answers[allegation.allegation_id]?.trim() ?? '' }));
      const general = answer.generalResponse.trim();
      for (const { allegation, text } of texts) {
        if (text.length > MAX_ANSWER) issues.push({ field: `answers.${allegation.allegation_id}`, message: `Keep each answer under ${MAX_ANSWER} characters; attach a document for more.` });
      }
      if (general.length > MAX_ANSWER) issues.push({ field: 'generalResponse', message: `Keep the statement under ${MAX_ANSWER} characters; attach a document for more.` });
      if (texts.every(({ text }) => text === '') && general === '' && uploads.length === 0) {
        issues.push({ field: 'generalResponse', message: 'Write a response to at least one allegation, a general statement, or attach a document.' });
      }
      assertNoIssues(issues, 'Your response needs correcting.');

      const now = ctx.clock.now().toISOString();
      for (const { allegation, text } of texts) {
        if (text !== '') await recordAllegationResponse(change.trx, notice.id, allegation.allegation_id, text);
      }
      const evidence = await storeUploads(ctx, { caseId: change.caseRow.id, uploads, submittedBy: 'respondent', at: now });
      await insertEvidence(change.trx, evidence);
      await updateNotice(change.trx, notice.id, { responded_at: now, general_response: general || null, hearing_requested: answer.hearingRequested ? 1 : 0 });
      for (const row of evidence) change.record({ type: 'evidence_added', evidenceId: row.id, kind: 'file', sha256: row.sha256, filename: row.filename, url: null });
      change.record({
        type: 'notice_answered',
        noticeId: notice.id,
        answeredAllegationIds: texts.filter(({ text }) => text !== '').map(({ allegation }) => allegation.allegation_id),
        hearingRequested: answer.hearingRequested,
        evidenceIds: evidence.map((row) => row.id),
      });
    },
  });
}
