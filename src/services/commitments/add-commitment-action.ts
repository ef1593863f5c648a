import { ZActionInput } from '../../domain/commitments/commitment.js';
import { DomainError } from '../../domain/errors.js';
import { findCommitment, insertActions } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/** Leadership adds an action to a commitment: a deliverable, its owner and its due date. */
export async function addCommitmentAction(options: { ctx: ServiceContext; staff: Staff; commitmentId: string; input: unknown }): Promise<{ actionId: string }> {
  const { ctx, staff } = options;
  return runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: 'add actions to commitments',
    schema: ZActionInput,
    input: options.input,
    refused: 'The action needs correcting.',
    change: async ({ trx, now, record }, input) => {
      const commitment = await findCommitment(trx, options.commitmentId);
      if (!commitment) throw new DomainError('not_found', 'There is no such commitment.');
      const action = { id: ctx.random.uuid(), commitment_id: commitment.id, deliverable: input.deliverable, owner: input.owner, due_on: input.dueOn, status: 'open', delivered_on: null, delivery_note: null, added_at: now };
      await insertActions(trx, [action]);
      record({
        subject: { kind: 'action', id: action.id },
        demandId: commitment.demand_id,
        commitmentId: commitment.id,
        type: 'action_added',
        data: { deliverable: action.deliverable, owner: action.owner, dueOn: action.due_on },
      });
      return { actionId: action.id };
    },
  });
}
