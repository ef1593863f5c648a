import { listDueOutbox, markOutboxFailed, markOutboxSent } from '../../db/repositories/outbox.repository.js';
import type { Mailer, OutgoingMail } from '../../infra/mailer.js';
import type { ServiceContext } from '../context.js';

const MAX_ATTEMPTS = 8;

/** Exponential back-off: 1, 2, 4 … minutes, capped at an hour. */
function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** (attempts - 1)) * 60_000;
}

/**
 * Sends what the outbox holds that is due, after the transactions that queued
 * it have committed. A failed message is retried later; after the last
 * attempt it stays in the table with its error for an administrator to see.
 */
export async function deliverOutbox(options: { ctx: ServiceContext; mailer: Mailer; batchSize?: number }): Promise<{ sent: number; failed: number }> {
  const { ctx, mailer } = options;
  const due = await listDueOutbox(ctx.db, ctx.clock.now().toISOString(), options.batchSize ?? 50);
  let sent = 0;
  let failed = 0;
  for (const message of due) {
    try {
      await mailer.send(JSON.parse(message.payload) as OutgoingMail);
      await markOutboxSent(ctx.db, message.id, ctx.clock.now().toISOString());
      sent += 1;
    } catch (error) {
      const attempts = message.attempts + 1;
      const next = attempts >= MAX_ATTEMPTS ? '9999-12-31T00:00:00.000Z' : new Date(ctx.clock.now().getTime() + retryDelayMs(attempts)).toISOString();
      await markOutboxFailed(ctx.db, message.id, attempts, next, (error as Error).message);
      failed += 1;
    }
  }
  return { sent, failed };
}
