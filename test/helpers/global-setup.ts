import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { migrateToLatest } from '../../src/db/connection.js';
import { TEMPLATE_DATABASE_ENV, testDatabaseKinds, testPostgresUrl } from './databases.js';

/**
 * Migrates one PostgreSQL template database for the run; each test clones it
 * (CREATE DATABASE … TEMPLATE), which is much faster than migrating anew.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (!testDatabaseKinds().includes('postgres')) return async () => {};
  const template = `redress_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests were requested but ${testPostgresUrl()} cannot be reached (${(error as Error).message}). Start PostgreSQL, or set REDRESS_TEST_DATABASES=sqlite.`,
    );
  }
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: testPostgresUrl(template), max: 1 }) }) });
  await migrateToLatest(db);
  await db.destroy();
  process.env[TEMPLATE_DATABASE_ENV] = template;
  return async () => {
    const leftovers = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'redress_t_${process.pid}_%'`).catch(() => ({ rows: [] }));
    for (const row of leftovers.rows as { datname: string }[]) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`).catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
