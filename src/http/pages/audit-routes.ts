import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { ServiceContext } from '../../services/context.js';
import { answerAuditFinding } from '../../services/oversight/answer-audit-finding.js';
import { decideAuditAnswer } from '../../services/oversight/decide-audit-answer.js';
import { drawAuditSample } from '../../services/oversight/draw-audit-sample.js';
import { getAuditSample } from '../../services/oversight/get-audit-sample.js';
import { listAuditSamples } from '../../services/oversight/list-audit-samples.js';
import { listOpenAuditFindings } from '../../services/oversight/list-audit-findings.js';
import { raiseAuditFinding } from '../../services/oversight/raise-audit-finding.js';
import { recordAuditReview } from '../../services/oversight/record-audit-review.js';
import { readForm, text, type FormFields } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import type { ActionForm } from '../views/components/action-box.js';
import { AuditFindingsPage, AuditSamplePage, AuditSamplesPage } from '../views/pages/audit-pages.js';
import { deskRequest } from './desk.js';
import { refusal, sendPage } from './public-routes.js';
import { surveyRoutes } from './survey-routes.js';
import { viewerOf } from './viewer.js';

type SampleParams = { Params: { sampleId: string } };
type Page = (request: FastifyRequest, reply: FastifyReply, failed: ActionForm | null, status?: number) => Promise<void>;

/**
 * Audit sampling: the overseer's desk pages (draw a sample, review its cases,
 * raise findings and judge their answers) and the case managers' page where
 * findings are answered; and the confidence survey (survey-routes.ts).
 */
export function auditRoutes(app: FastifyInstance, options: { ctx: ServiceContext; publicRateLimit: { max: number; timeWindow: string } }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };

  /** Runs a form's use case, then on to the page it names; a refusal re-renders the form's page with its problems. */
  const handle =
    (page: Page, run: (request: FastifyRequest, fields: FormFields) => Promise<string>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { fields } = await readForm(request);
      try {
        return reply.redirect(await run(request, fields), 303);
      } catch (error) {
        const { _csrf: _token, ...values } = fields;
        const { status, form } = refusal(error, values);
        if (status === 403 || status === 404) throw error;
        return page(request, reply, { action: request.url, form }, status);
      }
    };

  const samplesPage: Page = async (request, reply, failed, status = 200) => {
    const { staff, props } = deskRequest(request, reply, organisation);
    return sendPage(reply, h(AuditSamplesPage, { ...props, samples: await listAuditSamples({ ctx, staff }), failed }), status);
  };

  const samplePage: Page = async (request, reply, failed, status = 200) => {
    const { staff, props } = deskRequest(request, reply, organisation);
    const { sampleId } = request.params as { sampleId: string };
    const reproduce = (request.query as { reproduce?: string } | undefined)?.reproduce === '1';
    return sendPage(reply, h(AuditSamplePage, { ...props, sample: await getAuditSample({ ctx, staff, sampleId }), reproduce, failed }), status);
  };

  const findingsPage: Page = async (request, reply, failed, status = 200) => {
    const staff = pageStaff(request);
    return sendPage(reply, h(AuditFindingsPage, { organisation, viewer: viewerOf(request, reply), findings: await listOpenAuditFindings({ ctx, staff }), failed }), status);
  };

  const sampleOf = (request: FastifyRequest) => (request.params as { sampleId: string }).sampleId;
  const backToSample = (request: FastifyRequest) => `/oversight/audits/${sampleOf(request)}`;

  app.get('/oversight/audits', guarded, async (request, reply) => samplesPage(request, reply, null));

  app.post(
    '/oversight/audits',
    guardedPost,
    handle(samplesPage, async (request, fields) => {
      const size = text(fields, 'size')?.trim() ?? '';
      const sample = await drawAuditSample({
        ctx,
        staff: pageStaff(request),
        size: /^\d+$/.test(size) ? Number(size) : Number.NaN,
        closedFrom: text(fields, 'closedFrom') ?? null,
        closedTo: text(fields, 'closedTo') ?? null,
        seed: text(fields, 'seed') ?? null,
      });
      return `/oversight/audits/${sample.sampleId}`;
    }),
  );

  app.get<SampleParams>('/oversight/audits/:sampleId', guarded, async (request, reply) => samplePage(request, reply, null));

  app.post<SampleParams & { Params: { caseId: string } }>(
    '/oversight/audits/:sampleId/cases/:caseId/review',
    guardedPost,
    handle(samplePage, async (request, fields) => {
      const { sampleId, caseId } = request.params as { sampleId: string; caseId: string };
      const answers = Object.fromEntries(ctx.config.organisation.oversight.auditChecklist.map((item) => [item.id, { result: text(fields, `result.${item.id}`) ?? '', note: text(fields, `note.${item.id}`) ?? '' }]));
      await recordAuditReview({ ctx, staff: pageStaff(request), sampleId, caseId, answers });
      return backToSample(request);
    }),
  );

  app.post<SampleParams>(
    '/oversight/audits/:sampleId/findings',
    guardedPost,
    handle(samplePage, async (request, fields) => {
      await raiseAuditFinding({
        ctx,
        staff: pageStaff(request),
        sampleId: sampleOf(request),
        finding: { caseId: text(fields, 'caseId') ?? null, severity: text(fields, 'severity') ?? '', text: text(fields, 'text') ?? '' },
      });
      return backToSample(request);
    }),
  );

  app.post<SampleParams & { Params: { findingId: string } }>(
    '/oversight/audits/:sampleId/findings/:findingId/verdict',
    guardedPost,
    handle(samplePage, async (request, fields) => {
      const { findingId } = request.params as { findingId: string };
      await decideAuditAnswer({ ctx, staff: pageStaff(request), findingId, verdict: text(fields, 'verdict') ?? '', reason: text(fields, 'reason') ?? '' });
      return backToSample(request);
    }),
  );

  app.get('/staff/audit-findings', guarded, async (request, reply) => findingsPage(request, reply, null));

  app.post<{ Params: { findingId: string } }>(
    '/staff/audit-findings/:findingId/answer',
    guardedPost,
    handle(findingsPage, async (request, fields) => {
      const { findingId } = request.params as { findingId: string };
      await answerAuditFinding({ ctx, staff: pageStaff(request), findingId, text: text(fields, 'text') ?? '', actionPromised: text(fields, 'actionPromised') ?? '' });
      return '/staff/audit-findings';
    }),
  );

  surveyRoutes(app, options);
}
