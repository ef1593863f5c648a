import { sql, SqliteAdapter, type Kysely } from 'kysely';

/*
 * The case ledger: an RFC 9162 Merkle log of every case event. Frozen in time.
 * Leaves are kept apart from the events' payloads (case_events.data), so a
 * payload can later be erased under a retention rule while the log still
 * verifies. Only complete perfect subtrees are stored (ledger_nodes), which
 * is what appends, roots and proofs need in O(log n).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const bigint = sqlite ? 'integer' : 'bigint';

  await db.schema
    .createTable('ledger_entries')
    .addColumn('sequence', bigint, (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.unique())
    .addColumn('case_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('leaf_data', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .addColumn('appended_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', bigint, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('ledger_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('size', bigint, (c) => c.notNull())
    .addColumn('frontier', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('ledger_state').values({ id: 1, size: 0, frontier: '[]' }).execute();

  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('id', 'integer', (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity()))
    .addColumn('size', bigint, (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('key_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_checkpoints_size_idx').on('ledger_checkpoints').column('size').execute();

  // Entries and nodes are written once; the database refuses to change them.
  for (const table of ['ledger_entries', 'ledger_nodes']) {
    if (sqlite) {
      for (const operation of ['UPDATE', 'DELETE']) {
        await sql
          .raw(`CREATE TRIGGER ${table}_no_${operation.toLowerCase()} BEFORE ${operation} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`)
          .execute(db);
      }
    } else {
      await sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ledger_checkpoints', 'ledger_state', 'ledger_nodes', 'ledger_entries']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
