import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../../domain/errors.js';
import { authenticateApiToken } from '../../services/auth/api-tokens.js';
import { resolveSession, type ResolvedSession } from '../../services/auth/sessions.js';
import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';

export const SESSION_COOKIE = 'redress_session';

declare module 'fastify' {
  interface FastifyRequest {
    session: ResolvedSession | null;
    sessionToken: string | null;
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
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const staff = match ? await authenticateApiToken({ ctx, token: match[1]! }) : null;
  if (!staff) throw new DomainError('unauthenticated', 'Send a valid API token as "Authorization: Bearer <token>".');
  return staff;
}

/** Reads the session cookie on every request, so pages know who is looking. */
export const staffAuthPlugin = fp(
  async (app: FastifyInstance, options: { ctx: ServiceContext }) => {
    app.decorateRequest('session', null);
    app.decorateRequest('sessionToken', null);
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
