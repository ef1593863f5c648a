import { generate, generateSecret, generateURI, verify } from 'otplib';

/** TOTP (RFC 6238) through otplib; time comes from the caller's clock. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(options: { issuer: string; account: string; secret: string }): string {
  return generateURI({ issuer: options.issuer, label: options.account, secret: options.secret });
}

export async function checkTotp(secret: string, code: string, now: Date): Promise<boolean> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const result = await verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30 });
  return result.valid;
}

export function totpCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
