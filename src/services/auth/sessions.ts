import { DomainError } from '../../domain/errors.js';
import { isRole, type Role } from '../../domain/access.js';
import { deleteSession, findLiveSession, insertSession, markSecondFactorDone } from '../../db/repositories/session.repository.js';
import { claimTotpStep, countFailedLogin, findUserByEmail, findUserById, updateUser, type UserWithRoles } from '../../db/repositories/user.repository.js';
import { randomToken } from '../../infra/random.js';
import { NO_PASSWORD, hashPassword, hashToken, verifyPassword } from '../../infra/secrets.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { checkTotp } from './totp.js';

export type SessionState = 'active' | 'second_factor' | 'enrol_second_factor';

export type ResolvedSession = { staff: Staff; state: SessionState; user: UserWithRoles };

// Verified against when the e-mail is unknown, so a wrong address costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

export function rolesOf(user: UserWithRoles): Role[] {
  return user.roles.filter(isRole);
}

function needsSecondFactor(ctx: ServiceContext, user: UserWithRoles): boolean {
  return user.totp_enabled === 1 || rolesOf(user).some((role) => ctx.config.organisation.security.requireTotpForRoles.includes(role));
}

/**
 * Checks a password and opens a session. Repeated failures lock the account
 * for the configured time; every refusal reads the same, so the response does
 * not reveal which accounts exist.
 */
export async function logIn(options: { ctx: ServiceContext; email: string; password: string }): Promise<{ token: string; state: SessionState }> {
  const { ctx } = options;
  const now = ctx.clock.now();
  const security = ctx.config.organisation.security;
  const user = await findUserByEmail(ctx.db, options.email.trim());
  const refused = new DomainError('unauthenticated', 'That e-mail address and password do not match an active account.');
  // An account without a password (made by single sign-on) is refused like an unknown address, in the same time.
  if (!user || user.password_hash === NO_PASSWORD) {
    dummyHash ??= hashPassword('no account has this password');
    await verifyPassword(await dummyHash, options.password);
    throw refused;
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    throw new DomainError('account_locked', `This account is locked after ${security.maxFailedLogins} failed attempts. Try again after ${new Date(user.locked_until).toISOString().slice(11, 16)} UTC, or ask an administrator to reset the password.`);
  }
  const valid = await verifyPassword(user.password_hash, options.password);
  if (!valid || user.disabled_at) {
    if (!user.disabled_at && (await countFailedLogin(ctx.db, user.id)) >= security.maxFailedLogins) {
      await updateUser(ctx.db, user.id, { failed_logins: 0, locked_until: new Date(now.getTime() + security.lockoutMinutes * 60_000).toISOString() });
    }
    throw refused;
  }
  await updateUser(ctx.db, user.id, { failed_logins: 0, locked_until: null });
  const token = randomToken(ctx.random);
  const secondFactor = needsSecondFactor(ctx, user);
  await insertSession(ctx.db, {
    id_hash: hashToken(token),
    user_id: user.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + security.sessionHours * 3_600_000).toISOString(),
    second_factor_done: secondFactor ? 0 : 1,
  });
  return { token, state: !secondFactor ? 'active' : user.totp_enabled ? 'second_factor' : 'enrol_second_factor' };
}

/**
 * Opens a session without a password: the first administrator, straight
 * after setup; or after single sign-on, where the provider was the second
 * factor. `db` lets the caller open it in its own transaction.
 */
export async function openSession(ctx: ServiceContext, userId: string, db: Executor = ctx.db): Promise<string> {
  const now = ctx.clock.now();
  const token = randomToken(ctx.random);
  await insertSession(db, {
    id_hash: hashToken(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ctx.config.organisation.security.sessionHours * 3_600_000).toISOString(),
    second_factor_done: 1,
  });
  return token;
}

export async function resolveSession(options: { ctx: ServiceContext; token: string }): Promise<ResolvedSession | null> {
  const { ctx } = options;
  const session = await findLiveSession(ctx.db, hashToken(options.token), ctx.clock.now().toISOString());
  if (!session) return null;
  const user = await findUserById(ctx.db, session.user_id);
  if (!user || user.disabled_at) return null;
  const state: SessionState = session.second_factor_done ? 'active' : user.totp_enabled ? 'second_factor' : 'enrol_second_factor';
  return { user, state, staff: { userId: user.id, name: user.display_name, roles: rolesOf(user) } };
}

export async function completeSecondFactor(options: { ctx: ServiceContext; token: string; code: string }): Promise<void> {
  const { ctx } = options;
  const resolved = await resolveSession(options);
  if (!resolved) throw new DomainError('unauthenticated', 'Your session has ended; sign in again.');
  if (!resolved.user.totp_enabled || !resolved.user.totp_secret) throw new DomainError('rule_violated', 'No authenticator is set up for this account.');
  const step = await checkTotp(resolved.user.totp_secret, options.code, ctx.clock.now(), resolved.user.totp_last_step);
  if (step === null || !(await claimTotpStep(ctx.db, resolved.user.id, step))) {
    throw new DomainError('validation_failed', 'That code is not right, or has been used already.', [{ field: 'code', message: 'Enter the 6-digit code your authenticator app shows now; if you have just used it, wait for the next one.' }]);
  }
  await markSecondFactorDone(ctx.db, hashToken(options.token));
}

export async function logOut(options: { ctx: ServiceContext; token: string }): Promise<void> {
  await deleteSession(options.ctx.db, hashToken(options.token));
}
