import { STATUS_LABELS, ZStatusInput } from '../../domain/commitments/commitment.js';
import { findCommitment, saveCommitmentStatus } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/** Leadership changes the organisation's own status for a commitment, with a reason; the overseer's rating is untouched. */
export async function changeCommitmentStatus(options: { ctx: ServiceContext; staff: Staff; input: unknown }): Promise<void> {
  const { ctx, staff } = options;
  await runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: "change the organisation's status of a commitment",
    schema: ZStatusInput,
    input: options.input,
    refused: 'The status change needs correcting.',
    change: async ({ trx, now, record, refuse }, input) => {
      const commitment = (await findCommitment(trx, input.commitmentId)) ?? refuse('commitmentId', 'Choose a commitment from the list.');
      if (commitment.status === input.status) refuse('status', `The commitment is already "${STATUS_LABELS[input.status]}".`);
      await saveCommitmentStatus(trx, commitment.id, { status: input.status, status_reason: input.reason, status_at: now });
      record({ subject: { kind: 'commitment', id: commitment.id }, demandId: commitment.demand_id, commitmentId: commitment.id, type: 'status_changed', data: { from: commitment.status, to: input.status, reason: input.reason } });
    },
  });
}
