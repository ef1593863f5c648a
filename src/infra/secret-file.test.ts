import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { readOrCreateSecretFile } from './secret-file.js';

const run = promisify(execFile);
const MODULE = path.resolve(import.meta.dirname, 'secret-file.ts');

describe('a secret file created on first start', () => {
  let directory: string;
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('is created once, mode 0600, and read back the same afterwards', () => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'redress-secret-'));
    const file = path.join(directory, 'secrets', 'salt');
    const first = readOrCreateSecretFile(file, () => 'first');
    expect(readOrCreateSecretFile(file, () => 'second')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['salt']);
  });

  it('gives processes starting at the same moment one and the same complete secret', async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'redress-secret-'));
    const file = path.join(directory, 'secrets', 'salt');
    const script = `import(${JSON.stringify(MODULE)}).then(({ readOrCreateSecretFile }) => process.stdout.write(readOrCreateSecretFile(${JSON.stringify(file)}, () => require('node:crypto').randomBytes(32).toString('hex'))))`;
    const outputs = await Promise.all(Array.from({ length: 8 }, () => run(process.execPath, ['--import', 'tsx', '-e', script])));
    const secrets = new Set(outputs.map((output) => output.stdout));
    expect(secrets.size).toBe(1);
    expect([...secrets][0]).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(path.dirname(file))).toEqual(['salt']);
  });
});
