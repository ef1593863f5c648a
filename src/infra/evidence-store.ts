import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Evidence files stored by the SHA-256 of their content under the data
 * directory. The same file uploaded twice is stored once, and a file's name
 * is its integrity check.
 */
export type EvidenceStore = {
  put(bytes: Uint8Array): Promise<{ sha256: string; sizeBytes: number }>;
  get(sha256: string): Promise<Buffer>;
  /** Deletes a stored file (erasure under a retention rule); nothing happens when it is already gone. */
  remove(sha256: string): Promise<void>;
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function createEvidenceStore(root: string): EvidenceStore {
  mkdirSync(root, { recursive: true });
  const pathOf = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      const existing = await stat(target).catch(() => null);
      if (!existing) {
        mkdirSync(path.dirname(target), { recursive: true });
        const temporary = `${target}.${process.pid}.${Date.now()}.part`;
        await writeFile(temporary, bytes, { mode: 0o600 });
        await rename(temporary, target);
      }
      return { sha256, sizeBytes: bytes.byteLength };
    },
    get: (sha256) => readFile(pathOf(sha256)),
    remove: (sha256) => rm(pathOf(sha256), { force: true }),
  };
}
