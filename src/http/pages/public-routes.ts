import type { FastifyInstance, FastifyReply } from 'fastify';
import { h, type VNode } from 'preact';
import { isDomainError } from '../../domain/errors.js';
import { formatByteLimit } from '../../domain/evidence/file-type.js';
import { ZComplaintInput } from '../../services/intake/complaint-input.js';
import { submitComplaint } from '../../services/intake/submit-complaint.js';
import { checkComplaintStatus } from '../../services/public/check-complaint-status.js';
import type { ServiceContext } from '../../services/context.js';
import { HTTP_STATUS_OF } from '../error-map.js';
import { readForm, text } from '../form-body.js';
import { renderDocument } from '../render.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { ComplaintFormPage, HomePage, ReceiptPage, StatusFormPage } from '../views/pages/public-pages.js';
import { complaintFromForm, issuesOf } from './complaint-form.js';
import { receiptMessageRoutes, statusPageWithMessages } from './receipt-messages.js';

export async function sendPage(reply: FastifyReply, page: VNode<any>, status = 200): Promise<void> {
  await reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(page, reply.server.displayTimeZone));
}

/** Re-renders a refused form with what was typed and what to fix; anything else is rethrown. */
export function refusal(error: unknown, values: Record<string, unknown>): { status: number; form: FormState } {
  if (!isDomainError(error)) throw error;
  return { status: HTTP_STATUS_OF[error.code], form: { values, issues: error.issues, message: error.message } };
}

export function publicRoutes(app: FastifyInstance, options: { ctx: ServiceContext; publicRateLimit: { max: number; timeWindow: string } }): void {
  const { ctx } = options;
  const org = ctx.config.organisation;
  const organisation = org.organisation.name;
  const rateLimit = { rateLimit: options.publicRateLimit };

  app.get('/', async (_request, reply) =>
    sendPage(
      reply,
      h(HomePage, {
        organisation,
        timetable: { received: org.timetable.stages.received, triage: org.timetable.stages.triage, investigation: org.timetable.stages.investigation, overallMonths: org.timetable.overallTargetMonths },
      }),
    ),
  );

  const complaintForm = (reply: FastifyReply, form: FormState, status = 200) =>
    sendPage(
      reply,
      h(ComplaintFormPage, {
        organisation,
        form,
        csrfToken: reply.generateCsrf(),
        clauses: ctx.packs.citable(),
        maxFileSize: formatByteLimit(org.uploads.maxFileBytes),
        maxFiles: org.uploads.maxFiles,
      }),
      status,
    );

  app.get('/complaints/new', async (_request, reply) => complaintForm(reply, emptyForm({ anonymous: 'no' })));

  app.post('/complaints', { preHandler: app.csrfProtection, config: rateLimit }, async (request, reply) => {
    const { fields, files } = await readForm(request);
    const parsed = ZComplaintInput.safeParse(complaintFromForm(fields));
    if (!parsed.success) return complaintForm(reply, { values: fields, issues: issuesOf(parsed.error) }, 400);
    try {
      const receipt = await submitComplaint({ ctx, complaint: parsed.data, files, channel: 'web' });
      return sendPage(reply, h(ReceiptPage, { organisation, receipt }), 201);
    } catch (error) {
      const { status, form } = refusal(error, fields);
      return complaintForm(reply, form, status);
    }
  });

  const statusForm = (reply: FastifyReply, form: FormState, status = 200) => sendPage(reply, h(StatusFormPage, { organisation, form, csrfToken: reply.generateCsrf() }), status);

  app.get('/status', async (_request, reply) => statusForm(reply, emptyForm()));

  app.post('/status', { preHandler: app.csrfProtection, config: rateLimit }, async (request, reply) => {
    const { fields } = await readForm(request);
    try {
      const receiptCode = text(fields, 'receiptCode') ?? '';
      const status = await checkComplaintStatus({ ctx, receiptCode });
      return sendPage(reply, await statusPageWithMessages({ ctx, reply, receiptCode, status }));
    } catch (error) {
      const { status, form } = refusal(error, { receiptCode: text(fields, 'receiptCode') });
      return statusForm(reply, form.issues.length > 0 ? form : { ...form, issues: [{ field: 'receiptCode', message: form.message ?? 'Check the code.' }] }, status);
    }
  });

  receiptMessageRoutes(app, { ctx, rateLimit: options.publicRateLimit, sendPage, statusForm });
}
