import { randomBytes, randomUUID } from 'node:crypto';

/** Randomness every use case receives, so tests and the demo can be reproducible. */
export type Random = {
  uuid(): string;
  bytes(length: number): Uint8Array;
};

export const cryptoRandom: Random = {
  uuid: () => randomUUID(),
  bytes: (length) => new Uint8Array(randomBytes(length)),
};

/** A token for a cookie, a link or an API client: 32 random bytes, base64url. */
export function randomToken(random: Random): string {
  return Buffer.from(random.bytes(32)).toString('base64url');
}
