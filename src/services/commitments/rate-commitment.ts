import { ZRatingInput } from '../../domain/commitments/commitment.js';
import { DomainError } from '../../domain/errors.js';
import { findCommitment, saveCommitmentRating } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/**
 * The overseer gives a commitment an independent rating on the published
 * scale, with reasons. It is kept apart from the organisation's own status,
 * and each rating is a new event: earlier ratings stay in the history.
 */
export async function rateCommitment(options: { ctx: ServiceContext; staff: Staff; commitmentId: string; input: unknown }): Promise<void> {
  const { ctx, staff } = options;
  await runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.rate',
    what: 'rate commitments',
    schema: ZRatingInput,
    input: options.input,
    refused: 'The rating needs correcting.',
    change: async ({ trx, now, record }, input) => {
      const commitment = await findCommitment(trx, options.commitmentId);
      if (!commitment) throw new DomainError('not_found', 'There is no such commitment.');
      await saveCommitmentRating(trx, commitment.id, { rating: input.rating, rating_reasons: input.reasons, rated_by: staff.name, rated_at: now });
      record({
        subject: { kind: 'commitment', id: commitment.id },
        demandId: commitment.demand_id,
        commitmentId: commitment.id,
        type: 'rating_given',
        data: { from: commitment.rating, rating: input.rating, reasons: input.reasons, rater: staff.name },
      });
    },
  });
}
