import { z } from 'zod';

/**
 * The commitments tracker's vocabulary: the organisation's response to a
 * demand as stated, its own status for a commitment, and the independent
 * rating on the published scale. The status and the rating are kept apart:
 * the organisation says where it is, the overseer says whether that is so.
 */
export const STANCES = ['agreed_to_implement', 'already_implementing', 'agreed_to_consider', 'declined', 'no_response'] as const;
export type Stance = (typeof STANCES)[number];
export const STANCE_LABELS: Record<Stance, string> = {
  agreed_to_implement: 'Agreed to implement',
  already_implementing: 'Already implementing',
  agreed_to_consider: 'Agreed to consider',
  declined: 'Declined',
  no_response: 'No response',
};

export const COMMITMENT_STATUSES = ['planned', 'in_progress', 'on_hold', 'completed', 'withdrawn'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const STATUS_LABELS: Record<CommitmentStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  on_hold: 'On hold',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

/** The published rating scale, in order, with what each rating means (the legend on the scorecard). */
export const RATINGS = ['not_yet_rated', 'in_the_works', 'stalled', 'compromise', 'kept', 'broken'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = {
  not_yet_rated: 'Not yet rated',
  in_the_works: 'In the works',
  stalled: 'Stalled',
  compromise: 'Compromise',
  kept: 'Kept',
  broken: 'Broken',
};
export const RATING_MEANINGS: Record<Rating, string> = {
  not_yet_rated: 'The independent overseer has not yet looked at this commitment.',
  in_the_works: 'Work has started and is moving, but the promise is not yet met.',
  stalled: 'Nothing has moved for some time, or the work has stopped.',
  compromise: 'Part of what was promised was done, or something less than promised.',
  kept: 'What was promised was done, and the evidence shows it.',
  broken: 'What was promised was not done, or was abandoned.',
};

/** Ratings the overseer may give (not "not yet rated", which is where every commitment starts). */
export const GIVEN_RATINGS = RATINGS.filter((rating) => rating !== 'not_yet_rated') as Exclude<Rating, 'not_yet_rated'>[];

/** Every change to the tracker, as an event (each also a ledger leaf, type prefixed "commitment."). */
export const COMMITMENT_EVENT_TYPES = [
  'stakeholder_added',
  'meeting_recorded',
  'demand_raised',
  'response_recorded',
  'commitment_made',
  'action_added',
  'action_delivered',
  'status_changed',
  'rating_given',
] as const;
export type CommitmentEventType = (typeof COMMITMENT_EVENT_TYPES)[number];
export type SubjectKind = 'stakeholder' | 'meeting' | 'demand' | 'commitment' | 'action';

/** The prefix of a commitment event's type in the ledger, which tells a verifier where to find the event. */
export const LEDGER_TYPE_PREFIX = 'commitment.';

const date = (message: string) => z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, message);
const words = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max, `Keep it under ${max} characters.`);
const optionalWords = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : null));
const id = (message: string) => z.string().trim().min(1, message);

export const ZStakeholderInput = z.object({
  name: words(2, 200, 'Give the name of the organisation or body.'),
  description: optionalWords(1000),
});

export const ZMeetingInput = z.object({
  heldOn: date('Enter the date of the meeting like 2026-06-14.'),
  title: words(3, 200, 'Give the meeting a short title.'),
  minutes: words(10, 20000, 'Write the minutes (at least 10 characters).'),
  stakeholderIds: z.array(z.string()).min(1, 'Choose at least one body that attended.'),
  /** Other attendees, one name per line (for example the organisation's own people). */
  otherAttendees: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    ),
});

export const ZDemandInput = z.object({
  meetingId: id('Choose the meeting where it was raised.'),
  raisedBy: id('Choose who raised it.'),
  title: words(3, 200, 'Give the demand a short title.'),
  text: words(10, 5000, 'Write what was asked (at least 10 characters).'),
});

export const ZResponseInput = z.object({
  demandId: id('Choose the demand.'),
  stance: z.enum(STANCES, { message: 'Choose what the organisation said: agreed to implement, already implementing, agreed to consider, declined or no response.' }),
  statement: optionalWords(5000),
});

export const MEASURE_KINDS = ['share_closed_within_months', 'median_working_days_to_decision'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const ZActionInput = z.object({
  deliverable: words(3, 500, 'Say what will be delivered.'),
  owner: words(2, 200, 'Name who owns this action.'),
  dueOn: date('Enter the due date like 2026-09-30.'),
});

export const ZCommitmentInput = z
  .object({
    demandId: id('Choose the demand this commitment answers.'),
    title: words(3, 200, 'Give the commitment a short title.'),
    description: words(10, 5000, 'Say what was promised (at least 10 characters).'),
    measureKind: z
      .union([z.enum(MEASURE_KINDS), z.literal('')])
      .optional()
      .transform((value) => (value ? value : null)),
    measureParameter: z.coerce.number().int('Give a whole number of months.').min(1, 'Give at least 1 month.').max(36, 'Give at most 36 months.').optional(),
    /** A per cent for a share; working days for a median. */
    measureTarget: z.coerce.number().int('Give a whole number.').min(1, 'Give a target of at least 1.').max(1000, 'Give a target of at most 1000.').optional(),
    actions: z.array(ZActionInput).max(20, 'Give at most 20 actions at once.'),
  })
  .superRefine((value, context) => {
    const share = value.measureKind === 'share_closed_within_months';
    if (share && value.measureParameter === undefined) context.addIssue({ code: 'custom', path: ['measureParameter'], message: 'Give the number of months the measure counts.' });
    if (value.measureKind && value.measureTarget === undefined) context.addIssue({ code: 'custom', path: ['measureTarget'], message: 'Give the target: a per cent for a share, working days for a median.' });
    if (share && value.measureTarget !== undefined && value.measureTarget > 100) context.addIssue({ code: 'custom', path: ['measureTarget'], message: 'Give the target share as a per cent from 1 to 100.' });
  });

export const ZDeliveryInput = z.object({
  actionId: id('Choose the action delivered.'),
  deliveredOn: date('Enter the date of delivery like 2026-09-30.'),
  note: words(5, 5000, 'Say what was delivered (at least 5 characters).'),
  evidence: z
    .array(
      z.object({
        url: z
          .string()
          .trim()
          .url('Give each link as a full address starting with https://.')
          .refine((value) => /^https?:\/\//.test(value), 'Give each link as a full address starting with https://.'),
        title: words(2, 200, 'Give each link a title.'),
      }),
    )
    .max(10, 'Give at most 10 links.'),
});

/** A delivery document's title: optional, the file's name when left blank (as a complaint's evidence files are named). */
export const ZDocumentTitle = z
  .string()
  .trim()
  .max(200, 'Keep each document’s title under 200 characters.')
  .optional()
  .transform((value) => (value ? value : null));

export const ZStatusInput = z.object({
  commitmentId: id('Choose the commitment.'),
  status: z.enum(COMMITMENT_STATUSES, { message: 'Choose a status.' }),
  reason: words(10, 5000, 'Give the reason for the change (at least 10 characters).'),
});

export const ZRatingInput = z.object({
  rating: z.enum(GIVEN_RATINGS as [Rating, ...Rating[]], { message: 'Choose a rating: in the works, stalled, compromise, kept or broken.' }),
  reasons: words(20, 5000, 'Give your reasons (at least 20 characters).'),
});

/** An action is overdue when it is not delivered and its due date has passed. */
export function isOverdue(action: { status: string; due_on: string }, today: string): boolean {
  return action.status !== 'delivered' && action.due_on < today;
}

/** One change as the public reads it: a heading and a sentence or two. */
export type ChangeDescription = { heading: string; detail: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "10 February 2026" from "2026-02-10"; anything else as it is. */
export function plainDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : value;
}

const label = <K extends string>(labels: Record<K, string>, value: unknown): string => labels[value as K] ?? String(value);

/** Plain words for an event of the tracker, from its type and data (as stored). */
export function describeCommitmentEvent(type: string, data: Record<string, unknown>): ChangeDescription {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  switch (type as CommitmentEventType) {
    case 'stakeholder_added':
      return { heading: `Stakeholder added: ${text('name')}`, detail: text('description') };
    case 'meeting_recorded':
      return { heading: `Meeting held on ${plainDate(text('heldOn'))}: ${text('title')}`, detail: text('minutes') };
    case 'demand_raised':
      return { heading: `Demand raised by ${text('raisedBy')}: ${text('title')}`, detail: text('text') };
    case 'response_recorded':
      return { heading: `The organisation’s response: ${label(STANCE_LABELS, data.stance)}`, detail: text('statement') };
    case 'commitment_made':
      return { heading: `Commitment made: ${text('title')}`, detail: text('description') };
    case 'action_added':
      return { heading: `Action planned: ${text('deliverable')}`, detail: `Owner: ${text('owner')}. Due by ${plainDate(text('dueOn'))}.` };
    case 'action_delivered':
      return { heading: `Action delivered: ${text('deliverable')}`, detail: `Delivered on ${plainDate(text('deliveredOn'))} (due ${plainDate(text('dueOn'))}). ${text('note')}` };
    case 'status_changed':
      return { heading: `The organisation’s status: ${label(STATUS_LABELS, data.from)} → ${label(STATUS_LABELS, data.to)}`, detail: text('reason') };
    case 'rating_given':
      return { heading: `Independent rating: ${label(RATING_LABELS, data.rating)} (was ${label(RATING_LABELS, data.from)}), by ${text('rater')}`, detail: text('reasons') };
    default:
      return { heading: type, detail: '' };
  }
}
