import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { loadEvidenceKey, openEvidenceStore } from '../../src/app-context.js';
import { createEvidenceStore, EvidenceIntegrityError } from '../../src/infra/evidence-store.js';

const PLAINTEXT = new TextEncoder().encode('Screenshot of the messages sent after the branch meeting on 12 February.');
const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('the evidence store, encrypted at rest', () => {
  let root: string;
  const key = randomBytes(32);
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'redress-evidence-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const fileOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256);

  it('keeps the name of the plaintext but writes ciphertext with a versioned header, readable by the owner only', async () => {
    const store = createEvidenceStore(root, key);
    const { sha256, sizeBytes } = await store.put(PLAINTEXT);
    expect(sha256).toBe(sha256Of(PLAINTEXT));
    expect(sizeBytes).toBe(PLAINTEXT.byteLength);
    const onDisk = readFileSync(fileOf(sha256));
    expect(onDisk.subarray(0, 4).toString('ascii')).toBe('RDX1');
    expect(onDisk.includes(Buffer.from('branch meeting'))).toBe(false);
    // magic + nonce + tag, then the ciphertext (as long as the plaintext under GCM).
    expect(onDisk.byteLength).toBe(4 + 12 + 16 + PLAINTEXT.byteLength);
    expect(statSync(fileOf(sha256)).mode & 0o777).toBe(0o600);
    expect(new Uint8Array(await store.get(sha256))).toEqual(PLAINTEXT);
  });

  it('uses a fresh nonce for every file: the same content under the same key is stored as different bytes', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'redress-evidence-'));
    try {
      const { sha256 } = await createEvidenceStore(root, key).put(PLAINTEXT);
      await createEvidenceStore(other, key).put(PLAINTEXT);
      const first = readFileSync(fileOf(sha256));
      const second = readFileSync(path.join(other, sha256.slice(0, 2), sha256));
      expect(first.subarray(4, 16).equals(second.subarray(4, 16))).toBe(false);
      expect(first.equals(second)).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('stores the same content once, and removes it', async () => {
    const store = createEvidenceStore(root, key);
    const { sha256 } = await store.put(PLAINTEXT);
    const before = readFileSync(fileOf(sha256));
    await store.put(PLAINTEXT);
    expect(readFileSync(fileOf(sha256)).equals(before)).toBe(true);
    await store.remove(sha256);
    expect(existsSync(fileOf(sha256))).toBe(false);
    await store.remove(sha256);
  });

  it('refuses a file whose ciphertext, header or name was changed', async () => {
    const store = createEvidenceStore(root, key);
    const { sha256 } = await store.put(PLAINTEXT);
    const original = readFileSync(fileOf(sha256));
    for (const offset of [original.byteLength - 1, 4 + 12 + 3, 6]) {
      const tampered = Buffer.from(original);
      tampered[offset] = tampered[offset]! ^ 0x01;
      writeFileSync(fileOf(sha256), tampered);
      await expect(store.get(sha256)).rejects.toBeInstanceOf(EvidenceIntegrityError);
    }
    // The right bytes under another name fail too: the name is authenticated.
    const otherName = sha256Of(new TextEncoder().encode('something else'));
    mkdirSync(path.dirname(fileOf(otherName)), { recursive: true });
    writeFileSync(fileOf(otherName), original);
    await expect(store.get(otherName)).rejects.toBeInstanceOf(EvidenceIntegrityError);
  });

  it('refuses to read files with another key', async () => {
    const { sha256 } = await createEvidenceStore(root, key).put(PLAINTEXT);
    await expect(createEvidenceStore(root, randomBytes(32)).get(sha256)).rejects.toBeInstanceOf(EvidenceIntegrityError);
    expect(() => createEvidenceStore(root, randomBytes(16))).toThrow(/32 bytes/);
  });

  it('reads files stored before encryption, then encrypts them in place, once', async () => {
    const legacy = new TextEncoder().encode('A file uploaded before encryption at rest.');
    // A plain file that happens to begin with the magic is still a plain file.
    const lookalike = new TextEncoder().encode(`RDX1${'x'.repeat(40)}`);
    for (const bytes of [legacy, lookalike]) {
      mkdirSync(path.dirname(fileOf(sha256Of(bytes))), { recursive: true });
      writeFileSync(fileOf(sha256Of(bytes)), bytes);
    }
    // A plain file that does not match its name (damaged) is reported, and left alone.
    const damagedName = sha256Of(new TextEncoder().encode('the original'));
    mkdirSync(path.dirname(fileOf(damagedName)), { recursive: true });
    writeFileSync(fileOf(damagedName), 'not the original');
    const store = createEvidenceStore(root, key);
    await store.put(PLAINTEXT);

    expect(new Uint8Array(await store.get(sha256Of(legacy)))).toEqual(legacy);
    expect(new Uint8Array(await store.get(sha256Of(lookalike)))).toEqual(lookalike);
    await expect(store.get(damagedName)).rejects.toBeInstanceOf(EvidenceIntegrityError);

    const report = await store.encryptLegacyFiles();
    expect(report).toEqual({ encrypted: 2, alreadyEncrypted: 1, unreadable: [damagedName] });
    expect(readFileSync(fileOf(sha256Of(legacy))).includes(Buffer.from('before encryption'))).toBe(false);
    expect(readFileSync(fileOf(damagedName), 'utf8')).toBe('not the original');
    expect(new Uint8Array(await store.get(sha256Of(legacy)))).toEqual(legacy);
    expect(new Uint8Array(await store.get(sha256Of(lookalike)))).toEqual(lookalike);
    expect(await store.encryptLegacyFiles()).toEqual({ encrypted: 0, alreadyEncrypted: 3, unreadable: [damagedName] });
  });
});

describe('the evidence key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-evidence-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is created outside the database on first start (mode 0600), then reused', async () => {
    const config = loadConfig({ REDRESS_DATA_DIR: dataDir });
    const file = path.join(dataDir, 'secrets', 'evidence-key');
    expect(config.evidenceKeyFile).toBe(file);
    const key = loadEvidenceKey(config);
    expect(key.byteLength).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadEvidenceKey(config).equals(key)).toBe(true);
    const { sha256 } = await openEvidenceStore(config).put(PLAINTEXT);
    expect(new Uint8Array(await openEvidenceStore(config).get(sha256))).toEqual(PLAINTEXT);
  });

  it('is not replaced when it goes missing after files were encrypted with it', async () => {
    const config = loadConfig({ REDRESS_DATA_DIR: dataDir });
    await openEvidenceStore(config).put(PLAINTEXT);
    rmSync(config.evidenceKeyFile);
    expect(problemsOf(() => loadEvidenceKey(config))[0]).toMatch(/^REDRESS_DATA_DIR\/secrets\/evidence-key: the key is missing/);
    expect(existsSync(config.evidenceKeyFile)).toBe(false);
  });

  it('may be given by REDRESS_EVIDENCE_KEY, and start-up names the field when it is unreadable or the wrong length', () => {
    const file = path.join(dataDir, 'key.hex');
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`);
    const config = loadConfig({ REDRESS_DATA_DIR: dataDir, REDRESS_EVIDENCE_KEY: file });
    expect(config.evidenceKeyFile).toBe(file);
    expect(loadEvidenceKey(config).toString('hex')).toBe(readFileSync(file, 'utf8').trim());
    expect(existsSync(path.join(dataDir, 'secrets', 'evidence-key'))).toBe(false);

    // Hexadecimal only: 32 raw bytes, or a 32-character pass phrase, is not a key.
    for (const wrong of [randomBytes(16).toString('hex'), randomBytes(32), randomBytes(33).toString('hex')]) {
      writeFileSync(file, wrong);
      expect(problemsOf(() => loadConfig({ REDRESS_DATA_DIR: dataDir, REDRESS_EVIDENCE_KEY: file }))[0]).toMatch(/^REDRESS_EVIDENCE_KEY: .* must hold a 32-byte key/);
    }
    expect(problemsOf(() => loadConfig({ REDRESS_DATA_DIR: dataDir, REDRESS_EVIDENCE_KEY: path.join(dataDir, 'absent') }))[0]).toMatch(/^REDRESS_EVIDENCE_KEY: cannot read the evidence key .*ENOENT/);
    if (process.getuid?.() !== 0) {
      writeFileSync(file, randomBytes(32).toString('hex'));
      chmodSync(file, 0o000);
      expect(problemsOf(() => loadConfig({ REDRESS_DATA_DIR: dataDir, REDRESS_EVIDENCE_KEY: file }))[0]).toMatch(/^REDRESS_EVIDENCE_KEY: cannot read the evidence key .*EACCES/);
    }
  });
});
