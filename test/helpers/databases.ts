import type { DatabaseKind } from '../../src/db/connection.js';

/**
 * The databases every repository and use-case test runs on, from
 * REDRESS_TEST_DATABASES (default: both). A requested database that cannot be
 * reached fails the run; nothing is skipped silently.
 */
export function testDatabaseKinds(): DatabaseKind[] {
  const requested = (process.env.REDRESS_TEST_DATABASES ?? 'sqlite,postgres').split(',').map((kind) => kind.trim()).filter(Boolean);
  for (const kind of requested) {
    if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`REDRESS_TEST_DATABASES: unknown database "${kind}" (use sqlite, postgres)`);
  }
  return requested as DatabaseKind[];
}

/** The PostgreSQL server the tests create their databases on. */
export function testPostgresUrl(database = 'test'): string {
  const base = process.env.REDRESS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export const TEMPLATE_DATABASE_ENV = 'REDRESS_TEST_TEMPLATE_DATABASE';
