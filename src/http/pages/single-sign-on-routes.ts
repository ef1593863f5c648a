import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { beginSingleSignOn } from '../../services/auth/begin-single-sign-on.js';
import { completeSingleSignOn } from '../../services/auth/complete-single-sign-on.js';
import { SingleSignOnUnavailable, type PendingSignIn } from '../../services/auth/single-sign-on.js';
import type { ServiceContext } from '../../services/context.js';
import { safeNext, sendLoginPage, setSessionCookie } from './auth-routes.js';
import { refusal } from './public-routes.js';

/** Holds the state, nonce, PKCE verifier and `next` between leaving for the provider and coming back; only those two paths see it. */
const PENDING_COOKIE = 'redress_sso';
const PENDING_PATH = '/login/sso';
const PENDING_MINUTES = 10;

const ZPendingSignIn = z.object({ state: z.string().min(1), nonce: z.string().min(1), verifier: z.string().min(43), next: z.string() }).strict();

function readPending(request: FastifyRequest): PendingSignIn | null {
  const raw = request.cookies[PENDING_COOKIE];
  const unsigned = raw ? request.unsignCookie(raw) : null;
  if (!unsigned?.valid || !unsigned.value) return null;
  try {
    const parsed = ZPendingSignIn.safeParse(JSON.parse(unsigned.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Staff sign-in through the organisation's OpenID Connect provider:
 * `/login/sso` sends the browser there, `/login/sso/callback` receives it
 * back, checks the answer, and signs the person in or shows the sign-in page
 * with the reason for refusing.
 */
export function singleSignOnRoutes(app: FastifyInstance, options: { ctx: ServiceContext; secure: boolean }): void {
  const { ctx, secure } = options;
  const routeOptions = { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } };

  const refused = (request: FastifyRequest, reply: FastifyReply, error: unknown, next: string) => {
    if (error instanceof SingleSignOnUnavailable) {
      request.log.warn({ err: error.cause }, 'single sign-on provider unavailable');
      return sendLoginPage(reply, ctx, { values: { next }, issues: [], message: error.message }, 502);
    }
    const { status, form } = refusal(error, { next });
    return sendLoginPage(reply, ctx, form, status);
  };

  app.get<{ Querystring: { next?: string } }>('/login/sso', routeOptions, async (request, reply) => {
    const next = safeNext(request.query.next);
    try {
      const { url, pending } = await beginSingleSignOn({ ctx, next });
      reply.setCookie(PENDING_COOKIE, JSON.stringify(pending), { signed: true, httpOnly: true, sameSite: 'lax', secure, path: PENDING_PATH, maxAge: PENDING_MINUTES * 60 });
      return reply.redirect(url, 303);
    } catch (error) {
      return refused(request, reply, error, next);
    }
  });

  app.get('/login/sso/callback', routeOptions, async (request, reply) => {
    const pending = readPending(request);
    // One attempt per start: whatever happens now, the values are spent.
    reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
    const query = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
    try {
      const { token, next } = await completeSingleSignOn({ ctx, query, pending });
      setSessionCookie(reply, { ctx, secure, token });
      return reply.redirect(safeNext(next), 303);
    } catch (error) {
      return refused(request, reply, error, pending?.next ?? '');
    }
  });
}
