import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { addStakeholder } from '../../src/services/commitments/add-stakeholder.js';
import { recordMeeting } from '../../src/services/commitments/record-meeting.js';
import { raiseDemand } from '../../src/services/commitments/raise-demand.js';
import { recordResponse } from '../../src/services/commitments/record-response.js';
import { makeCommitment } from '../../src/services/commitments/make-commitment.js';

export const TIMETABLE_STATEMENT = 'We will publish a fixed timetable and report every quarter against it.';

/** A stakeholder, a meeting, a demand answered "agreed to implement", and a commitment with two actions, tied to the four-month measure. */
export async function trackedCommitment(ctx: ServiceContext, leader: Staff): Promise<{ stakeholderId: string; meetingId: string; demandId: string; commitmentId: string; actionIds: string[] }> {
  const { stakeholderId } = await addStakeholder({ ctx, staff: leader, input: { name: 'Northfield Jewish Representative Council', description: 'Represents the congregations of Northfield.' } });
  const { meetingId } = await recordMeeting({
    ctx,
    staff: leader,
    input: { heldOn: '2026-02-10', title: 'Meeting on complaint handling', minutes: 'The council set out its concerns about delay.', stakeholderIds: [stakeholderId], otherAttendees: 'Harriet Dunmore (General Secretary)' },
  });
  const { demandId } = await raiseDemand({ ctx, staff: leader, input: { meetingId, raisedBy: stakeholderId, title: 'A fixed timetable', text: 'Every case should run to a published timetable.' } });
  await recordResponse({ ctx, staff: leader, input: { demandId, stance: 'agreed_to_implement', statement: TIMETABLE_STATEMENT } });
  const { commitmentId, actionIds } = await makeCommitment({
    ctx,
    staff: leader,
    input: {
      demandId,
      title: 'Cases closed within four months',
      description: 'Most cases will close within four months of receipt.',
      measureKind: 'share_closed_within_months',
      measureParameter: '4',
      measureTarget: '80',
      actions: [
        { deliverable: 'Publish the timetable', owner: 'General Secretary', dueOn: '2026-02-20' },
        { deliverable: 'Quarterly report against the timetable', owner: 'Head of Governance', dueOn: '2026-06-30' },
      ],
    },
  });
  return { stakeholderId, meetingId, demandId, commitmentId, actionIds };
}
