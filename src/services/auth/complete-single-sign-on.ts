import * as oidc from 'openid-client';
import { isRole, type Role } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { findUserByEmail, findUserByOidcIdentity, insertUser, replaceUserRoles, updateUser, type UserWithRoles } from '../../db/repositories/user.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import { NO_PASSWORD } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { openSession } from './sessions.js';
import { providerConfiguration, singleSignOnCallbackUrl, singleSignOnSettings, SingleSignOnUnavailable, type PendingSignIn, type SingleSignOnSettings } from './single-sign-on.js';

type Claims = Record<string, unknown>;

/** Who the provider says signed in, once its answer has been checked. */
type Identity = { issuer: string; subject: string; email: string | null; name: string | null; groups: string[]; roles: Role[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const startAgain = 'Start again from the sign-in page.';

/**
 * The Redress roles a person's groups give: every role mapped from any of
 * their groups. The claim may hold a list of strings or one string.
 */
function rolesFromGroups(groups: readonly string[], mapping: Readonly<Record<string, readonly string[]>>): Role[] {
  const roles = new Set<Role>();
  for (const group of groups) for (const role of Object.hasOwn(mapping, group) ? mapping[group]! : []) if (isRole(role)) roles.add(role);
  return [...roles].sort();
}

function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The e-mail address in the claims, only when the provider says it has verified it (linking by an unverified address would hand over an account). */
function verifiedEmailOf(claims: Claims, settings: SingleSignOnSettings): string | null {
  const value = claims[settings.emailClaim];
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  if (typeof value !== 'string' || !verified) return null;
  const email = value.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

/**
 * Turns what openid-client throws into a refusal the person can act on; a
 * network failure or timeout is the provider being unreachable instead.
 */
function refusalOf(error: unknown): Error {
  if (error instanceof oidc.AuthorizationResponseError) {
    const said = error.error === 'access_denied' ? 'The sign-in was cancelled, or the single sign-on service refused it' : `The single sign-on service refused the sign-in (${error.error_description ?? error.error})`;
    return new DomainError('unauthenticated', `${said}. ${startAgain}`);
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new DomainError('unauthenticated', `The single sign-on service did not accept this sign-in (${error.error}); it may have been used already, or taken too long. ${startAgain}`);
  }
  if (error instanceof oidc.ClientError) {
    return new DomainError('unauthenticated', `The answer from the single sign-on service does not match the sign-in started in this browser (${error.message}). ${startAgain}`);
  }
  return new SingleSignOnUnavailable(error);
}

/** Checks the provider's answer (state, PKCE, the ID token and its nonce) and reads who signed in. */
async function identityOf(ctx: ServiceContext, settings: SingleSignOnSettings, query: URLSearchParams, pending: PendingSignIn): Promise<Identity> {
  const configuration = await providerConfiguration(ctx);
  const currentUrl = new URL(singleSignOnCallbackUrl(ctx));
  currentUrl.search = query.toString();
  let claims: Claims;
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    claims = { ...idToken };
    // Providers often keep the address and the groups out of the ID token; then they are at the UserInfo endpoint.
    if ((claims[settings.emailClaim] === undefined || claims[settings.rolesClaim] === undefined) && configuration.serverMetadata().userinfo_endpoint) {
      claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...idToken };
    }
  } catch (error) {
    throw refusalOf(error);
  }
  const groups = groupsOf(claims[settings.rolesClaim]);
  const name = typeof claims.name === 'string' && claims.name.trim().length >= 2 ? claims.name.trim() : null;
  return { issuer: String(claims.iss), subject: String(claims.sub), email: verifiedEmailOf(claims, settings), name, groups, roles: rolesFromGroups(groups, settings.roleMapping) };
}

function noRole(settings: SingleSignOnSettings, identity: Identity): DomainError {
  const held = identity.groups.length > 0 ? `it lists ${identity.groups.join(', ')}` : 'it lists none';
  return new DomainError(
    'forbidden',
    `Your account at the single sign-on service is not in any group that gives a role here (the "${settings.rolesClaim}" claim: ${held}). Ask an administrator to add you to the right group, then sign in again.`,
  );
}

type Account = { kind: 'linked' | 'same_email'; user: UserWithRoles } | { kind: 'new'; email: string };

/**
 * The account this identity signs in to: the one already linked to it, or
 * (at first use) the account with the same verified e-mail address, or a new
 * one when the configuration allows. Refuses otherwise, writing nothing.
 */
async function accountFor(trx: Executor, settings: SingleSignOnSettings, identity: Identity): Promise<Account> {
  const linked = await findUserByOidcIdentity(trx, identity.issuer, identity.subject);
  if (linked) return { kind: 'linked', user: linked };
  if (!identity.email) {
    throw new DomainError('forbidden', `The single sign-on service did not give a verified e-mail address (the "${settings.emailClaim}" claim), so no account here can be matched to you. Ask an administrator.`);
  }
  const byEmail = await findUserByEmail(trx, identity.email);
  if (byEmail?.oidc_subject) {
    throw new DomainError('forbidden', `The account for ${identity.email} is already linked to another single sign-on identity. Ask an administrator.`);
  }
  if (byEmail) return { kind: 'same_email', user: byEmail };
  if (!settings.createAccounts) {
    throw new DomainError('forbidden', `There is no account here for ${identity.email}, and accounts are not created at sign-in. Ask an administrator to create one.`);
  }
  return { kind: 'new', email: identity.email };
}

/**
 * Finishes a single sign-on: checks the provider's answer against what this
 * browser started with, finds or creates the account, sets its roles from the
 * groups claim (at every sign-in, so a group removed at the provider takes
 * the role away here), and opens a session. The provider is the second
 * factor, so the session is active at once, without TOTP.
 */
export async function completeSingleSignOn(options: { ctx: ServiceContext; query: URLSearchParams; pending: PendingSignIn | null }): Promise<{ token: string; next: string }> {
  const { ctx, pending } = options;
  const settings = singleSignOnSettings(ctx);
  if (!pending) {
    throw new DomainError('unauthenticated', `This sign-in has expired, or was started in another browser. ${startAgain}`);
  }
  const identity = await identityOf(ctx, settings, options.query, pending);
  const now = ctx.clock.now().toISOString();

  const outcome = await ctx.db.transaction().execute(async (trx): Promise<{ token: string } | { refused: DomainError }> => {
    const account = await accountFor(trx, settings, identity);
    if (account.kind !== 'new' && account.user.disabled_at) throw new DomainError('forbidden', 'This account is disabled. Ask an administrator.');
    if (identity.roles.length === 0) {
      // The provider is the authority for an account linked to it: no group there, no role here.
      if (account.kind === 'linked' && account.user.roles.length > 0) {
        await replaceUserRoles(trx, account.user.id, []);
        return { refused: noRole(settings, identity) };
      }
      throw noRole(settings, identity);
    }
    let userId: string;
    if (account.kind !== 'new') {
      userId = account.user.id;
      // As a password sign-in does: a success clears the count of failures and any lockout.
      await updateUser(trx, userId, { oidc_issuer: identity.issuer, oidc_subject: identity.subject, failed_logins: 0, locked_until: null });
      await replaceUserRoles(trx, userId, identity.roles);
    } else {
      userId = ctx.random.uuid();
      // No password: only the provider signs this account in.
      const row = { id: userId, email: account.email, display_name: identity.name ?? account.email, password_hash: NO_PASSWORD, totp_enabled: 0, failed_logins: 0, created_at: now, oidc_issuer: identity.issuer, oidc_subject: identity.subject };
      if (!(await insertUser(trx, row, identity.roles))) throw new DomainError('conflict', `An account for ${account.email} was created meanwhile. ${startAgain}`);
    }
    return { token: await openSession(ctx, userId, trx) };
  });
  if ('refused' in outcome) throw outcome.refused;
  return { token: outcome.token, next: pending.next };
}
