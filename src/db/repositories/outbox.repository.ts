import type { Selectable } from 'kysely';
import type { OutboxTable } from '../database.js';
import type { Executor } from './executor.js';

export type OutboxRow = Selectable<OutboxTable>;

export async function enqueueOutbox(db: Executor, message: { kind: string; payload: unknown; at: string }): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ kind: message.kind, payload: JSON.stringify(message.payload), created_at: message.at, next_attempt_at: message.at, attempts: 0 })
    .execute();
}

export async function listDueOutbox(db: Executor, now: string, limit: number): Promise<OutboxRow[]> {
  return db.selectFrom('outbox').selectAll().where('sent_at', 'is', null).where('next_attempt_at', '<=', now).orderBy('id').limit(limit).execute();
}

export async function markOutboxSent(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('outbox').set({ sent_at: at, last_error: null }).where('id', '=', id).execute();
}

export async function markOutboxFailed(db: Executor, id: number, attempts: number, nextAttemptAt: string, error: string): Promise<void> {
  await db.updateTable('outbox').set({ attempts, next_attempt_at: nextAttemptAt, last_error: error.slice(0, 500) }).where('id', '=', id).execute();
}

/** Sent e-mails sent before `cutoff`: deleted, or only counted for a dry run. Unsent mail is never touched. */
export async function purgeSentMail(db: Executor, cutoff: string, options: { dryRun: boolean }): Promise<number> {
  if (options.dryRun) {
    const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('count')).where('sent_at', '<', cutoff).executeTakeFirst();
    return Number(row?.count ?? 0);
  }
  const result = await db.deleteFrom('outbox').where('sent_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listOutbox(db: Executor): Promise<OutboxRow[]> {
  return db.selectFrom('outbox').selectAll().orderBy('id').execute();
}
