import { generate, generateSecret, generateURI, verify } from 'otplib';

/** TOTP (RFC 6238) through otplib; time comes from the caller's clock. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(options: { issuer: string; account: string; secret: string }): string {
  return generateURI({ issuer: options.issuer, label: options.account, secret: options.secret });
}

/**
 * The time step of a valid code later than `afterStep`, or null. One step of
 * clock drift either way is tolerated; a code at or before `afterStep` (one
 * already used) is refused.
 */
export async function checkTotp(secret: string, code: string, now: Date, afterStep: number | null): Promise<number | null> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30, ...(afterStep === null ? {} : { afterTimeStep: afterStep }) });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export function totpCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
