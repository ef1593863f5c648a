import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { STAFF_CHANNELS } from '../../domain/complaint/complaint.js';
import { citationKey } from '../../domain/code-pack/code-pack.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/auth/api-tokens.js';
import { getDashboard, listCases } from '../../services/cases/list-cases.js';
import { listInterimReviewsDue } from '../../services/due-process/interim-measures.js';
import { hasCaseRole, hasPermission, homePageOf } from '../../domain/access.js';
import { assertPermission } from '../../services/cases/case-access.js';
import { ZComplaintInput } from '../../services/intake/complaint-input.js';
import { recordComplaint } from '../../services/intake/record-complaint.js';
import { createUser, disableUser, listUsers } from '../../services/users/manage-users.js';
import type { ServiceContext } from '../../services/context.js';
import { findUserById } from '../../db/repositories/user.repository.js';
import { list, readForm, text } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { AccountPage, CaseListPage, DashboardPage, RecordComplaintPage, UsersPage } from '../views/pages/staff-pages.js';
import { complaintFromForm, issuesOf } from './complaint-form.js';
import { refusal, sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';
import { DomainError } from '../../domain/errors.js';

type CaseListQuerystring = { q?: string; stage?: string; clause?: string; assignee?: string; overdue?: string; due?: string; open?: string; page?: string };

export function staffRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };

  app.get<{ Querystring: { notice?: string } }>('/staff', guarded, async (request, reply) => {
    const staff = pageStaff(request);
    if (!hasCaseRole(staff.roles)) return reply.redirect(homePageOf(staff.roles));
    const handedOn = request.query.notice === 'handed-on';
    const interimReviews = hasPermission(staff.roles, 'cases.convene_panel') ? await listInterimReviewsDue({ ctx, staff }) : null;
    return sendPage(reply, h(DashboardPage, { organisation, viewer: viewerOf(request, reply), dashboard: await getDashboard({ ctx, staff }), handedOn, interimReviews }));
  });

  app.get<{ Querystring: CaseListQuerystring }>('/staff/cases', guarded, async (request, reply) => {
    const staff = pageStaff(request);
    const query = request.query;
    const list = await listCases({
      ctx,
      staff,
      query: {
        search: query.q,
        stage: query.stage || undefined,
        clause: query.clause || undefined,
        assigneeId: query.assignee === 'me' ? staff.userId : undefined,
        overdue: query.overdue === 'yes',
        dueThisWeek: query.due === 'week',
        open: query.open === 'yes' ? true : undefined,
        page: Number(query.page) || 1,
      },
    });
    const { page: _page, ...rest } = query;
    const search = new URLSearchParams(Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')).toString();
    return sendPage(
      reply,
      h(CaseListPage, {
        organisation,
        viewer: viewerOf(request, reply),
        list,
        query: search,
        form: emptyForm(rest as Record<string, unknown>),
        stages: ctx.workflow.stages.map((stage) => ({ value: stage.id, label: stage.label })),
        clauses: ctx.packs.citable().map(({ pack, clause }) => ({ value: citationKey({ packId: pack.id, packVersion: pack.version, clauseId: clause.id }), label: `${pack.id} ${clause.id}: ${clause.title}` })),
      }),
    );
  });

  const recordForm = (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    sendPage(reply, h(RecordComplaintPage, { organisation, viewer: viewerOf(request, reply), form, clauses: ctx.packs.citable() }), status);

  const recorder = (request: FastifyRequest) => {
    const staff = pageStaff(request);
    assertPermission(staff, 'cases.record', 'record a complaint');
    return staff;
  };
  app.get('/staff/cases/new', guarded, async (request, reply) => {
    recorder(request);
    return recordForm(request, reply, emptyForm({ anonymous: 'no', channel: 'phone' }));
  });

  app.post('/staff/cases/new', guardedPost, async (request, reply) => {
    const staff = recorder(request);
    const { fields, files } = await readForm(request);
    const parsed = ZComplaintInput.safeParse(complaintFromForm(fields));
    const channel = text(fields, 'channel');
    const receivedText = text(fields, 'receivedAt')?.trim();
    const receivedAt = receivedText ? new Date(receivedText.replace(' ', 'T')) : undefined;
    const issues = [
      ...(parsed.success ? [] : issuesOf(parsed.error)),
      ...((STAFF_CHANNELS as readonly string[]).includes(channel ?? '') ? [] : [{ field: 'channel', message: 'Choose how the complaint arrived.' }]),
      ...(receivedAt && Number.isNaN(receivedAt.getTime()) ? [{ field: 'receivedAt', message: 'Enter a date and time like 2026-03-14 09:30.' }] : []),
    ];
    if (!parsed.success || issues.length > 0) return recordForm(request, reply, { values: fields, issues }, 400);
    try {
      const receipt = await recordComplaint({ ctx, staff, complaint: parsed.data, files, channel: channel as (typeof STAFF_CHANNELS)[number], receivedAt });
      return reply.redirect(`/staff/cases/${receipt.caseId}`, 303);
    } catch (error) {
      const { status, form } = refusal(error, fields);
      return recordForm(request, reply, form, status);
    }
  });

  const usersPage = async (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    sendPage(reply, h(UsersPage, { organisation, viewer: viewerOf(request, reply), users: await listUsers({ ctx, by: { kind: 'staff', staff: pageStaff(request) } }), form }), status);

  app.get('/staff/users', guarded, async (request, reply) => usersPage(request, reply, emptyForm()));

  app.post('/staff/users', guardedPost, async (request, reply) => {
    const { fields } = await readForm(request);
    const values = { displayName: text(fields, 'displayName'), email: text(fields, 'email'), roles: list(fields, 'roles') };
    try {
      await createUser({ ctx, by: { kind: 'staff', staff: pageStaff(request) }, email: values.email ?? '', displayName: values.displayName ?? '', password: text(fields, 'password') ?? '', roles: values.roles });
      return reply.redirect('/staff/users', 303);
    } catch (error) {
      const { status, form } = refusal(error, values);
      return usersPage(request, reply, form, status);
    }
  });

  app.post<{ Params: { id: string } }>('/staff/users/:id/disable', guardedPost, async (request, reply) => {
    const user = await findUserById(ctx.db, request.params.id);
    if (!user) throw new DomainError('not_found', 'There is no such account.');
    await disableUser({ ctx, by: { kind: 'staff', staff: pageStaff(request) }, email: user.email });
    return reply.redirect('/staff/users', 303);
  });

  const accountPage = async (request: FastifyRequest, reply: FastifyReply, options: { form: FormState; newToken: string | null }, status = 200) => {
    const staff = pageStaff(request);
    return sendPage(
      reply,
      h(AccountPage, { organisation, viewer: viewerOf(request, reply), tokens: await listApiTokens({ ctx, staff }), totpEnabled: request.session?.user.totp_enabled === 1, ...options }),
      status,
    );
  };
  app.get('/staff/account', guarded, async (request, reply) => accountPage(request, reply, { form: emptyForm(), newToken: null }));
  app.post('/staff/account/tokens', guardedPost, async (request, reply) => {
    const { fields } = await readForm(request);
    try {
      const created = await createApiToken({ ctx, staff: pageStaff(request), name: text(fields, 'name') ?? '' });
      return accountPage(request, reply, { form: emptyForm(), newToken: created.token }, 201);
    } catch (error) {
      const { status, form } = refusal(error, { name: text(fields, 'name') });
      return accountPage(request, reply, { form, newToken: null }, status);
    }
  });
  app.post<{ Params: { id: string } }>('/staff/account/tokens/:id/revoke', guardedPost, async (request, reply) => {
    await revokeApiToken({ ctx, staff: pageStaff(request), tokenId: request.params.id });
    return reply.redirect('/staff/account', 303);
  });
}
