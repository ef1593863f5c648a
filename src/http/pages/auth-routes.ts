import type { FastifyInstance, FastifyReply } from 'fastify';
import { h } from 'preact';
import { beginTotpEnrolment, confirmTotpEnrolment } from '../../services/auth/enrol-totp.js';
import { completeSecondFactor, logIn, logOut, openSession } from '../../services/auth/sessions.js';
import { completeSetup, isSetupTokenValid } from '../../services/setup/first-run.js';
import { loadDemo } from '../../services/demo/load-demo.js';
import type { ServiceContext } from '../../services/context.js';
import { readForm, text } from '../form-body.js';
import { SESSION_COOKIE } from '../plugins/staff-auth.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { LoginPage, SecondFactorPage, SetupDonePage, SetupPage, TotpEnrolPage } from '../views/pages/auth-pages.js';
import { refusal, sendPage } from './public-routes.js';

/**
 * Only paths on this site, so a crafted `next` cannot send someone elsewhere
 * after sign-in: not `//host`, and not `/\host`, which browsers read the same.
 */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) && !/[\\\s]/.test(next) ? next : '/staff';
}

/** Hands the browser its session, in the signed, http-only cookie every page reads. */
export function setSessionCookie(reply: FastifyReply, options: { ctx: ServiceContext; secure: boolean; token: string }): void {
  const maxAge = options.ctx.config.organisation.security.sessionHours * 3600;
  reply.setCookie(SESSION_COOKIE, options.token, { signed: true, httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/', maxAge });
}

/** The sign-in page, with the single sign-on link when single sign-on is set up. */
export function sendLoginPage(reply: FastifyReply, ctx: ServiceContext, form: FormState, status = 200): Promise<void> {
  const sso = ctx.config.organisation.singleSignOn;
  const singleSignOn = sso.issuer ? { label: sso.label } : null;
  return sendPage(reply, h(LoginPage, { organisation: ctx.config.organisation.organisation.name, form, csrfToken: reply.generateCsrf(), singleSignOn }), status);
}

export function authRoutes(app: FastifyInstance, options: { ctx: ServiceContext; secure: boolean; publicRateLimit: { max: number; timeWindow: string } }): void {
  const { ctx, secure } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const setCookie = (reply: FastifyReply, token: string) => setSessionCookie(reply, { ctx, secure, token });

  const loginForm = (reply: FastifyReply, form: FormState, status = 200) => sendLoginPage(reply, ctx, form, status);

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => loginForm(reply, emptyForm({ next: request.query.next ?? '' })));

  app.post('/login', { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const { fields } = await readForm(request);
    const values = { email: text(fields, 'email'), next: text(fields, 'next') };
    try {
      const session = await logIn({ ctx, email: text(fields, 'email') ?? '', password: text(fields, 'password') ?? '' });
      setCookie(reply, session.token);
      const next = session.state === 'active' ? safeNext(values.next) : session.state === 'second_factor' ? '/login/second-factor' : '/account/second-factor';
      return reply.redirect(next, 303);
    } catch (error) {
      const { status, form } = refusal(error, values);
      return loginForm(reply, { ...form, issues: [{ field: 'email', message: form.message ?? 'Sign-in failed.' }] }, status);
    }
  });

  const secondFactorForm = (reply: FastifyReply, form: FormState, status = 200) => sendPage(reply, h(SecondFactorPage, { organisation, form, csrfToken: reply.generateCsrf() }), status);
  app.get('/login/second-factor', async (request, reply) => (request.session ? secondFactorForm(reply, emptyForm()) : reply.redirect('/login')));
  app.post('/login/second-factor', { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const { fields } = await readForm(request);
    try {
      await completeSecondFactor({ ctx, token: request.sessionToken ?? '', code: text(fields, 'code') ?? '' });
      return reply.redirect('/staff', 303);
    } catch (error) {
      const { status, form } = refusal(error, {});
      return secondFactorForm(reply, form, status);
    }
  });

  const enrolForm = async (reply: FastifyReply, userId: string, form: FormState, status = 200) => {
    const enrolment = await beginTotpEnrolment({ ctx, userId });
    return sendPage(reply, h(TotpEnrolPage, { organisation, form, csrfToken: reply.generateCsrf(), secret: enrolment.secret, uri: enrolment.uri }), status);
  };
  app.get('/account/second-factor', async (request, reply) => (request.session ? enrolForm(reply, request.session.user.id, emptyForm()) : reply.redirect('/login')));
  app.post('/account/second-factor', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!request.session) return reply.redirect('/login', 303);
    const { fields } = await readForm(request);
    try {
      await confirmTotpEnrolment({ ctx, userId: request.session.user.id, sessionToken: request.sessionToken ?? '', code: text(fields, 'code') ?? '' });
      return reply.redirect('/staff/account', 303);
    } catch (error) {
      const { status, form } = refusal(error, {});
      return enrolForm(reply, request.session.user.id, form, status);
    }
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (request.sessionToken) await logOut({ ctx, token: request.sessionToken });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  const setupForm = (reply: FastifyReply, token: string, form: FormState, status = 200) => sendPage(reply, h(SetupPage, { organisation, form, token, csrfToken: reply.generateCsrf() }), status);
  app.get<{ Querystring: { token?: string } }>('/setup', async (request, reply) => {
    const token = request.query.token ?? '';
    if (!(await isSetupTokenValid({ ctx, token }))) {
      return sendPage(reply, h(SetupDonePage, { organisation, used: true }), 403);
    }
    return setupForm(reply, token, emptyForm({ loadDemo: 'yes' }));
  });
  app.post('/setup', { preHandler: app.csrfProtection, config: { rateLimit: options.publicRateLimit } }, async (request, reply) => {
    const { fields } = await readForm(request);
    const token = text(fields, 'token') ?? '';
    const values = { email: text(fields, 'email'), displayName: text(fields, 'displayName'), loadDemo: text(fields, 'loadDemo') };
    try {
      const user = await completeSetup({ ctx, token, email: values.email ?? '', displayName: values.displayName ?? '', password: text(fields, 'password') ?? '' });
      const demo = values.loadDemo === 'yes' ? await loadDemo({ ctx }) : null;
      setCookie(reply, await openSession(ctx, user.id));
      const viewer = { name: user.display_name, roles: user.roles, csrfToken: reply.generateCsrf() };
      return sendPage(reply, h(SetupDonePage, { organisation, used: false, demo, viewer }), 201);
    } catch (error) {
      const { status, form } = refusal(error, values);
      return setupForm(reply, token, form, status);
    }
  });
}
