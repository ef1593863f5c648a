import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Row types for every table. Timestamps are ISO-8601 strings in UTC on both
 * databases (SQLite has no timestamp type, and one representation keeps the
 * repositories free of dialect branches); calendar dates are `YYYY-MM-DD`.
 * Booleans are stored as 0/1 integers for the same reason.
 */
type Flag = number;

export type UserTable = {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Flag;
  /** The time step of the last code accepted, so a code is never accepted twice (RFC 6238 §5.2). */
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
  /** The single sign-on identity linked to this account (issuer URL and `sub`), unique together; null until linked. */
  oidc_issuer: string | null;
  oidc_subject: string | null;
};

export type UserRoleTable = { user_id: string; role: string };

export type SessionTable = {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  second_factor_done: Flag;
};

export type ApiTokenTable = {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

export type SettingTable = { key: string; value: string };

export type ReferenceCounterTable = { year: number; last_number: number };

export type CaseTable = {
  id: string;
  reference: string;
  channel: string;
  recorded_by: string | null;
  anonymous: Flag;
  receipt_hash: string | null;
  complainant_relation: string;
  complainant_name: string | null;
  complainant_email: string | null;
  complainant_phone: string | null;
  complainant_perception: string | null;
  respondent_name: string;
  respondent_membership_number: string | null;
  respondent_unit: string | null;
  summary: string;
  description: string;
  incident_date: string | null;
  incident_location: string | null;
  online_platform: string | null;
  online_url: string | null;
  received_at: string;
  acknowledged_at: string | null;
  acknowledgement_due_on: string;
  stage: string;
  stage_entered_at: string;
  stage_due_on: string | null;
  paused_since: string | null;
  overall_due_on: string;
  outcome: string | null;
  closure_reason: string | null;
  closed_at: string | null;
  merged_into: string | null;
  risk_level: string | null;
  urgent: Flag;
  updated_at: string;
  /** JSON array of special categories of personal data (UK GDPR art. 9, and art. 10); null when none. */
  special_categories: string | null;
  /** When the personal data was erased under the retention schedule. */
  erased_at: string | null;
};

export type CaseAllegationTable = {
  id: string;
  case_id: string;
  pack_id: string;
  pack_version: string;
  clause_id: string;
  source: string;
  created_at: string;
};

export type CaseAssignmentTable = {
  case_id: string;
  user_id: string;
  role: string;
  assigned_at: string;
};

export type CaseClockEntryTable = {
  id: Generated<number>;
  case_id: string;
  kind: string;
  stage: string | null;
  on_date: string;
  working_days: number | null;
  reason: string | null;
  recorded_at: string;
};

export type TriageRecordTable = {
  case_id: string;
  within_jurisdiction: Flag;
  membership_status: string;
  risk_level: string;
  urgent: Flag;
  interim_action_needed: Flag;
  interim_action_reasons: string | null;
  police_referral: Flag;
  police_referral_notes: string | null;
  outcome: string;
  notes: string | null;
  recorded_by: string;
  recorded_at: string;
};

export type CaseLinkTable = { case_id: string; other_case_id: string; created_at: string };

export type CaseNoteTable = {
  id: string;
  case_id: string;
  kind: string;
  text: string;
  author_id: string | null;
  created_at: string;
};

export type EvidenceTable = {
  id: string;
  case_id: string;
  kind: string;
  sha256: string | null;
  filename: string | null;
  media_type: string | null;
  size_bytes: number | null;
  url: string | null;
  captured_at: string | null;
  description: string | null;
  submitted_by: string;
  created_at: string;
  /** Set on a recording of a hearing. */
  hearing_id: string | null;
  /** Set on a redacted copy made for disclosure: the item it copies. */
  redacts_evidence_id: string | null;
};

export type CaseEventTable = {
  id: string;
  case_id: string;
  sequence: number;
  type: string;
  actor: string;
  occurred_at: string;
  data: string;
};

export type OutboxTable = {
  id: Generated<number>;
  kind: string;
  payload: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  last_error: string | null;
};

export type LedgerEntryTable = {
  sequence: number;
  event_id: string | null;
  case_id: string | null;
  type: string;
  /** The leaf exactly as hashed: RFC 8785 canonical JSON. */
  leaf_data: string;
  leaf_hash: string;
  appended_at: string;
};

export type LedgerNodeTable = { level: number; idx: number; hash: string };

export type LedgerStateTable = { id: number; size: number; frontier: string };

export type LedgerCheckpointTable = {
  id: Generated<number>;
  size: number;
  root_hash: string;
  key_name: string;
  note: string;
  issued_at: string;
};

export type CasePartyTable = {
  id: string;
  case_id: string;
  /** complainant, reporter, respondent, representative or companion */
  role: string;
  represents_party_id: string | null;
  name: string;
  email: string | null;
  membership_number: string | null;
  unit: string | null;
  /** JSON array of groups the party belongs to, screened against the panel's declared interests. */
  affiliations: string;
  created_at: string;
};

/** A party's way into the portal: the hash of a random token sent to them, never the token. */
export type PartyLinkTable = { token_hash: string; party_id: string; case_id: string; created_at: string; expires_at: string; revoked_at: string | null };

export type NoticeTable = {
  id: string;
  case_id: string;
  party_id: string;
  issued_at: string;
  issued_by: string;
  response_due_on: string;
  covering_letter: string;
  identity_withheld: Flag;
  identity_withheld_reason: string | null;
  responded_at: string | null;
  general_response: string | null;
  hearing_requested: Flag;
};

export type NoticeAllegationTable = { notice_id: string; allegation_id: string; particulars: string; response: string | null };

export type EvidenceDisclosureTable = { notice_id: string; evidence_id: string; disclosed: Flag; redaction_note: string | null; withheld_reason: string | null };

export type PanelPoolTable = { user_id: string; /** JSON array of pool roles */ roles: string; active: Flag; updated_at: string };

export type PanelTrainingTable = { id: string; user_id: string; course: string; completed_on: string; expires_on: string; recorded_at: string };

export type PanelInterestTable = { id: string; user_id: string; kind: string; value: string; declared_on: string; ended_on: string | null };

export type PanelTable = {
  id: string;
  case_id: string;
  /** decision or appeal */
  purpose: string;
  method: string;
  seed: string;
  /** JSON: the eligible candidates the draw chose from, so it can be re-run from the seed. */
  candidates: string;
  drawn_at: string;
  drawn_by: string;
  dissolved_at: string | null;
  dissolved_reason: string | null;
};

export type PanelScreeningTable = { panel_id: string; user_id: string; eligible: Flag; independent_barred: Flag; /** JSON array */ reasons: string };

export type PanelSeatTable = {
  id: string;
  panel_id: string;
  user_id: string;
  seat: string;
  pool_role: string;
  position: number;
  seated_at: string;
  recused_at: string | null;
  recusal_reason: string | null;
};

export type HearingTable = {
  id: string;
  case_id: string;
  panel_id: string;
  scheduled_on: string;
  start_time: string;
  location: string;
  notice_given_on: string;
  originally_scheduled_on: string | null;
  postponement_reason: string | null;
  held_at: string | null;
  /** JSON array of { name, role, present } */
  attendance: string | null;
  record: string | null;
  created_at: string;
};

export type DecisionTable = {
  id: string;
  case_id: string;
  panel_id: string;
  /** panel or appeal */
  kind: string;
  outcome: string;
  reasons: string;
  sanction_id: string;
  sanction_months: number | null;
  justification: string | null;
  outside_usual_range: Flag;
  /** JSON: the precedents the panel was shown when it decided. */
  precedents: string;
  /** in_force, vetoed, set_aside or varied */
  status: string;
  decided_at: string;
  decided_by: string;
};

export type DecisionFindingTable = {
  decision_id: string;
  allegation_id: string;
  pack_id: string;
  clause_id: string;
  finding: string;
  reasons: string;
  /** JSON array of the clause's examples the panel relied on */
  examples: string;
};

export type AppealTable = {
  id: string;
  case_id: string;
  decision_id: string;
  appellant_party_id: string;
  lodged_at: string;
  /** JSON array of ground ids */
  grounds: string;
  statement: string;
  outcome: string | null;
  reasons: string | null;
  decided_at: string | null;
};

export type MembershipSanctionTable = {
  id: string;
  case_id: string;
  decision_id: string;
  person_name: string;
  membership_number: string | null;
  sanction_id: string;
  effect: string;
  starts_on: string;
  ends_on: string | null;
  lifted_at: string | null;
  lift_reason: string | null;
};

export type ReminderSentTable = { key: string; case_id: string; sent_at: string };

// mail-templates: row types
/** The organisation's wording of one e-mail template; without a row, the default in the code is sent. */
export type MailTemplateTable = {
  /** The template's id in the registry (src/domain/mail/mail-templates.ts). */
  id: string;
  subject: string;
  body: string;
  updated_at: string;
  updated_by: string;
};

/** Every save and reset of a template, with the words in effect from then. */
export type MailTemplateChangeTable = {
  id: string;
  template_id: string;
  /** saved (the organisation's wording) or reset (back to the default, whose words are kept here) */
  action: string;
  subject: string;
  body: string;
  changed_at: string;
  changed_by: string;
};

// interim-measures: row types
export type InterimMeasureTable = {
  id: string;
  case_id: string;
  person_name: string;
  membership_number: string | null;
  /** JSON array of { id, label }: the effects as worded when the measure was imposed. */
  effects: string;
  reasons: string;
  imposed_at: string;
  imposed_by: string;
  starts_on: string;
  review_due_on: string;
  /** The last day the measure may be in force (its maximum length); it lapses the day after. */
  ends_on: string;
  /** in_force, lifted or lapsed */
  status: string;
  ended_at: string | null;
  end_reason: string | null;
};

export type InterimMeasureReviewTable = {
  id: string;
  measure_id: string;
  reviewed_at: string;
  reviewed_by: string;
  /** continued or lifted */
  outcome: string;
  reasons: string;
  next_review_due_on: string | null;
};

// case-messages: row types

export type CaseMessageTable = {
  id: string;
  case_id: string;
  /** Order within the case, taken under the case lock like an event's. */
  sequence: number;
  /** to_party, from_party or internal */
  direction: string;
  /** The party whose thread it is; null for the anonymous complainant (reached by receipt code) and for notes among staff. */
  party_id: string | null;
  /** complainant or respondent (the thread); null for a note among staff that concerns no party. */
  party_role: string | null;
  /** party, staff_on_case or internal */
  visibility: string;
  author_user_id: string | null;
  author_party_id: string | null;
  /** The staff author's role on the case when they wrote: parties see the message signed by it. */
  author_role: string | null;
  body: string;
  sent_at: string;
  read_by_party_at: string | null;
};

export type BreakGlassGrantTable = {
  id: string;
  case_id: string;
  user_id: string;
  reason: string;
  granted_at: string;
  expires_at: string;
  ended_at: string | null;
};

/** One entry in the interference register. */
export type OutsideContactTable = {
  id: string;
  /** Sequential, so a gap in the register would show. */
  number: number;
  case_id: string;
  /** The case's stage when the contact was recorded. */
  stage: string;
  /** received (recorded by the person contacted) or declared (by the person who made it) */
  source: string;
  contact_name: string;
  contact_office: string;
  contacted_user_id: string | null;
  contacted_name: string;
  occurred_at: string;
  channel: string;
  content: string;
  /** yes, no or unknown */
  reached_decision_maker: string;
  recorded_by: string;
  recorded_at: string;
};

export type OverseerLedgerStateTable = { user_id: string; tree_size: number; root_hash: string; saved_at: string };

// retention: row types
/** One run of the retention schedule: by hand (dry runs too), or scheduled when it erased something. */
export type RetentionRunTable = {
  id: string;
  ran_at: string;
  /** Who ran it, as shown: a person's name, or the process. */
  actor: string;
  dry_run: Flag;
  cases_erased: number;
  payloads_erased: number;
  files_removed: number;
  /** JSON array of the references of the cases erased (or that a dry run would erase). */
  case_references: string;
};

// audits-and-survey: row types
export type AuditCounterTable = { name: string; last_number: number };

/** One audit draw: its seed and the population it was drawn from, so anyone can re-run it. */
export type AuditSampleTable = {
  id: string;
  number: number;
  seed: string;
  /** How many cases were asked for; fewer are drawn when the population is smaller. */
  size: number;
  /** JSON array of the closed cases' ids the draw chose from, sorted. */
  population: string;
  /** The closing-date range, when one was given (YYYY-MM-DD, inclusive). */
  closed_from: string | null;
  closed_to: string | null;
  drawn_by: string;
  drawn_at: string;
};

export type AuditSampleCaseTable = { sample_id: string; case_id: string; /** Draw order, from 0. */ position: number };

/** One checklist answer for one sampled case, with the question as it was asked. */
export type AuditReviewTable = {
  sample_id: string;
  case_id: string;
  item_id: string;
  question: string;
  /** met, not_met or not_applicable */
  result: string;
  note: string | null;
  reviewed_by: string;
  reviewed_at: string;
};

export type AuditFindingTable = {
  id: string;
  number: number;
  sample_id: string;
  case_id: string | null;
  text: string;
  /** minor, significant or serious */
  severity: string;
  raised_by: string;
  raised_at: string;
  answer_due_on: string;
  /** awaiting_answer, answered or accepted */
  status: string;
};

export type AuditFindingAnswerTable = {
  id: string;
  finding_id: string;
  text: string;
  action_promised: string;
  answered_by: string;
  answered_at: string;
  /** accepted or reopened, once the overseer has read the answer */
  verdict: string | null;
  verdict_reason: string | null;
  verdict_by: string | null;
  verdict_at: string | null;
};

/** A survey link: only its hash, the role invited and the quarter the case closed; no case and no person. */
export type SurveyInvitationTable = { token_hash: string; role: string; closure_quarter: string; expires_at: string; answered: Flag };

/** One survey answered: the role and quarters only, never the case, the invitation or the time. */
export type SurveyResponseTable = {
  id: string;
  role: string;
  closure_quarter: string;
  response_quarter: string;
  fair: number;
  informed: number;
  timely: number;
  confidence: number;
  comment: string | null;
};

// subject-access: row types
/** One subject access export: who made it, for whom, when, and the fingerprint of what was handed over. */
export type SubjectAccessExportTable = {
  id: string;
  /** JSON: { email, membershipNumber, name } as searched for (normalised). */
  query: string;
  requested_by: string;
  generated_at: string;
  /** json or pdf */
  format: string;
  case_count: number;
  /** SHA-256 of the export's canonical JSON; the PDF is rendered from that JSON. */
  sha256: string;
};

// commitments: row types
export type StakeholderTable = { id: string; name: string; description: string | null; added_by: string; added_at: string };
export type MeetingTable = { id: string; held_on: string; title: string; minutes: string; recorded_by: string; recorded_at: string };
/** Who attended a meeting: a stakeholder (by id and name as then) or a named person of the organisation. */
export type MeetingAttendeeTable = { meeting_id: string; position: number; stakeholder_id: string | null; name: string };
/** A demand raised at a meeting; stance/statement/responded_at are the latest response (every response is an event). */
export type DemandTable = { id: string; meeting_id: string; raised_by: string; title: string; text: string; stance: string; statement: string | null; responded_at: string | null; recorded_at: string };
/** A commitment: the organisation's own status and the overseer's rating are kept apart; both are the latest of their events. */
export type CommitmentTable = {
  id: string;
  demand_id: string;
  title: string;
  description: string;
  status: string;
  status_reason: string | null;
  status_at: string;
  rating: string;
  rating_reasons: string | null;
  /** the rater's name, as it was */
  rated_by: string | null;
  rated_at: string | null;
  measure_kind: string | null;
  measure_parameter: number | null;
  /** per cent for a share, working days for a median */
  measure_target: number | null;
  made_at: string;
};
export type CommitmentActionTable = {
  id: string;
  commitment_id: string;
  deliverable: string;
  owner: string;
  due_on: string;
  /** open or delivered */
  status: string;
  delivered_on: string | null;
  delivery_note: string | null;
  added_at: string;
};
export type CommitmentEvidenceTable = { id: string; action_id: string; url: string; title: string; added_at: string };
/** A document published as evidence of an action's delivery: the bytes are in the evidence store under their SHA-256. */
export type CommitmentDocumentTable = {
  id: string;
  action_id: string;
  /** the order attached in, within the delivery */
  position: number;
  title: string;
  /** the name it was uploaded under, made safe */
  filename: string;
  /** checked from the bytes, not taken from the browser */
  media_type: string;
  size_bytes: number;
  sha256: string;
  added_at: string;
};
/** Append-only: every change to the tracker, each also a ledger leaf. */
export type CommitmentEventTable = {
  id: string;
  sequence: number;
  subject_kind: string;
  subject_id: string;
  demand_id: string | null;
  commitment_id: string | null;
  type: string;
  actor: string;
  occurred_at: string;
  data: string;
};

// published-decisions: row types
/** The anonymised summary of one decision, from draft to publication (and withdrawal). */
export type DecisionSummaryTable = {
  id: string;
  case_id: string;
  decision_id: string;
  /** draft, returned, published or withdrawn */
  status: string;
  facts: string;
  reasons: string;
  /** JSON array of { packId, clauseId, title, finding } */
  clauses: string;
  finding: string;
  sanction_id: string;
  sanction_label: string;
  drafted_by: string;
  drafted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  return_reason: string | null;
  /** JSON array of the editor's "not identifying" marks: { key, reason, by, at } */
  flags_accepted: string;
  /** The public number, for example 2026/7; null until published. */
  number: string | null;
  number_year: number | null;
  number_sequence: number | null;
  published_at: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
};

/** One clause of a summary, for searching the register by clause. */
export type DecisionSummaryClauseTable = { summary_id: string; pack_id: string; clause_id: string };

export type PublicationCounterTable = { year: number; last_number: number };

export type Database = {
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  settings: SettingTable;
  reference_counters: ReferenceCounterTable;
  cases: CaseTable;
  case_allegations: CaseAllegationTable;
  case_assignments: CaseAssignmentTable;
  case_clock_entries: CaseClockEntryTable;
  triage_records: TriageRecordTable;
  case_links: CaseLinkTable;
  case_notes: CaseNoteTable;
  evidence: EvidenceTable;
  case_events: CaseEventTable;
  outbox: OutboxTable;
  ledger_entries: LedgerEntryTable;
  ledger_nodes: LedgerNodeTable;
  ledger_state: LedgerStateTable;
  ledger_checkpoints: LedgerCheckpointTable;
  case_parties: CasePartyTable;
  party_links: PartyLinkTable;
  notices: NoticeTable;
  notice_allegations: NoticeAllegationTable;
  evidence_disclosures: EvidenceDisclosureTable;
  panel_pool: PanelPoolTable;
  panel_trainings: PanelTrainingTable;
  panel_interests: PanelInterestTable;
  panels: PanelTable;
  panel_screenings: PanelScreeningTable;
  panel_seats: PanelSeatTable;
  hearings: HearingTable;
  decisions: DecisionTable;
  decision_findings: DecisionFindingTable;
  appeals: AppealTable;
  membership_sanctions: MembershipSanctionTable;
  reminders_sent: ReminderSentTable;
  // mail-templates: tables
  mail_templates: MailTemplateTable;
  mail_template_changes: MailTemplateChangeTable;
  // interim-measures: tables
  interim_measures: InterimMeasureTable;
  interim_measure_reviews: InterimMeasureReviewTable;
  // case-messages: tables
  case_messages: CaseMessageTable;
  // oversight: tables
  break_glass_grants: BreakGlassGrantTable;
  outside_contacts: OutsideContactTable;
  overseer_ledger_states: OverseerLedgerStateTable;
  // retention: tables
  retention_runs: RetentionRunTable;
  // audits-and-survey: tables
  audit_counters: AuditCounterTable;
  audit_samples: AuditSampleTable;
  audit_sample_cases: AuditSampleCaseTable;
  audit_reviews: AuditReviewTable;
  audit_findings: AuditFindingTable;
  audit_finding_answers: AuditFindingAnswerTable;
  survey_invitations: SurveyInvitationTable;
  survey_responses: SurveyResponseTable;
  // subject-access: tables
  subject_access_exports: SubjectAccessExportTable;
  // commitments: tables
  stakeholders: StakeholderTable;
  meetings: MeetingTable;
  meeting_attendees: MeetingAttendeeTable;
  demands: DemandTable;
  commitments: CommitmentTable;
  commitment_actions: CommitmentActionTable;
  commitment_evidence: CommitmentEvidenceTable;
  commitment_documents: CommitmentDocumentTable;
  commitment_events: CommitmentEventTable;
  // published-decisions: tables
  decision_summaries: DecisionSummaryTable;
  decision_summary_clauses: DecisionSummaryClauseTable;
  publication_counters: PublicationCounterTable;
  // (tables of later migrations go above this line)
};

export type UserRow = Selectable<UserTable>;
export type CaseRow = Selectable<CaseTable>;
export type NewCaseRow = Insertable<CaseTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type EvidenceRow = Selectable<EvidenceTable>;
export type TriageRecordRow = Selectable<TriageRecordTable>;
