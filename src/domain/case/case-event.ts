import type { LocalDate } from '../calendar/local-date.js';
import type { StageId } from './workflow.js';

/**
 * Every change to a case, and every read of its content, as a typed event.
 *
 * WARNING: events are stored as JSON and will be chained into the ledger.
 * Adding a new event type is safe; changing or removing a field of an
 * existing type changes how stored history reads and needs a migration plan.
 */
export type ActorRef =
  | { kind: 'user'; userId: string; name: string }
  | { kind: 'public' }
  | { kind: 'receipt_holder' }
  | { kind: 'api_token'; userId: string; tokenId: string; name: string }
  | { kind: 'system'; process: string }
  | { kind: 'party'; partyId: string; role: string };

export type CaseEventData =
  | {
      type: 'complaint_received';
      reference: string;
      channel: string;
      anonymous: boolean;
      relation: string;
      recordedOnBehalf: boolean;
    }
  | { type: 'complaint_acknowledged'; dueOn: LocalDate; by: ('page' | 'email')[] }
  | { type: 'allegation_cited'; allegationId: string; packId: string; packVersion: string; clauseId: string; source: 'complainant' | 'staff' }
  | { type: 'evidence_added'; evidenceId: string; kind: 'file' | 'link'; sha256: string | null; filename: string | null; url: string | null }
  | { type: 'stage_changed'; action: string; from: StageId; to: StageId; dueOn: LocalDate | null }
  | {
      type: 'triage_recorded';
      withinJurisdiction: boolean;
      membershipStatus: string;
      riskLevel: string;
      urgent: boolean;
      interimActionNeeded: boolean;
      interimActionReasons: string | null;
      policeReferral: boolean;
      policeReferralNotes: string | null;
      outcome: string;
      notes: string | null;
    }
  | { type: 'clock_paused'; stage: StageId; reason: string }
  | { type: 'clock_resumed'; stage: StageId; reason: string; dueOnBefore: LocalDate | null; dueOnAfter: LocalDate | null }
  | { type: 'deadline_extended'; stage: StageId; workingDays: number; reason: string; dueOnBefore: LocalDate | null; dueOnAfter: LocalDate | null }
  | { type: 'case_assigned'; userId: string; userName: string; role: string }
  | { type: 'case_linked'; otherCaseId: string; otherReference: string }
  | { type: 'case_merged'; intoCaseId: string; intoReference: string }
  | { type: 'case_absorbed'; fromCaseId: string; fromReference: string }
  | { type: 'note_added'; noteId: string; text: string }
  | { type: 'investigation_report_recorded'; summary: string; recommendation: string }
  | { type: 'decision_recorded'; outcome: string; reasons: string }
  | { type: 'case_closed'; outcome: string; reason: string | null; explanation: string }
  | { type: 'party_added'; partyId: string; role: string; name: string; representsPartyId: string | null }
  | {
      type: 'notice_issued';
      noticeId: string;
      partyId: string;
      allegationIds: string[];
      disclosedEvidenceIds: string[];
      withheldEvidence: { evidenceId: string; reason: string }[];
      identityWithheld: boolean;
      identityWithheldReason: string | null;
      responseDueOn: LocalDate;
      by: ('email' | 'letter')[];
    }
  | { type: 'notice_answered'; noticeId: string; answeredAllegationIds: string[]; hearingRequested: boolean; evidenceIds: string[] }
  | {
      type: 'panel_drawn';
      panelId: string;
      purpose: 'decision' | 'appeal';
      method: 'draw' | 'rotation';
      seed: string;
      seats: { userId: string; name: string; seat: string; role: string }[];
      excluded: { userId: string; name: string; reasons: string[] }[];
    }
  | { type: 'panel_member_recused'; panelId: string; userId: string; name: string; reason: string; replacement: { userId: string; name: string } | null }
  | { type: 'panel_dissolved'; panelId: string; reason: string }
  | { type: 'hearing_scheduled'; hearingId: string; date: LocalDate; time: string; location: string }
  | { type: 'hearing_postponed'; hearingId: string; from: LocalDate; to: LocalDate; reason: string }
  | { type: 'hearing_held'; hearingId: string; attendance: { name: string; role: string; present: boolean }[] }
  | {
      type: 'panel_decision_recorded';
      decisionId: string;
      kind: 'panel' | 'appeal';
      outcome: string;
      findings: { allegationId: string; finding: string }[];
      sanctionId: string;
      sanctionMonths: number | null;
      outsideUsualRange: boolean;
      justification: string | null;
    }
  | { type: 'appeal_lodged'; appealId: string; appellantPartyId: string; appellantRole: string; grounds: string[] }
  | { type: 'appeal_decided'; appealId: string; outcome: string; reasons: string }
  | { type: 'decision_reviewed'; decisionId: string; confirmed: boolean; reasons: string }
  | { type: 'portal_link_issued'; partyId: string; by: 'email' | 'letter' }
  // interim-measures: events
  | {
      type: 'interim_measure_imposed';
      measureId: string;
      effects: { id: string; label: string }[];
      reasons: string;
      weeks: number;
      startsOn: LocalDate;
      reviewDueOn: LocalDate;
      endsOn: LocalDate;
    }
  | { type: 'interim_measure_reviewed'; measureId: string; outcome: 'continued' | 'lifted'; reasons: string; nextReviewDueOn: LocalDate | null }
  /** Lifted on review, or lapsed at its maximum length or when the case closed. */
  | { type: 'interim_measure_ended'; measureId: string; how: 'lifted' | 'lapsed'; reason: string }
  // case-messages: events
  /** A message written in Redress; the body stays in case_messages, out of the ledger, so it can be erased on its own. */
  | {
      type: 'message_sent';
      messageId: string;
      direction: 'to_party' | 'from_party' | 'internal';
      visibility: 'party' | 'staff_on_case' | 'internal';
      partyRole: string | null;
      partyId: string | null;
      emailed: boolean;
    }
  /** A party's message that reached staff by e-mail, letter or phone, entered by a member of staff. */
  | { type: 'message_recorded'; messageId: string; partyRole: string; partyId: string | null }
  /** A party (or, through the API, a member of staff) read these messages. */
  | { type: 'messages_read'; messageIds: string[] }
  | { type: 'payload_erased'; eventId: string; rule: string }
  | { type: 'case_viewed' }
  | { type: 'evidence_downloaded'; evidenceId: string }
  | { type: 'status_checked_by_receipt' }
  | { type: 'portal_opened'; partyId: string }
  | { type: 'document_generated'; document: 'hearing_bundle' | 'outcome_letter'; sha256: string }
  /** Someone not assigned tried to open or change the case and was refused. */
  | { type: 'access_refused'; attempted: string; stage: string }
  | { type: 'break_glass_opened'; grantId: string; reason: string; expiresAt: string }
  | { type: 'break_glass_ended'; grantId: string }
  /** An entry in the interference register; kept out of the case's own timeline. */
  | {
      type: 'outside_contact_recorded';
      contactId: string;
      number: number;
      source: 'received' | 'declared';
      contactName: string;
      contactOffice: string;
      contactedName: string;
      occurredAt: string;
      channel: string;
      content: string;
      reachedDecisionMaker: string;
    }
  // retention: events
  /** The special categories of personal data the case holds were set (an empty list clears them), with the reason. */
  | { type: 'special_category_flagged'; categories: string[]; reason: string }
  /** The case's personal data was erased under a retention rule: what was erased, counted; each payload's erasure is its own event. */
  | {
      type: 'case_erased_under_retention';
      rule: string;
      payloadsErased: number;
      notesErased: number;
      messagesErased: number;
      evidenceErased: number;
      filesRemoved: number;
    }
  // audits-and-survey: events
  /** Drawn into an audit sample: the overseer is assigned as auditor and may read the case. */
  | { type: 'audit_sampled'; sampleId: string; number: number }
  /** The overseer's checklist review of the case in an audit sample. */
  | { type: 'audit_reviewed'; sampleId: string; number: number; met: number; notMet: number; notApplicable: number }
  // subject-access: events
  /** A subject access export included records from this case: the export's id, the file handed over, and the person's roles in the case. */
  | { type: 'subject_access_exported'; exportId: string; format: 'json' | 'pdf'; roles: string[] }
  // published-decisions: events
  /** The case manager drafted (or redrafted) the anonymised summary of the decision for publication; the flags the anonymity check raised, counted. */
  | { type: 'decision_summary_drafted'; summaryId: string; redraft: boolean; flags: number }
  /** The publications editor changed the summary's facts or reasons. */
  | { type: 'decision_summary_edited'; summaryId: string; editorName: string; flags: number }
  /** The publications editor approved the summary and it was published under its public number. */
  | { type: 'decision_summary_published'; summaryId: string; number: string; editorName: string; flagsAccepted: number }
  /** The publications editor returned the summary to the drafter, with the reason. */
  | { type: 'decision_summary_returned'; summaryId: string; editorName: string; reason: string }
  /** The publications editor withdrew the published summary, with the reason. */
  | { type: 'decision_summary_withdrawn'; summaryId: string; number: string; editorName: string; reason: string }
  // (event types of later features go above this line)
  ;

export type CaseEventType = CaseEventData['type'];

export type CaseEvent = CaseEventData & {
  id: string;
  caseId: string;
  sequence: number;
  occurredAt: Date;
  actor: ActorRef;
  /** Set when the event's payload was erased under a retention rule; its other fields are then absent. */
  erasedUnderRule?: string | undefined;
};

/** What an erased payload is replaced by: the rule, and the event that recorded the erasure. */
export type ErasedPayload = { erasedUnderRule: string; erasure: string };

export function isErasedPayload(data: unknown): data is ErasedPayload {
  return typeof data === 'object' && data !== null && typeof (data as ErasedPayload).erasedUnderRule === 'string' && typeof (data as ErasedPayload).erasure === 'string';
}

/** Reads are recorded like changes but kept out of the case timeline. */
export const ACCESS_EVENT_TYPES: ReadonlySet<CaseEventType> = new Set([
  'case_viewed',
  'evidence_downloaded',
  'status_checked_by_receipt',
  'portal_opened',
  'document_generated',
  'messages_read',
  'access_refused',
  'subject_access_exported',
]);

/** Events only the overseer reads: they never appear on the case page. */
export const OVERSIGHT_EVENT_TYPES: ReadonlySet<CaseEventType> = new Set(['outside_contact_recorded']);

export const PARTY_ROLE_LABELS: Record<string, string> = {
  complainant: 'Complainant',
  reporter: 'Reporter',
  respondent: 'Respondent',
  representative: 'Representative',
  companion: 'Companion',
};

export function actorName(actor: ActorRef): string {
  switch (actor.kind) {
    case 'user':
      return actor.name;
    case 'api_token':
      return `${actor.name} (API)`;
    case 'public':
      return 'Complainant (public form)';
    case 'receipt_holder':
      return 'Complainant (receipt code)';
    case 'system':
      return `Redress (${actor.process})`;
    case 'party':
      return `${PARTY_ROLE_LABELS[actor.role] ?? actor.role} (portal)`;
  }
}
