import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createServiceContext } from '../../src/app-context.js';
import { migrateToLatest } from '../../src/db/connection.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { withdrawComplaint } from '../../src/services/cases/withdraw-complaint.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { openTestDatabase, TestClock } from '../helpers/test-context.js';
import { complaintInput, createStaff } from '../helpers/factories.js';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/redress.js');

type Result = { code: number; stdout: string; stderr: string };

for (const kind of testDatabaseKinds()) {
  describe(`redress retention run, then redress ledger verify (${kind})`, () => {
    let dataDir: string;
    let env: NodeJS.ProcessEnv;
    let close: () => Promise<void>;
    let reference: string;

    async function redress(args: string[]): Promise<Result> {
      try {
        const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    }

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-retention-cli-'));
      const database = await openTestDatabase(kind);
      await database.database.close();
      close = database.close;
      env = { PATH: process.env.PATH, REDRESS_DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}) };
      // A complaint withdrawn eight years ago, written by the application itself against the database the command uses.
      const clock = new TestClock(new Date(Date.now() - 8 * 366 * 86_400_000));
      const { ctx, database: handle } = createServiceContext({ config: loadConfig(env), clock });
      try {
        await migrateToLatest(ctx.db);
        const intake = await createStaff(ctx, ['intake_officer']);
        const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [{ filename: 'screenshot.txt', bytes: new TextEncoder().encode('An old screenshot.\n') }], channel: 'web' });
        await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
        await withdrawComplaint({ ctx, staff: intake, caseId: receipt.caseId, explanation: 'The complainant wrote to withdraw the complaint.' });
        reference = receipt.reference;
      } finally {
        await handle.close();
      }
      const checkpoint = await redress(['ledger', 'checkpoint']);
      expect(checkpoint.code, checkpoint.stderr).toBe(0);
    }, 120_000);

    afterAll(async () => {
      await close?.().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('prints what a dry run would erase, erases it, erases nothing more the second time, and the ledger still verifies', async () => {
      const dry = await redress(['retention', 'run', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/^Would erase 1 closed case\(s\): \d+ timeline entries, 1 evidence file\./);
      expect(dry.stdout).toContain(`${reference}\tclosed `);

      const erased = await redress(['retention', 'run']);
      expect(erased.code, erased.stderr).toBe(0);
      expect(erased.stdout).toMatch(/^Erased 1 closed case\(s\): \d+ timeline entries, 1 evidence file\./);
      expect(erased.stdout).toContain('closed-7-years');

      const again = await redress(['retention', 'run']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toBe('Nothing erased: no closed case is due.\nDeleted 0 sent e-mail(s) older than 90 days from the outbox.\n');

      const checkpoint = await redress(['ledger', 'checkpoint']);
      expect(checkpoint.code, checkpoint.stderr).toBe(0);
      const verified = await redress(['ledger', 'verify', '--db']);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/^Verified: \d+ entries, 2 signed checkpoints/);
    }, 240_000);
  });
}
