import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { isDomainError } from '../../domain/errors.js';
import { SURVEY_QUESTIONS, type SurveyRole } from '../../domain/oversight/confidence.js';
import type { ServiceContext } from '../../services/context.js';
import { getConfidenceResults } from '../../services/oversight/get-confidence-results.js';
import { answerSurvey, openSurvey } from '../../services/public/answer-survey.js';
import { HTTP_STATUS_OF } from '../error-map.js';
import { readForm, text } from '../form-body.js';
import { requirePageStaff } from '../plugins/staff-auth.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { ConfidencePage, SurveyMessagePage, SurveyPage } from '../views/pages/survey-pages.js';
import { deskRequest } from './desk.js';
import { refusal, sendPage } from './public-routes.js';

type SurveyParams = { Params: { token: string } };

/**
 * The confidence survey: the page a party reaches from the link e-mailed at
 * closure (public, rate-limited, answered once), and its results on the
 * overseer's desk.
 */
export function surveyRoutes(app: FastifyInstance, options: { ctx: ServiceContext; publicRateLimit: { max: number; timeWindow: string } }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const rateLimit = { rateLimit: options.publicRateLimit };

  // The token is in the address: keep it out of any Referer header the page could send.
  const surveyReply = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer');

  /** A link that cannot be used (unknown, expired, answered) is a page saying so, with its status. */
  const linkRefused = (reply: FastifyReply, error: unknown) => {
    if (!isDomainError(error)) throw error;
    const title = error.code === 'conflict' ? 'Already answered' : 'This link cannot be used';
    return sendPage(surveyReply(reply), h(SurveyMessagePage, { organisation, title, message: error.message }), HTTP_STATUS_OF[error.code]);
  };

  const surveyForm = (request: FastifyRequest<SurveyParams>, reply: FastifyReply, role: SurveyRole, form: FormState, status = 200) =>
    sendPage(surveyReply(reply), h(SurveyPage, { organisation, token: request.params.token, role, form, csrfToken: reply.generateCsrf() }), status);

  app.get<SurveyParams>('/survey/:token', { config: rateLimit }, async (request, reply) => {
    try {
      const { role } = await openSurvey({ ctx, token: request.params.token });
      return surveyForm(request, reply, role, emptyForm());
    } catch (error) {
      return linkRefused(reply, error);
    }
  });

  app.post<SurveyParams>('/survey/:token', { config: rateLimit, preHandler: app.csrfProtection }, async (request, reply) => {
    const { fields } = await readForm(request);
    const values = { ...Object.fromEntries(SURVEY_QUESTIONS.map((question) => [question.id, text(fields, question.id) ?? ''])), comment: text(fields, 'comment') ?? '' };
    try {
      await answerSurvey({ ctx, token: request.params.token, answers: { scores: values, comment: values.comment } });
      return sendPage(surveyReply(reply), h(SurveyMessagePage, { organisation, title: 'Thank you', message: 'Your answers have been recorded. Thank you for taking the time.' }));
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'validation_failed') return linkRefused(reply, error);
      const { role } = await openSurvey({ ctx, token: request.params.token });
      const { status, form } = refusal(error, values);
      return surveyForm(request, reply, role, form, status);
    }
  });

  app.get('/oversight/confidence', { preHandler: requirePageStaff }, async (request, reply) => {
    const { staff, props } = deskRequest(request, reply, organisation);
    return sendPage(reply, h(ConfidencePage, { ...props, results: await getConfidenceResults({ ctx, staff }) }));
  });
}
