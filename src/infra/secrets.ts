import { createHash } from 'node:crypto';
import { hash, hashRaw, verify, type Algorithm } from '@node-rs/argon2';

/**
 * Argon2id for everything a person knows (passwords, receipt codes), SHA-256
 * for high-entropy random tokens (sessions, API tokens), where a slow hash adds
 * nothing but latency.
 */
// `Algorithm` is an ambient const enum; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * Stored instead of a hash for an account without a password (one made at
 * its first single sign-on): not a hash of anything, so no password matches.
 */
export const NO_PASSWORD = '!no-password';

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/**
 * A receipt code must be found again from the code alone, so its argon2id
 * hash uses one salt per deployment (kept in the data directory, not the
 * database) rather than one per code.
 */
export async function hashReceiptCode(digits: string, deploymentSalt: Uint8Array): Promise<string> {
  const raw = await hashRaw(digits, { ...ARGON2_OPTIONS, salt: Buffer.from(deploymentSalt) });
  return `argon2id:${Buffer.from(raw).toString('hex')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
