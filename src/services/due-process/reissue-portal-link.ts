import { DomainError } from '../../domain/errors.js';
import { hasPermission } from '../../domain/access.js';
import { findParty, revokePartyLinks } from '../../db/repositories/case-party.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from '../cases/change-case.js';
import { queueMail } from '../mail/compose-mail.js';
import { createPartyLink, portalEntryUrl } from './party-links.js';

/**
 * A new private case-page link for a party who lost theirs, or was written
 * to by letter: the old links stop working at once. With an e-mail address
 * the link is sent; without, it is returned once, to print in a letter.
 */
export async function reissuePortalLink(options: { ctx: ServiceContext; staff: Staff; caseId: string; partyId: string }): Promise<{ letterLink: string | null }> {
  const { ctx, staff } = options;
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: hasPermission(staff.roles, 'cases.convene_panel') ? 'cases.convene_panel' : 'cases.give_notice',
    what: 'send case-page links to parties',
    change: async (change) => {
      const party = await findParty(change.trx, options.partyId);
      if (!party || party.case_id !== change.caseRow.id) throw new DomainError('not_found', 'There is no such party on this case.');
      if (change.caseRow.closed_at) throw new DomainError('transition_not_allowed', 'The case is closed; its parties no longer need a case page.');
      const now = ctx.clock.now().toISOString();
      await revokePartyLinks(change.trx, party.id, now);
      const token = await createPartyLink(ctx, change.trx, party);
      if (party.email) {
        await queueMail(change.trx, ctx, {
          template: 'portal_link_reissued',
          to: party.email,
          at: now,
          values: { name: party.name, reference: change.caseRow.reference, portalLink: portalEntryUrl(ctx, token) },
        });
        change.queuedMail();
      }
      change.record({ type: 'portal_link_issued', partyId: party.id, by: party.email ? 'email' : 'letter' });
      return { letterLink: party.email ? null : portalEntryUrl(ctx, token) };
    },
  });
}
