import type { FastifyInstance, FastifyReply } from 'fastify';
import { h, type VNode } from 'preact';
import { isDomainError } from '../../domain/errors.js';
import type { ServiceContext } from '../../services/context.js';
import { readMessagesByReceipt, replyByReceipt } from '../../services/due-process/case-messages.js';
import { checkComplaintStatus, type ComplaintStatus } from '../../services/public/check-complaint-status.js';
import { HTTP_STATUS_OF } from '../error-map.js';
import { readForm, text } from '../form-body.js';
import { ReceiptMessages } from '../views/components/message-thread.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { StatusPage } from '../views/pages/public-pages.js';

/** The status page with the anonymous complainant's messages and the form to reply. */
export async function statusPageWithMessages(options: {
  ctx: ServiceContext;
  reply: FastifyReply;
  receiptCode: string;
  status: ComplaintStatus;
  form?: FormState;
  sent?: boolean;
}): Promise<VNode<any>> {
  const { ctx, reply } = options;
  const messages = await readMessagesByReceipt({ ctx, receiptCode: options.receiptCode });
  return h(
    StatusPage,
    { organisation: ctx.config.organisation.organisation.name, status: options.status },
    h(ReceiptMessages, { messages, receiptCode: options.receiptCode, csrfToken: reply.generateCsrf(), form: options.form ?? emptyForm(), sent: options.sent ?? false }),
  );
}

/**
 * The anonymous complainant's reply from the status page. The code comes
 * back in the form's body; the page is rendered in answer (a redirect would
 * need the code in the URL). A wrong code gets the status check's refusal.
 */
export function receiptMessageRoutes(
  app: FastifyInstance,
  options: {
    ctx: ServiceContext;
    rateLimit: { max: number; timeWindow: string };
    sendPage: (reply: FastifyReply, page: VNode<any>, status?: number) => Promise<void>;
    statusForm: (reply: FastifyReply, form: FormState, status?: number) => Promise<void>;
  },
): void {
  const { ctx } = options;
  const refusedCode = (reply: FastifyReply, error: unknown) => {
    if (!isDomainError(error)) throw error;
    const issues = error.issues.length > 0 ? error.issues : [{ field: 'receiptCode', message: error.message }];
    return options.statusForm(reply, { values: {}, issues, message: error.message }, HTTP_STATUS_OF[error.code]);
  };

  app.post('/status/message', { preHandler: app.csrfProtection, config: { rateLimit: options.rateLimit } }, async (request, reply) => {
    const { fields } = await readForm(request);
    const receiptCode = text(fields, 'receiptCode') ?? '';
    const body = text(fields, 'body') ?? '';
    let form: FormState | undefined;
    try {
      await replyByReceipt({ ctx, receiptCode, body });
    } catch (error) {
      if (!isDomainError(error) || !error.issues.some((issue) => issue.field === 'body')) return refusedCode(reply, error);
      form = { values: { body }, issues: error.issues, message: error.message };
    }
    try {
      const status = await checkComplaintStatus({ ctx, receiptCode });
      return options.sendPage(reply, await statusPageWithMessages({ ctx, reply, receiptCode, status, ...(form ? { form } : { sent: true }) }), form ? 400 : 200);
    } catch (error) {
      return refusedCode(reply, error);
    }
  });
}
