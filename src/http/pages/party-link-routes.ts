import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { findCaseById } from '../../db/repositories/case.repository.js';
import { findParty } from '../../db/repositories/case-party.repository.js';
import type { ServiceContext } from '../../services/context.js';
import { reissuePortalLink } from '../../services/due-process/reissue-portal-link.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import { PartyLinkPage } from '../views/pages/party-link-page.js';
import { sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';

/** A new case-page link for a party: e-mailed, or shown once to print when they have no address. */
export function partyLinkRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  app.post<{ Params: { id: string; partyId: string } }>('/staff/cases/:id/parties/:partyId/link', { preHandler: [requirePageStaff, app.csrfProtection] }, async (request, reply) => {
    const { id, partyId } = request.params;
    const { letterLink } = await reissuePortalLink({ ctx, staff: pageStaff(request), caseId: id, partyId });
    if (!letterLink) return reply.redirect(`/staff/cases/${id}#due-process-title`, 303);
    const [caseRow, party] = await Promise.all([findCaseById(ctx.db, id), findParty(ctx.db, partyId)]);
    return sendPage(
      reply,
      h(PartyLinkPage, { organisation: ctx.config.organisation.organisation.name, viewer: viewerOf(request, reply), caseId: id, reference: caseRow!.reference, partyName: party!.name, link: letterLink }),
    );
  });
}
