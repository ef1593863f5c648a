import { ZDemandInput } from '../../domain/commitments/commitment.js';
import { findMeeting, findStakeholders, insertDemand } from '../../db/repositories/commitment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/** Leadership records a demand raised at a meeting, and by whom; it starts with no response. */
export async function raiseDemand(options: { ctx: ServiceContext; staff: Staff; input: unknown }): Promise<{ demandId: string }> {
  const { ctx, staff } = options;
  return runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: 'record demands',
    schema: ZDemandInput,
    input: options.input,
    refused: 'The demand needs correcting.',
    change: async ({ trx, now, record, refuse }, input) => {
      const meeting = (await findMeeting(trx, input.meetingId)) ?? refuse('meetingId', 'Choose a meeting from the list.');
      const body = (await findStakeholders(trx, [input.raisedBy]))[0] ?? refuse('raisedBy', 'Choose who raised it from the list.');
      const id = ctx.random.uuid();
      await insertDemand(trx, { id, meeting_id: meeting.id, raised_by: body.id, title: input.title, text: input.text, stance: 'no_response', statement: null, responded_at: null, recorded_at: now });
      record({ subject: { kind: 'demand', id }, demandId: id, type: 'demand_raised', data: { meetingId: meeting.id, heldOn: meeting.held_on, raisedBy: body.name, title: input.title, text: input.text } });
      return { demandId: id };
    },
  });
}
