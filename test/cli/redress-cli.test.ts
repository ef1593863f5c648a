import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { openTestDatabase } from '../helpers/test-context.js';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/redress.js');

type Result = { code: number; stdout: string; stderr: string };

for (const kind of testDatabaseKinds()) {
  describe(`the redress command (${kind})`, () => {
    let dataDir: string;
    let env: NodeJS.ProcessEnv;
    let close: () => Promise<void>;

    beforeEach(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-cli-'));
      const database = await openTestDatabase(kind);
      // The command opens its own connection; the test's is only needed to hold the database.
      await database.database.close();
      close = database.close;
      env = { PATH: process.env.PATH, REDRESS_DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) };
    });
    afterEach(async () => {
      await close().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function redress(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Result> {
      try {
        const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...env, ...extra }, timeout: 60_000 });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    }

    it('adds, lists, resets and disables staff accounts', async () => {
      const added = await redress(['user', 'add', '--email', 'Ida@Example.org', '--name', 'Ida Intake', '--role', 'intake_officer', 'case_manager'], { REDRESS_PASSWORD: 'a long enough password' });
      expect(added.stderr).toBe('');
      expect(added.stdout).toContain('Created ida@example.org (case_manager, intake_officer).');
      expect((await redress(['user', 'reset-password', '--email', 'ida@example.org'], { REDRESS_PASSWORD: 'another long password' })).code).toBe(0);
      expect((await redress(['user', 'disable', '--email', 'ida@example.org'])).code).toBe(0);
      const listed = await redress(['user', 'list']);
      expect(listed.stdout).toMatch(/ida@example\.org\tIda Intake\tcase_manager,intake_officer\tdisabled/);
    });

    it('refuses a weak password or an unknown role with exit code 2 and says what to fix', async () => {
      const weak = await redress(['user', 'add', '--email', 'x@example.org', '--name', 'X Y', '--role', 'investigator'], { REDRESS_PASSWORD: 'short' });
      expect(weak.code).toBe(2);
      expect(weak.stderr).toContain('password: Use at least 12 characters.');
      const role = await redress(['user', 'add', '--email', 'x@example.org', '--name', 'X Y', '--role', 'emperor'], { REDRESS_PASSWORD: 'a long enough password' });
      expect(role.code).not.toBe(0);
      expect(role.stderr).toContain('emperor');
    });

    it('loads the demonstration organisation once', async () => {
      const demo = await redress(['demo', '--cases', '12']);
      expect(demo.stdout).toContain('Loaded 12 cases.');
      expect((await redress(['demo', '--cases', '12'])).stderr).toContain('already been loaded');
    });

    it('checks the configuration and names a bad field', async () => {
      expect((await redress(['config', 'check'])).stdout).toContain('Configuration is valid (defaults).');
      const file = path.join(dataDir, 'bad.yaml');
      writeFileSync(file, 'timetable:\n  stages:\n    investigation: 0\n');
      const bad = await redress(['config', 'check'], { REDRESS_CONFIG: file });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('timetable.stages.investigation');
    });
  });
}
