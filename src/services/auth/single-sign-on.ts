import * as oidc from 'openid-client';
import type { Config } from '../../config/config.js';
import type { OrganisationConfig } from '../../config/organisation-config.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceContext } from '../context.js';

/**
 * What single sign-on (OpenID Connect) shares between its two steps: the
 * settings, the provider's discovered configuration (fetched once per
 * configuration and kept), and what the first step leaves with the browser
 * for the second.
 */

export type SingleSignOnSettings = OrganisationConfig['singleSignOn'] & { issuer: string; clientId: string; clientSecret: string };

/**
 * What the browser keeps between leaving for the provider and coming back,
 * in a signed cookie: the values the answer must match, and where to go after.
 */
export type PendingSignIn = { state: string; nonce: string; verifier: string; next: string };

/** The provider could not be reached or answered nonsense: a fault on the way, not the person's. */
export class SingleSignOnUnavailable extends Error {
  constructor(cause: unknown) {
    super('The single sign-on service cannot be reached just now. Try again in a moment, or sign in with your e-mail address and password.', { cause });
    this.name = 'SingleSignOnUnavailable';
  }
}

/** The configured provider; refuses when single sign-on is off. */
export function singleSignOnSettings(ctx: ServiceContext): SingleSignOnSettings {
  const sso = ctx.config.organisation.singleSignOn;
  const clientSecret = ctx.config.singleSignOnClientSecret;
  if (!sso.issuer || !sso.clientId || !clientSecret) {
    throw new DomainError('not_found', 'Single sign-on is not set up here; sign in with your e-mail address and password.');
  }
  return { ...sso, issuer: sso.issuer, clientId: sso.clientId, clientSecret };
}

/** Where the provider sends the browser back: registered at the provider as this client's redirect URI. */
export function singleSignOnCallbackUrl(ctx: ServiceContext): string {
  return `${ctx.config.publicUrl}/login/sso/callback`;
}

// One discovery per configuration (a running server has one); a failed one is forgotten, so the next sign-in tries again.
const discovered = new WeakMap<Config, Promise<oidc.Configuration>>();

/** The provider's metadata and keys, from its discovery document, fetched once and kept. */
export function providerConfiguration(ctx: ServiceContext): Promise<oidc.Configuration> {
  const cached = discovered.get(ctx.config);
  if (cached) return cached;
  const settings = singleSignOnSettings(ctx);
  const pending = oidc
    .discovery(new URL(settings.issuer), settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
      execute: settings.allowInsecureHttp ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    })
    .catch((error: unknown) => {
      discovered.delete(ctx.config);
      throw new SingleSignOnUnavailable(error);
    });
  discovered.set(ctx.config, pending);
  return pending;
}
