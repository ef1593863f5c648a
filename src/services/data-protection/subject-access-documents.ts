import { renderPdf, type DocumentBlock } from '../../documents/pdf-document.js';
import { canonicalJson } from '../../ledger/leaf.js';
import type { ServiceContext } from '../context.js';
import type { CaseEntry, SubjectAccessExport, SubjectAccessSections, SubjectQuery } from './collect-subject-data.js';

export type SubjectAccessFormat = 'json' | 'pdf';
export const SUBJECT_ACCESS_FORMATS: readonly SubjectAccessFormat[] = ['json', 'pdf'];
export type ExportFile = { filename: string; mediaType: string; bytes: Buffer };

/**
 * The export as JSON: RFC 8785 canonical (keys sorted, one way to write each
 * value), then indented so a person can read it. The same export always
 * gives the same bytes, so its SHA-256 identifies it.
 */
export function subjectAccessJson(data: SubjectAccessExport): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(data)), null, 2)}\n`;
}

/** "subject-access-2026-03-02.json": the day it was made, on the organisation's calendar. */
export function subjectAccessFilename(ctx: Pick<ServiceContext, 'config'>, generatedAt: string, format: SubjectAccessFormat): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.config.organisation.organisation.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(generatedAt));
  return `subject-access-${day}.${format}`;
}

/** Who was searched for, in words: "e-mail a@b.org, membership number M-1, name A B". */
export function describeSubjectQuery(query: SubjectQuery): string {
  return [query.email ? `e-mail ${query.email}` : null, query.membershipNumber ? `membership number ${query.membershipNumber}` : null, query.name ? `name ${query.name}` : null]
    .filter(Boolean)
    .join(', ');
}

/** The sections in the order they are printed, with their headings. */
export const SECTION_TITLES: Record<keyof SubjectAccessSections, string> = {
  cases: 'Cases',
  parties: 'Your records as a party to a case',
  notices: 'Notices of complaint and your answers',
  evidence: 'Evidence you supplied',
  messages: 'Messages to and from you',
  hearings: 'Hearings',
  decisions: 'Decisions and findings',
  appeals: 'Appeals',
  sanctions: 'Sanctions on the register',
  interimMeasures: 'Interim measures',
  accounts: 'Your staff account',
  panel: 'Panel pool, training and declared interests',
  assignments: 'Cases you were assigned to (references only)',
};

type Fields = Extract<DocumentBlock, { kind: 'fields' }>['rows'];

/** The export as a readable PDF: a title page with the index, then one indexed section per kind of record. */
export async function subjectAccessPdf(ctx: Pick<ServiceContext, 'config'>, data: SubjectAccessExport): Promise<Buffer> {
  const zone = ctx.config.organisation.organisation.timeZone;
  const dateTime = new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'long', timeStyle: 'short' });
  const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' });
  const when = (value: string | null | undefined): string => {
    if (!value) return '';
    return value.length === 10 ? dateOnly.format(new Date(`${value}T00:00:00Z`)) : dateTime.format(new Date(value));
  };
  const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'Yes' : 'No');
  const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  const { sections } = data;

  const blocks: DocumentBlock[] = [
    {
      kind: 'fields',
      rows: [
        { label: 'Records about', value: describeSubjectQuery(data.query) },
        { label: 'Made', value: when(data.generatedAt) },
        { label: 'Export', value: data.exportId ?? 'preview' },
      ],
    },
    { kind: 'paragraph', text: data.matching },
    { kind: 'list', items: data.notes },
  ];
  const section = (key: keyof SubjectAccessSections, count: number, body: () => DocumentBlock[]) => {
    blocks.push({ kind: 'page_break' }, { kind: 'heading', level: 1, text: `${SECTION_TITLES[key]} (${count})`, indexed: true });
    blocks.push(...(count === 0 ? [{ kind: 'paragraph', text: 'None held.' } satisfies DocumentBlock] : body()));
  };
  const entry = (heading: string, rows: Fields, extra: DocumentBlock[] = []): DocumentBlock[] => [{ kind: 'heading', level: 2, text: heading }, { kind: 'fields', rows }, ...extra];
  const long = (label: string, value: string | null): DocumentBlock[] => (value ? [{ kind: 'heading', level: 3, text: label }, { kind: 'paragraph', text: value }] : []);
  const complainantRows = (value: CaseEntry['complainant']): Fields =>
    value === null
      ? []
      : typeof value === 'string'
        ? [{ label: 'Complainant', value }]
        : [
            { label: 'Complainant', value: text(value.name) },
            { label: 'E-mail', value: text(value.email) },
            { label: 'Phone', value: text(value.phone) },
            { label: 'Relation to the events', value: value.relation },
          ];
  const respondentRows = (value: CaseEntry['respondent']): Fields =>
    value === null
      ? []
      : typeof value === 'string'
        ? [{ label: 'Respondent', value }]
        : [
            { label: 'Respondent', value: value.name },
            { label: 'Membership number', value: text(value.membershipNumber) },
            { label: 'Unit', value: text(value.unit) },
          ];

  section('cases', sections.cases.length, () =>
    sections.cases.flatMap((item) =>
      entry(
        item.reference,
        [
          { label: 'Your part', value: item.roles.map((role) => role.replaceAll('_', ' ')).join(', ') },
          { label: 'Received', value: when(item.receivedAt) },
          { label: 'Stage', value: item.stage },
          { label: 'Outcome', value: text(item.outcome) },
          { label: 'Closed', value: when(item.closedAt) },
          ...complainantRows(item.complainant),
          ...respondentRows(item.respondent),
          { label: 'Other people', value: item.otherParties.join(', ') },
        ],
        [
          ...(item.complaint
            ? [
                ...long('Summary', item.complaint.summary),
                ...long('Your account', item.complaint.description),
                { kind: 'fields', rows: [{ label: 'Incident date', value: when(item.complaint.incidentDate) }, { label: 'Where', value: text(item.complaint.incidentLocation) }, { label: 'Online', value: [item.complaint.onlinePlatform, item.complaint.onlineUrl].filter(Boolean).join(' ') }] } satisfies DocumentBlock,
              ]
            : []),
          ...(item.allegations.length > 0 ? [{ kind: 'heading', level: 3, text: 'Allegations' } satisfies DocumentBlock, { kind: 'list', items: item.allegations } satisfies DocumentBlock] : []),
          ...(item.withheld.length > 0 ? [{ kind: 'heading', level: 3, text: 'Not included' } satisfies DocumentBlock, { kind: 'list', items: item.withheld } satisfies DocumentBlock] : []),
        ],
      ),
    ),
  );
  section('parties', sections.parties.length, () =>
    sections.parties.flatMap((item) =>
      entry(`${item.caseReference}: ${item.role}${item.representing ? ` for the ${item.representing.toLowerCase()}` : ''}`, [
        { label: 'Name', value: item.name },
        { label: 'E-mail', value: text(item.email) },
        { label: 'Membership number', value: text(item.membershipNumber) },
        { label: 'Unit', value: text(item.unit) },
        { label: 'Groups declared', value: item.affiliations.join(', ') },
        { label: 'Recorded', value: when(item.addedAt) },
      ]),
    ),
  );
  section('notices', sections.notices.length, () =>
    sections.notices.flatMap((item) =>
      entry(
        `${item.caseReference}: notice given ${when(item.issuedAt)}`,
        [
          { label: 'Response due', value: when(item.responseDueOn) },
          { label: 'Answered', value: when(item.respondedAt) },
          { label: 'Hearing requested', value: yesNo(item.hearingRequested) },
          { label: "Complainant's identity withheld", value: yesNo(item.complainantIdentityWithheld) },
          { label: 'Evidence disclosed', value: item.evidenceDisclosed.map((disclosed) => `${disclosed.item}${disclosed.redactionNote ? ` (redacted: ${disclosed.redactionNote})` : ''}`).join('; ') },
          { label: 'Evidence withheld', value: String(item.evidenceWithheld) },
        ],
        [
          ...long('Covering letter', item.coveringLetter),
          ...item.allegations.flatMap((allegation) => [...long(`Allegation under ${allegation.clause}`, allegation.particulars), ...long('Your answer', allegation.response)]),
          ...long('Your general response', item.generalResponse),
        ],
      ),
    ),
  );
  section('evidence', sections.evidence.length, () =>
    sections.evidence.flatMap((item) =>
      entry(`${item.caseReference}: ${item.filename ?? item.url ?? item.kind}`, [
        { label: 'Kind', value: item.kind },
        { label: 'Type', value: text(item.mediaType) },
        { label: 'Size (bytes)', value: text(item.sizeBytes) },
        { label: 'Link', value: text(item.url) },
        { label: 'Description', value: text(item.description) },
        { label: 'Supplied', value: when(item.suppliedAt) },
        { label: 'SHA-256', value: text(item.sha256) },
      ]),
    ),
  );
  section('messages', sections.messages.length, () =>
    sections.messages.flatMap((item) =>
      entry(`${item.caseReference}: ${when(item.sentAt)}`, [{ label: 'From', value: item.from }, { label: 'To', value: item.to }, { label: 'Read', value: when(item.readAt) }], [{ kind: 'paragraph', text: item.body }]),
    ),
  );
  section('hearings', sections.hearings.length, () =>
    sections.hearings.flatMap((item) =>
      entry(
        `${item.caseReference}: ${when(item.scheduledOn)} at ${item.startTime}`,
        [
          { label: 'Where', value: item.location },
          { label: 'Notice given', value: when(item.noticeGivenOn) },
          { label: 'Originally', value: when(item.originallyScheduledOn) },
          { label: 'Postponed because', value: text(item.postponementReason) },
          { label: 'Held', value: when(item.heldAt) },
          { label: 'Attendance', value: item.attendance.map((seat) => `${seat.name} (${seat.present ? 'present' : 'absent'})`).join('; ') },
        ],
        long('Record of the hearing', item.record),
      ),
    ),
  );
  section('decisions', sections.decisions.length, () =>
    sections.decisions.flatMap((item) =>
      entry(
        `${item.caseReference}: ${item.kind.toLowerCase()} decision, ${when(item.decidedAt)}`,
        [
          { label: 'Outcome', value: item.outcome },
          { label: 'Sanction', value: `${item.sanction}${item.sanctionMonths ? ` (${item.sanctionMonths} months)` : ''}` },
          { label: 'Status', value: item.status.replaceAll('_', ' ') },
        ],
        [
          ...long('Reasons', item.reasons),
          ...long('Why the sanction is outside the usual range', item.justification),
          ...item.findings.flatMap((finding) => long(`${finding.clause}: ${finding.finding}`, finding.reasons)),
        ],
      ),
    ),
  );
  section('appeals', sections.appeals.length, () =>
    sections.appeals.flatMap((item) =>
      entry(
        `${item.caseReference}: appeal lodged ${when(item.lodgedAt)}`,
        [
          { label: 'Lodged by', value: item.lodgedBy },
          { label: 'Grounds', value: item.grounds.join('; ') },
          { label: 'Outcome', value: text(item.outcome) },
          { label: 'Decided', value: when(item.decidedAt) },
        ],
        [...long('Statement', item.statement), ...long('Reasons', item.reasons)],
      ),
    ),
  );
  section('sanctions', sections.sanctions.length, () =>
    sections.sanctions.flatMap((item) =>
      entry(`${item.caseReference}: ${item.sanction}`, [
        { label: 'Person', value: `${item.personName}${item.membershipNumber ? ` (${item.membershipNumber})` : ''}` },
        { label: 'Effect', value: item.effect },
        { label: 'From', value: when(item.startsOn) },
        { label: 'Until', value: when(item.endsOn) },
        { label: 'Lifted', value: `${when(item.liftedAt)}${item.liftReason ? `: ${item.liftReason}` : ''}` },
      ]),
    ),
  );
  section('interimMeasures', sections.interimMeasures.length, () =>
    sections.interimMeasures.flatMap((item) =>
      entry(
        `${item.caseReference}: interim measure from ${when(item.startsOn)}`,
        [
          { label: 'Person', value: `${item.personName}${item.membershipNumber ? ` (${item.membershipNumber})` : ''}` },
          { label: 'Effects', value: item.effects.join('; ') },
          { label: 'Review due', value: when(item.reviewDueOn) },
          { label: 'Ends at the latest', value: when(item.endsOn) },
          { label: 'Status', value: item.status.replaceAll('_', ' ') },
          { label: 'Ended', value: `${when(item.endedAt)}${item.endReason ? `: ${item.endReason}` : ''}` },
        ],
        long('Reasons', item.reasons),
      ),
    ),
  );
  section('accounts', sections.accounts.length, () =>
    sections.accounts.flatMap((item) =>
      entry(item.email, [
        { label: 'Name', value: item.displayName },
        { label: 'Roles', value: item.roles.map((role) => role.replaceAll('_', ' ')).join(', ') },
        { label: 'Created', value: when(item.createdAt) },
        { label: 'Disabled', value: when(item.disabledAt) },
        { label: 'Two-factor sign-in', value: yesNo(item.twoFactorEnabled) },
        { label: 'Last sign-in', value: when(item.lastSignInAt) },
        { label: 'API tokens', value: item.apiTokens.map((token) => `${token.name} (created ${when(token.createdAt)}${token.revokedAt ? `, revoked ${when(token.revokedAt)}` : ''})`).join('; ') },
      ]),
    ),
  );
  section('panel', sections.panel.length, () =>
    sections.panel.flatMap((item) =>
      entry(item.account, [
        { label: 'Pool roles', value: item.poolRoles.join(', ') },
        { label: 'Active', value: yesNo(item.active) },
        { label: 'Training', value: item.trainings.map((training) => `${training.course} (${when(training.completedOn)} to ${when(training.expiresOn)})`).join('; ') },
        { label: 'Declared interests', value: item.interests.map((interest) => `${interest.kind.replaceAll('_', ' ')}: ${interest.value} (from ${when(interest.declaredOn)}${interest.endedOn ? ` to ${when(interest.endedOn)}` : ''})`).join('; ') },
      ]),
    ),
  );
  section('assignments', sections.assignments.length, () => [{ kind: 'list', items: sections.assignments.map((item) => `${item.caseReference}: ${item.role.replaceAll('_', ' ')} from ${when(item.assignedAt)}`) }]);

  return renderPdf({
    title: 'Subject access export',
    subtitle: `The records ${data.organisation} holds about ${describeSubjectQuery(data.query)}`,
    footer: `${data.organisation}: subject access export, personal and confidential`,
    index: true,
    createdAt: new Date(data.generatedAt),
    author: data.organisation,
    blocks,
  });
}
