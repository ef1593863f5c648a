/** The vocabulary of a complaint as the complainant gives it. */
export const COMPLAINANT_RELATIONS = ['targeted', 'witness', 'third_party', 'organisation'] as const;
export type ComplainantRelation = (typeof COMPLAINANT_RELATIONS)[number];

export const RELATION_LABELS: Record<ComplainantRelation, string> = {
  targeted: 'I was the person targeted',
  witness: 'I saw or heard it happen',
  third_party: 'I am reporting something I learned about',
  organisation: 'I am reporting on behalf of an organisation',
};

export const CHANNELS = ['web', 'phone', 'email', 'in_person', 'letter', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels staff may record a complaint through on the complainant's behalf. */
export const STAFF_CHANNELS = ['phone', 'email', 'in_person', 'letter'] as const satisfies readonly Channel[];

export const CHANNEL_LABELS: Record<Channel, string> = {
  web: 'Public web form',
  phone: 'Telephone',
  email: 'E-mail',
  in_person: 'In person',
  letter: 'Letter',
  api: 'API',
};

export const MEMBERSHIP_STATUSES = ['member', 'suspended_member', 'former_member', 'not_a_member', 'unknown'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const TRIAGE_OUTCOMES = ['investigate', 'resolve_informally', 'close'] as const;
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];

export const TRIAGE_OUTCOME_ACTIONS: Record<TriageOutcome, string> = {
  investigate: 'open_investigation',
  resolve_informally: 'resolve_informally',
  close: 'close_at_triage',
};

export const DECISION_OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<string, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  resolved_informally: 'Resolved informally',
  closed_at_triage: 'Closed at triage',
  withdrawn: 'Withdrawn',
  merged: 'Merged into another case',
  appeal_allowed: 'Set aside on appeal',
};
