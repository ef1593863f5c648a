import { ZMeetingInput } from '../../domain/commitments/commitment.js';
import { findStakeholders, insertMeeting } from '../../db/repositories/commitment.repository.js';
import { today } from '../cases/case-clock.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/** Leadership records a meeting with stakeholders: the date, who attended, and the minutes. */
export async function recordMeeting(options: { ctx: ServiceContext; staff: Staff; input: unknown }): Promise<{ meetingId: string }> {
  const { ctx, staff } = options;
  return runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: 'record meetings with stakeholders',
    schema: ZMeetingInput,
    input: options.input,
    refused: 'The meeting needs correcting.',
    change: async ({ trx, now, record, refuse }, input) => {
      if (input.heldOn > today(ctx)) refuse('heldOn', 'Record a meeting once it has taken place.');
      const chosen = new Set(input.stakeholderIds);
      const bodies = await findStakeholders(trx, [...chosen]);
      if (bodies.length !== chosen.size) refuse('stakeholderIds', 'Choose bodies from the list.');
      const id = ctx.random.uuid();
      const attendees = [
        ...bodies.sort((a, b) => a.name.localeCompare(b.name)).map((body) => ({ stakeholder_id: body.id, name: body.name })),
        ...input.otherAttendees.map((name) => ({ stakeholder_id: null, name })),
      ].map((attendee, position) => ({ meeting_id: id, position, ...attendee }));
      await insertMeeting(trx, { id, held_on: input.heldOn, title: input.title, minutes: input.minutes, recorded_by: staff.userId, recorded_at: now }, attendees);
      record({
        subject: { kind: 'meeting', id },
        type: 'meeting_recorded',
        data: { heldOn: input.heldOn, title: input.title, minutes: input.minutes, attendees: attendees.map((attendee) => ({ stakeholderId: attendee.stakeholder_id, name: attendee.name })) },
      });
      return { meetingId: id };
    },
  });
}
