import { describeCommitmentEvent, type ChangeDescription } from '../../domain/commitments/commitment.js';
import { DomainError } from '../../domain/errors.js';
import { findCommitment, listCommitmentEvents, type CommitmentEventRow } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import { getScorecard, type ScorecardCommitment, type ScorecardDemand } from './get-scorecard.js';

export type HistoryEntry = ChangeDescription & { id: string; sequence: number; type: string; at: string; commitmentId: string | null };

export function historyEntry(row: CommitmentEventRow): HistoryEntry {
  return { id: row.id, sequence: row.sequence, type: row.type, at: row.occurred_at, commitmentId: row.commitment_id, ...describeCommitmentEvent(row.type, JSON.parse(row.data) as Record<string, unknown>) };
}

/** A commitment's full public history, oldest first: its demand and every response, the commitment, its actions, every status change and every rating. */
export async function getCommitmentHistory(options: { ctx: ServiceContext; commitmentId: string }): Promise<{ demand: ScorecardDemand; commitment: ScorecardCommitment; history: HistoryEntry[] }> {
  const { ctx } = options;
  const row = await findCommitment(ctx.db, options.commitmentId);
  if (!row) throw new DomainError('not_found', 'There is no such commitment.');
  const scorecard = await getScorecard({ ctx });
  const demand = scorecard.demands.find((candidate) => candidate.id === row.demand_id)!;
  const commitment = demand.commitments.find((candidate) => candidate.id === row.id)!;
  const events = await listCommitmentEvents(ctx.db, { commitmentId: row.id, demandId: row.demand_id });
  return { demand, commitment, history: events.map(historyEntry) };
}
