import { insertPartyLink } from '../../db/repositories/case-party.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import { randomToken } from '../../infra/random.js';
import { hashToken } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';

/** A portal link lasts long enough for the whole process, appeal included; staff can send a new one. */
const PORTAL_LINK_DAYS = 365;

export function portalEntryUrl(ctx: Pick<ServiceContext, 'config'>, token: string): string {
  return `${ctx.config.publicUrl}/portal/enter/${token}`;
}

/** Makes a new private link for a party and returns its token; only the token's hash is stored. */
export async function createPartyLink(ctx: ServiceContext, db: Executor, party: { id: string; case_id: string }): Promise<string> {
  const token = randomToken(ctx.random);
  const now = ctx.clock.now();
  await insertPartyLink(db, {
    token_hash: hashToken(token),
    party_id: party.id,
    case_id: party.case_id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + PORTAL_LINK_DAYS * 86_400_000).toISOString(),
    revoked_at: null,
  });
  return token;
}
