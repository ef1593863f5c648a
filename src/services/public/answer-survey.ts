import { DomainError } from '../../domain/errors.js';
import { checkSurveyAnswers, quarterOf, type SurveyRole } from '../../domain/oversight/confidence.js';
import { findSurveyInvitation, insertSurveyResponse, markSurveyAnswered, type SurveyInvitationRow } from '../../db/repositories/survey.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import { hashToken } from '../../infra/secrets.js';
import { nowIso, type ServiceContext } from '../context.js';
import { today } from '../cases/case-clock.js';

const UNKNOWN = 'This survey link is not known. Use the link in the e-mail we sent you.';

/** The invitation behind a survey link, refused when unknown, expired or already answered. */
async function liveInvitation(db: Executor, ctx: ServiceContext, token: string): Promise<SurveyInvitationRow> {
  const invitation = token.length > 200 ? undefined : await findSurveyInvitation(db, hashToken(token));
  if (!invitation) throw new DomainError('not_found', UNKNOWN);
  if (invitation.answered === 1) throw new DomainError('conflict', 'This survey has already been answered. Thank you.');
  if (invitation.expires_at <= nowIso(ctx)) throw new DomainError('not_found', 'This survey link has expired: a survey can be answered for 60 days after the case closes.');
  return invitation;
}

/** Opens a survey from its link, for the form: who it was sent to (complainant or respondent). */
export async function openSurvey(options: { ctx: ServiceContext; token: string }): Promise<{ role: SurveyRole }> {
  const invitation = await liveInvitation(options.ctx.db, options.ctx, options.token);
  return { role: invitation.role as SurveyRole };
}

/**
 * Records a survey answered through its link, once. The answers are stored
 * with the invitation's role, the quarter the case closed and the quarter of
 * the answer, and nothing else: no case, no invitation, no time of day, so
 * the overseer's results cannot lead back to a person.
 */
export async function answerSurvey(options: { ctx: ServiceContext; token: string; answers: { scores: Partial<Record<string, string>>; comment: string } }): Promise<void> {
  const { ctx } = options;
  await ctx.db.transaction().execute(async (trx) => {
    const invitation = await liveInvitation(trx, ctx, options.token);
    const { scores, comment, issues } = checkSurveyAnswers(options.answers);
    if (issues.length > 0) throw new DomainError('validation_failed', 'Answer each of the four statements.', issues);
    if (!(await markSurveyAnswered(trx, invitation.token_hash))) throw new DomainError('conflict', 'This survey has already been answered. Thank you.');
    await insertSurveyResponse(trx, {
      id: ctx.random.uuid(),
      role: invitation.role,
      closure_quarter: invitation.closure_quarter,
      response_quarter: quarterOf(today(ctx)),
      ...scores,
      comment,
    });
  });
}
