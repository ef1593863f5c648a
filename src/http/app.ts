import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { isDatabaseReachable } from '../db/connection.js';
import type { ServiceContext } from '../services/context.js';
import { apiRoutes } from './api/api-routes.js';
import { ledgerRoutes } from './api/ledger-routes.js';
import { ledgerPage } from './pages/ledger-page.js';
import type { SigningKey } from '../ledger/checkpoint.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { staffAuthPlugin } from './plugins/staff-auth.js';
import { authRoutes } from './pages/auth-routes.js';
import { portalRoutes } from './pages/portal-routes.js';
import { panelRoutes } from './pages/panel-routes.js';
import { partyLinkRoutes } from './pages/party-link-routes.js';
import { caseRoutes } from './pages/case-routes.js';
import { publicRoutes } from './pages/public-routes.js';
import { staffRoutes } from './pages/staff-routes.js';
import { templateRoutes } from './pages/template-routes.js';
import { publicationRoutes } from './pages/publication-routes.js';
import { statisticsRoutes } from './pages/statistics-routes.js';
import { commitmentsRoutes } from './pages/commitments-routes.js';
import { subjectAccessRoutes } from './pages/subject-access-routes.js';
import { auditRoutes } from './pages/audit-routes.js';
import { deskAnalysisRoutes } from './pages/desk-analysis-routes.js';
import { singleSignOnRoutes } from './pages/single-sign-on-routes.js';
import { dataProtectionRoutes } from './pages/data-protection-routes.js';
import { independenceRoutes } from './pages/independence-routes.js';
import { oversightRoutes } from './pages/oversight-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The organisation's time zone, in which pages show dates and times. */
    displayTimeZone: string;
    /** Every route the application serves (method and URL pattern), so the access matrix can be walked route by route. */
    routeTable: { method: string; url: string }[];
  }
}

export type AppOptions = {
  ctx: ServiceContext;
  /** The ledger's current signing key, read from its file outside the database (it can be rotated while running). */
  ledgerKey: () => SigningKey;
  /** Signs cookies; kept in the data directory, never in the database. */
  cookieSecret: string;
  logger?: boolean;
  /** Requests per minute per address on the public endpoints (complaints, receipt look-ups, set-up); sign-in is held to 10. */
  publicRequestsPerMinute?: number;
};

/** Builds the web application; never listens, so tests drive it with `inject`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { ctx } = options;
  const org = ctx.config.organisation;
  const secure = ctx.config.publicUrl.startsWith('https:');
  const app = Fastify({ logger: options.logger ?? false, trustProxy: false, bodyLimit: 1024 * 1024 });

  app.decorate('displayTimeZone', org.organisation.timeZone);
  app.decorate('routeTable', []);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.routeTable.push({ method, url: route.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, org.organisation.name);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"] },
    },
    strictTransportSecurity: secure,
  });
  await app.register(cookie, { secret: options.cookieSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure },
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const field = body?._csrf as { value?: unknown } | string | undefined;
      const value = typeof field === 'object' && field !== null ? field.value : field;
      return typeof value === 'string' ? value : (request.headers['x-csrf-token'] as string | undefined);
    },
  });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: Math.max(org.uploads.maxFileBytes, org.uploads.maxRecordingBytes), files: org.uploads.maxFiles, fields: 80, parts: 80 + org.uploads.maxFiles, fieldSize: 64 * 1024 },
  });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, { root: path.join(import.meta.dirname, 'static'), prefix: '/static/', maxAge: '1h' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Redress API', version: '1', description: 'Complaint intake, case handling and the timetable, for programmatic clients.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token made on the Account page.' } } },
    },
    transform: (input) => (input.url.startsWith('/api/v1') ? jsonSchemaTransform(input) : { schema: { ...input.schema, hide: true }, url: input.url }),
  });
  await app.register(staffAuthPlugin, { ctx });

  const publicRateLimit = { max: options.publicRequestsPerMinute ?? 30, timeWindow: '1 minute' };
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = await isDatabaseReachable(ctx.db);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'database unreachable' });
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  publicRoutes(app, { ctx, publicRateLimit });
  authRoutes(app, { ctx, secure, publicRateLimit });
  staffRoutes(app, { ctx });
  caseRoutes(app, { ctx });
  portalRoutes(app, { ctx, secure, publicRateLimit });
  panelRoutes(app, { ctx });
  partyLinkRoutes(app, { ctx });
  templateRoutes(app, { ctx });
  publicationRoutes(app, { ctx, publicRateLimit });
  statisticsRoutes(app, { ctx, publicRateLimit });
  commitmentsRoutes(app, { ctx, publicRateLimit });
  subjectAccessRoutes(app, { ctx });
  auditRoutes(app, { ctx, publicRateLimit });
  deskAnalysisRoutes(app, { ctx });
  singleSignOnRoutes(app, { ctx, secure });
  dataProtectionRoutes(app, { ctx });
  independenceRoutes(app, { ctx });
  oversightRoutes(app, { ctx, key: options.ledgerKey });
  await app.register(apiRoutes, { prefix: '/api/v1', ctx, publicRateLimit });
  await app.register(ledgerRoutes, { prefix: '/api/v1/ledger', ctx, key: options.ledgerKey, publicRateLimit });
  ledgerPage(app, { ctx, key: options.ledgerKey });
  return app;
}
