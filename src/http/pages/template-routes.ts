import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { TemplateText } from '../../domain/mail/mail-templates.js';
import type { ServiceContext } from '../../services/context.js';
import { getMailTemplate, listMailTemplates, previewMailTemplate, resetMailTemplate, saveMailTemplate } from '../../services/mail/manage-mail-templates.js';
import { readForm, text } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { TemplateListPage, TemplatePage, type TemplatePageProps } from '../views/pages/template-pages.js';
import { refusal, sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';

/** The organisation's wording of its e-mails: a list, and one page per template to edit, preview and reset it. */
export function templateRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };

  const templatePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    shown: { form?: FormState; preview?: TemplateText; notice?: TemplatePageProps['notice'] } = {},
    status = 200,
  ) => {
    const template = await getMailTemplate({ ctx, staff: pageStaff(request), id });
    return sendPage(
      reply,
      h(TemplatePage, {
        organisation,
        viewer: viewerOf(request, reply),
        template,
        form: shown.form ?? emptyForm({ ...template.current }),
        preview: shown.preview ? { text: shown.preview, draft: true } : { text: template.preview, draft: false },
        notice: shown.notice ?? null,
      }),
      status,
    );
  };

  app.get('/staff/templates', guarded, async (request, reply) =>
    sendPage(reply, h(TemplateListPage, { organisation, viewer: viewerOf(request, reply), templates: await listMailTemplates({ ctx, staff: pageStaff(request) }) })),
  );

  app.get<{ Params: { id: string }; Querystring: { notice?: string } }>('/staff/templates/:id', guarded, async (request, reply) => {
    const notice = request.query.notice === 'saved' || request.query.notice === 'reset' ? request.query.notice : null;
    return templatePage(request, reply, request.params.id, { notice });
  });

  // One form, two buttons: Preview checks and renders the draft without saving; Save keeps it.
  app.post<{ Params: { id: string } }>('/staff/templates/:id', guardedPost, async (request, reply) => {
    const { id } = request.params;
    const { fields } = await readForm(request);
    const draft = { subject: text(fields, 'subject') ?? '', body: text(fields, 'body') ?? '' };
    const staff = pageStaff(request);
    try {
      if (text(fields, 'action') === 'preview') {
        const preview = await previewMailTemplate({ ctx, staff, id, text: draft });
        return await templatePage(request, reply, id, { form: emptyForm(draft), preview });
      }
      await saveMailTemplate({ ctx, staff, id, text: draft });
      return reply.redirect(`/staff/templates/${id}?notice=saved`, 303);
    } catch (error) {
      const { status, form } = refusal(error, draft);
      if (status === 403 || status === 404) throw error;
      return templatePage(request, reply, id, { form }, status);
    }
  });

  app.post<{ Params: { id: string } }>('/staff/templates/:id/reset', guardedPost, async (request, reply) => {
    const { id } = request.params;
    await resetMailTemplate({ ctx, staff: pageStaff(request), id });
    return reply.redirect(`/staff/templates/${id}?notice=reset`, 303);
  });
}
