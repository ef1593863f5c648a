import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, parseOrganisationConfig, type Config } from '../../src/config/config.js';
import { createServiceContext } from '../../src/app-context.js';
import { migrateToLatest, openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/connection.js';
import type { Clock } from '../../src/infra/clock.js';
import type { ServiceContext } from '../../src/services/context.js';
import { TEMPLATE_DATABASE_ENV, testPostgresUrl } from './databases.js';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

let counter = 0;

async function clonePostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = process.env[TEMPLATE_DATABASE_ENV];
  if (!template) throw new Error('the PostgreSQL template database was not prepared (see test/helpers/global-setup.ts)');
  const name = `redress_t_${process.ppid}_${process.pid}_${counter++}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (error) {
      // Two clones at the same instant can collide on the template; wait and retry.
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  return {
    url: testPostgresUrl(name),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: testPostgresUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A fresh, migrated database of the given kind, removed by `close`. */
export async function openTestDatabase(kind: DatabaseKind): Promise<{ database: DatabaseHandle; url: string | null; close: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const database = openDatabase({ kind: 'sqlite', file: ':memory:' });
    await migrateToLatest(database.db);
    return { database, url: null, close: () => database.close() };
  }
  const clone = await clonePostgres();
  const database = openDatabase({ kind: 'postgres', url: clone.url, poolSize: 4 });
  return {
    database,
    url: clone.url,
    close: async () => {
      await database.close();
      await clone.drop();
    },
  };
}

export type TestContext = { ctx: ServiceContext; clock: TestClock; config: Config; dataDir: string; close: () => Promise<void> };

/** Everything a use case needs, on a fresh database, with a hand-moved clock starting on a Monday morning. */
export async function createTestContext(kind: DatabaseKind, options: { organisation?: string; start?: string; singleSignOnClientSecret?: string } = {}): Promise<TestContext> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-test-'));
  const base = loadConfig({ REDRESS_DATA_DIR: dataDir });
  // The single sign-on secret comes from the environment in a real start (REDRESS_OIDC_CLIENT_SECRET).
  const config: Config = { ...base, organisation: parseOrganisationConfig(options.organisation ?? '', 'test'), singleSignOnClientSecret: options.singleSignOnClientSecret ?? null };
  const { database, close } = await openTestDatabase(kind);
  const clock = new TestClock(new Date(options.start ?? '2026-03-02T10:00:00Z'));
  const { ctx } = createServiceContext({ config, database, clock });
  return {
    ctx,
    clock,
    config,
    dataDir,
    close: async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
