import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAFF_CHANNELS } from '../../domain/complaint/complaint.js';
import { CASE_ROLES } from '../../domain/access.js';
import { assertMayOpenCase } from '../../services/cases/assert-may-open-case.js';
import { assignCase } from '../../services/cases/assign-case.js';
import { withdrawComplaint } from '../../services/cases/withdraw-complaint.js';
import { decideAppeal, lodgeAppealOnBehalf } from '../../services/due-process/appeals.js';
import { drawPanel, recuseFromPanel } from '../../services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../services/due-process/decide-case.js';
import { postponeHearing, recordHearing, scheduleHearing } from '../../services/due-process/hearings.js';
import { issueNotice } from '../../services/due-process/issue-notice.js';
import { listCaseMessages, MESSAGE_RECIPIENTS, MESSAGE_VISIBILITIES, sendCaseMessage } from '../../services/due-process/case-messages.js';
import { imposeInterimMeasure, reviewInterimMeasure } from '../../services/due-process/interim-measures.js';
import { reviewDecision } from '../../services/due-process/review-decision.js';
import { canOpenCase } from '../../services/cases/can-open-case.js';
import { getCase } from '../../services/cases/get-case.js';
import { addCaseNote, submitInvestigationReport } from '../../services/cases/investigate.js';
import { linkCases, mergeCase } from '../../services/cases/link-cases.js';
import { listCases } from '../../services/cases/list-cases.js';
import { extendCaseDeadline, pauseCaseClock, resumeCaseClock } from '../../services/cases/manage-clock.js';
import { recordTriage } from '../../services/cases/record-triage.js';
import { startTriage } from '../../services/cases/start-triage.js';
import { ZTriageInput } from '../../services/cases/triage-input.js';
import { today } from '../../services/cases/case-clock.js';
import { ZComplaintInput } from '../../services/intake/complaint-input.js';
import { recordComplaint } from '../../services/intake/record-complaint.js';
import { submitComplaint } from '../../services/intake/submit-complaint.js';
import { checkComplaintStatus } from '../../services/public/check-complaint-status.js';
import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';
import { apiStaff, guardApiRoutes } from '../plugins/staff-auth.js';
import { ZCaseDetail, ZCaseMessages, ZCaseSummary, ZComplaintReceipt, ZProblem, presentCaseDetail, presentCaseMessages, presentCaseSummary, presentReceipt } from './presenters.js';

const secured = [{ bearer: [] as string[] }];
const ZCaseParams = z.object({ id: z.string().min(1).max(64) });
/**
 * The answer to a case action: the case as it now stands, or null when the
 * action handed it on to people the caller is not (for example triage opening
 * an investigation), so the caller may no longer read it.
 */
const ZDone = z.object({ case: ZCaseDetail.nullable() });
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 422: ZProblem };

/** The JSON API: the same use cases as the pages, with token authentication and schemas that make the OpenAPI document. */
export async function apiRoutes(parent: FastifyInstance, options: { ctx: ServiceContext; publicRateLimit: { max: number; timeWindow: string } }): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { ctx } = options;
  const staffOf = (request: FastifyRequest) => apiStaff(ctx, request);
  // Whether the caller may touch the case is settled before the body is read, like their role.
  guardApiRoutes(app, ctx, async (request, staff) => {
    const caseId = (request.params as { id?: unknown } | undefined)?.id;
    if (request.routeOptions.url?.startsWith('/api/v1/cases/:id') && typeof caseId === 'string') await assertMayOpenCase({ ctx, staff, caseId });
  });
  const detailOf = async (staff: Staff, caseId: string) => ({ case: presentCaseDetail(await getCase({ ctx, staff, caseId }), today(ctx)) });

  app.post(
    '/complaints',
    {
      config: { rateLimit: options.publicRateLimit },
      schema: { tags: ['intake'], summary: 'Make a complaint (public; anonymous complaints receive a receipt code)', body: ZComplaintInput, response: { 201: ZComplaintReceipt, 400: ZProblem } },
    },
    async (request, reply) => reply.status(201).send(presentReceipt(await submitComplaint({ ctx, complaint: request.body, files: [], channel: 'api' }))),
  );

  app.post(
    '/complaints/status',
    {
      config: { rateLimit: options.publicRateLimit },
      schema: {
        tags: ['intake'],
        summary: 'Check a complaint with its receipt code',
        body: z.object({ receiptCode: z.string().max(40) }),
        response: { 200: z.object({ reference: z.string(), stage: z.string(), stageDueOn: z.string().nullable(), overallDueOn: z.string(), outcome: z.string().nullable(), explanation: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const status = await checkComplaintStatus({ ctx, receiptCode: request.body.receiptCode });
      return { reference: status.reference, stage: status.stage.id, stageDueOn: status.stageDueOn, overallDueOn: status.overallDueOn, outcome: status.outcome?.outcome ?? null, explanation: status.outcome?.explanation ?? null };
    },
  );

  app.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'List the cases you may see',
        security: secured,
        querystring: z.object({
          q: z.string().max(200).optional(),
          stage: z.string().max(40).optional(),
          clause: z.string().max(120).optional(),
          assignee: z.string().max(64).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          page: z.coerce.number().int().min(1).max(100000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(ZCaseSummary), total: z.number(), page: z.number(), pageSize: z.number() }), ...errors },
      },
    },
    async (request) => {
      const staff = await staffOf(request);
      const query = request.query;
      const list = await listCases({
        ctx,
        staff,
        query: { search: query.q, stage: query.stage, clause: query.clause, assigneeId: query.assignee, overdue: query.overdue === 'true', page: query.page, pageSize: query.pageSize },
      });
      return { items: list.items.map((item) => presentCaseSummary(item, list.today)), total: list.total, page: list.page, pageSize: list.pageSize };
    },
  );

  app.post(
    '/cases',
    {
      config: { permission: 'cases.record' },
      schema: {
        tags: ['cases'],
        summary: 'Record a complaint received by phone, e-mail, letter or in person',
        security: secured,
        body: z.object({ channel: z.enum(STAFF_CHANNELS), receivedAt: z.iso.datetime({ offset: true }).optional(), complaint: ZComplaintInput }),
        response: { 201: ZComplaintReceipt, ...errors },
      },
    },
    async (request, reply) => {
      const staff = await staffOf(request);
      const body = request.body;
      const receipt = await recordComplaint({ ctx, staff, complaint: body.complaint, files: [], channel: body.channel, receivedAt: body.receivedAt ? new Date(body.receivedAt) : undefined });
      return reply.status(201).send(presentReceipt(receipt));
    },
  );

  app.get(
    '/cases/:id',
    { schema: { tags: ['cases'], summary: 'Open a case (the read is recorded)', security: secured, params: ZCaseParams, response: { 200: ZDone, ...errors } } },
    async (request) => detailOf(await staffOf(request), request.params.id),
  );

  /** One route per case action; each answers with the case as it now stands. */
  const action = <T extends z.ZodType>(path: string, summary: string, body: T, run: (staff: Staff, caseId: string, body: z.infer<T>) => Promise<void>) =>
    app.post(path, { schema: { tags: ['cases'], summary, security: secured, params: ZCaseParams, body, response: { 200: ZDone, ...errors } } }, async (request) => {
      const staff = await staffOf(request);
      const { id } = request.params as { id: string };
      await run(staff, id, request.body as z.infer<T>);
      return (await canOpenCase({ ctx, staff, caseId: id })) ? detailOf(staff, id) : { case: null };
    });

  const ZReason = z.object({ reason: z.string().max(4000) });
  action('/cases/:id/start-triage', 'Start triage', z.object({}).nullish(), (staff, caseId) => startTriage({ ctx, staff, caseId }));
  action('/cases/:id/triage', 'Record the triage checklist and its outcome', ZTriageInput, (staff, caseId, triage) => recordTriage({ ctx, staff, caseId, triage }));
  action('/cases/:id/assignments', 'Assign a case manager, investigator or independent reviewer', z.object({ userId: z.string().max(64), role: z.enum(CASE_ROLES) }), (staff, caseId, body) =>
    assignCase({ ctx, staff, caseId, ...body }),
  );
  action('/cases/:id/clock/pause', 'Pause the clock, with a reason', ZReason, (staff, caseId, body) => pauseCaseClock({ ctx, staff, caseId, reason: body.reason }));
  action('/cases/:id/clock/resume', 'Resume the clock, with a reason', ZReason, (staff, caseId, body) => resumeCaseClock({ ctx, staff, caseId, reason: body.reason }));
  action('/cases/:id/clock/extend', 'Extend the current stage (the reason is shown to the complainant)', ZReason.extend({ workingDays: z.number() }), (staff, caseId, body) =>
    extendCaseDeadline({ ctx, staff, caseId, reason: body.reason, workingDays: body.workingDays }),
  );
  action('/cases/:id/notes', 'Add a note', z.object({ text: z.string().max(20000) }), (staff, caseId, body) => addCaseNote({ ctx, staff, caseId, text: body.text }));
  action('/cases/:id/investigation-report', 'Submit the investigation report and refer for decision', z.object({ summary: z.string().max(20000), recommendation: z.string().max(4000) }), (staff, caseId, body) =>
    submitInvestigationReport({ ctx, staff, caseId, ...body }),
  );
  const text = (max: number) => z.string().max(max);
  action(
    '/cases/:id/notice',
    'Give the respondent written notice: particulars of each allegation, a disclosure decision for each item of evidence, the response deadline',
    z.object({
      respondent: z.object({ name: text(200), email: text(320).nullable(), membershipNumber: text(60).nullable(), unit: text(200).nullable(), affiliations: z.array(text(200)).max(20) }),
      coveringLetter: text(20000),
      particulars: z.record(z.string(), text(20000)),
      evidence: z.record(z.string(), z.object({ disclose: z.boolean(), redactionNote: text(2000).nullable(), withheldReason: text(4000).nullable() })),
      identityWithheldReason: text(4000).nullable(),
    }),
    async (staff, caseId, notice) => void (await issueNotice({ ctx, staff, caseId, notice })),
  );
  action('/cases/:id/panel', 'Draw the panel the stage needs, after conflict screening, from a recorded seed', z.object({}).nullish(), async (staff, caseId) => void (await drawPanel({ ctx, staff, caseId })));
  action('/cases/:id/panel/recusals', 'Record a recusal from the panel (a replacement is drawn)', z.object({ userId: text(64), reason: text(4000) }), async (staff, caseId, body) => void (await recuseFromPanel({ ctx, staff, caseId, ...body })));
  action('/cases/:id/hearing', 'Schedule the hearing, with at least the notice period', z.object({ date: text(10), time: text(5), location: text(500) }), async (staff, caseId, body) => void (await scheduleHearing({ ctx, staff, caseId, ...body })));
  action('/cases/:id/hearing/postponement', "Postpone the hearing once, when the respondent's companion cannot attend", z.object({ date: text(10), reason: text(4000) }), (staff, caseId, body) =>
    postponeHearing({ ctx, staff, caseId, ...body }),
  );
  action(
    '/cases/:id/hearing/record',
    'Record the hearing: attendance and notes (a panel member)',
    z.object({ attendance: z.array(z.object({ name: text(200), role: text(100), present: z.boolean() })).max(50), record: text(50000) }),
    (staff, caseId, body) => recordHearing({ ctx, staff, caseId, ...body }),
  );
  action(
    '/cases/:id/decision',
    "Record the panel's decision: a finding and reasons per allegation, written reasons, and a sanction from the catalogue",
    z.object({
      findings: z.array(z.object({ allegationId: text(64), finding: text(40), reasons: text(20000), examplesRelied: z.array(text(60)).max(20) })).max(50),
      reasons: text(20000),
      sanctionId: text(60),
      sanctionMonths: z.number().int().nullable(),
      justification: text(20000),
    }),
    async (staff, caseId, decision) => void (await recordPanelDecision({ ctx, staff, caseId, decision })),
  );
  action('/cases/:id/review', "The independent reviewer's verdict on the decision: confirm, or veto with reasons", z.object({ confirm: z.boolean(), reasons: text(20000) }), (staff, caseId, body) =>
    reviewDecision({ ctx, staff, caseId, ...body }),
  );
  action(
    '/cases/:id/appeals',
    'Record an appeal received by letter or e-mail, within the window',
    z.object({ appellant: z.enum(['respondent', 'complainant']), grounds: z.array(text(40)).max(10), statement: text(20000) }),
    async (staff, caseId, body) => void (await lodgeAppealOnBehalf({ ctx, staff, caseId, appellant: body.appellant, appeal: { grounds: body.grounds, statement: body.statement } })),
  );
  action(
    '/cases/:id/appeal-decision',
    "Record the appeal panel's decision",
    z.object({ outcome: text(40), reasons: text(20000), sanctionId: text(60).nullable(), sanctionMonths: z.number().int().nullable() }),
    (staff, caseId, decision) => decideAppeal({ ctx, staff, caseId, decision }),
  );
  action(
    '/cases/:id/interim-measures',
    'Impose an interim measure on the respondent: effects from the configured list, written reasons, and a length in weeks within the maximum',
    z.object({ effects: z.array(text(60)).max(20), weeks: z.number().int(), reasons: text(20000) }),
    async (staff, caseId, measure) => void (await imposeInterimMeasure({ ctx, staff, caseId, measure })),
  );
  action(
    '/cases/:id/interim-measures/review',
    'Review the interim measure in force: continue it (to a next review date, by default the configured interval) or lift it, with reasons',
    z.object({ outcome: text(20), reasons: text(20000), nextReviewOn: text(10).nullish() }),
    async (staff, caseId, review) => void (await reviewInterimMeasure({ ctx, staff, caseId, review })),
  );
  action('/cases/:id/withdraw', 'Record a withdrawal', z.object({ explanation: z.string().max(4000) }), (staff, caseId, body) => withdrawComplaint({ ctx, staff, caseId, explanation: body.explanation }));
  action('/cases/:id/links', 'Link a related case', z.object({ reference: z.string().max(40) }), (staff, caseId, body) => linkCases({ ctx, staff, caseId, otherReference: body.reference }));
  action('/cases/:id/merge', 'Merge this complaint into another case', z.object({ reference: z.string().max(40) }), (staff, caseId, body) => mergeCase({ ctx, staff, caseId, intoReference: body.reference }));
  action(
    '/cases/:id/messages',
    'Write a message: to the respondent or the complainant (who see it signed by your role), or to staff only',
    z.object({ recipient: z.enum(MESSAGE_RECIPIENTS), visibility: z.enum(MESSAGE_VISIBILITIES), body: text(20000) }),
    async (staff, caseId, message) => void (await sendCaseMessage({ ctx, staff, caseId, ...message })),
  );
  app.get(
    '/cases/:id/messages',
    { schema: { tags: ['cases'], summary: "Read a case's messages, staff-only notes included (the read is recorded)", security: secured, params: ZCaseParams, response: { 200: ZCaseMessages, ...errors } } },
    async (request) => presentCaseMessages(await listCaseMessages({ ctx, staff: await staffOf(request), caseId: request.params.id, recordRead: true })),
  );

  app.get(
    '/code-packs',
    {
      schema: {
        tags: ['codes'],
        summary: 'The codes of conduct in force, with every clause',
        response: { 200: z.array(z.object({ id: z.string(), version: z.string(), title: z.string(), guidance: z.string(), clauses: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), text: z.string() })) })) },
      },
    },
    async () => ctx.packs.inForce.map((pack) => ({ id: pack.id, version: pack.version, title: pack.title, guidance: pack.guidance, clauses: pack.clauses })),
  );
}
