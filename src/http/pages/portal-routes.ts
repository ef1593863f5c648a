import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { DomainError } from '../../domain/errors.js';
import { formatByteLimit } from '../../domain/evidence/file-type.js';
import type { ServiceContext } from '../../services/context.js';
import { lodgeAppeal } from '../../services/due-process/appeals.js';
import { requestPostponement } from '../../services/due-process/hearings.js';
import { resolvePartyAccess } from '../../services/due-process/party-access.js';
import { downloadPortalEvidence, getPortalView } from '../../services/due-process/portal-view.js';
import { respondToNotice } from '../../services/due-process/respond-to-notice.js';
import { nameSupporter } from '../../services/due-process/supporters.js';
import { sendPartyMessage } from '../../services/due-process/case-messages.js';
import { list, readForm, text, yesNo, type FormFields } from '../form-body.js';
import type { ActionForm } from '../views/components/action-box.js';
import { PortalPage } from '../views/pages/portal-page.js';
import type { EvidenceUpload } from '../../services/intake/complaint-input.js';
import { sendAttachment } from './attachment.js';
import { refusal, sendPage } from './public-routes.js';

export const PARTY_COOKIE = 'redress_party';

const NO_LINK = 'Open your case page with the link in the e-mail or letter you were sent.';

/** Each form on the portal: what it calls with the party's token and the form's fields. */
const PORTAL_ACTIONS: Record<string, (options: { ctx: ServiceContext; token: string; fields: FormFields; files: EvidenceUpload[] }) => Promise<unknown>> = {
  response: (o) => {
    const hearingRequested = yesNo(o.fields, 'hearingRequested');
    if (hearingRequested === undefined) throw new DomainError('validation_failed', 'Say whether you want a hearing.', [{ field: 'hearingRequested', message: 'Choose yes or no.' }]);
    const answers = Object.fromEntries(Object.keys(o.fields).filter((name) => name.startsWith('answers.')).map((name) => [name.slice('answers.'.length), text(o.fields, name) ?? '']));
    return respondToNotice({ ctx: o.ctx, token: o.token, answer: { answers, generalResponse: text(o.fields, 'generalResponse') ?? '', hearingRequested }, files: o.files });
  },
  postponement: (o) => requestPostponement({ ctx: o.ctx, token: o.token, date: text(o.fields, 'date') ?? '', reason: text(o.fields, 'reason') ?? '' }),
  supporter: (o) => nameSupporter({ ctx: o.ctx, token: o.token, supporter: { kind: text(o.fields, 'kind') ?? '', name: text(o.fields, 'name') ?? '', email: text(o.fields, 'email') ?? null } }),
  appeal: (o) => lodgeAppeal({ ctx: o.ctx, token: o.token, appeal: { grounds: list(o.fields, 'grounds'), statement: text(o.fields, 'statement') ?? '' } }),
  message: (o) => sendPartyMessage({ ctx: o.ctx, token: o.token, body: text(o.fields, 'body') ?? '' }),
};

/**
 * The parties' portal. The e-mailed link is exchanged once for a signed,
 * http-only cookie scoped to /portal, so the token does not stay in the
 * address bar, the history or a Referer header; every request re-checks it.
 */
export function portalRoutes(app: FastifyInstance, options: { ctx: ServiceContext; secure: boolean; publicRateLimit: { max: number; timeWindow: string } }): void {
  const { ctx } = options;
  const org = ctx.config.organisation;
  const rateLimit = { rateLimit: options.publicRateLimit };

  const tokenOf = (request: FastifyRequest): string => {
    const raw = request.cookies[PARTY_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    if (!unsigned?.valid || !unsigned.value) throw new DomainError('not_found', NO_LINK);
    return unsigned.value;
  };

  const portalPage = async (request: FastifyRequest, reply: FastifyReply, failed: ActionForm | null, status = 200) =>
    sendPage(
      reply,
      h(PortalPage, {
        organisation: org.organisation.name,
        contactEmail: org.organisation.contactEmail,
        view: await getPortalView({ ctx, token: tokenOf(request) }),
        csrfToken: reply.generateCsrf(),
        failed,
        maxFiles: org.uploads.maxFiles,
        maxFileSize: formatByteLimit(org.uploads.maxFileBytes),
      }),
      status,
    );

  app.get<{ Params: { token: string } }>('/portal/enter/:token', { config: rateLimit }, async (request, reply) => {
    await resolvePartyAccess(ctx, request.params.token);
    reply.setCookie(PARTY_COOKIE, request.params.token, { signed: true, httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/portal', maxAge: 12 * 3600 });
    return reply.header('referrer-policy', 'no-referrer').redirect('/portal', 303);
  });

  app.get('/portal', { config: rateLimit }, async (request, reply) => portalPage(request, reply, null));

  app.post<{ Params: { action: string } }>('/portal/:action', { config: rateLimit, preHandler: app.csrfProtection }, async (request, reply) => {
    if (request.params.action === 'leave') {
      reply.clearCookie(PARTY_COOKIE, { path: '/portal' });
      return reply.redirect('/', 303);
    }
    const run = PORTAL_ACTIONS[request.params.action];
    if (!Object.hasOwn(PORTAL_ACTIONS, request.params.action) || !run) throw new DomainError('not_found', 'There is no such action.');
    const { fields, files } = await readForm(request);
    try {
      await run({ ctx, token: tokenOf(request), fields, files });
      return reply.redirect('/portal', 303);
    } catch (error) {
      const { _csrf: _token, ...values } = fields;
      const { status, form } = refusal(error, values);
      if (status === 403 || status === 404) throw error;
      return portalPage(request, reply, { action: request.params.action, form }, status);
    }
  });

  app.get<{ Params: { evidenceId: string } }>('/portal/evidence/:evidenceId', { config: rateLimit }, async (request, reply) => {
    return sendAttachment(reply, await downloadPortalEvidence({ ctx, token: tokenOf(request), evidenceId: request.params.evidenceId }));
  });
}
