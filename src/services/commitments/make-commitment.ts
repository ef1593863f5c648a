import { ZCommitmentInput } from '../../domain/commitments/commitment.js';
import { findDemand, insertActions, insertCommitment } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/** Stances under which the organisation has promised something, so a commitment can follow. */
const PROMISING = new Set(['agreed_to_implement', 'already_implementing', 'agreed_to_consider']);

/**
 * Leadership records a commitment made in answer to a demand, broken into
 * actions (each with an owner, a due date and a deliverable), and optionally
 * tied to a live measure from the case data. It starts "planned" and "not yet
 * rated".
 */
export async function makeCommitment(options: { ctx: ServiceContext; staff: Staff; input: unknown }): Promise<{ commitmentId: string; actionIds: string[] }> {
  const { ctx, staff } = options;
  return runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: 'record commitments',
    schema: ZCommitmentInput,
    input: options.input,
    refused: 'The commitment needs correcting.',
    change: async ({ trx, now, record, refuse }, input) => {
      const demand = (await findDemand(trx, input.demandId)) ?? refuse('demandId', 'Choose a demand from the list.');
      if (!PROMISING.has(demand.stance)) refuse('demandId', 'Record the response to this demand first: a commitment follows a response that agreed to implement or consider it.');
      const id = ctx.random.uuid();
      const measure = input.measureKind ? { kind: input.measureKind, parameter: input.measureKind === 'share_closed_within_months' ? input.measureParameter! : null, target: input.measureTarget! } : null;
      await insertCommitment(trx, {
        id,
        demand_id: demand.id,
        title: input.title,
        description: input.description,
        status: 'planned',
        status_reason: null,
        status_at: now,
        rating: 'not_yet_rated',
        rating_reasons: null,
        rated_by: null,
        rated_at: null,
        measure_kind: measure?.kind ?? null,
        measure_parameter: measure?.parameter ?? null,
        measure_target: measure?.target ?? null,
        made_at: now,
      });
      const actions = input.actions.map((action) => ({
        id: ctx.random.uuid(),
        commitment_id: id,
        deliverable: action.deliverable,
        owner: action.owner,
        due_on: action.dueOn,
        status: 'open',
        delivered_on: null,
        delivery_note: null,
        added_at: now,
      }));
      await insertActions(trx, actions);
      record({ subject: { kind: 'commitment', id }, demandId: demand.id, commitmentId: id, type: 'commitment_made', data: { title: input.title, description: input.description, measure } });
      for (const action of actions) {
        record({
          subject: { kind: 'action', id: action.id },
          demandId: demand.id,
          commitmentId: id,
          type: 'action_added',
          data: { deliverable: action.deliverable, owner: action.owner, dueOn: action.due_on },
        });
      }
      return { commitmentId: id, actionIds: actions.map((action) => action.id) };
    },
  });
}
