import { addCalendarDays } from '../../domain/calendar/local-date.js';
import { SURVEY_VALID_DAYS, quarterOf, type SurveyRole } from '../../domain/oversight/confidence.js';
import { listParties } from '../../db/repositories/case-party.repository.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import { insertSurveyInvitation } from '../../db/repositories/survey.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import { randomToken } from '../../infra/random.js';
import { hashToken } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { localDateOf } from '../cases/case-clock.js';
import { queueMail } from '../mail/compose-mail.js';

/**
 * Invites the parties of a case that has just closed to the confidence
 * survey, in the closing transaction: the complainant when an e-mail address
 * is known, and the respondent when a respondent party has one. Each gets a
 * random link, of which only the hash is kept, with the role and the quarter
 * of closure, and nothing that leads back to the case or the person. A case
 * merged into another is not surveyed: its complaint goes on there.
 * Returns whether any mail was queued.
 */
export async function inviteToSurvey(trx: Executor, ctx: Pick<ServiceContext, 'clock' | 'random' | 'config'>, closure: { caseId: string; closedAt: string; outcome: string }): Promise<boolean> {
  if (closure.outcome === 'merged') return false;
  const caseRow = await findCaseById(trx, closure.caseId);
  if (!caseRow) return false;
  const respondent = (await listParties(trx, caseRow.id)).find((party) => party.role === 'respondent' && party.email);
  const recipients: { role: SurveyRole; email: string; name: string | null }[] = [];
  if (caseRow.complainant_email) recipients.push({ role: 'complainant', email: caseRow.complainant_email, name: caseRow.complainant_name });
  if (respondent?.email) recipients.push({ role: 'respondent', email: respondent.email, name: respondent.name });
  const closedOn = localDateOf(ctx, closure.closedAt);
  const expiresAt = new Date(new Date(closure.closedAt).getTime() + SURVEY_VALID_DAYS * 86_400_000).toISOString();
  for (const recipient of recipients) {
    const token = randomToken(ctx.random);
    await insertSurveyInvitation(trx, { token_hash: hashToken(token), role: recipient.role, closure_quarter: quarterOf(closedOn), expires_at: expiresAt, answered: 0 });
    await queueMail(trx, ctx, {
      template: 'confidence_survey',
      to: recipient.email,
      at: closure.closedAt,
      values: { name: recipient.name, reference: caseRow.reference, surveyLink: `${ctx.config.publicUrl}/survey/${token}`, expiresOn: addCalendarDays(closedOn, SURVEY_VALID_DAYS - 1) },
    });
  }
  return recipients.length > 0;
}
