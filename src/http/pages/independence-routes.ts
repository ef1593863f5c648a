import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { hasPermission } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceContext } from '../../services/context.js';
import { openEmergencyAccess } from '../../services/oversight/emergency-access.js';
import { recordOutsideContact } from '../../services/oversight/record-outside-contact.js';
import { readForm, text } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { EmergencyAccessPage, RecordContactPage } from '../views/pages/independence-pages.js';
import { StatisticsPage } from '../views/pages/statistics-page.js';
import { getAggregateStatistics } from '../../services/oversight/get-aggregate-statistics.js';
import { refusal, sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';

const CONTACT_FIELDS = ['reference', 'contactName', 'contactedName', 'contactOffice', 'occurredAt', 'channel', 'content', 'reachedDecisionMaker'] as const;

/** The interference register's form (staff and leadership), leadership's statistics, and emergency access to a case (case managers). */
export function independenceRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };

  const contactPage = (request: FastifyRequest, reply: FastifyReply, form: FormState, recordedNumber: number | null, status = 200) => {
    const staff = pageStaff(request);
    const source = hasPermission(staff.roles, 'contacts.record') ? 'received' : hasPermission(staff.roles, 'contacts.declare_own') ? 'declared' : null;
    if (!source) throw new DomainError('forbidden', 'Your role does not allow you to record contacts about cases.');
    return sendPage(reply, h(RecordContactPage, { organisation, viewer: viewerOf(request, reply), form, source, recordedNumber }), status);
  };
  app.get<{ Querystring: { reference?: string } }>('/staff/contacts/new', guarded, async (request, reply) => contactPage(request, reply, emptyForm({ reference: request.query.reference ?? '' }), null));
  app.post('/staff/contacts/new', guardedPost, async (request, reply) => {
    const { fields } = await readForm(request);
    const input = Object.fromEntries(CONTACT_FIELDS.map((name) => [name, text(fields, name) ?? '']));
    try {
      const { number } = await recordOutsideContact({ ctx, staff: pageStaff(request), input });
      return contactPage(request, reply, emptyForm(), number, 201);
    } catch (error) {
      const { status, form } = refusal(error, input);
      if (status === 403) throw error;
      return contactPage(request, reply, form, null, status);
    }
  });

  app.get('/staff/statistics', guarded, async (request, reply) =>
    sendPage(reply, h(StatisticsPage, { organisation, viewer: viewerOf(request, reply), statistics: await getAggregateStatistics({ ctx, staff: pageStaff(request) }) })),
  );

  const emergencyPage = (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) => {
    if (!hasPermission(pageStaff(request).roles, 'cases.break_glass')) throw new DomainError('forbidden', 'Your role does not allow you to open a case with emergency access.');
    return sendPage(reply, h(EmergencyAccessPage, { organisation, viewer: viewerOf(request, reply), form, hours: ctx.config.organisation.oversight.breakGlassHours }), status);
  };
  app.get<{ Querystring: { reference?: string } }>('/staff/emergency-access', guarded, async (request, reply) => emergencyPage(request, reply, emptyForm({ reference: request.query.reference ?? '' })));
  app.post('/staff/emergency-access', guardedPost, async (request, reply) => {
    const { fields } = await readForm(request);
    const values = { reference: text(fields, 'reference') ?? '', reason: text(fields, 'reason') ?? '' };
    try {
      const { caseId } = await openEmergencyAccess({ ctx, staff: pageStaff(request), ...values });
      return reply.redirect(`/staff/cases/${caseId}`, 303);
    } catch (error) {
      const { status, form } = refusal(error, values);
      if (status === 403) throw error;
      return emergencyPage(request, reply, form, status);
    }
  });
}
