import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { hasPermission } from '../../domain/access.js';
import { insertParty, listParties, type PartyRow } from '../../db/repositories/case-party.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase, type CaseChange } from '../cases/change-case.js';
import { changeCaseAsParty } from './party-access.js';
import { queueMail } from '../mail/compose-mail.js';
import { createPartyLink, portalEntryUrl } from './party-links.js';

export const SUPPORTER_KINDS = {
  representative: 'Representative (acts for the party: reads the case, answers, appeals)',
  companion: 'Companion (supports the party; sees where the case stands and the hearing arrangements only)',
} as const;
export type SupporterKind = keyof typeof SUPPORTER_KINDS;

export type SupporterInput = { kind: string; name: string; email: string | null };

function checkSupporter(input: SupporterInput, options: { emailRequired: boolean }): { kind: SupporterKind; name: string; email: string | null } {
  const name = input.name.trim();
  const email = input.email?.trim() || null;
  const issues: FieldIssue[] = [];
  if (!(input.kind in SUPPORTER_KINDS)) issues.push({ field: 'kind', message: 'Choose a representative or a companion.' });
  if (name.length < 2) issues.push({ field: 'name', message: 'Give their name.' });
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) issues.push({ field: 'email', message: 'Give a valid e-mail address.' });
  if (email === null && options.emailRequired) issues.push({ field: 'email', message: 'Give their e-mail address, so that their own link can be sent to them.' });
  assertNoIssues(issues, 'The details need correcting.');
  return { kind: input.kind as SupporterKind, name, email };
}

/**
 * Adds a representative or companion for a party, with their own
 * private link (never the party's), e-mailed to them: a representative acts
 * for the party, a companion sees the hearing arrangements. One of
 * each.
 */
async function addSupporter(ctx: ServiceContext, change: CaseChange, party: PartyRow, supporter: ReturnType<typeof checkSupporter>): Promise<void> {
  if (party.role !== 'respondent' && party.role !== 'complainant') throw new DomainError('rule_violated', 'Representatives and companions are named for the respondent or the complainant.');
  if (change.caseRow.closed_at) throw new DomainError('transition_not_allowed', 'The case is closed.');
  const existing = (await listParties(change.trx, change.caseRow.id)).find((candidate) => candidate.represents_party_id === party.id && candidate.role === supporter.kind);
  if (existing) throw new DomainError('conflict', `${existing.name} is already named as the ${supporter.kind}.`);
  const row: PartyRow = {
    id: ctx.random.uuid(),
    case_id: change.caseRow.id,
    role: supporter.kind,
    represents_party_id: party.id,
    name: supporter.name,
    email: supporter.email,
    membership_number: null,
    unit: null,
    affiliations: '[]',
    created_at: ctx.clock.now().toISOString(),
  };
  await insertParty(change.trx, row);
  change.record({ type: 'party_added', partyId: row.id, role: row.role, name: row.name, representsPartyId: party.id });
  // Without an address, staff make the link when they write the letter (see reissuePortalLink).
  if (!row.email) return;
  const token = await createPartyLink(ctx, change.trx, row);
  await queueMail(change.trx, ctx, {
    template: supporter.kind === 'representative' ? 'representative_link' : 'companion_link',
    to: row.email,
    at: row.created_at,
    values: { name: row.name, reference: change.caseRow.reference, partyName: party.name, portalLink: portalEntryUrl(ctx, token) },
  });
  change.queuedMail();
}

/** Staff name a representative or companion a party told them about. */
export async function addSupporterForParty(options: { ctx: ServiceContext; staff: Staff; caseId: string; forRole: string; supporter: SupporterInput }): Promise<void> {
  const { ctx, staff } = options;
  const supporter = checkSupporter(options.supporter, { emailRequired: false });
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: hasPermission(staff.roles, 'cases.convene_panel') ? 'cases.convene_panel' : 'cases.give_notice',
    what: "name a party's representative or companion",
    change: async (change) => {
      if (options.forRole !== 'respondent' && options.forRole !== 'complainant') {
        throw new DomainError('validation_failed', 'Say whose representative or companion this is.', [{ field: 'forRole', message: 'Choose the respondent or the complainant.' }]);
      }
      const party = (await listParties(change.trx, change.caseRow.id)).find((candidate) => candidate.role === options.forRole);
      if (!party) throw new DomainError('rule_violated', `The ${options.forRole} has no case page yet (give notice, or give the complainant a case page, first).`);
      return addSupporter(ctx, change, party, supporter);
    },
  });
}

/** A party names their own representative or companion through their case page. */
export async function nameSupporter(options: { ctx: ServiceContext; token: string; supporter: SupporterInput }): Promise<void> {
  const supporter = checkSupporter(options.supporter, { emailRequired: true });
  return changeCaseAsParty({
    ctx: options.ctx,
    token: options.token,
    change: async (change, party, holder) => {
      if (holder.id !== party.id) throw new DomainError('forbidden', 'Only the party themselves can name their representative or companion.');
      await addSupporter(options.ctx, change, party, supporter);
    },
  });
}
