import { addCalendarDays } from '../../domain/calendar/local-date.js';
import { renderPdf } from '../../documents/pdf-document.js';
import { today } from '../cases/case-clock.js';
import { addStakeholder } from '../commitments/add-stakeholder.js';
import { changeCommitmentStatus } from '../commitments/change-commitment-status.js';
import { makeCommitment } from '../commitments/make-commitment.js';
import { raiseDemand } from '../commitments/raise-demand.js';
import { rateCommitment } from '../commitments/rate-commitment.js';
import { recordDelivery, type DeliveryDocument } from '../commitments/record-delivery.js';
import { recordMeeting } from '../commitments/record-meeting.js';
import { recordResponse } from '../commitments/record-response.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';

const SITE = 'https://northfield-party.example';

/**
 * The demonstration's commitments story: a meeting about five months ago
 * between the organisation and fictional community bodies, the six demands
 * modelled on those documented in domain.md §2, the organisation's responses
 * (agreed, considered, one declined), the commitments with their actions
 * (some delivered with evidence, one overdue), and the overseer's ratings.
 * The timetable commitment is tied to the share of cases closed within four
 * months, and the long-running cases one to the median working days to a
 * decision, both computed from the demonstration's cases. Leadership is Harriet
 * Dunmore, the overseer Ngozi Whitlock. Every step goes through its use case.
 */
export async function loadCommitmentsDemo(options: { ctx: ServiceContext; staff: Staff[]; at: (daysAgo: number, hour: number) => void }): Promise<void> {
  const { ctx, staff, at } = options;
  const leader = staff.find((member) => member.name === 'Harriet Dunmore');
  const overseer = staff.find((member) => member.name === 'Ngozi Whitlock');
  if (!leader || !overseer) return;
  at(0, 9);
  const anchor = today(ctx);
  const day = (daysAgo: number) => String(addCalendarDays(anchor, -daysAgo));

  at(152, 10);
  const council = (await addStakeholder({ ctx, staff: leader, input: { name: 'Northfield Jewish Representative Council', description: 'Represents the synagogues and Jewish community organisations of Northfield.' } })).stakeholderId;
  const alliance = (await addStakeholder({ ctx, staff: leader, input: { name: 'Community Safety Alliance', description: 'A partnership of faith and community groups working against hate crime.' } })).stakeholderId;
  const network = (await addStakeholder({ ctx, staff: leader, input: { name: 'Jewish Members’ Network', description: 'Jewish members of the organisation, organised across its branches.' } })).stakeholderId;

  at(150, 17);
  const { meetingId } = await recordMeeting({
    ctx,
    staff: leader,
    input: {
      heldOn: day(150),
      title: 'Meeting on the handling of antisemitism complaints',
      minutes:
        'The three bodies set out six areas of concern, following their letter of the previous month: the lack of a timetable, cases left open for years, members under suspension appearing on platforms with representatives, the definition of antisemitism, the absence of independent oversight, and how the organisation engages with the community. The General Secretary undertook to reply in writing to each within a fortnight.',
      stakeholderIds: [council, alliance, network],
      otherAttendees: 'Harriet Dunmore (General Secretary)\nHead of Governance\nChair of the Disputes Committee',
    },
  });

  const demand = async (raisedBy: string, title: string, text: string) => (await raiseDemand({ ctx, staff: leader, input: { meetingId, raisedBy, title, text } })).demandId;
  at(149, 10);
  const timetable = await demand(council, 'A fixed timetable for antisemitism cases', 'Every case should run to a published timetable, with no case, appeals included, taking longer than four months.');
  const backlog = await demand(council, 'Faster handling of long-running cases', 'Cases that have been open for more than a year should be decided without further delay.');
  const platform = await demand(alliance, 'No platform for suspended or expelled members', 'No representative of the organisation should share a platform with anyone suspended or expelled for antisemitism.');
  const definition = await demand(council, 'The full definition, with all its examples', 'Adopt the working definition of antisemitism in full, with all eleven examples and without caveats.');
  const oversight = await demand(alliance, 'Independent oversight', 'An independent overseer, outside the organisation’s political structures, should oversee complaints and report to the community.');
  const engagement = await demand(network, 'Engagement with the community', 'Engage through the community’s main representative bodies, regularly and on the record.');

  at(136, 11);
  const respond = (demandId: string, stance: string, statement: string) => recordResponse({ ctx, staff: leader, input: { demandId, stance, statement } });
  await respond(timetable, 'agreed_to_implement', 'We will publish a fixed timetable for every stage and report each quarter on how many cases close within four months.');
  await respond(backlog, 'agreed_to_implement', 'Every case open for more than a year will be reviewed and brought to a decision.');
  await respond(platform, 'agreed_to_consider', 'We will consider guidance for representatives on shared platforms and consult on it.');
  await respond(definition, 'declined', 'Our code already cites the definition and its examples; we will not remove the free-expression statement that accompanies it.');
  await respond(oversight, 'already_implementing', 'An independent overseer with full access to the case record is being appointed.');
  await respond(engagement, 'agreed_to_implement', 'We will meet the community’s representative bodies every quarter and publish the minutes.');

  at(135, 14);
  type Measure = { kind: 'share_closed_within_months'; months: number; target: number } | { kind: 'median_working_days_to_decision'; target: number };
  const commit = async (demandId: string, title: string, description: string, actions: { deliverable: string; owner: string; dueOn: string }[], measure?: Measure) =>
    makeCommitment({
      ctx,
      staff: leader,
      input: {
        demandId,
        title,
        description,
        actions,
        ...(measure ? { measureKind: measure.kind, measureParameter: 'months' in measure ? measure.months : undefined, measureTarget: measure.target } : {}),
      },
    });
  const c1 = await commit(
    timetable,
    'Close cases within four months',
    'A published timetable for each stage, and at least 80% of cases closed within four months of receipt.',
    [
      { deliverable: 'Publish the timetable for each stage', owner: 'Head of Governance', dueOn: day(120) },
      { deliverable: 'First quarterly report against the timetable', owner: 'Head of Governance', dueOn: day(30) },
    ],
    { kind: 'share_closed_within_months', months: 4, target: 80 },
  );
  const c2 = await commit(
    backlog,
    'Decide every case older than a year',
    'Review each case open for more than twelve months and bring it to a decision; cases reaching a panel should be decided within 60 working days of receipt.',
    [
      { deliverable: 'Review of every case open for more than a year', owner: 'Chair of the Disputes Committee', dueOn: day(90) },
      { deliverable: 'Decisions in all the reviewed cases', owner: 'Chair of the Disputes Committee', dueOn: day(20) },
    ],
    { kind: 'median_working_days_to_decision', target: 60 },
  );
  const c3 = await commit(platform, 'Guidance on shared platforms', 'Consult on and publish guidance for representatives on sharing platforms with suspended or expelled members.', [
    { deliverable: 'Draft guidance published for consultation', owner: 'General Secretary', dueOn: day(-30) },
  ]);
  const c5 = await commit(oversight, 'An independent overseer', 'Appoint an independent overseer with access to the whole case record, who reports publicly.', [
    { deliverable: 'Appoint the overseer', owner: 'General Secretary', dueOn: day(100) },
    { deliverable: 'The overseer’s first public report', owner: 'Independent overseer', dueOn: day(40) },
  ]);
  const c6 = await commit(engagement, 'Quarterly meetings with the community', 'Meet the representative bodies every quarter and publish the minutes.', [
    { deliverable: 'Second quarterly meeting, minutes published', owner: 'General Secretary', dueOn: day(60) },
  ]);

  const deliver = (actionId: string, deliveredOn: string, note: string, evidence: { url: string; title: string }[], documents: DeliveryDocument[] = []) =>
    recordDelivery({ ctx, staff: leader, input: { actionId, deliveredOn, note, evidence }, documents });
  const status = (commitmentId: string, to: string, reason: string) => changeCommitmentStatus({ ctx, staff: leader, input: { commitmentId, status: to, reason } });
  const rate = (commitmentId: string, rating: string, reasons: string) => rateCommitment({ ctx, staff: overseer, commitmentId, input: { rating, reasons } });

  at(124, 10);
  await deliver(c1.actionIds[0]!, day(124), 'The timetable for each stage is published on the complaints page.', [{ url: `${SITE}/complaints/timetable`, title: 'The published timetable' }]);
  await status(c1.commitmentId, 'in_progress', 'The timetable is published; the first quarterly report is in preparation.');
  await status(c2.commitmentId, 'in_progress', 'The review of the long-running cases has started.');
  await status(c5.commitmentId, 'in_progress', 'The appointment panel has met.');

  at(104, 12);
  await deliver(c5.actionIds[0]!, day(104), 'Ngozi Whitlock was appointed independent overseer, with read access to every case.', [{ url: `${SITE}/news/independent-overseer-appointed`, title: 'Announcement of the appointment' }]);
  at(88, 15);
  await deliver(c2.actionIds[0]!, day(88), 'All cases open for more than a year were reviewed; the list is with the Disputes Committee.', [{ url: `${SITE}/complaints/long-running-cases-review`, title: 'Summary of the review' }]);
  at(80, 11);
  await rate(c1.commitmentId, 'in_the_works', 'The timetable is published and easy to find. Whether cases close within four months will show in the quarterly figures below.');
  await rate(c5.commitmentId, 'in_the_works', 'The overseer is in post; the promise of public reporting is not yet met.');
  await status(c6.commitmentId, 'in_progress', 'The second meeting is being arranged.');

  at(58, 16);
  await deliver(c6.actionIds[0]!, day(58), 'The second meeting took place with two of the three bodies; the minutes are published.', [{ url: `${SITE}/community/meeting-minutes`, title: 'Minutes of the second meeting' }]);
  at(36, 10);
  await deliver(c5.actionIds[1]!, day(36), 'The overseer’s first report was published in full.', [{ url: `${SITE}/oversight/first-report`, title: 'The overseer’s first report' }]);
  await status(c5.commitmentId, 'completed', 'The overseer is appointed and has published a first report.');
  at(27, 14);
  // One delivery with a document as well as a link, so the demonstration's scorecard shows a download with its SHA-256.
  const report = await renderPdf({
    title: 'Quarterly report against the complaints timetable',
    subtitle: 'First quarter under the published timetable (demonstration)',
    footer: 'Published on the commitments scorecard',
    index: false,
    blocks: [
      { kind: 'paragraph', text: 'This report sets out how complaints were handled against the published timetable in the quarter: how many cases were received, how many closed, and the share closed within four months of receipt.' },
      { kind: 'paragraph', text: 'The live figures are on the public scorecard and the statistics pages, computed from the case record itself.' },
    ],
    createdAt: ctx.clock.now(),
    author: 'Head of Governance',
  });
  await deliver(
    c1.actionIds[1]!,
    day(27),
    'The first quarterly report, with the share of cases closed within four months, is published.',
    [{ url: `${SITE}/complaints/quarterly-report`, title: 'Quarterly report' }],
    [{ filename: 'quarterly-report.pdf', bytes: new Uint8Array(report), title: 'Quarterly report (PDF)' }],
  );

  at(10, 11);
  await rate(c5.commitmentId, 'kept', 'The overseer was appointed with full access and has reported publicly, as promised.');
  await rate(c2.commitmentId, 'stalled', 'The review was done on time, but the decisions it promised are overdue and no new date has been given.');
  await rate(c6.commitmentId, 'compromise', 'A second meeting took place and its minutes are public, but one of the three bodies was not invited.');
  await rate(c3.commitmentId, 'in_the_works', 'Guidance is promised for consultation; nothing is published yet and the due date has not passed.');
}
