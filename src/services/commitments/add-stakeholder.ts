import { ZStakeholderInput } from '../../domain/commitments/commitment.js';
import { insertStakeholder } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/** Leadership records a body that raises demands (for example a community organisation). */
export async function addStakeholder(options: { ctx: ServiceContext; staff: Staff; input: unknown }): Promise<{ stakeholderId: string }> {
  const { ctx, staff } = options;
  return runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: 'record stakeholders',
    schema: ZStakeholderInput,
    input: options.input,
    refused: 'The stakeholder needs correcting.',
    change: async ({ trx, now, record }, input) => {
      const id = ctx.random.uuid();
      await insertStakeholder(trx, { id, name: input.name, description: input.description, added_by: staff.userId, added_at: now });
      record({ subject: { kind: 'stakeholder', id }, type: 'stakeholder_added', data: { name: input.name, description: input.description } });
      return { stakeholderId: id };
    },
  });
}
