import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { ServiceContext } from '../../services/context.js';
import type { SubjectAccessExport } from '../../services/data-protection/collect-subject-data.js';
import { exportSubjectData, previewSubjectData } from '../../services/data-protection/export-subject-data.js';
import { listSubjectAccessExports } from '../../services/data-protection/list-subject-access-exports.js';
import { readForm, text, type FormFields } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { SUBJECT_ACCESS_PATH, SubjectAccessPage } from '../views/pages/subject-access-page.js';
import { sendAttachment } from './attachment.js';
import { refusal, sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';

/**
 * Subject access requests, for the data protection officer: search for a
 * person (a preview, recorded nowhere), then download the export as PDF or
 * JSON (each download is an export, recorded). Every route needs
 * `data_protection.manage`, checked by the use cases.
 */
export function subjectAccessRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };

  const page = async (request: FastifyRequest, reply: FastifyReply, form: FormState, preview: SubjectAccessExport | null, status = 200) => {
    const exports = await listSubjectAccessExports({ ctx, staff: pageStaff(request) });
    return sendPage(reply, h(SubjectAccessPage, { organisation, viewer: viewerOf(request, reply), form, preview, exports }), status);
  };

  const queryOf = (fields: FormFields) => ({ email: text(fields, 'email') ?? '', membershipNumber: text(fields, 'membershipNumber') ?? '', name: text(fields, 'name') ?? '' });

  /** A refused search or export: the page again with what was typed and what to fix; a refusal of the person is an error page. */
  const refused = (request: FastifyRequest, reply: FastifyReply, error: unknown, query: Record<string, string>) => {
    const { status, form } = refusal(error, query);
    if (status === 403 || status === 404) throw error;
    return page(request, reply, form, null, status);
  };

  app.get(SUBJECT_ACCESS_PATH, { preHandler: requirePageStaff }, async (request, reply) => page(request, reply, emptyForm(), null));

  app.post(SUBJECT_ACCESS_PATH, guardedPost, async (request, reply) => {
    const query = queryOf((await readForm(request)).fields);
    try {
      const preview = await previewSubjectData({ ctx, staff: pageStaff(request), query });
      return await page(request, reply, emptyForm(query), preview);
    } catch (error) {
      return refused(request, reply, error, query);
    }
  });

  for (const format of ['json', 'pdf'] as const) {
    app.post(`${SUBJECT_ACCESS_PATH}/export.${format}`, guardedPost, async (request, reply) => {
      const query = queryOf((await readForm(request)).fields);
      try {
        const { file } = await exportSubjectData({ ctx, staff: pageStaff(request), query, format });
        return await sendAttachment(reply, file);
      } catch (error) {
        return refused(request, reply, error, query);
      }
    });
  }
}
