import { listCommitmentEvents } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import { historyEntry, type HistoryEntry } from './get-commitment-history.js';

/** The latest changes to the tracker, newest first, for the public feed. */
export async function listCommitmentChanges(options: { ctx: ServiceContext; limit?: number }): Promise<HistoryEntry[]> {
  return (await listCommitmentEvents(options.ctx.db, { latest: options.limit ?? 50 })).map(historyEntry);
}
