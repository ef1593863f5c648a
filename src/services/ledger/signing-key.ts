import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateSigningKey, rawPublicKey, verifierKey, verifierOf, type SigningKey, type Verifier } from '../../ledger/checkpoint.js';
import type { Config } from '../../config/config.js';
import { readOrCreateSecretFile } from '../../infra/secret-file.js';

/** The log's name in its checkpoints: configured, or the public address's host with /ledger. */
export function ledgerOrigin(config: Config): string {
  return config.organisation.ledger.origin ?? `${new URL(config.publicUrl).host}/ledger`;
}

/**
 * The ledger's signing key, from a file outside the database (created on
 * first use, mode 0600). Whoever can write the database cannot sign.
 */
export function loadSigningKey(config: Config): SigningKey {
  const name = ledgerOrigin(config);
  const pem = readOrCreateSecretFile(config.ledgerKeyFile, () => generateSigningKey(name).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const privateKey = createPrivateKey(pem);
  return { name, privateKey, publicKey: createPublicKey(privateKey) };
}

/** The verifier key an overseer needs, in the signed-note format (name+id+key). */
export function publicVerifierKey(key: SigningKey): string {
  return verifierKey(key.name, rawPublicKey(key.publicKey));
}

/** The keys this installation signed with before it was rotated (kept beside the current key), oldest first. */
export function retiredVerifiers(config: Config, keyName: string): Verifier[] {
  const directory = path.dirname(config.ledgerKeyFile);
  if (!existsSync(directory)) return [];
  const prefix = `${path.basename(config.ledgerKeyFile)}.retired-`;
  return readdirSync(directory)
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => {
      const privateKey = createPrivateKey(readFileSync(path.join(directory, name), 'utf8'));
      return verifierOf({ name: keyName, privateKey, publicKey: createPublicKey(privateKey) });
    });
}

/**
 * Every key this installation has signed with: the retired ones and the
 * current one, oldest first.
 */
export function loadKnownVerifiers(config: Config): Verifier[] {
  const current = loadSigningKey(config);
  return [...retiredVerifiers(config, current.name), verifierOf(current)];
}
