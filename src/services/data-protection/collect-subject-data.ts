import { OUTCOME_LABELS, RELATION_LABELS, type ComplainantRelation } from '../../domain/complaint/complaint.js';
import { PARTY_ROLE_LABELS } from '../../domain/case/case-event.js';
import { FINDING_LABELS, type Finding } from '../../domain/due-process/decision.js';
import { assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { listCaseMessages } from '../../db/repositories/case-message.repository.js';
import { listParties, type PartyRow } from '../../db/repositories/case-party.repository.js';
import { listDecisions, listFindings } from '../../db/repositories/decision.repository.js';
import { listEvidence } from '../../db/repositories/evidence.repository.js';
import { listHearings } from '../../db/repositories/hearing.repository.js';
import { findInterimMeasuresForPerson, type MeasureWithCase } from '../../db/repositories/interim-measure.repository.js';
import { findSanctionsForPerson, type MembershipSanctionRow } from '../../db/repositories/membership-sanction.repository.js';
import { findNotice, listDisclosures, listNoticeAllegations } from '../../db/repositories/notice.repository.js';
import { listAppeals } from '../../db/repositories/appeal.repository.js';
import { listInterests, listTrainings } from '../../db/repositories/panel-pool.repository.js';
import {
  findAccountDetails,
  findAccountsNamingPerson,
  findCasesNamingPerson,
  findPartiesNamingPerson,
  findPoolEntry,
  listAssignmentsOfUser,
  listRegisterEntriesOfCases,
  type AccountRow,
  type PersonKeys,
} from '../../db/repositories/subject-access.repository.js';
import type { CaseRow, EvidenceRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { APPEAL_GROUNDS, APPEAL_OUTCOMES, type AppealGround, type AppealOutcome } from '../due-process/appeals.js';
import { signatureOf } from '../due-process/case-messages.js';
import { clauseLabel } from '../due-process/clause-label.js';

/*
 * A subject access request: every record about one person, gathered for the
 * data protection officer to hand over. The person is named by an e-mail
 * address, a membership number or a name; records of other people in the
 * same cases are given by their role, never their names.
 *
 * WARNING: the export's shape is versioned (SUBJECT_ACCESS_VERSION). Adding a
 * field is safe; renaming or removing one changes what earlier exports mean.
 */

export const SUBJECT_ACCESS_VERSION = 1;

/** Who the records are about, as searched for (trimmed; the e-mail address in lower case). */
export type SubjectQuery = { email: string | null; membershipNumber: string | null; name: string | null };
export type SubjectQueryInput = { email?: string | null | undefined; membershipNumber?: string | null | undefined; name?: string | null | undefined };

/** The person's part in a case. */
export type SubjectCaseRole = 'complainant' | 'respondent' | 'reporter' | 'representative' | 'companion' | 'assigned_staff' | 'on_the_register';

/** Another person in a case: their role, never their name. */
type RoleOnly = string;

export type CaseEntry = {
  reference: string;
  roles: SubjectCaseRole[];
  receivedAt: string;
  stage: string;
  outcome: string | null;
  closedAt: string | null;
  complainant: { name: string | null; email: string | null; phone: string | null; relation: string; perception: string | null } | RoleOnly | null;
  respondent: { name: string; membershipNumber: string | null; unit: string | null } | RoleOnly | null;
  /** The complaint as the complainant made it: only in the complainant's own export. */
  complaint: { summary: string; description: string; incidentDate: string | null; incidentLocation: string | null; onlinePlatform: string | null; onlineUrl: string | null } | null;
  allegations: string[];
  otherParties: RoleOnly[];
  /** What is held about the person in this case but not given here, and why. */
  withheld: string[];
};

export type PartyEntry = {
  caseReference: string;
  role: string;
  representing: RoleOnly | null;
  name: string;
  email: string | null;
  membershipNumber: string | null;
  unit: string | null;
  affiliations: string[];
  addedAt: string;
};

export type NoticeEntry = {
  caseReference: string;
  issuedAt: string;
  responseDueOn: string;
  coveringLetter: string;
  complainantIdentityWithheld: boolean;
  allegations: { clause: string; particulars: string; response: string | null }[];
  generalResponse: string | null;
  respondedAt: string | null;
  hearingRequested: boolean;
  evidenceDisclosed: { item: string; redactionNote: string | null }[];
  evidenceWithheld: number;
};

export type EvidenceEntry = {
  caseReference: string;
  kind: string;
  filename: string | null;
  mediaType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  url: string | null;
  description: string | null;
  capturedAt: string | null;
  suppliedAt: string;
};

export type MessageEntry = { caseReference: string; sentAt: string; from: string; to: string; body: string; readAt: string | null };

export type HearingEntry = {
  caseReference: string;
  scheduledOn: string;
  startTime: string;
  location: string;
  noticeGivenOn: string;
  originallyScheduledOn: string | null;
  postponementReason: string | null;
  heldAt: string | null;
  attendance: { name: string; role: string; present: boolean }[];
  record: string | null;
};

export type DecisionEntry = {
  caseReference: string;
  kind: string;
  outcome: string;
  reasons: string;
  sanction: string;
  sanctionMonths: number | null;
  justification: string | null;
  status: string;
  decidedAt: string;
  findings: { clause: string; finding: string; reasons: string }[];
};

export type AppealEntry = {
  caseReference: string;
  lodgedAt: string;
  lodgedBy: string;
  grounds: string[];
  statement: string | null;
  outcome: string | null;
  reasons: string | null;
  decidedAt: string | null;
};

export type SanctionEntry = {
  caseReference: string;
  personName: string;
  membershipNumber: string | null;
  sanction: string;
  effect: string;
  startsOn: string;
  endsOn: string | null;
  liftedAt: string | null;
  liftReason: string | null;
};

export type InterimMeasureEntry = {
  caseReference: string;
  personName: string;
  membershipNumber: string | null;
  effects: string[];
  reasons: string;
  startsOn: string;
  reviewDueOn: string;
  endsOn: string;
  status: string;
  endedAt: string | null;
  endReason: string | null;
};

export type AccountEntry = {
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
  disabledAt: string | null;
  twoFactorEnabled: boolean;
  /** The latest sign-in among the sessions still held (sessions end and are deleted); null when none is held. */
  lastSignInAt: string | null;
  apiTokens: { name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }[];
};

export type PanelEntry = {
  account: string;
  poolRoles: string[];
  active: boolean | null;
  updatedAt: string | null;
  trainings: { course: string; completedOn: string; expiresOn: string }[];
  interests: { kind: string; value: string; declaredOn: string; endedOn: string | null }[];
};

export type AssignmentEntry = { caseReference: string; role: string; assignedAt: string };

export type SubjectAccessSections = {
  cases: CaseEntry[];
  parties: PartyEntry[];
  notices: NoticeEntry[];
  evidence: EvidenceEntry[];
  messages: MessageEntry[];
  hearings: HearingEntry[];
  decisions: DecisionEntry[];
  appeals: AppealEntry[];
  sanctions: SanctionEntry[];
  interimMeasures: InterimMeasureEntry[];
  accounts: AccountEntry[];
  panel: PanelEntry[];
  assignments: AssignmentEntry[];
};

export type SubjectAccessExport = {
  version: typeof SUBJECT_ACCESS_VERSION;
  /** The export's id in the list of exports; null for a preview, which is not an export. */
  exportId: string | null;
  generatedAt: string;
  organisation: string;
  query: SubjectQuery;
  matching: string;
  notes: string[];
  sections: SubjectAccessSections;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_KEY_LENGTH = 200;

/** The person to search for, checked: at least one of the three, each well formed. Bad input changes nothing. */
export function subjectQuery(input: SubjectQueryInput): SubjectQuery {
  const email = input.email?.trim().toLowerCase() || null;
  const membershipNumber = input.membershipNumber?.trim() || null;
  const name = input.name?.trim().replace(/\s+/g, ' ') || null;
  const issues: FieldIssue[] = [];
  if (!email && !membershipNumber && !name) issues.push({ field: 'email', message: 'Give an e-mail address, a membership number or a full name (at least one).' });
  if (email && (!EMAIL.test(email) || email.length > MAX_KEY_LENGTH)) issues.push({ field: 'email', message: 'Give a valid e-mail address, or leave it blank.' });
  if (membershipNumber && membershipNumber.length > MAX_KEY_LENGTH) issues.push({ field: 'membershipNumber', message: `A membership number has at most ${MAX_KEY_LENGTH} characters.` });
  if (name && (name.length < 3 || name.length > MAX_KEY_LENGTH)) issues.push({ field: 'name', message: `Give the full name (3 to ${MAX_KEY_LENGTH} characters), or leave it blank.` });
  assertNoIssues(issues, 'Say whose records to find.');
  return { email, membershipNumber, name };
}

export const MATCHING_RULE =
  'A record is about the person when it holds the e-mail address or the membership number given. A name alone matches only where the record holds no different e-mail address or membership number.';

const normalise = (text: string | null | undefined) => text?.trim().replace(/\s+/g, ' ').toLowerCase() || null;

function keysOf(query: SubjectQuery): PersonKeys {
  return { email: query.email, membershipNumber: query.membershipNumber, name: normalise(query.name) };
}

/**
 * Whether a record is about the person searched for (see MATCHING_RULE). A
 * name is shared by many people, so it is never enough against a record
 * that says, by an address or a number, that it is somebody else.
 */
export function isSamePerson(record: { email?: string | null; membershipNumber?: string | null; name?: string | null }, keys: PersonKeys): boolean {
  const email = normalise(record.email);
  const number = record.membershipNumber?.trim() || null;
  if ((keys.email && email === keys.email) || (keys.membershipNumber && number === keys.membershipNumber)) return true;
  if (!keys.name || normalise(record.name) !== keys.name) return false;
  const otherEmail = keys.email !== null && email !== null && email !== keys.email;
  const otherNumber = keys.membershipNumber !== null && number !== null && number !== keys.membershipNumber;
  return !otherEmail && !otherNumber;
}

/** Where the person appears: the cases (with their roles and own party records), accounts and register entries. */
export type SubjectFootprint = {
  cases: Map<string, { roles: Set<SubjectCaseRole>; partyIds: Set<string> }>;
  accounts: AccountRow[];
  sanctions: (MembershipSanctionRow & { case_reference: string })[];
  interimMeasures: MeasureWithCase[];
  assignments: { case_id: string; reference: string; role: string; assigned_at: string; account: string }[];
};

/** Finds every case, account and register entry about the person; nothing is read from the cases yet. */
export async function findSubjectFootprint(db: Executor, query: SubjectQuery): Promise<SubjectFootprint> {
  const keys = keysOf(query);
  const cases: SubjectFootprint['cases'] = new Map();
  const inCase = (caseId: string) => cases.get(caseId) ?? cases.set(caseId, { roles: new Set(), partyIds: new Set() }).get(caseId)!;

  for (const row of await findCasesNamingPerson(db, keys)) {
    if (isSamePerson({ email: row.complainant_email, name: row.complainant_name }, keys)) inCase(row.id).roles.add('complainant');
    if (isSamePerson({ membershipNumber: row.respondent_membership_number, name: row.respondent_name }, keys)) inCase(row.id).roles.add('respondent');
  }
  for (const party of await findPartiesNamingPerson(db, keys)) {
    if (!isSamePerson({ email: party.email, membershipNumber: party.membership_number, name: party.name }, keys)) continue;
    const entry = inCase(party.case_id);
    entry.roles.add(party.role as SubjectCaseRole);
    entry.partyIds.add(party.id);
  }
  // The register: entries naming the person, and every entry on a case where they are the respondent (entries are always about the respondent).
  const register = { membershipNumber: keys.membershipNumber, name: keys.name };
  const [sanctions, interimMeasures] = register.membershipNumber || register.name
    ? await Promise.all([findSanctionsForPerson(db, register), findInterimMeasuresForPerson(db, register)])
    : [[], []];
  const ofTheirCases = await listRegisterEntriesOfCases(db, [...cases].filter(([, found]) => found.roles.has('respondent')).map(([caseId]) => caseId));
  const onRegister = <Row extends { id: string; person_name: string; membership_number: string | null; case_id: string; case_reference: string; starts_on: string }>(named: Row[], onTheirCases: Row[]) => {
    const rows = new Map([...named.filter((row) => isSamePerson({ name: row.person_name, membershipNumber: row.membership_number }, keys)), ...onTheirCases].map((row) => [row.id, row]));
    return [...rows.values()].sort((a, b) => b.starts_on.localeCompare(a.starts_on) || a.case_reference.localeCompare(b.case_reference) || a.id.localeCompare(b.id));
  };
  const footprint: SubjectFootprint = {
    cases,
    accounts: [],
    sanctions: onRegister(sanctions, ofTheirCases.sanctions),
    interimMeasures: onRegister(interimMeasures, ofTheirCases.interimMeasures),
    assignments: [],
  };
  for (const row of [...footprint.sanctions, ...footprint.interimMeasures]) if (!cases.has(row.case_id)) inCase(row.case_id).roles.add('on_the_register');

  footprint.accounts = (await findAccountsNamingPerson(db, keys)).filter((account) => isSamePerson({ email: account.email, name: account.display_name }, keys));
  for (const account of footprint.accounts) {
    for (const assignment of await listAssignmentsOfUser(db, account.id)) {
      footprint.assignments.push({ ...assignment, account: account.email });
      inCase(assignment.case_id).roles.add('assigned_staff');
    }
  }
  return footprint;
}

const roleLabel = (role: string) => PARTY_ROLE_LABELS[role] ?? role;
const parseList = (json: string): string[] => JSON.parse(json) as string[];

function emptySections(): SubjectAccessSections {
  return { cases: [], parties: [], notices: [], evidence: [], messages: [], hearings: [], decisions: [], appeals: [], sanctions: [], interimMeasures: [], accounts: [], panel: [], assignments: [] };
}

/** Evidence the person supplied in their role: their own uploads and links, and a complaint's evidence recorded for them by staff at intake. */
function suppliedBy(item: EvidenceRow, caseRow: CaseRow, roles: Set<SubjectCaseRole>): boolean {
  if (item.hearing_id !== null || item.redacts_evidence_id !== null) return false;
  if (roles.has('respondent') && item.submitted_by === 'respondent') return true;
  if (!roles.has('complainant')) return false;
  return item.submitted_by === 'complainant' || (item.submitted_by === 'staff' && caseRow.recorded_by !== null && item.created_at === caseRow.received_at);
}

/** Everything held about the person in one case, into the sections; other people by their role. */
async function collectCase(ctx: ServiceContext, db: Executor, sections: SubjectAccessSections, options: { caseRow: CaseRow; roles: Set<SubjectCaseRole>; partyIds: Set<string>; query: SubjectQuery }): Promise<void> {
  const { caseRow, roles, query } = options;
  const reference = caseRow.reference;
  const isComplainant = roles.has('complainant');
  const isRespondent = roles.has('respondent');
  const isParty = [...roles].some((role) => role in PARTY_ROLE_LABELS);
  const [parties, allegations, notice] = await Promise.all([listParties(db, caseRow.id), listAllegations(db, caseRow.id), findNotice(db, caseRow.id)]);

  // The person's own party records: found by their keys, or the party of the role they hold in the case.
  const own = new Set(parties.filter((party) => options.partyIds.has(party.id) || ((party.role === 'complainant' || party.role === 'respondent') && roles.has(party.role))).map((party) => party.id));
  const describeParty = (party: PartyRow | undefined): string => {
    if (!party) return 'Complaints team';
    if (own.has(party.id)) return 'You';
    const represented = parties.find((candidate) => candidate.id === party.represents_party_id);
    if (!represented) return roleLabel(party.role);
    return own.has(represented.id) ? `Your ${roleLabel(party.role).toLowerCase()}` : `${roleLabel(party.role)} of the ${roleLabel(represented.role).toLowerCase()}`;
  };
  const ownNames = new Set(
    [query.name, ...parties.filter((party) => own.has(party.id)).map((party) => party.name), isComplainant ? caseRow.complainant_name : null, isRespondent ? caseRow.respondent_name : null]
      .map(normalise)
      .filter((name): name is string => name !== null),
  );
  const identityWithheld = isRespondent && !isComplainant && notice?.identity_withheld === 1;
  const withheld: string[] = [];
  const stage = ctx.workflow.stages.find((candidate) => candidate.id === caseRow.stage)?.label ?? caseRow.stage;

  if (!isParty) {
    // Assigned as staff, or only on the register: the case's content is not about them.
    sections.cases.push({ reference, roles: [...roles], receivedAt: caseRow.received_at, stage, outcome: null, closedAt: caseRow.closed_at, complainant: null, respondent: null, complaint: null, allegations: [], otherParties: [], withheld });
    return;
  }

  const complainantLabel = caseRow.anonymous ? 'Complainant (anonymous)' : 'Complainant';
  if (identityWithheld) withheld.push("The complainant's identity was withheld from you when you were given notice, and stays withheld here.");
  if (isRespondent && !isComplainant) withheld.push("The complainant's own account of the complaint is their personal data: the allegations, as they were put to you, are in the notice.");
  sections.cases.push({
    reference,
    roles: [...roles],
    receivedAt: caseRow.received_at,
    stage,
    outcome: caseRow.outcome ? (OUTCOME_LABELS[caseRow.outcome] ?? caseRow.outcome) : null,
    closedAt: caseRow.closed_at,
    complainant: isComplainant
      ? {
          name: caseRow.complainant_name,
          email: caseRow.complainant_email,
          phone: caseRow.complainant_phone,
          relation: RELATION_LABELS[caseRow.complainant_relation as ComplainantRelation] ?? caseRow.complainant_relation,
          perception: caseRow.complainant_perception,
        }
      : complainantLabel,
    respondent: isRespondent ? { name: caseRow.respondent_name, membershipNumber: caseRow.respondent_membership_number, unit: caseRow.respondent_unit } : 'Respondent',
    complaint: isComplainant
      ? {
          summary: caseRow.summary,
          description: caseRow.description,
          incidentDate: caseRow.incident_date,
          incidentLocation: caseRow.incident_location,
          onlinePlatform: caseRow.online_platform,
          onlineUrl: caseRow.online_url,
        }
      : null,
    allegations: isComplainant || isRespondent ? allegations.map((allegation) => clauseLabel(ctx, allegation)) : [],
    otherParties: parties.filter((party) => !own.has(party.id)).map(describeParty),
    withheld,
  });

  for (const party of parties.filter((candidate) => own.has(candidate.id))) {
    const represented = parties.find((candidate) => candidate.id === party.represents_party_id);
    sections.parties.push({
      caseReference: reference,
      role: roleLabel(party.role),
      representing: represented ? roleLabel(represented.role) : null,
      name: party.name,
      email: party.email,
      membershipNumber: party.membership_number,
      unit: party.unit,
      affiliations: parseList(party.affiliations),
      addedAt: party.created_at,
    });
  }

  const evidence = await listEvidence(db, caseRow.id);
  if (notice && own.has(notice.party_id)) {
    const [answers, disclosures] = await Promise.all([listNoticeAllegations(db, notice.id), listDisclosures(db, notice.id)]);
    sections.notices.push({
      caseReference: reference,
      issuedAt: notice.issued_at,
      responseDueOn: notice.response_due_on,
      coveringLetter: notice.covering_letter,
      complainantIdentityWithheld: notice.identity_withheld === 1,
      allegations: answers.map((answer) => {
        const allegation = allegations.find((candidate) => candidate.id === answer.allegation_id);
        return { clause: allegation ? clauseLabel(ctx, allegation) : answer.allegation_id, particulars: answer.particulars, response: answer.response };
      }),
      generalResponse: notice.general_response,
      respondedAt: notice.responded_at,
      hearingRequested: notice.hearing_requested === 1,
      evidenceDisclosed: disclosures
        .filter((disclosure) => disclosure.disclosed === 1)
        .map((disclosure) => {
          const item = evidence.find((candidate) => candidate.id === disclosure.evidence_id);
          return { item: item?.filename ?? item?.url ?? 'an item of evidence', redactionNote: disclosure.redaction_note };
        }),
      evidenceWithheld: disclosures.filter((disclosure) => disclosure.disclosed === 0).length,
    });
  }

  for (const item of evidence.filter((candidate) => suppliedBy(candidate, caseRow, roles))) {
    sections.evidence.push({
      caseReference: reference,
      kind: item.kind,
      filename: item.filename,
      mediaType: item.media_type,
      sizeBytes: item.size_bytes,
      sha256: item.sha256,
      url: item.url,
      description: item.description,
      capturedAt: item.captured_at,
      suppliedAt: item.created_at,
    });
  }

  // Their thread (to and from them), and anything they wrote for someone else as a representative.
  const threads = new Set(['complainant', 'respondent'].filter((role) => roles.has(role as SubjectCaseRole)));
  const messages = await listCaseMessages(db, caseRow.id);
  const inThread = (message: (typeof messages)[number]) =>
    (message.party_role !== null && threads.has(message.party_role)) || (message.party_id !== null && own.has(message.party_id)) || (message.author_party_id !== null && own.has(message.author_party_id));
  for (const message of messages.filter((candidate) => candidate.direction !== 'internal' && inThread(candidate))) {
    const threadParty = parties.find((party) => party.id === message.party_id);
    const threadLabel = threadParty ? describeParty(threadParty) : message.party_role && threads.has(message.party_role) ? 'You' : roleLabel(message.party_role ?? '');
    const author = parties.find((party) => party.id === message.author_party_id);
    sections.messages.push({
      caseReference: reference,
      sentAt: message.sent_at,
      from: message.direction === 'to_party' ? signatureOf(message.author_role) : author ? describeParty(author) : threadLabel,
      to: message.direction === 'to_party' ? threadLabel : 'Complaints team',
      body: message.body,
      readAt: message.read_by_party_at,
    });
  }
  const staffNotes = messages.filter((message) => message.direction === 'internal' && message.party_role !== null && threads.has(message.party_role)).length;
  if (staffNotes > 0) withheld.push(`${staffNotes} note(s) among staff about your thread of messages are not included here; the data protection officer reviews them.`);

  for (const hearing of await listHearings(db, caseRow.id)) {
    const attendance = hearing.attendance ? (JSON.parse(hearing.attendance) as { name: string; role: string; present: boolean }[]) : [];
    const attended = attendance.some((entry) => ownNames.has(normalise(entry.name) ?? ''));
    if (!isRespondent && !attended) continue;
    sections.hearings.push({
      caseReference: reference,
      scheduledOn: hearing.scheduled_on,
      startTime: hearing.start_time,
      location: hearing.location,
      noticeGivenOn: hearing.notice_given_on,
      originallyScheduledOn: hearing.originally_scheduled_on,
      postponementReason: hearing.postponement_reason,
      heldAt: hearing.held_at,
      attendance: attendance.map((entry) => ({ name: ownNames.has(normalise(entry.name) ?? '') ? entry.name : entry.role, role: entry.role, present: entry.present })),
      record: hearing.record,
    });
  }

  if (isRespondent) {
    const decisions = await listDecisions(db, caseRow.id);
    const findings = await listFindings(db, decisions.map((decision) => decision.id));
    for (const decision of decisions) {
      sections.decisions.push({
        caseReference: reference,
        kind: decision.kind === 'appeal' ? 'Appeal panel' : 'Panel',
        outcome: OUTCOME_LABELS[decision.outcome] ?? decision.outcome,
        reasons: decision.reasons,
        sanction: sanctionLabel(ctx, decision.sanction_id),
        sanctionMonths: decision.sanction_months,
        justification: decision.justification,
        status: decision.status,
        decidedAt: decision.decided_at,
        findings: findings
          .filter((finding) => finding.decision_id === decision.id)
          .map((finding) => {
            const allegation = allegations.find((candidate) => candidate.id === finding.allegation_id);
            return { clause: allegation ? clauseLabel(ctx, allegation) : finding.clause_id, finding: FINDING_LABELS[finding.finding as Finding] ?? finding.finding, reasons: finding.reasons };
          }),
      });
    }
  }

  for (const appeal of await listAppeals(db, caseRow.id)) {
    const appellant = parties.find((party) => party.id === appeal.appellant_party_id);
    const theirs = appellant !== undefined && (own.has(appellant.id) || (appellant.represents_party_id !== null && own.has(appellant.represents_party_id)));
    if (!theirs && !isRespondent) continue;
    if (!theirs) withheld.push("The statement of another party's appeal is their own account and is not included; its grounds and outcome are.");
    sections.appeals.push({
      caseReference: reference,
      lodgedAt: appeal.lodged_at,
      lodgedBy: describeParty(appellant),
      grounds: parseList(appeal.grounds).map((ground) => APPEAL_GROUNDS[ground as AppealGround] ?? ground),
      statement: theirs ? appeal.statement : null,
      outcome: appeal.outcome ? (APPEAL_OUTCOMES[appeal.outcome as AppealOutcome] ?? appeal.outcome) : null,
      reasons: appeal.reasons,
      decidedAt: appeal.decided_at,
    });
  }
}

function sanctionLabel(ctx: Pick<ServiceContext, 'config'>, sanctionId: string): string {
  return ctx.config.organisation.sanctions.find((sanction) => sanction.id === sanctionId)?.label ?? sanctionId;
}

/**
 * Gathers every record about the person from the cases found (given as
 * rows, read or locked by the caller), the register and their staff account.
 * Cases are in the order they were received.
 */
export async function collectSubjectData(
  ctx: ServiceContext,
  db: Executor,
  options: { query: SubjectQuery; footprint: SubjectFootprint; caseRows: CaseRow[]; exportId: string | null; generatedAt: string },
): Promise<SubjectAccessExport> {
  const { footprint } = options;
  const sections = emptySections();
  const caseRows = [...options.caseRows].sort((a, b) => a.received_at.localeCompare(b.received_at) || a.reference.localeCompare(b.reference));
  const referenceOf = new Map(caseRows.map((row) => [row.id, row.reference]));
  for (const caseRow of caseRows) {
    const found = footprint.cases.get(caseRow.id)!;
    await collectCase(ctx, db, sections, { caseRow, roles: found.roles, partyIds: found.partyIds, query: options.query });
  }

  sections.sanctions = footprint.sanctions.map((row) => ({
    caseReference: row.case_reference,
    personName: row.person_name,
    membershipNumber: row.membership_number,
    sanction: sanctionLabel(ctx, row.sanction_id),
    effect: row.effect,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    liftedAt: row.lifted_at,
    liftReason: row.lift_reason,
  }));
  sections.interimMeasures = footprint.interimMeasures.map((row) => ({
    caseReference: row.case_reference,
    personName: row.person_name,
    membershipNumber: row.membership_number,
    effects: (JSON.parse(row.effects) as { label: string }[]).map((effect) => effect.label),
    reasons: row.reasons,
    startsOn: row.starts_on,
    reviewDueOn: row.review_due_on,
    endsOn: row.ends_on,
    status: row.status,
    endedAt: row.ended_at,
    endReason: row.end_reason,
  }));

  for (const account of footprint.accounts) {
    const details = await findAccountDetails(db, account.id);
    sections.accounts.push({
      email: account.email,
      displayName: account.display_name,
      roles: details.roles,
      createdAt: account.created_at,
      disabledAt: account.disabled_at,
      twoFactorEnabled: account.totp_enabled === 1,
      lastSignInAt: details.lastSessionStartedAt,
      apiTokens: details.tokens.map((token) => ({ name: token.name, createdAt: token.created_at, lastUsedAt: token.last_used_at, revokedAt: token.revoked_at })),
    });
    const [pool, trainings, interests] = await Promise.all([findPoolEntry(db, account.id), listTrainings(db, [account.id]), listInterests(db, [account.id])]);
    if (pool || trainings.length > 0 || interests.length > 0) {
      sections.panel.push({
        account: account.email,
        poolRoles: pool ? parseList(pool.roles) : [],
        active: pool ? pool.active === 1 : null,
        updatedAt: pool?.updated_at ?? null,
        trainings: trainings.map((training) => ({ course: training.course, completedOn: training.completed_on, expiresOn: training.expires_on })),
        interests: interests.map((interest) => ({ kind: interest.kind, value: interest.value, declaredOn: interest.declared_on, endedOn: interest.ended_on })),
      });
    }
  }
  sections.assignments = footprint.assignments.map((row) => ({ caseReference: referenceOf.get(row.case_id) ?? row.reference, role: row.role, assignedAt: row.assigned_at }));

  return {
    version: SUBJECT_ACCESS_VERSION,
    exportId: options.exportId,
    generatedAt: options.generatedAt,
    organisation: ctx.config.organisation.organisation.name,
    query: options.query,
    matching: MATCHING_RULE,
    notes: [
      'Other people in these cases are named by their role (for example “Complainant”), not by name.',
      'Evidence files are listed, not copied: each is identified by its SHA-256 fingerprint, and a copy can be asked for.',
      'Text written by staff and panels (reasons, hearing records, messages) is given as it was written.',
    ],
    sections,
  };
}
