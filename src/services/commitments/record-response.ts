import { STANCE_LABELS, ZResponseInput } from '../../domain/commitments/commitment.js';
import { findDemand, saveDemandResponse } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/**
 * Leadership records the organisation's response to a demand as stated, with
 * its public statement. A later response is a new event; the earlier ones stay
 * in the history.
 */
export async function recordResponse(options: { ctx: ServiceContext; staff: Staff; input: unknown }): Promise<void> {
  const { ctx, staff } = options;
  await runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: "record the organisation's responses to demands",
    schema: ZResponseInput,
    input: options.input,
    refused: 'The response needs correcting.',
    change: async ({ trx, now, record, refuse }, input) => {
      if (input.stance !== 'no_response' && !input.statement) refuse('statement', `Give the public statement that goes with "${STANCE_LABELS[input.stance]}".`);
      const demand = (await findDemand(trx, input.demandId)) ?? refuse('demandId', 'Choose a demand from the list.');
      await saveDemandResponse(trx, demand.id, { stance: input.stance, statement: input.statement, responded_at: now });
      record({ subject: { kind: 'demand', id: demand.id }, demandId: demand.id, type: 'response_recorded', data: { from: demand.stance, stance: input.stance, statement: input.statement } });
    },
  });
}
