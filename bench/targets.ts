import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { createServiceContext } from '../src/app-context.js';
import { loadConfig, type Config } from '../src/config/config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle, type DatabaseKind } from '../src/db/connection.js';
import type { Database } from '../src/db/database.js';
import type { ServiceContext } from '../src/services/context.js';

/**
 * Fresh databases for one benchmark run: an SQLite file in a temporary
 * directory (never :memory:, so every commit really reaches the disk), and a
 * PostgreSQL database `redress_bench_<pid>` created on the test server and
 * dropped at the end.
 */

/** The server the benchmark creates its database on; the URL's own database is only used to connect. */
export function benchPostgresUrl(database?: string): string {
  const base = process.env.REDRESS_BENCH_POSTGRES_URL ?? process.env.REDRESS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const url = new URL(base);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

const POSTGRES_NAME = `redress_bench_${process.pid}`;

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: benchPostgresUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The server's version, or the reason it cannot be reached. */
export async function postgresStatus(): Promise<{ ok: true; version: string; settings: Record<string, string> } | { ok: false; reason: string }> {
  try {
    return await admin(async (client) => {
      const version = (await client.query('SHOW server_version')).rows[0].server_version as string;
      const settings: Record<string, string> = {};
      for (const name of ['fsync', 'synchronous_commit', 'shared_buffers', 'wal_sync_method']) settings[name] = (await client.query(`SHOW ${name}`)).rows[0][name] as string;
      return { ok: true as const, version, settings };
    });
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

export async function dropPostgresDatabase(): Promise<void> {
  await admin(async (client) => {
    // pg's Pool.end() resolves once it has asked its connections to close, not once they have gone;
    // wait for them, so FORCE does not cut connections that are already on their way out.
    for (let attempt = 0; attempt < 50; attempt++) {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [POSTGRES_NAME]);
      if (Number(rows[0]?.n ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.query(`DROP DATABASE IF EXISTS ${POSTGRES_NAME} WITH (FORCE)`);
  }).catch(() => {});
}

/** Data directories not yet removed, for a run stopped part-way. */
const openDirectories = new Set<string>();

/** Removes whatever this run has created: its temporary directories and its PostgreSQL database. */
export async function removeEverything(): Promise<void> {
  for (const directory of openDirectories) rmSync(directory, { recursive: true, force: true });
  openDirectories.clear();
  await dropPostgresDatabase();
}

function tableOf(node: unknown): string {
  const candidate = node as { kind?: string; table?: { identifier?: { name?: string } }; node?: unknown } | undefined;
  if (candidate?.kind === 'TableNode') return candidate.table?.identifier?.name ?? '?';
  if (candidate?.kind === 'AliasNode') return tableOf(candidate.node);
  return '?';
}

function describeQuery(node: RootOperationNode): string {
  switch (node.kind) {
    case 'SelectQueryNode':
      return `select from ${tableOf(node.from?.froms[0])}`;
    case 'InsertQueryNode':
      return `insert into ${tableOf(node.into)}`;
    case 'UpdateQueryNode':
      return `update ${tableOf(node.table)}`;
    case 'DeleteQueryNode':
      return `delete from ${tableOf(node.from.froms[0])}`;
    default:
      return node.kind === 'RawNode' ? 'raw SQL' : node.kind;
  }
}

/**
 * Counts the statements the app sends while switched on, by kind and table
 * (transaction control is not counted). A plugin on the service context's
 * Kysely instance, so it sees every query of the use cases unchanged.
 */
export class StatementTally implements KyselyPlugin {
  private counts = new Map<string, number>();
  private counting = false;

  start(): void {
    this.counts.clear();
    this.counting = true;
  }

  stop(): Map<string, number> {
    this.counting = false;
    return new Map(this.counts);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.counting) {
      const key = describeQuery(args.node);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * Counts the transactions the app opens (`transaction()` and
 * `startTransaction()` on the service context's Kysely instance), so the run
 * can say how many complaints share a COMMIT.
 */
export class TransactionCounter {
  count = 0;

  wrap(db: Kysely<Database>): Kysely<Database> {
    return new Proxy(db, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        const method = (value as (...args: unknown[]) => unknown).bind(target);
        if (property !== 'transaction' && property !== 'startTransaction') return method;
        return (...args: unknown[]) => {
          this.count++;
          return method(...args);
        };
      },
    });
  }
}

export type BenchTarget = {
  kind: DatabaseKind;
  tally: StatementTally;
  transactions: TransactionCounter;
  ctx: ServiceContext;
  config: Config;
  database: DatabaseHandle;
  /** Where the data lives, for the report. */
  location: string;
  close(): Promise<void>;
};

/** A fresh, migrated database of the kind, with a service context built the way the server builds it. */
export async function openTarget(kind: DatabaseKind, label: string): Promise<BenchTarget> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `redress-bench-${label}-`));
  openDirectories.add(dataDir);
  let url: string | null = null;
  if (kind === 'postgres') {
    await dropPostgresDatabase();
    await admin((client) => client.query(`CREATE DATABASE ${POSTGRES_NAME}`));
    url = benchPostgresUrl(POSTGRES_NAME);
  }
  const config = loadConfig({ REDRESS_DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) });
  // The pool size (PostgreSQL) and the pragmas (SQLite) are the server's: openDatabase's defaults.
  const opened = openDatabase(config.database);
  await migrateToLatest(opened.db);
  const tally = new StatementTally();
  const transactions = new TransactionCounter();
  const database: DatabaseHandle = { ...opened, db: transactions.wrap(opened.db.withPlugin(tally)) };
  const { ctx } = createServiceContext({ config, database });
  return {
    kind,
    tally,
    transactions,
    ctx,
    config,
    database,
    location: kind === 'sqlite' ? (config.database.kind === 'sqlite' ? config.database.file : '') : POSTGRES_NAME,
    close: async () => {
      await database.close();
      if (kind === 'postgres') await dropPostgresDatabase();
      rmSync(dataDir, { recursive: true, force: true });
      openDirectories.delete(dataDir);
    },
  };
}

export async function sqliteVersion(target: BenchTarget): Promise<string> {
  const row = await sql<{ version: string }>`select sqlite_version() as version`.execute(target.ctx.db);
  return row.rows[0]?.version ?? 'unknown';
}

export type ActivitySummary = { samples: number; connections: number; waitingOnLock: number; active: number };

/**
 * Samples pg_stat_activity for the benchmark database every 25 ms until
 * stopped: how many of the pool's connections were busy, and how many of
 * them were waiting for a lock held by another transaction.
 */
export async function startActivitySampler(): Promise<{ stop(): Promise<ActivitySummary> }> {
  const client = new pg.Client({ connectionString: benchPostgresUrl(POSTGRES_NAME) });
  await client.connect();
  const totals = { samples: 0, connections: 0, waitingOnLock: 0, active: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ connections: string; locked: string; active: string }>(
        `select count(*) as connections, count(*) filter (where wait_event_type = 'Lock') as locked, count(*) filter (where state = 'active') as active
           from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      const row = rows[0]!;
      totals.samples++;
      totals.connections += Number(row.connections);
      totals.waitingOnLock += Number(row.locked);
      totals.active += Number(row.active);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await client.end();
      const n = Math.max(totals.samples, 1);
      return { samples: totals.samples, connections: totals.connections / n, waitingOnLock: totals.waitingOnLock / n, active: totals.active / n };
    },
  };
}
