import { DomainError } from '../../domain/errors.js';
import { countUsers, findUserById } from '../../db/repositories/user.repository.js';
import { getSetting, putSetting, takeSetting } from '../../db/repositories/setting.repository.js';
import { randomToken } from '../../infra/random.js';
import { hashToken } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { insertPreparedUser, prepareUser } from '../users/manage-users.js';
import type { UserWithRoles } from '../../db/repositories/user.repository.js';

const SETUP_TOKEN_KEY = 'setup_token_hash';

/**
 * On an empty database, makes a one-time token for the link that creates the
 * first administrator. Returns null once anyone has an account.
 */
export async function issueSetupToken(options: { ctx: ServiceContext }): Promise<string | null> {
  const { ctx } = options;
  if ((await countUsers(ctx.db)) > 0) return null;
  const token = randomToken(ctx.random);
  await putSetting(ctx.db, SETUP_TOKEN_KEY, hashToken(token));
  return token;
}

export async function isSetupTokenValid(options: { ctx: ServiceContext; token: string }): Promise<boolean> {
  const stored = await getSetting(options.ctx.db, SETUP_TOKEN_KEY);
  return stored !== undefined && stored === hashToken(options.token) && (await countUsers(options.ctx.db)) === 0;
}

/**
 * Creates the first administrator and spends the token in the same
 * transaction, so the link works once even when sent twice at the same moment.
 */
export async function completeSetup(options: { ctx: ServiceContext; token: string; email: string; displayName: string; password: string }): Promise<UserWithRoles> {
  const { ctx } = options;
  const refused = new DomainError('forbidden', 'This set-up link has already been used or is not valid. Restart Redress on an empty database for a new one.');
  if (!(await isSetupTokenValid(options))) throw refused;
  const prepared = await prepareUser(ctx, { email: options.email, displayName: options.displayName, password: options.password, roles: ['system_admin'] });
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await takeSetting(trx, SETUP_TOKEN_KEY, hashToken(options.token)))) throw refused;
    await insertPreparedUser(trx, prepared);
  });
  return (await findUserById(ctx.db, prepared.row.id))!;
}
