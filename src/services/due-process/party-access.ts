import { DomainError } from '../../domain/errors.js';
import { findLivePartyLink, findParty, type PartyRow } from '../../db/repositories/case-party.repository.js';
import { hashToken } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { runCaseChange, type CaseChange } from '../cases/change-case.js';

const INVALID_LINK = 'This link is not valid or has expired. Ask the complaints team for a new one.';

/**
 * Who holds a portal link, and whose case they see. A representative acts
 * for the party they represent; a companion only follows the hearing
 * arrangements (`limited`); anyone else acts for themselves.
 */
export type PartyAccess = { party: PartyRow; holder: PartyRow; limited: boolean };

/** Resolves a portal token; refuses unknown, expired and revoked links alike, without saying which. */
export async function resolvePartyAccess(ctx: ServiceContext, token: string): Promise<PartyAccess> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new DomainError('not_found', INVALID_LINK);
  const found = await findLivePartyLink(ctx.db, hashToken(token), ctx.clock.now().toISOString());
  if (!found) throw new DomainError('not_found', INVALID_LINK);
  const holder = found.party;
  if (holder.role !== 'representative' && holder.role !== 'companion') return { party: holder, holder, limited: false };
  const represented = holder.represents_party_id ? await findParty(ctx.db, holder.represents_party_id) : undefined;
  if (!represented) throw new DomainError('not_found', INVALID_LINK);
  return { party: represented, holder, limited: holder.role === 'companion' };
}

/** Runs a read or change through a portal link in the same frame as staff changes, recorded as done by the link's holder. */
export async function runAsParty<T>(options: { ctx: ServiceContext; token: string; change: (change: CaseChange, access: PartyAccess) => Promise<T> }): Promise<T> {
  const access = await resolvePartyAccess(options.ctx, options.token);
  return runCaseChange({
    ctx: options.ctx,
    caseId: access.holder.case_id,
    actor: { kind: 'party', partyId: access.holder.id, role: access.holder.role },
    authorise: async () => {},
    change: (change) => options.change(change, access),
  });
}

/**
 * A party's change to their own case, made by them or by their
 * representative (`party` is whose case it is, `holder` who acted). A
 * companion may not act for the party.
 */
export async function changeCaseAsParty<T>(options: { ctx: ServiceContext; token: string; change: (change: CaseChange, party: PartyRow, holder: PartyRow) => Promise<T> }): Promise<T> {
  return runAsParty({
    ...options,
    change: (change, access) => {
      if (access.limited) throw new DomainError('forbidden', 'A companion can follow the hearing arrangements, but cannot act for the party.');
      return options.change(change, access.party, access.holder);
    },
  });
}
