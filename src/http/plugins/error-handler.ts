import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { isDomainError, type FieldIssue } from '../../domain/errors.js';
import { CaseAccessRefused, hasPermission } from '../../domain/access.js';
import { HTTP_STATUS_OF } from '../error-map.js';
import { renderDocument } from '../render.js';
import { ErrorPage } from '../views/pages/error-page.js';

type Problem = { status: number; code: string; message: string; issues: FieldIssue[]; wayOn?: { href: string; label: string } | null };

/** Someone refused a case who may open it in an emergency is shown the way to do so. */
function wayOnFrom(error: unknown, request: FastifyRequest): Problem['wayOn'] {
  const roles = request.session?.state === 'active' ? request.session.staff.roles : [];
  if (!(error instanceof CaseAccessRefused) || !hasPermission(roles, 'cases.break_glass')) return null;
  return { href: `/staff/emergency-access?reference=${encodeURIComponent(error.reference)}`, label: 'This is an emergency: open the case with emergency access (the overseer is told)' };
}

/** Fastify's and its plugins' own client errors, each with a message that says what to do. */
const FRAMEWORK_ERRORS: Record<string, { code: string; message: string }> = {
  FST_REQ_FILE_TOO_LARGE: { code: 'upload_too_large', message: 'A file you attached is larger than the limit. Go back and choose a smaller file.' },
  FST_FILES_LIMIT: { code: 'upload_too_large', message: 'Too many files were attached. Go back and attach fewer.' },
  FST_PARTS_LIMIT: { code: 'upload_too_large', message: 'The form had too many parts.' },
  FST_FIELDS_LIMIT: { code: 'validation_failed', message: 'The form had too many fields.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'upload_too_large', message: 'What was sent is larger than the limit.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the form as a web form or JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'validation_failed', message: 'The request body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'validation_failed', message: 'The request body is not valid JSON.' },
  FST_CSRF_INVALID_TOKEN: { code: 'form_expired', message: 'This form has expired or was not sent from Redress. Go back, reload the page and try again.' },
  FST_CSRF_MISSING_SECRET: { code: 'form_expired', message: 'This form has expired. Go back, reload the page and try again.' },
  FST_ERR_VALIDATION: { code: 'validation_failed', message: 'Some of the information sent needs correcting.' },
};

function problemOf(error: FastifyError & { validation?: { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } }[] }): Problem {
  if (isDomainError(error)) return { status: HTTP_STATUS_OF[error.code], code: error.code, message: error.message, issues: error.issues };
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (error.validation) {
    const issues = error.validation.map((item) => ({ field: (item.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') || 'body', message: item.message ?? 'is not valid' }));
    return { status: 400, code: 'validation_failed', message: 'Some of the information sent needs correcting.', issues };
  }
  if (known) return { status, code: known.code, message: known.message, issues: [] };
  if (status === 429) return { status, code: 'rate_limited', message: 'Too many requests. Wait a minute and try again.', issues: [] };
  if (status < 500) return { status, code: 'bad_request', message: error.message, issues: [] };
  return { status: 500, code: 'internal_error', message: 'Something went wrong on our side. Nothing was saved; please try again.', issues: [] };
}

export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** Sends a refusal the way the client understands: JSON for the API, a page for people. */
export async function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem, organisation: string): Promise<void> {
  if (wantsJson(request)) {
    await reply.status(problem.status).send({ error: { code: problem.code, message: problem.message, issues: problem.issues } });
    return;
  }
  const session = request.session?.state === 'active' ? request.session : null;
  const viewer = session ? { name: session.staff.name, roles: session.staff.roles, csrfToken: reply.generateCsrf() } : null;
  await reply
    .status(problem.status)
    .type('text/html; charset=utf-8')
    .send(renderDocument(h(ErrorPage, { organisation, viewer, status: problem.status, message: problem.message, issues: problem.issues, wayOn: problem.wayOn ?? null }), reply.server.displayTimeZone));
}

export function registerErrorHandler(app: FastifyInstance, organisation: string): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const problem = { ...problemOf(error), wayOn: wayOnFrom(error, request) };
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'request refused');
    await sendProblem(request, reply, problem, organisation);
  });
  app.setNotFoundHandler(async (request, reply) => {
    await sendProblem(request, reply, { status: 404, code: 'not_found', message: 'There is no page at this address.', issues: [] }, organisation);
  });
}
