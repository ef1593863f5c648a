import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { formatByteLimit } from '../../domain/evidence/file-type.js';
import type { ServiceContext } from '../../services/context.js';
import { assertPermission } from '../../services/cases/case-access.js';
import { addStakeholder } from '../../services/commitments/add-stakeholder.js';
import { buildCommitmentsFeed } from '../../services/commitments/build-commitments-feed.js';
import { changeCommitmentStatus } from '../../services/commitments/change-commitment-status.js';
import { getCommitmentDocument } from '../../services/commitments/get-commitment-document.js';
import { getCommitmentHistory } from '../../services/commitments/get-commitment-history.js';
import { getCommitmentsDesk } from '../../services/commitments/get-commitments-desk.js';
import { getScorecard } from '../../services/commitments/get-scorecard.js';
import { makeCommitment } from '../../services/commitments/make-commitment.js';
import { raiseDemand } from '../../services/commitments/raise-demand.js';
import { rateCommitment } from '../../services/commitments/rate-commitment.js';
import { recordDelivery, type DeliveryDocument } from '../../services/commitments/record-delivery.js';
import { recordMeeting } from '../../services/commitments/record-meeting.js';
import { recordResponse } from '../../services/commitments/record-response.js';
import type { EvidenceUpload } from '../../services/intake/complaint-input.js';
import type { Staff } from '../../services/staff.js';
import { list, readForm, text, type FormFields } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import type { FormState } from '../views/components/forms.js';
import { CommitmentHistoryPage, CommitmentsDeskPage, RateCommitmentPage, ScorecardPage, type FailedForm } from '../views/pages/commitments-pages.js';
import { sendAttachment } from './attachment.js';
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

/**
 * The delivery form's documents: numbered rows of a file and a title
 * (documents.0.file, documents.0.title, ...). A row with a title and no file
 * is passed on as an empty file, for the use case to refuse by name; a file
 * sent under any other field name keeps its file name as its title.
 */
function documentsOf(fields: FormFields, files: EvidenceUpload[], rows: number): DeliveryDocument[] {
  const documents: DeliveryDocument[] = [];
  const taken = new Set<EvidenceUpload>();
  for (let index = 0; index < rows; index++) {
    const field = `documents.${index}.file`;
    const titleField = `documents.${index}.title`;
    const title = blank(text(fields, titleField));
    const file = files.find((candidate) => candidate.field === field);
    if (file) taken.add(file);
    if (file || title) documents.push({ filename: file?.filename ?? '', bytes: file?.bytes ?? new Uint8Array(0), field, title, titleField });
  }
  for (const file of files) if (!taken.has(file)) documents.push({ ...file, field: 'documents' });
  return documents;
}

/** Each management form: its id on the page, its URL, and its use case from the form's fields (and files). */
const MANAGEMENT_FORMS: { id: string; path: string; run: (options: { ctx: ServiceContext; staff: Staff; fields: FormFields; files: EvidenceUpload[] }) => Promise<unknown> }[] = [
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
    run: ({ ctx, staff, fields, files }) =>
      recordDelivery({
        ctx,
        staff,
        input: { actionId: text(fields, 'actionId') ?? '', deliveredOn: text(fields, 'deliveredOn') ?? '', note: text(fields, 'note') ?? '', evidence: rowsOf(fields, 'evidence', ['url', 'title'], 2) },
        documents: documentsOf(fields, files, ctx.config.organisation.uploads.maxFiles),
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
  const uploads = { maxFiles: ctx.config.organisation.uploads.maxFiles, maxFileSize: formatByteLimit(ctx.config.organisation.uploads.maxFileBytes) };

  app.get('/commitments', rateLimited, async (_request, reply) => {
    const scorecard = await getScorecard({ ctx });
    return sendPage(reply, h(ScorecardPage, { organisation, meetings: scorecard.meetings, demands: scorecard.demands }));
  });
  app.get('/commitments/feed.atom', rateLimited, async (_request, reply) =>
    reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-store').send(await buildCommitmentsFeed({ ctx })),
  );
  // A document published as evidence of a delivery, as a download (the scorecard gives its size and SHA-256 to check it by).
  app.get<{ Params: { id: string } }>('/commitments/documents/:id', rateLimited, async (request, reply) =>
    sendAttachment(reply, await getCommitmentDocument({ ctx, documentId: request.params.id })),
  );
  app.get<{ Params: { id: string } }>('/commitments/:id', rateLimited, async (request, reply) => {
    const found = await getCommitmentHistory({ ctx, commitmentId: request.params.id });
    return sendPage(reply, h(CommitmentHistoryPage, { organisation, ...found }));
  });

  const deskPage = async (request: FastifyRequest, reply: FastifyReply, failed: FailedForm | null, status = 200) =>
    sendPage(reply, h(CommitmentsDeskPage, { organisation, viewer: viewerOf(request, reply), desk: await getCommitmentsDesk({ ctx, staff: pageStaff(request) }), failed, uploads }), status);

  app.get('/staff/commitments', guarded, async (request, reply) => deskPage(request, reply, null));
  for (const form of MANAGEMENT_FORMS) {
    app.post(`/staff/commitments/${form.path}`, guardedPost, async (request, reply) => {
      const { fields, files } = await readForm(request);
      try {
        await form.run({ ctx, staff: pageStaff(request), fields, files });
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
