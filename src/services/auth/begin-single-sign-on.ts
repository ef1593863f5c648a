import * as oidc from 'openid-client';
import { randomToken } from '../../infra/random.js';
import type { ServiceContext } from '../context.js';
import { providerConfiguration, singleSignOnCallbackUrl, singleSignOnSettings, type PendingSignIn } from './single-sign-on.js';

/**
 * Starts a sign-in at the organisation's OpenID Connect provider: the address
 * to send the browser to, with a fresh state, nonce and PKCE (S256)
 * challenge, and what the browser must keep to finish the sign-in.
 */
export async function beginSingleSignOn(options: { ctx: ServiceContext; next: string }): Promise<{ url: string; pending: PendingSignIn }> {
  const { ctx } = options;
  const settings = singleSignOnSettings(ctx);
  const configuration = await providerConfiguration(ctx);
  const pending: PendingSignIn = { state: randomToken(ctx.random), nonce: randomToken(ctx.random), verifier: randomToken(ctx.random), next: options.next };
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: singleSignOnCallbackUrl(ctx),
    response_type: 'code',
    scope: settings.scopes.join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, pending };
}
