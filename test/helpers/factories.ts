import type { Role } from '../../src/domain/access.js';
import { ZComplaintInput, type ComplaintInput } from '../../src/services/intake/complaint-input.js';
import { ZTriageInput, type TriageInput } from '../../src/services/cases/triage-input.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { createUser } from '../../src/services/users/manage-users.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let people = 0;

/** A member of staff with the given roles, as the use cases see them. */
export async function createStaff(ctx: ServiceContext, roles: Role[], name?: string): Promise<Staff & { email: string }> {
  people += 1;
  const displayName = name ?? `${roles.join(' ')} ${people}`;
  const email = `staff${people}.${process.pid}@example.test`;
  const user = await createUser({ ctx, by: { kind: 'operator' }, email, displayName, password: TEST_PASSWORD, roles });
  return { userId: user.id, name: user.display_name, roles, email };
}

/** A complaint that passes validation; override any part. */
export function complaintInput(overrides: Record<string, unknown> = {}): ComplaintInput {
  return ZComplaintInput.parse({
    relation: 'targeted',
    anonymous: false,
    complainant: { name: 'Ruth Example', email: 'ruth@example.test' },
    respondent: { name: 'Councillor Fictional', membershipNumber: 'M-1001', unit: 'North Branch' },
    summary: 'Abusive messages after a branch meeting',
    description: 'After the branch meeting on 12 February the respondent sent me a series of messages repeating an antisemitic conspiracy theory.',
    incidentDate: '2026-02-12',
    clauses: ['ihra-wda@2016-05-26#ex-2'],
    ...overrides,
  });
}

/** The answers of a complete triage that opens an investigation, as a form or the API sends them. */
export const TRIAGE_ANSWERS = {
  withinJurisdiction: true,
  membershipStatus: 'member',
  riskLevel: 'medium',
  interimActionNeeded: false,
  interimActionReasons: 'No continuing risk: the messages stopped in February.',
  policeReferral: false,
  outcome: 'investigate',
} as const;

/** The same answers as the triage form posts them (yes/no radios). */
export const TRIAGE_FORM = {
  withinJurisdiction: 'yes',
  membershipStatus: 'member',
  riskLevel: 'medium',
  urgent: 'no',
  interimActionNeeded: 'no',
  interimActionReasons: TRIAGE_ANSWERS.interimActionReasons,
  policeReferral: 'no',
  outcome: 'investigate',
};

/** A complete triage that opens an investigation, parsed as the use case takes it; override any answer. */
export function triageInput(overrides: Record<string, unknown> = {}): TriageInput {
  return ZTriageInput.parse({ ...TRIAGE_ANSWERS, ...overrides });
}

export const REPORT = {
  summary: 'The messages were sent from the respondent’s account, and the respondent accepts sending them.',
  recommendation: 'Uphold the complaint.',
};

