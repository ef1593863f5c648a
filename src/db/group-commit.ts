import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

/**
 * Group commit: units of work that arrive while a commit is in flight wait,
 * then run together in one transaction, each inside its own savepoint, and
 * are answered only after that transaction commits. Every caller still gets
 * its own all-or-nothing result and a durable write, but many callers share
 * one COMMIT (one fsync on SQLite, one WAL flush on PostgreSQL), and locks a
 * unit takes (the year's reference counter) are taken once per batch.
 */
export type GroupCommit = {
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
};

type Pending = {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

export function createGroupCommit(db: Kysely<Database>, options: { maxBatch?: number } = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 64;
  const queue: Pending[] = [];
  let running = false;

  async function commitBatch(batch: Pending[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let trx: ControlledTransaction<Database> | undefined;
    try {
      trx = await db.startTransaction().execute();
      for (const [index, pending] of batch.entries()) {
        const name = `unit_${index}`;
        const unit = (await trx.savepoint(name as never).execute()) as unknown as ControlledTransaction<Database, string[]>;
        try {
          outcomes.push({ ok: true, value: await pending.work(unit as unknown as Transaction<Database>) });
          await unit.releaseSavepoint(name).execute();
        } catch (error) {
          await unit.rollbackToSavepoint(name).execute();
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      if (trx) await trx.rollback().execute().catch(() => {});
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) await commitBatch(queue.splice(0, maxBatch));
    } finally {
      running = false;
    }
  }

  return {
    run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        // Start on the next turn of the event loop, so work arriving together is batched together.
        if (!running) {
          running = true;
          setImmediate(() => void drain());
        }
      });
    },
  };
}
