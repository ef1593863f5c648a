import { DomainError } from '../../domain/errors.js';
import { hasPermission } from '../../domain/access.js';
import { insertParty, listParties, revokePartyLinks, type PartyRow } from '../../db/repositories/case-party.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase, type CaseChange } from '../cases/change-case.js';
import { queueMail } from '../mail/compose-mail.js';
import { createPartyLink, portalEntryUrl } from './party-links.js';

/** The named complainant as a party of the case, from what they gave at intake, recorded as added. */
export async function addComplainantParty(ctx: ServiceContext, change: CaseChange): Promise<PartyRow> {
  const { caseRow } = change;
  const party: PartyRow = {
    id: ctx.random.uuid(),
    case_id: caseRow.id,
    role: 'complainant',
    represents_party_id: null,
    name: caseRow.complainant_name ?? 'The complainant',
    email: caseRow.complainant_email,
    membership_number: null,
    unit: null,
    affiliations: '[]',
    created_at: ctx.clock.now().toISOString(),
  };
  await insertParty(change.trx, party);
  change.record({ type: 'party_added', partyId: party.id, role: 'complainant', name: party.name, representsPartyId: null });
  return party;
}

/**
 * Gives a named complainant their own case page, by a link sent to the
 * address they gave: they follow the case and write to the team there, and,
 * when they were the person targeted, read the decision and may appeal. An
 * anonymous complainant keeps their receipt code instead.
 */
export async function inviteComplainant(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<void> {
  const { ctx, staff } = options;
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: hasPermission(staff.roles, 'cases.convene_panel') ? 'cases.convene_panel' : 'cases.give_notice',
    what: 'give complainants a case page',
    change: async (change) => {
      const { caseRow } = change;
      if (caseRow.anonymous) throw new DomainError('rule_violated', 'The complainant is anonymous: they follow the case with their receipt code.');
      if (!caseRow.complainant_email || !caseRow.complainant_name) throw new DomainError('rule_violated', 'The complainant gave no name and e-mail address to send a link to.');
      if (caseRow.closed_at) throw new DomainError('transition_not_allowed', 'The case is closed.');
      const now = ctx.clock.now().toISOString();
      const existing = (await listParties(change.trx, caseRow.id)).find((candidate) => candidate.role === 'complainant');
      if (existing) await revokePartyLinks(change.trx, existing.id, now);
      const party = existing ?? (await addComplainantParty(ctx, change));
      const token = await createPartyLink(ctx, change.trx, party);
      await queueMail(change.trx, ctx, { template: 'complainant_link', to: caseRow.complainant_email, at: now, values: { name: party.name, reference: caseRow.reference, portalLink: portalEntryUrl(ctx, token) } });
      change.queuedMail();
      change.record({ type: 'portal_link_issued', partyId: party.id, by: 'email' });
    },
  });
}
