import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { ServiceContext } from '../../services/context.js';
import { assertPermission } from '../../services/cases/case-access.js';
import { addStakeholder } from '../../services/commitments/add-stakeholder.js';
import { buildCommitmentsFeed } from '../../services/commitments/build-commitments-feed.js';
import { changeCommitmentStatus } from '../../services/commitments/change-commitment-status.js';
import { getCommitmentHistory } from '../../services/commitments/get-commitment-history.js';
import { getCommitmentsDesk } from '../../services/commitments/get-commitments-desk.js';
import { getScorecard } from '../../services/commitments/get-scorecard.js';
import { makeCommitment } from '../../services/commitments/make-commitment.js';
import { raiseDemand } from '../../services/commitments/raise-demand.js';
import { rateCommitment } from '../../services/commitments/rate-commitment.js';
import { recordDelivery } from '../../services/commitments/record-delivery.js';
import { recordMeeting } from '../../services/commitments/record-meeting.js';
import { recordResponse } from '../../services/commitments/record-response.js';
import type { Staff } from '../../services/staff.js';
import { list, readForm, text, type FormFields } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import type { FormState } from '../views/components/forms.js';
import { CommitmentHistoryPage, CommitmentsDeskPage, RateCommitmentPage, ScorecardPage, type FailedForm } from '../views/pages/commitments-pages.js';
import { refusal, sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';

const blank = (value: string | undefined) => (value?.trim() ? value : undefined);

/** Numbered rows of a form (actions.0.owner, ...), leaving out rows left wholly blank. */
function rowsOf(fields: FormFields, prefix: string, names: string[], count: number): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (let index = 0; index < count; index++) {
    const row = Object.fromEntries(names.map((name) => [name, text(fields, `${prefix}.${index}.${name}`) ?? '']));
    if (Object.values(row).some((value) => value.trim() !== '')) rows.push(row);
  }
  return rows;
}

/** Each management form: its id on the page, its URL, and its use case from the form's fields. */
const MANAGEMENT_FORMS: { id: string; path: string; run: (options: { ctx: ServiceContext; staff: Staff; fields: FormFields }) => Promise<unknown> }[] = [
  { id: 'stakeholder', path: 'stakeholders', run: ({ ctx, staff, fields }) => addStakeholder({ ctx, staff, input: { name: text(fields, 'name') ?? '', description: text(fields, 'description') } }) },
  {
    id: 'meeting',
    path: 'meetings',
    run: ({ ctx, staff, fields }) =>
      recordMeeting({
        ctx,
        staff,
        input: { heldOn: text(fields, 'heldOn') ?? '', title: text(fields, 'title') ?? '', minutes: text(fields, 'minutes') ?? '', stakeholderIds: list(fields, 'stakeholderIds'), otherAttendees: text(fields, 'otherAttendees') },
      }),
  },
  {
    id: 'demand',
    path: 'demands',
    run: ({ ctx, staff, fields }) =>
      raiseDemand({ ctx, staff, input: { meetingId: text(fields, 'meetingId') ?? '', raisedBy: text(fields, 'raisedBy') ?? '', title: text(fields, 'title') ?? '', text: text(fields, 'text') ?? '' } }),
  },
  {
    id: 'response',
    path: 'responses',
    run: ({ ctx, staff, fields }) => recordResponse({ ctx, staff, input: { demandId: text(fields, 'demandId') ?? '', stance: text(fields, 'stance') ?? '', statement: text(fields, 'statement') } }),
  },
  {
    id: 'commitment',
    path: 'commitments',
    run: ({ ctx, staff, fields }) =>
      makeCommitment({
        ctx,
        staff,
        input: {
          demandId: text(fields, 'demandId') ?? '',
          title: text(fields, 'title') ?? '',
          description: text(fields, 'description') ?? '',
          measureKind: text(fields, 'measureKind') ?? '',
          measureParameter: blank(text(fields, 'measureParameter')),
          measureTarget: blank(text(fields, 'measureTarget')),
          actions: rowsOf(fields, 'actions', ['deliverable', 'owner', 'dueOn'], 3),
        },
      }),
  },
  {
    id: 'delivery',
    path: 'deliveries',
    run: ({ ctx, staff, fields }) =>
      recordDelivery({
        ctx,
        staff,
        input: { actionId: text(fields, 'actionId') ?? '', deliveredOn: text(fields, 'deliveredOn') ?? '', note: text(fields, 'note') ?? '', evidence: rowsOf(fields, 'evidence', ['url', 'title'], 2) },
      }),
  },
  {
    id: 'status',
    path: 'status',
    run: ({ ctx, staff, fields }) => changeCommitmentStatus({ ctx, staff, input: { commitmentId: text(fields, 'commitmentId') ?? '', status: text(fields, 'status') ?? '', reason: text(fields, 'reason') ?? '' } }),
  },
];

/**
 * The commitments tracker: the public scorecard, a commitment's history and
 * the feed (open to all); leadership's forms and the overseer's rating.
 */
export function commitmentsRoutes(app: FastifyInstance, options: { ctx: ServiceContext; publicRateLimit: { max: number; timeWindow: string } }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };
  const rateLimited = { config: { rateLimit: options.publicRateLimit } };

  app.get('/commitments', rateLimited, async (_request, reply) => {
    const scorecard = await getScorecard({ ctx });
    return sendPage(reply, h(ScorecardPage, { organisation, meetings: scorecard.meetings, demands: scorecard.demands }));
  });
  app.get('/commitments/feed.atom', rateLimited, async (_request, reply) =>
    reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-store').send(await buildCommitmentsFeed({ ctx })),
  );
  app.get<{ Params: { id: string } }>('/commitments/:id', rateLimited, async (request, reply) => {
    const found = await getCommitmentHistory({ ctx, commitmentId: request.params.id });
    return sendPage(reply, h(CommitmentHistoryPage, { organisation, ...found }));
  });

  const deskPage = async (request: FastifyRequest, reply: FastifyReply, failed: FailedForm | null, status = 200) =>
    sendPage(reply, h(CommitmentsDeskPage, { organisation, viewer: viewerOf(request, reply), desk: await getCommitmentsDesk({ ctx, staff: pageStaff(request) }), failed }), status);

  app.get('/staff/commitments', guarded, async (request, reply) => deskPage(request, reply, null));
  for (const form of MANAGEMENT_FORMS) {
    app.post(`/staff/commitments/${form.path}`, guardedPost, async (request, reply) => {
      const { fields } = await readForm(request);
      try {
        await form.run({ ctx, staff: pageStaff(request), fields });
        return reply.redirect(`/staff/commitments#${form.id}`, 303);
      } catch (error) {
        const { _csrf: _token, ...values } = fields;
        const refused = refusal(error, values);
        if (refused.status === 403 || refused.status === 404) throw error;
        return deskPage(request, reply, { id: form.id, form: refused.form }, refused.status);
      }
    });
  }

  const ratePage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, failed: FormState | null, status = 200) => {
    assertPermission(pageStaff(request), 'commitments.rate', 'rate commitments');
    const found = await getCommitmentHistory({ ctx, commitmentId: request.params.id });
    const rated = (request.query as { rated?: string }).rated === '1';
    return sendPage(reply, h(RateCommitmentPage, { organisation, viewer: viewerOf(request, reply), ...found, failed, rated }), status);
  };
  app.get<{ Params: { id: string } }>('/staff/commitments/:id/rate', guarded, async (request, reply) => ratePage(request, reply, null));
  app.post<{ Params: { id: string } }>('/staff/commitments/:id/rate', guardedPost, async (request, reply) => {
    const { fields } = await readForm(request);
    const values = { rating: text(fields, 'rating') ?? '', reasons: text(fields, 'reasons') ?? '' };
    try {
      await rateCommitment({ ctx, staff: pageStaff(request), commitmentId: request.params.id, input: values });
      return reply.redirect(`/staff/commitments/${request.params.id}/rate?rated=1`, 303);
    } catch (error) {
      const refused = refusal(error, values);
      if (refused.status === 403 || refused.status === 404) throw error;
      return ratePage(request, reply, refused.form, refused.status);
    }
  });
}
