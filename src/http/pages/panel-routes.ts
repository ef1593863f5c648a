import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { listActiveUsersWithRole } from '../../db/repositories/user.repository.js';
import type { ServiceContext } from '../../services/context.js';
import { assertPermission } from '../../services/cases/case-access.js';
import { declareInterest, endDeclaredInterest, listPanelPool, loadPool, recordTraining, savePoolMember } from '../../services/due-process/panel-pool.js';
import { searchSanctionsRegister } from '../../services/due-process/sanctions-register.js';
import { searchInterimMeasuresRegister } from '../../services/due-process/interim-measures.js';
import { list, readForm, text, yesNo, type FormFields } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import { emptyForm } from '../views/components/forms.js';
import { MyInterestsPage, PanelPoolPage, SanctionsRegisterPage, type PoolForm } from '../views/pages/panel-pages.js';
import { refusal, sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';

/** The panel pool (managed by case managers), a panel member's own declarations, and the register of sanctions. */
export function panelRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };

  const poolPage = async (request: FastifyRequest, reply: FastifyReply, failed: PoolForm | null, status = 200) => {
    const pool = await listPanelPool({ ctx, staff: pageStaff(request) });
    const candidates = await listActiveUsersWithRole(ctx.db, 'panel_member');
    return sendPage(
      reply,
      h(PanelPoolPage, {
        organisation,
        viewer: viewerOf(request, reply),
        pool,
        candidates: candidates.map((user) => ({ value: user.id, label: user.display_name })),
        requiredTraining: ctx.config.organisation.dueProcess.panel.requiredTraining,
        failed,
      }),
      status,
    );
  };

  const myPage = async (request: FastifyRequest, reply: FastifyReply, failed: PoolForm | null, status = 200) => {
    const staff = pageStaff(request);
    assertPermission(staff, 'cases.sit_on_panel', 'declare panel interests');
    const member = (await loadPool(ctx, ctx.db, { activeOnly: false })).find((candidate) => candidate.userId === staff.userId) ?? null;
    return sendPage(reply, h(MyInterestsPage, { organisation, viewer: viewerOf(request, reply), member, failed }), status);
  };

  /** Runs a form's use case, then back to the page; a refusal re-renders the page with the form's problems. */
  const handle =
    (page: typeof poolPage, back: string, run: (request: FastifyRequest, fields: FormFields) => Promise<void>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { fields } = await readForm(request);
      try {
        await run(request, fields);
        return reply.redirect(back, 303);
      } catch (error) {
        const { _csrf: _token, ...values } = fields;
        const { status, form } = refusal(error, values);
        if (status === 403 || status === 404) throw error;
        return page(request, reply, { action: request.url, form }, status);
      }
    };

  const interestFrom = (fields: FormFields) => ({ kind: text(fields, 'kind') ?? '', value: text(fields, 'value') ?? '', endedOn: text(fields, 'endedOn')?.trim() || null });

  app.get('/staff/panel-pool', guarded, async (request, reply) => poolPage(request, reply, null));
  app.post(
    '/staff/panel-pool',
    guardedPost,
    handle(poolPage, '/staff/panel-pool', (request, fields) =>
      savePoolMember({ ctx, staff: pageStaff(request), userId: text(fields, 'userId') ?? '', roles: list(fields, 'roles'), active: yesNo(fields, 'active') !== false }),
    ),
  );
  app.post(
    '/staff/panel-pool/training',
    guardedPost,
    handle(poolPage, '/staff/panel-pool', (request, fields) =>
      recordTraining({ ctx, staff: pageStaff(request), userId: text(fields, 'userId') ?? '', course: text(fields, 'course') ?? '', completedOn: text(fields, 'completedOn') ?? '', expiresOn: text(fields, 'expiresOn') ?? '' }),
    ),
  );
  app.post(
    '/staff/panel-pool/interests',
    guardedPost,
    handle(poolPage, '/staff/panel-pool', (request, fields) => declareInterest({ ctx, staff: pageStaff(request), userId: text(fields, 'userId') ?? '', ...interestFrom(fields) })),
  );
  app.post<{ Params: { userId: string; interestId: string } }>('/staff/panel-pool/:userId/interests/:interestId/end', guardedPost, async (request, reply) => {
    await endDeclaredInterest({ ctx, staff: pageStaff(request), userId: request.params.userId, interestId: request.params.interestId });
    return reply.redirect('/staff/panel-pool', 303);
  });

  app.get('/staff/interests', guarded, async (request, reply) => myPage(request, reply, null));
  app.post(
    '/staff/interests',
    guardedPost,
    handle(myPage, '/staff/interests', async (request, fields) => {
      const staff = pageStaff(request);
      assertPermission(staff, 'cases.sit_on_panel', 'declare panel interests');
      await declareInterest({ ctx, staff, userId: staff.userId, ...interestFrom(fields) });
    }),
  );
  app.post<{ Params: { interestId: string } }>('/staff/interests/:interestId/end', guardedPost, async (request, reply) => {
    const staff = pageStaff(request);
    await endDeclaredInterest({ ctx, staff, userId: staff.userId, interestId: request.params.interestId });
    return reply.redirect('/staff/interests', 303);
  });

  app.get<{ Querystring: { membershipNumber?: string; name?: string } }>('/staff/sanctions', guarded, async (request, reply) => {
    const staff = pageStaff(request);
    assertPermission(staff, 'sanctions.read', 'search the register of sanctions');
    const query = { membershipNumber: request.query.membershipNumber ?? '', name: request.query.name ?? '' };
    const searched = query.membershipNumber !== '' || query.name !== '';
    try {
      const search = { ctx, staff, membershipNumber: query.membershipNumber, name: query.name };
      const results = searched ? { sanctions: await searchSanctionsRegister(search), interim: await searchInterimMeasuresRegister(search) } : null;
      return sendPage(reply, h(SanctionsRegisterPage, { organisation, viewer: viewerOf(request, reply), form: emptyForm(query), results }));
    } catch (error) {
      const { status, form } = refusal(error, query);
      return sendPage(reply, h(SanctionsRegisterPage, { organisation, viewer: viewerOf(request, reply), form, results: null }), status);
    }
  });
}
