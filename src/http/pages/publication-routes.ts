import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { ServiceContext } from '../../services/context.js';
import { approveDecisionSummary, type FlagAcceptance } from '../../services/publication/approve-decision-summary.js';
import { decisionFeed } from '../../services/publication/decision-feed.js';
import { editDecisionSummary } from '../../services/publication/edit-decision-summary.js';
import { getPublishedDecision } from '../../services/publication/get-published-decision.js';
import { getSummaryForEditor } from '../../services/publication/get-summary-for-editor.js';
import { listSummariesForEditor } from '../../services/publication/list-summaries-for-editor.js';
import { returnDecisionSummary } from '../../services/publication/return-decision-summary.js';
import { searchPublishedDecisions, type RegisterQuery } from '../../services/publication/search-published-decisions.js';
import { withdrawDecisionSummary } from '../../services/publication/withdraw-decision-summary.js';
import type { Staff } from '../../services/staff.js';
import { readForm, text, type FormFields } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import type { ActionForm } from '../views/components/action-box.js';
import { DecisionRegisterPage, PublishedDecisionPage } from '../views/pages/published-decisions-pages.js';
import { PublicationSummaryPage, PublicationsDeskPage } from '../views/pages/publication-pages.js';
import { refusal, sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';

/** The most flags an approval form carries; the check raises far fewer on any real summary. */
const MAX_FLAGS = 200;

/** The "not identifying" marks ticked on the approval form, each with its reason. */
function acceptancesOf(fields: FormFields): FlagAcceptance[] {
  const marks: FlagAcceptance[] = [];
  for (let index = 0; index < MAX_FLAGS; index += 1) {
    const key = text(fields, `flags.${index}`);
    if (key) marks.push({ key, reason: text(fields, `flags.${index}.reason`) ?? '' });
  }
  return marks;
}

type EditorAction = (options: { ctx: ServiceContext; staff: Staff; summaryId: string; fields: FormFields }) => Promise<string>;

/** Where each action leaves the editor: the desk with a notice named by a key (never text from the address), or the summary again. */
const AFTER: Record<string, (result: string) => string> = {
  approve: (number) => `/staff/publications?published=${encodeURIComponent(number)}`,
  return: () => '/staff/publications?done=returned',
  withdraw: () => '/staff/publications?done=withdrawn',
};

function noticeOf(query: { published?: string; done?: string }): string | null {
  if (query.published && /^\d{4}\/\d{1,6}$/.test(query.published)) return `Decision ${query.published} is published.`;
  if (query.done === 'returned') return 'The summary was returned to its drafter.';
  if (query.done === 'withdrawn') return 'The decision was withdrawn from the register.';
  return null;
}

/** Each form on an editor's summary page: what it calls, and what it answers with (a public number, or nothing). */
const EDITOR_ACTIONS = new Map<string, EditorAction>(
  Object.entries({
    edit: async (o) => {
      await editDecisionSummary({ ...o, texts: { facts: text(o.fields, 'facts') ?? '', reasons: text(o.fields, 'reasons') ?? '' } });
      return '';
    },
    approve: async (o) => (await approveDecisionSummary({ ...o, acceptances: acceptancesOf(o.fields) })).number,
    return: async (o) => {
      await returnDecisionSummary({ ...o, reason: text(o.fields, 'reason') ?? '' });
      return '';
    },
    withdraw: async (o) => {
      await withdrawDecisionSummary({ ...o, reason: text(o.fields, 'reason') ?? '' });
      return '';
    },
  } satisfies Record<string, EditorAction>),
);

/**
 * The publications editor's pages (the drafts waiting, one draft, and what
 * may be done with it) and the public register of decisions with its feed.
 */
export function publicationRoutes(app: FastifyInstance, options: { ctx: ServiceContext; publicRateLimit: { max: number; timeWindow: string } }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };
  const publicConfig = { config: { rateLimit: options.publicRateLimit } };

  app.get<{ Querystring: { published?: string; done?: string } }>('/staff/publications', guarded, async (request, reply) => {
    const desk = await listSummariesForEditor({ ctx, staff: pageStaff(request) });
    return sendPage(reply, h(PublicationsDeskPage, { organisation, viewer: viewerOf(request, reply), desk, notice: noticeOf(request.query) }));
  });

  const summaryPage = async (request: FastifyRequest, reply: FastifyReply, summaryId: string, failed: ActionForm | null, status = 200) =>
    sendPage(reply, h(PublicationSummaryPage, { organisation, viewer: viewerOf(request, reply), summary: await getSummaryForEditor({ ctx, staff: pageStaff(request), summaryId }), failed }), status);

  app.get<{ Params: { id: string } }>('/staff/publications/:id', guarded, async (request, reply) => summaryPage(request, reply, request.params.id, null));

  app.post<{ Params: { id: string; action: string } }>('/staff/publications/:id/:action', guardedPost, async (request, reply) => {
    const run = EDITOR_ACTIONS.get(request.params.action);
    const staff = pageStaff(request);
    const { fields } = await readForm(request);
    const summaryId = request.params.id;
    try {
      if (!run) {
        // Unknown actions are refused like the known ones, role first.
        await listSummariesForEditor({ ctx, staff });
        return reply.status(404).send();
      }
      const result = await run({ ctx, staff, summaryId, fields });
      const after = AFTER[request.params.action];
      return reply.redirect(after ? after(result) : `/staff/publications/${summaryId}`, 303);
    } catch (error) {
      const { _csrf: _token, ...values } = fields;
      const { status, form } = refusal(error, values);
      if (status === 403 || status === 404) throw error;
      return summaryPage(request, reply, summaryId, { action: request.params.action, form }, status);
    }
  });

  app.get<{ Querystring: Record<string, unknown> }>('/decisions', publicConfig, async (request, reply) => {
    // A repeated parameter arrives as a list: only a single value is a search.
    const one = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const query: RegisterQuery = { clause: one(request.query.clause), sanction: one(request.query.sanction), page: one(request.query.page) };
    return sendPage(reply, h(DecisionRegisterPage, { organisation, register: await searchPublishedDecisions({ ctx, query }) }));
  });

  app.get('/decisions/feed.atom', publicConfig, async (_request, reply) =>
    reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(await decisionFeed({ ctx })),
  );

  app.get<{ Params: { number: string } }>('/decisions/:number', publicConfig, async (request, reply) =>
    sendPage(reply, h(PublishedDecisionPage, { organisation, decision: await getPublishedDecision({ ctx, slug: request.params.number }) })),
  );
}
