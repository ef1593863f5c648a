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
};

export type UserRow = Selectable<UserTable>;
export type CaseRow = Selectable<CaseTable>;
export type NewCaseRow = Insertable<CaseTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type EvidenceRow = Selectable<EvidenceTable>;
export type TriageRecordRow = Selectable<TriageRecordTable>;
