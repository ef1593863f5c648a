import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createServiceContext } from '../../src/app-context.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { openTestDatabase } from '../helpers/test-context.js';
import { complaintInput } from '../helpers/factories.js';
import { generateSigningKey, rawPublicKey, verifierKey } from '../../src/ledger/checkpoint.js';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/redress.js');

type Result = { code: number; stdout: string; stderr: string };

for (const kind of testDatabaseKinds()) {
  describe(`redress ledger, from the command line (${kind})`, () => {
    let dataDir: string;
    let work: string;
    let env: NodeJS.ProcessEnv;
    let close: () => Promise<void>;
    let key: string;
    let stateFile: string;
    const dir1 = () => path.join(work, 'export-1');
    const dir2 = () => path.join(work, 'export-2');

    async function redress(args: string[]): Promise<Result> {
      try {
        const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    }

    /** A copy of export 2 to doctor, so each case starts from the genuine files. */
    function copyOfExport2(name: string): string {
      const copy = path.join(work, name);
      cpSync(dir2(), copy, { recursive: true });
      return copy;
    }

    /** A copy of the overseer's state, so a failing run cannot disturb the next case. */
    function copyOfState(name: string): string {
      const copy = path.join(work, `${name}.state.json`);
      cpSync(stateFile, copy);
      return copy;
    }

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-ledger-cli-'));
      work = mkdtempSync(path.join(os.tmpdir(), 'redress-ledger-work-'));
      const database = await openTestDatabase(kind);
      await database.database.close();
      close = database.close;
      env = { PATH: process.env.PATH, REDRESS_DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) };
      stateFile = path.join(work, 'overseer-state.json');

      const demo = await redress(['demo', '--cases', '10']);
      expect(demo.stderr).toBe('');
      expect(demo.stdout).toContain('Loaded 10 cases.');

      const exported = await redress(['ledger', 'export', '--out', dir1()]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toMatch(/Exported \d+ entries and 1 checkpoints to /);
      for (const file of ['entries.jsonl', 'checkpoints.jsonl', 'public-key.txt']) expect(existsSync(path.join(dir1(), file))).toBe(true);

      const printed = await redress(['ledger', 'key']);
      expect(printed.code, printed.stderr).toBe(0);
      key = printed.stdout.trim();
      expect(key).toMatch(/^\S+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
      expect(readFileSync(path.join(dir1(), 'public-key.txt'), 'utf8').trim()).toBe(key);

      const verified = await redress(['ledger', 'verify', dir1(), '--key', key, '--state', stateFile]);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/^Verified: \d+ entries, 1 signed checkpoints, root [0-9a-f]{64}\./);
      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ size: expect.any(Number), rootHash: expect.any(String) });

      // More activity, written by the application itself against the same database.
      const { ctx, database: handle } = createServiceContext({ config: loadConfig(env) });
      try {
        for (let i = 0; i < 3; i++) await submitComplaint({ ctx, complaint: complaintInput({ summary: `Later complaint ${i}` }), files: [], channel: 'web' });
      } finally {
        await handle.close();
      }
      const checkpoint = await redress(['ledger', 'checkpoint']);
      expect(checkpoint.code, checkpoint.stderr).toBe(0);
      expect(checkpoint.stdout).toMatch(/\n\n\u2014 \S+ [A-Za-z0-9+/]+=*\n$/);

      const again = await redress(['ledger', 'export', '--out', dir2()]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/Exported \d+ entries and 2 checkpoints to /);
    }, 240_000);

    afterAll(async () => {
      await close?.().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    });

    it('verifies the grown export against what the overseer saw before, and moves the state on', async () => {
      const before = JSON.parse(readFileSync(stateFile, 'utf8')) as { size: number };
      const state = copyOfState('grown');
      const result = await redress(['ledger', 'verify', dir2(), '--key', key, '--state', state]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Verified: \d+ entries, 2 signed checkpoints/);
      const after = JSON.parse(readFileSync(state, 'utf8')) as { size: number };
      const exported = readFileSync(path.join(dir2(), 'entries.jsonl'), 'utf8').split('\n').filter((line) => line !== '').length;
      expect(after.size).toBe(exported);
      expect(after.size).toBeGreaterThan(before.size);
    });

    it('accepts the public key from a file', async () => {
      const keyFile = path.join(dir2(), 'public-key.txt');
      const result = await redress(['ledger', 'verify', dir2(), '--key', keyFile]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Verified: /);
    });

    it('refuses an export with one character of a leaf changed, naming the checkpoint and the entries it covers', async () => {
      const doctored = copyOfExport2('changed-leaf');
      const file = path.join(doctored, 'entries.jsonl');
      const lines = readFileSync(file, 'utf8').split('\n');
      // Each line is a leaf exactly as hashed.
      const leaf = lines[4]!;
      expect(JSON.parse(leaf)).toMatchObject({ seq: 4 });
      // One character of the payload hash, so the leaf stays well-formed and only its hash changes.
      const at = leaf.indexOf('"payload":"') + '"payload":"'.length;
      const flipped = leaf[at] === '0' ? '1' : '0';
      lines[4] = `${leaf.slice(0, at)}${flipped}${leaf.slice(at + 1)}`;
      writeFileSync(file, lines.join('\n'));
      const result = await redress(['ledger', 'verify', doctored, '--key', key, '--state', copyOfState('changed-leaf')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/NOT VERIFIED: checkpoint 0 \(size \d+\) does not match the entries: an entry from 0 to \d+ was altered/);
    });

    it('refuses an export with the place number inside a leaf changed, naming the entry', async () => {
      const doctored = copyOfExport2('renumbered-leaf');
      const file = path.join(doctored, 'entries.jsonl');
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines[4]).toContain('"seq":4,');
      lines[4] = lines[4]!.replace('"seq":4,', '"seq":5,');
      writeFileSync(file, lines.join('\n'));
      const result = await redress(['ledger', 'verify', doctored, '--key', key]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/NOT VERIFIED: entry 4 is missing \(the next entry is 5\)/);
    });

    it('refuses an export whose last entry was removed: truncated', async () => {
      const doctored = copyOfExport2('short');
      const file = path.join(doctored, 'entries.jsonl');
      const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
      writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n`);
      const result = await redress(['ledger', 'verify', doctored, '--key', key, '--state', copyOfState('short')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`NOT VERIFIED: checkpoint 1 signs ${lines.length} entries but only ${lines.length - 1} are present: the log was truncated`));
    });

    it('refuses an emptied export against the saved state: shrank or truncated', async () => {
      const doctored = copyOfExport2('empty');
      writeFileSync(path.join(doctored, 'entries.jsonl'), '');
      const result = await redress(['ledger', 'verify', doctored, '--key', key, '--state', copyOfState('empty')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/NOT VERIFIED: .*(shrank|truncated)/);
    });

    it('refuses an emptied export with its checkpoints removed too, because of the saved state', async () => {
      const doctored = copyOfExport2('blank');
      writeFileSync(path.join(doctored, 'entries.jsonl'), '');
      writeFileSync(path.join(doctored, 'checkpoints.jsonl'), '');
      const result = await redress(['ledger', 'verify', doctored, '--key', key, '--state', copyOfState('blank')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/NOT VERIFIED: the log shrank: you verified \d+ entries before, only 0 are present now/);
    });

    it('refuses a public key whose key id does not match', async () => {
      const other = key.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
      const result = await redress(['ledger', 'verify', dir2(), '--key', other]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('NOT VERIFIED: the public key is not valid');
    });

    it('refuses an export checked with a different key of the same name', async () => {
      const impostor = generateSigningKey(key.split('+')[0]!);
      const result = await redress(['ledger', 'verify', dir2(), '--key', verifierKey(impostor.name, rawPublicKey(impostor.publicKey))]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/NOT VERIFIED: checkpoint 0 is not validly signed/);
    });

    it('verifies the live database', async () => {
      const result = await redress(['ledger', 'verify', '--db']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Verified: \d+ entries, 2 signed checkpoints, root [0-9a-f]{64}\./);
    });

    it('prints an inclusion proof for an entry, with the checkpoint it is against', async () => {
      const result = await redress(['ledger', 'prove', '--entry', '3']);
      expect(result.code, result.stderr).toBe(0);
      const proof = JSON.parse(result.stdout) as { index: number; size: number; leafHash: string; proof: string[]; checkpoint: string; publicKey: string };
      expect(proof.index).toBe(3);
      expect(proof.leafHash).toMatch(/^[0-9a-f]{64}$/);
      expect(proof.proof.length).toBeGreaterThan(0);
      for (const hash of proof.proof) expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(proof.checkpoint).toContain(`\n${proof.size}\n`);
      expect(proof.publicKey).toBe(key);
    });
  });
}
