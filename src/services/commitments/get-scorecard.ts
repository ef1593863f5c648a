import { isOverdue, type CommitmentStatus, type Rating, type Stance } from '../../domain/commitments/commitment.js';
import {
  listActions,
  listCommitments,
  listDemands,
  listDocuments,
  listEvidence,
  listMeetingAttendees,
  listMeetings,
  listStakeholders,
  type CommitmentRow,
} from '../../db/repositories/commitment.repository.js';
import { today } from '../cases/case-clock.js';
import type { ServiceContext } from '../context.js';
import type { MeasureDefinition } from '../../domain/commitments/measures.js';
import type { Period } from '../../domain/statistics/report.js';
import { computeMeasure, measureQuarters, type MeasureResult } from './compute-measure.js';

export type ScorecardAction = {
  id: string;
  deliverable: string;
  owner: string;
  dueOn: string;
  delivered: boolean;
  deliveredOn: string | null;
  note: string | null;
  overdue: boolean;
  evidence: { url: string; title: string }[];
  /** Documents published as evidence, each downloadable at /commitments/documents/:id and checkable by its SHA-256. */
  documents: ScorecardDocument[];
};

export type ScorecardDocument = { id: string; title: string; filename: string; mediaType: string; sizeBytes: number; sha256: string };

export type ScorecardCommitment = {
  id: string;
  demandId: string;
  title: string;
  description: string;
  status: CommitmentStatus;
  statusReason: string | null;
  statusAt: string;
  rating: Rating;
  ratingReasons: string | null;
  ratedBy: string | null;
  ratedAt: string | null;
  madeAt: string;
  actions: ScorecardAction[];
  measure: MeasureResult | null;
};

export type ScorecardDemand = {
  id: string;
  title: string;
  text: string;
  raisedBy: string;
  meeting: { id: string; title: string; heldOn: string };
  stance: Stance;
  statement: string | null;
  respondedAt: string | null;
  commitments: ScorecardCommitment[];
};

export type ScorecardMeeting = { id: string; title: string; heldOn: string; minutes: string; attendees: string[] };

export type Scorecard = { meetings: ScorecardMeeting[]; demands: ScorecardDemand[]; stakeholders: { id: string; name: string; description: string | null }[] };

/** The live measure a commitment is tied to, if any, over the scorecard's quarters. */
async function measureOf(ctx: ServiceContext, row: CommitmentRow, quarters: Period[]): Promise<MeasureResult | null> {
  const definition: MeasureDefinition | null =
    row.measure_kind === 'share_closed_within_months' && row.measure_parameter !== null
      ? { kind: 'share_closed_within_months', months: Number(row.measure_parameter) }
      : row.measure_kind === 'median_working_days_to_decision'
        ? { kind: 'median_working_days_to_decision' }
        : null;
  if (definition === null) return null;
  return computeMeasure({ ctx, definition, target: row.measure_target === null ? null : Number(row.measure_target), quarters });
}

/**
 * The public scorecard: each demand, who raised it and when, what the
 * organisation said, what was done (commitments, actions, evidence), the
 * organisation's own status beside the independent rating, and the live
 * measure where a commitment is tied to one. Open to everyone.
 */
export async function getScorecard(options: { ctx: ServiceContext }): Promise<Scorecard> {
  const { ctx } = options;
  const [stakeholders, meetings, attendees, demands, commitments, actions, evidence, documents] = await Promise.all([
    listStakeholders(ctx.db),
    listMeetings(ctx.db),
    listMeetingAttendees(ctx.db),
    listDemands(ctx.db),
    listCommitments(ctx.db),
    listActions(ctx.db),
    listEvidence(ctx.db),
    listDocuments(ctx.db),
  ]);
  const day = today(ctx);
  // Looked up once: every measure on the scorecard covers the same quarters.
  const quarters = await measureQuarters(ctx);
  const stakeholderName = new Map(stakeholders.map((row) => [row.id, row.name]));
  const meetingOf = new Map(meetings.map((row) => [row.id, row]));
  const scored: ScorecardCommitment[] = [];
  for (const row of commitments) {
    scored.push({
      id: row.id,
      demandId: row.demand_id,
      title: row.title,
      description: row.description,
      status: row.status as CommitmentStatus,
      statusReason: row.status_reason,
      statusAt: row.status_at,
      rating: row.rating as Rating,
      ratingReasons: row.rating_reasons,
      ratedBy: row.rated_by,
      ratedAt: row.rated_at,
      madeAt: row.made_at,
      actions: actions
        .filter((action) => action.commitment_id === row.id)
        .map((action) => ({
          id: action.id,
          deliverable: action.deliverable,
          owner: action.owner,
          dueOn: action.due_on,
          delivered: action.status === 'delivered',
          deliveredOn: action.delivered_on,
          note: action.delivery_note,
          overdue: isOverdue(action, day),
          evidence: evidence.filter((link) => link.action_id === action.id).map((link) => ({ url: link.url, title: link.title })),
          documents: documents
            .filter((document) => document.action_id === action.id)
            .map((document) => ({ id: document.id, title: document.title, filename: document.filename, mediaType: document.media_type, sizeBytes: document.size_bytes, sha256: document.sha256 })),
        })),
      measure: await measureOf(ctx, row, quarters),
    });
  }
  return {
    stakeholders: stakeholders.map((row) => ({ id: row.id, name: row.name, description: row.description })),
    meetings: meetings.map((row) => ({
      id: row.id,
      title: row.title,
      heldOn: row.held_on,
      minutes: row.minutes,
      attendees: attendees.filter((attendee) => attendee.meeting_id === row.id).map((attendee) => attendee.name),
    })),
    demands: demands.map((row) => {
      const meeting = meetingOf.get(row.meeting_id)!;
      return {
        id: row.id,
        title: row.title,
        text: row.text,
        raisedBy: stakeholderName.get(row.raised_by) ?? '',
        meeting: { id: meeting.id, title: meeting.title, heldOn: meeting.held_on },
        stance: row.stance as Stance,
        statement: row.statement,
        respondedAt: row.responded_at,
        commitments: scored.filter((commitment) => commitment.demandId === row.id),
      };
    }),
  };
}
