import { DomainError } from '../../domain/errors.js';
import { markSecondFactorDone } from '../../db/repositories/session.repository.js';
import { findUserById, updateUser } from '../../db/repositories/user.repository.js';
import { hashToken } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { checkTotp, newTotpSecret, totpUri } from './totp.js';

/** Starts (or restarts) setting up an authenticator: a new secret, not yet in force. */
export async function beginTotpEnrolment(options: { ctx: ServiceContext; userId: string }): Promise<{ secret: string; uri: string }> {
  const { ctx } = options;
  const user = await findUserById(ctx.db, options.userId);
  if (!user) throw new DomainError('not_found', 'No such user.');
  if (user.totp_enabled) throw new DomainError('conflict', 'An authenticator is already set up for this account.');
  const secret = user.totp_secret ?? newTotpSecret();
  if (!user.totp_secret) await updateUser(ctx.db, user.id, { totp_secret: secret });
  return { secret, uri: totpUri({ issuer: `Redress (${ctx.config.organisation.organisation.name})`, account: user.email, secret }) };
}

/** Turns the authenticator on once the person proves it works with a current code. */
export async function confirmTotpEnrolment(options: { ctx: ServiceContext; userId: string; sessionToken: string; code: string }): Promise<void> {
  const { ctx } = options;
  const user = await findUserById(ctx.db, options.userId);
  if (!user?.totp_secret || user.totp_enabled) throw new DomainError('rule_violated', 'Start setting up the authenticator first.');
  const step = await checkTotp(user.totp_secret, options.code, ctx.clock.now(), user.totp_last_step);
  if (step === null) {
    throw new DomainError('validation_failed', 'That code is not right.', [{ field: 'code', message: 'Enter the 6-digit code your authenticator app shows now.' }]);
  }
  await updateUser(ctx.db, user.id, { totp_enabled: 1, totp_last_step: step });
  await markSecondFactorDone(ctx.db, hashToken(options.sessionToken));
}
