import { DomainError } from '../../domain/errors.js';
import { findActiveApiToken, insertApiToken, listApiTokens as listTokenRows, revokeApiToken as revokeRow, touchApiToken, type ApiTokenRow } from '../../db/repositories/api-token.repository.js';
import { findUserById } from '../../db/repositories/user.repository.js';
import { randomToken } from '../../infra/random.js';
import { hashToken } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { rolesOf } from './sessions.js';

const TOKEN_PREFIX = 'rdr_';

/** A token acts as the person who made it, with their roles; it is shown once and stored only as a hash. */
export async function createApiToken(options: { ctx: ServiceContext; staff: Staff; name: string }): Promise<{ id: string; token: string }> {
  const { ctx, staff } = options;
  const name = options.name.trim();
  if (name.length < 2 || name.length > 100) throw new DomainError('validation_failed', 'Name the token.', [{ field: 'name', message: 'Give the token a name of 2 to 100 characters.' }]);
  const token = `${TOKEN_PREFIX}${randomToken(ctx.random)}`;
  const id = ctx.random.uuid();
  await insertApiToken(ctx.db, { id, user_id: staff.userId, name, token_hash: hashToken(token), created_at: ctx.clock.now().toISOString(), last_used_at: null, revoked_at: null });
  return { id, token };
}

export async function authenticateApiToken(options: { ctx: ServiceContext; token: string }): Promise<Staff | null> {
  const { ctx } = options;
  if (!options.token.startsWith(TOKEN_PREFIX)) return null;
  const row = await findActiveApiToken(ctx.db, hashToken(options.token));
  if (!row) return null;
  const user = await findUserById(ctx.db, row.user_id);
  if (!user || user.disabled_at) return null;
  await touchApiToken(ctx.db, row.id, ctx.clock.now().toISOString());
  return { userId: user.id, name: user.display_name, roles: rolesOf(user), apiToken: { id: row.id, name: row.name } };
}

export function listApiTokens(options: { ctx: ServiceContext; staff: Staff }): Promise<ApiTokenRow[]> {
  return listTokenRows(options.ctx.db, options.staff.userId);
}

export async function revokeApiToken(options: { ctx: ServiceContext; staff: Staff; tokenId: string }): Promise<void> {
  if (!(await revokeRow(options.ctx.db, options.staff.userId, options.tokenId, options.ctx.clock.now().toISOString()))) {
    throw new DomainError('not_found', 'There is no such active token.');
  }
}
