import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';
import { authenticateApiToken } from '../../services/auth/api-tokens.js';
import { resolveSession, type ResolvedSession } from '../../services/auth/sessions.js';
import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';
import type { Permission } from '../../domain/access.js';
import { assertPermission } from '../../services/cases/case-access.js';

export const SESSION_COOKIE = 'redress_session';

declare module 'fastify' {
  interface FastifyRequest {
    session: ResolvedSession | null;
    sessionToken: string | null;
    /** The API caller, once their token has been checked (see guardApiRoutes). */
    apiCaller: Staff | null;
  }
  interface FastifyContextConfig {
    /** The permission an API route needs, checked before its request is validated. */
    permission?: Permission;
  }
}

/** The signed-in member of staff on a page request, or a redirect to wherever they must go first. */
export async function requirePageStaff(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const session = request.session;
  if (!session) {
    await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    return;
  }
  if (session.state === 'second_factor') await reply.redirect('/login/second-factor');
  else if (session.state === 'enrol_second_factor') await reply.redirect('/account/second-factor');
}

export function pageStaff(request: FastifyRequest): Staff {
  if (!request.session || request.session.state !== 'active') throw new DomainError('unauthenticated', 'Sign in first.');
  return request.session.staff;
}

/** The member of staff behind an API request's bearer token; refuses requests without one. */
export async function apiStaff(ctx: ServiceContext, request: FastifyRequest): Promise<Staff> {
  if (request.apiCaller) return request.apiCaller;
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const staff = match ? await authenticateApiToken({ ctx, token: match[1]! }) : null;
  if (!staff) throw new DomainError('unauthenticated', 'Send a valid API token as "Authorization: Bearer <token>".');
  return staff;
}

/**
 * Settles who is calling a secured API route, and whether their role allows
 * it, before the request is validated: a refusal reveals nothing of what the
 * route expects and reads nothing. `then` adds a check of its own (the case).
 */
export function guardApiRoutes(app: FastifyInstance, ctx: ServiceContext, then?: (request: FastifyRequest, staff: Staff) => Promise<void>): void {
  app.addHook('preValidation', async (request) => {
    if (!request.routeOptions.schema?.security) return;
    const staff = await apiStaff(ctx, request);
    request.apiCaller = staff;
    const permission = request.routeOptions.config.permission;
    if (permission) assertPermission(staff, permission, 'do this');
    await then?.(request, staff);
  });
}

/** Reads the session cookie on every request, so pages know who is looking. */
export const staffAuthPlugin = fp(
  async (app: FastifyInstance, options: { ctx: ServiceContext }) => {
    app.decorateRequest('session', null);
    app.decorateRequest('sessionToken', null);
    app.decorateRequest('apiCaller', null);
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/api/') || request.url.startsWith('/static/')) return;
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return;
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) return;
      request.sessionToken = unsigned.value;
      request.session = await resolveSession({ ctx: options.ctx, token: unsigned.value });
    });
  },
  { name: 'staff-auth', dependencies: ['@fastify/cookie'] },
);
