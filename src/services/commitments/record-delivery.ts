import { ZDeliveryInput } from '../../domain/commitments/commitment.js';
import { DomainError } from '../../domain/errors.js';
import { findAction, findCommitment, insertEvidence, saveActionDelivered } from '../../db/repositories/commitment.repository.js';
import { today } from '../cases/case-clock.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/** Leadership records an action as delivered, with what was delivered and links to the evidence. */
export async function recordDelivery(options: { ctx: ServiceContext; staff: Staff; input: unknown }): Promise<void> {
  const { ctx, staff } = options;
  await runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: 'record the delivery of actions',
    schema: ZDeliveryInput,
    input: options.input,
    refused: 'The delivery needs correcting.',
    change: async ({ trx, now, record, refuse }, input) => {
      const action = (await findAction(trx, input.actionId)) ?? refuse('actionId', 'Choose an action from the list.');
      if (action.status === 'delivered') throw new DomainError('conflict', 'That action is already recorded as delivered.', [{ field: 'actionId', message: 'That action is already recorded as delivered.' }]);
      if (input.deliveredOn > today(ctx)) refuse('deliveredOn', 'The date of delivery cannot be in the future.');
      const commitment = (await findCommitment(trx, action.commitment_id))!;
      await saveActionDelivered(trx, action.id, { delivered_on: input.deliveredOn, delivery_note: input.note });
      await insertEvidence(
        trx,
        input.evidence.map((link) => ({ id: ctx.random.uuid(), action_id: action.id, url: link.url, title: link.title, added_at: now })),
      );
      record({
        subject: { kind: 'action', id: action.id },
        demandId: commitment.demand_id,
        commitmentId: commitment.id,
        type: 'action_delivered',
        data: { deliverable: action.deliverable, dueOn: action.due_on, deliveredOn: input.deliveredOn, note: input.note, evidence: input.evidence },
      });
    },
  });
}
