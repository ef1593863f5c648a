import { Migrator, NO_MIGRATIONS } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateToLatest } from '../../src/db/connection.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { openTestDatabase } from '../helpers/test-context.js';

for (const kind of testDatabaseKinds()) {
  describe(`migrations (${kind})`, () => {
    it('go all the way down and back up again, leaving the same tables', async () => {
      const { database, close } = await openTestDatabase(kind);
      try {
        const tables = async () => (await database.db.introspection.getTables()).map((table) => table.name).filter((name) => !name.startsWith('kysely_') && !name.startsWith('case_search')).sort();
        const before = await tables();
        expect(before).toContain('case_events');
        const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => MIGRATIONS } });
        const down = await migrator.migrateTo(NO_MIGRATIONS);
        expect(down.error).toBeUndefined();
        expect(await tables()).toEqual([]);
        expect(await migrateToLatest(database.db)).toEqual(Object.keys(MIGRATIONS));
        expect(await tables()).toEqual(before);
      } finally {
        await close();
      }
    });
  });
}
