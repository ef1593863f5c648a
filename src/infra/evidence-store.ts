import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Evidence files stored by the SHA-256 of their content under the data
 * directory. The same file uploaded twice is stored once, and a file's name
 * is its integrity check.
 *
 * On disk each file is AES-256-GCM ciphertext under a key kept outside the
 * database (see loadEvidenceKey in app-context.ts): whoever copies the data
 * directory or a backup of it without the key reads nothing. The name stays
 * the SHA-256 of the plaintext, which the evidence table and the ledger
 * record, so encrypting changes no reference to a file.
 */
export type EvidenceStore = {
  put(bytes: Uint8Array): Promise<{ sha256: string; sizeBytes: number }>;
  /** The plaintext, checked against its name; a tampered file, or one under another key, is an error. */
  get(sha256: string): Promise<Buffer>;
  /** Deletes a stored file (erasure under a retention rule); nothing happens when it is already gone. */
  remove(sha256: string): Promise<void>;
  /** Rewrites, encrypted, every file stored before encryption; see EncryptionReport. */
  encryptLegacyFiles(): Promise<EncryptionReport>;
};

export type EncryptionReport = {
  /** Plain files rewritten encrypted. */
  encrypted: number;
  /** Files that were encrypted already. */
  alreadyEncrypted: number;
  /** Files left as they were because they do not match their name (damaged, or under another key): their names. */
  unreadable: string[];
};

/** The length of an evidence key: AES-256. */
export const EVIDENCE_KEY_BYTES = 32;

/*
 * The format of an encrypted file, version 1:
 *   magic "RDX1" (4 bytes) | nonce (12 bytes, fresh and random per file) | GCM tag (16 bytes) | ciphertext
 * The magic and the file's name (its plaintext's SHA-256) are authenticated
 * as additional data, so a file moved under another name fails too.
 */
const MAGIC = Buffer.from('RDX1', 'ascii');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + NONCE_BYTES + TAG_BYTES;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Why a stored file cannot be returned: it is damaged, was tampered with, or was written under another key. */
export class EvidenceIntegrityError extends Error {
  constructor(readonly sha256: string) {
    super(`evidence file ${sha256} does not decrypt to its content under this key (tampered with, damaged, or written under another key)`);
    this.name = 'EvidenceIntegrityError';
  }
}

/**
 * Reads an evidence key from a key file's bytes: 64 hexadecimal digits (32
 * bytes), surrounding white space allowed. Returns null for anything else:
 * raw bytes are not accepted, so a short pass phrase can never pass for a key.
 */
export function parseEvidenceKey(bytes: Uint8Array): Buffer | null {
  const text = Buffer.from(bytes).toString('utf8').trim();
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : null;
}

/** A new random key, as the hexadecimal text a key file holds. */
export function newEvidenceKeyText(): string {
  return randomBytes(EVIDENCE_KEY_BYTES).toString('hex');
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function isEncrypted(stored: Buffer): boolean {
  return stored.byteLength >= HEADER_BYTES && stored.subarray(0, MAGIC.length).equals(MAGIC);
}

function additionalData(sha256: string): Buffer {
  return Buffer.concat([MAGIC, Buffer.from(sha256, 'ascii')]);
}

function encrypt(key: Buffer, sha256: string, plaintext: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(sha256));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, nonce, cipher.getAuthTag(), ciphertext]);
}

function decrypt(key: Buffer, sha256: string, stored: Buffer): Buffer | null {
  const nonce = stored.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
  const tag = stored.subarray(MAGIC.length + NONCE_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(sha256));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(stored.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * The plaintext of a stored file, or null when it cannot be trusted. A file
 * without the header was stored before encryption and is read as it is; so is
 * a plain file that happens to begin with the magic, which the hash tells
 * apart from a damaged encrypted one. Either way the bytes returned hash to
 * the name.
 */
function open(key: Buffer, sha256: string, stored: Buffer): { plaintext: Buffer; legacy: boolean } | null {
  if (isEncrypted(stored)) {
    const plaintext = decrypt(key, sha256, stored);
    if (plaintext && sha256Of(plaintext) === sha256) return { plaintext, legacy: false };
  }
  return sha256Of(stored) === sha256 ? { plaintext: stored, legacy: true } : null;
}

/**
 * Whether any file under the store's directory is encrypted. A missing key
 * with encrypted files present is a lost key, not a first start: making a
 * new one would leave every earlier file unreadable. Reads four bytes a file
 * and stops at the first encrypted one; only called when the key is missing.
 */
export function holdsEncryptedFiles(root: string): boolean {
  if (!existsSync(root)) return false;
  const head = Buffer.alloc(MAGIC.length);
  for (const prefix of readdirSync(root)) {
    const directory = path.join(root, prefix);
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of readdirSync(directory).filter((candidate) => SHA256_HEX.test(candidate))) {
      const fd = openSync(path.join(directory, name), 'r');
      try {
        if (readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC)) return true;
      } finally {
        closeSync(fd);
      }
    }
  }
  return false;
}

export function createEvidenceStore(root: string, key: Uint8Array): EvidenceStore {
  if (key.byteLength !== EVIDENCE_KEY_BYTES) throw new Error(`the evidence key must be ${EVIDENCE_KEY_BYTES} bytes`);
  const aesKey = Buffer.from(key);
  mkdirSync(root, { recursive: true });
  const pathOf = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  /** Replaces a file in one step, so a reader never sees half of it. */
  const writeAtomically = async (target: string, bytes: Uint8Array) => {
    mkdirSync(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${Date.now()}.${randomBytes(4).toString('hex')}.part`;
    await writeFile(temporary, bytes, { mode: 0o600 });
    await rename(temporary, target);
  };
  return {
    async put(bytes) {
      const sha256 = sha256Of(bytes);
      const target = pathOf(sha256);
      const existing = await stat(target).catch(() => null);
      if (!existing) await writeAtomically(target, encrypt(aesKey, sha256, bytes));
      return { sha256, sizeBytes: bytes.byteLength };
    },
    async get(sha256) {
      const opened = open(aesKey, sha256, await readFile(pathOf(sha256)));
      if (!opened) throw new EvidenceIntegrityError(sha256);
      return opened.plaintext;
    },
    remove: (sha256) => rm(pathOf(sha256), { force: true }),
    async encryptLegacyFiles() {
      const report: EncryptionReport = { encrypted: 0, alreadyEncrypted: 0, unreadable: [] };
      for (const prefix of (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name))) {
        const names = (await readdir(path.join(root, prefix.name))).filter((name) => SHA256_HEX.test(name) && name.startsWith(prefix.name)).sort();
        for (const sha256 of names) {
          const opened = open(aesKey, sha256, await readFile(pathOf(sha256)));
          if (!opened) report.unreadable.push(sha256);
          else if (!opened.legacy) report.alreadyEncrypted += 1;
          else {
            await writeAtomically(pathOf(sha256), encrypt(aesKey, sha256, opened.plaintext));
            report.encrypted += 1;
          }
        }
      }
      return report;
    },
  };
}
