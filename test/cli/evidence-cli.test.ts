import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openEvidenceStore } from '../../src/app-context.js';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/redress.js');

// The command touches files only, never the database, so it runs once rather than per database.
describe('redress evidence encrypt', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-evidence-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function redress(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, REDRESS_DATA_DIR: dataDir }, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('rewrites the files stored before encryption, says how many, and changes nothing the second time', async () => {
    // An existing deployment: plain files, written before there was a key.
    const files = ['First statement, stored in plain.', 'A screenshot, stored in plain.'].map((text) => new TextEncoder().encode(text));
    const names = files.map((bytes) => createHash('sha256').update(bytes).digest('hex'));
    for (const [index, bytes] of files.entries()) {
      const file = path.join(dataDir, 'evidence', names[index]!.slice(0, 2), names[index]!);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }

    const first = await redress(['evidence', 'encrypt']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Encrypted 2 file(s); 0 already encrypted.');
    for (const name of names) expect(readFileSync(path.join(dataDir, 'evidence', name.slice(0, 2), name)).subarray(0, 4).toString('ascii')).toBe('RDX1');

    // The key the command made is the one the application reads with.
    const store = openEvidenceStore(loadConfig({ REDRESS_DATA_DIR: dataDir }));
    for (const [index, name] of names.entries()) expect(new Uint8Array(await store.get(name))).toEqual(files[index]);

    expect((await redress(['evidence', 'encrypt'])).stdout).toContain('Encrypted 0 file(s); 2 already encrypted.');
  });

  it('leaves a file that does not match its name, names it, and fails', async () => {
    const name = createHash('sha256').update('the original').digest('hex');
    const file = path.join(dataDir, 'evidence', name.slice(0, 2), name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'something else');
    const result = await redress(['evidence', 'encrypt']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(name);
    expect(readFileSync(file, 'utf8')).toBe('something else');
  });
});
