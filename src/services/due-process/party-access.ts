import { DomainError } from '../../domain/errors.js';
import { findLivePartyLink, type PartyRow } from '../../db/repositories/case-party.repository.js';
import { hashToken } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { runCaseChange, type CaseChange } from '../cases/change-case.js';

const INVALID_LINK = 'This link is not valid or has expired. Ask the complaints team for a new one.';

/** The party a portal token belongs to; refuses unknown, expired and revoked links alike, without saying which. */
export async function resolvePartyToken(ctx: ServiceContext, token: string): Promise<PartyRow> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new DomainError('not_found', INVALID_LINK);
  const found = await findLivePartyLink(ctx.db, hashToken(token), ctx.clock.now().toISOString());
  if (!found) throw new DomainError('not_found', INVALID_LINK);
  return found.party;
}

/** A party's change to their own case, in the same frame as staff changes, recorded as made by the party. */
export async function changeCaseAsParty<T>(options: { ctx: ServiceContext; token: string; change: (change: CaseChange, party: PartyRow) => Promise<T> }): Promise<T> {
  const party = await resolvePartyToken(options.ctx, options.token);
  return runCaseChange({
    ctx: options.ctx,
    caseId: party.case_id,
    actor: { kind: 'party', partyId: party.id, role: party.role },
    authorise: async () => {},
    change: (change) => options.change(change, party),
  });
}
