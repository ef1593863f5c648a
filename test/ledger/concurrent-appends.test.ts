import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, verifierOf } from '../../src/ledger/checkpoint.js';
import { createServiceContext } from '../../src/app-context.js';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';
import { verifyDatabase } from '../../src/services/ledger/verify-ledger.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { openTestDatabase } from '../helpers/test-context.js';

const run = promisify(execFile);
const WORKER = path.resolve(import.meta.dirname, 'append-worker.ts');

describe.runIf(testDatabaseKinds().includes('postgres'))('several server processes on one PostgreSQL ledger', () => {
  it('append at the same time without forking or reordering the log', async () => {
    const { url, close } = await openTestDatabase('postgres');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-concurrent-'));
    try {
      const env = { ...process.env, DATABASE_URL: url!, REDRESS_DATA_DIR: dataDir };
      const workers = await Promise.all(
        [0, 1].map(() => run(process.execPath, ['--import', 'tsx', WORKER, '40'], { env, timeout: 90_000 }).then((result) => JSON.parse(result.stdout) as { submitted: number })),
      );
      expect(workers.map((worker) => worker.submitted)).toEqual([40, 40]);

      const { ctx, database } = createServiceContext({ config: loadConfig(env), database: openDatabase({ kind: 'postgres', url: url! }) });
      try {
        const entries = await ctx.db.selectFrom('ledger_entries').select('sequence').orderBy('sequence').execute();
        const events = await ctx.db.selectFrom('case_events').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
        expect(entries.length).toBe(Number(events.count));
        expect(entries.map((entry) => Number(entry.sequence))).toEqual(entries.map((_, index) => index));
        const references = await ctx.db.selectFrom('cases').select('reference').execute();
        expect(new Set(references.map((row) => row.reference)).size).toBe(80);
        const key = generateSigningKey('concurrent.test/ledger');
        await issueCheckpoint({ ctx, key });
        expect(await verifyDatabase({ ctx, verifiers: [verifierOf(key)] })).toMatchObject({ ok: true, size: entries.length });
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await close();
    }
  });
});
