import { z } from 'zod';
import { ROLES } from '../domain/access.js';
import { SMALL_CELL } from '../domain/oversight/small-numbers.js';

/**
 * The organisation's configuration file. Every field has a documented
 * default, so an empty file (or none) is a working configuration; see
 * docs/configuration.md for the meaning of each field.
 */
const ZStageLimits = z
  .object({
    received: z.number().int().min(1).max(60).default(5).describe('Working days to acknowledge and pass a complaint to triage.'),
    triage: z.number().int().min(1).max(60).default(10),
    investigation: z.number().int().min(1).max(250).default(40),
    decision: z.number().int().min(1).max(120).default(30).describe('Working days for the panel to be drawn, hear the case and decide it.'),
    review: z.number().int().min(1).max(60).default(10).describe('Working days for the independent reviewer, where that stage is configured.'),
    appeal: z.number().int().min(1).max(120).default(20).describe('Working days for the appeal panel to decide an appeal.'),
  })
  .strict();

const ZId = z.string().regex(/^[a-z0-9_]+$/, 'use lower-case letters, digits and _');

const ZClosureReason = z.object({ id: ZId, label: z.string().min(3) }).strict();

export const DEFAULT_CLOSURE_REASONS = [
  { id: 'outside_jurisdiction', label: 'Outside our jurisdiction' },
  { id: 'respondent_not_member', label: 'The person complained about is not a member' },
  { id: 'duplicate', label: 'Duplicate of another complaint' },
  { id: 'insufficient_information', label: 'Not enough information to proceed, after asking for more' },
  { id: 'no_breach_alleged', label: 'Even if true, the conduct would not breach the code' },
  { id: 'respondent_left', label: 'The person complained about has left the organisation' },
  { id: 'vexatious', label: 'Vexatious or malicious complaint' },
];

const ZSanction = z
  .object({
    id: ZId,
    label: z.string().min(3),
    /** Orders sanctions from least to most serious; precedents compare these. */
    severity: z.number().int().min(0).max(100),
    /** Whether the decision sets a length in months (a suspension, or the wait before readmission after expulsion). */
    months: z.enum(['none', 'required']).default('none'),
    /** What the sanction does to membership while in force; shown in the register of sanctions. */
    membershipEffect: z.enum(['none', 'suspended', 'expelled']).default('none'),
    /** A course the member must complete; the education requirement below is met by a sanction with this set. */
    education: z.boolean().default(false),
  })
  .strict();

export const DEFAULT_SANCTIONS: z.input<typeof ZSanction>[] = [
  { id: 'no_action', label: 'No action', severity: 0 },
  { id: 'reminder_of_conduct', label: 'Reminder of the code of conduct', severity: 1 },
  { id: 'formal_warning', label: 'Formal warning', severity: 2 },
  { id: 'education_course', label: 'Mandatory education course', severity: 3, education: true },
  { id: 'suspension', label: 'Suspension from membership for a period', severity: 4, months: 'required', membershipEffect: 'suspended' },
  { id: 'expulsion', label: 'Expulsion, with a period before readmission may be considered', severity: 5, months: 'required', membershipEffect: 'expelled' },
];

export const PANEL_POOL_ROLES = ['chair', 'member', 'lawyer', 'lay'] as const;

const ZPanelSeat = z
  .object({
    seat: z.enum(['chair', 'member']),
    /** Pool roles that may fill this seat. */
    from: z.array(z.enum(PANEL_POOL_ROLES)).min(1),
  })
  .strict();

const ZInterimEffect = z.object({ id: ZId, label: z.string().min(3) }).strict();

/** What an interim measure (an administrative suspension pending the outcome) may stop the respondent doing. */
export const DEFAULT_INTERIM_EFFECTS = [
  { id: 'no_candidacy', label: 'May not stand for any office or selection' },
  { id: 'no_voting', label: 'May not vote in internal ballots' },
  { id: 'no_meetings', label: 'May not attend meetings' },
  { id: 'no_representing', label: 'May not represent the organisation' },
];

const ZDueProcess = z
  .object({
    responseWorkingDays: z.number().int().min(5).max(60).default(10).describe("Working days the respondent has to answer the notice."),
    hearing: z.enum(['always', 'on_request']).default('on_request').describe('Whether every case is heard in person, or only when the respondent asks.'),
    hearingNoticeWorkingDays: z.number().int().min(1).max(30).default(5),
    postponementWorkingDays: z.number().int().min(1).max(20).default(5).describe('How far one postponement may move a hearing when the companion cannot attend.'),
    appealWindowWorkingDays: z.number().int().min(5).max(60).default(10),
    independentReview: z.boolean().default(false).describe('Whether an independent reviewer confirms or vetoes each decision before it takes effect.'),
    panel: z
      .object({
        selection: z.enum(['draw', 'rotation']).default('draw'),
        seats: z
          .array(ZPanelSeat)
          .min(1)
          .max(7)
          .refine((seats) => seats.filter((seat) => seat.seat === 'chair').length === 1, 'exactly one seat must be the chair')
          .default([
            { seat: 'chair', from: ['lawyer'] },
            { seat: 'member', from: ['member', 'chair'] },
            { seat: 'member', from: ['lay'] },
          ]),
        requiredTraining: z.array(z.string().min(3)).default(['Due process and the code of conduct']).describe('Courses every panel member must hold in date to sit.'),
        independentCoolingOffYears: z.number().int().min(0).max(20).default(5).describe('Years without declared political activity before a lawyer or lay member may sit as independent.'),
      })
      .strict()
      .prefault({}),
    /** Upholding an allegation under one of these packs requires a sanction that includes an education course. */
    educationRequiredForPacks: z.array(z.string()).default(['ihra-wda']),
    externalRoute: z
      .string()
      .min(10)
      .nullable()
      .default(null)
      .describe('Where a party may go if still dissatisfied after the process (an ombudsman, a regulator); printed on outcome letters.'),
    /** Below this many precedents there is no usual range to depart from. */
    minPrecedents: z.number().int().min(2).max(100).default(5),
    interimMeasures: z
      .object({
        maxWeeks: z.number().int().min(1).max(104).default(26).describe('The longest an interim measure may be imposed for; it lapses after that unless lifted sooner.'),
        reviewEveryWorkingDays: z.number().int().min(1).max(60).default(20).describe('Working days between reviews of a measure in force.'),
        effects: z
          .array(ZInterimEffect)
          .min(1)
          .default(DEFAULT_INTERIM_EFFECTS)
          .refine((list) => new Set(list.map((effect) => effect.id)).size === list.length, 'effect ids must be unique'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const ZOrganisationConfig = z
  .object({
    organisation: z
      .object({
        name: z.string().min(2).default('Example Organisation'),
        referencePrefix: z.string().regex(/^[A-Z]{2,8}$/, 'use 2 to 8 capital letters').default('RDR'),
        timeZone: z
          .string()
          .refine((zone) => {
            try {
              new Intl.DateTimeFormat('en-GB', { timeZone: zone });
              return true;
            } catch {
              return false;
            }
          }, 'not a known IANA time zone (for example Europe/London)')
          .default('Europe/London'),
        contactEmail: z.email().default('complaints@example.org'),
      })
      .strict()
      .prefault({}),
    calendar: z
      .object({
        country: z.string().regex(/^[A-Z]{2}$/, 'use a two-letter country code such as GB').default('GB'),
        region: z.string().regex(/^[A-Z0-9]{1,4}$/).nullable().default('ENG'),
      })
      .strict()
      .prefault({}),
    timetable: z
      .object({
        stages: ZStageLimits.prefault({}),
        overallTargetMonths: z.number().int().min(1).max(36).default(4),
        dueSoonWorkingDays: z.number().int().min(1).max(20).default(5),
      })
      .strict()
      .prefault({}),
    codePacks: z
      .object({
        inForce: z
          .array(z.string().regex(/^[a-z0-9-]+@[A-Za-z0-9.-]+$/, 'write packs as id@version'))
          .min(1)
          .default(['ihra-wda@2016-05-26', 'example-rulebook@1']),
      })
      .strict()
      .prefault({}),
    closureReasons: z.array(ZClosureReason).min(1).default(DEFAULT_CLOSURE_REASONS),
    sanctions: z
      .array(ZSanction)
      .min(1)
      .prefault(DEFAULT_SANCTIONS)
      .refine((list) => new Set(list.map((sanction) => sanction.id)).size === list.length, 'sanction ids must be unique')
      .refine((list) => list.some((sanction) => sanction.id === 'no_action'), 'the catalogue needs a no_action entry'),
    dueProcess: ZDueProcess.prefault({}),
    security: z
      .object({
        requireTotpForRoles: z.array(z.enum(ROLES)).default([]),
        maxFailedLogins: z.number().int().min(3).max(20).default(5),
        lockoutMinutes: z.number().int().min(1).max(1440).default(15),
        sessionHours: z.number().int().min(1).max(72).default(12),
      })
      .strict()
      .prefault({}),
    uploads: z
      .object({
        maxFileBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
        maxFiles: z.number().int().min(1).max(20).default(5),
        maxRecordingBytes: z.number().int().min(1024 * 1024).max(2 * 1024 * 1024 * 1024).default(100 * 1024 * 1024).describe('Size limit of one hearing recording (MP3, WAV, Ogg, MP4/M4A, WebM).'),
      })
      .strict()
      .prefault({}),
    ledger: z
      .object({
        origin: z
          .string()
          .regex(/^[^\s+]+$/, 'use one word without spaces or "+", for example complaints.example.org/ledger')
          .nullable()
          .default(null)
          .describe('The name of the log in its checkpoints; null derives it from REDRESS_PUBLIC_URL.'),
        checkpointEveryEntries: z.number().int().min(1).max(1_000_000).default(1000),
        checkpointEverySeconds: z.number().int().min(5).max(86_400).default(300),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        from: z.string().min(3).default('Redress <no-reply@example.org>'),
        smtpUrl: z
          .string()
          .regex(/^smtps?:\/\//, 'use an smtp:// or smtps:// URL')
          .nullable()
          .default(null)
          .describe('Null writes each message as a file under the data directory instead of sending it.'),
        reminderWorkingDays: z.number().int().min(1).max(10).default(2).describe('How many working days ahead of a deadline (an answer, a hearing, a stage) the people it concerns are reminded.'),
      })
      .strict()
      .prefault({}),
    oversight: z
      .object({
        breakGlassHours: z.number().int().min(1).max(72).default(4).describe('How long emergency (break-glass) access to a case lasts before it ends by itself.'),
        auditChecklist: z
          .array(z.object({ id: ZId, question: z.string().min(10).max(300) }).strict())
          .min(1)
          .max(30)
          .default([
            { id: 'acknowledged', question: 'Was the complaint acknowledged within the time limit?' },
            { id: 'stage_limits', question: 'Were the stage time limits kept, or each extension given a reason and the parties told?' },
            { id: 'respondent_heard', question: 'Was the respondent given written notice of the allegations and the evidence, and heard?' },
            { id: 'panel_screened', question: 'Was the panel screened for conflicts of interest before it saw the case?' },
            { id: 'written_reasons', question: 'Were written reasons recorded for the decision, citing the clause relied on?' },
            { id: 'sanction_consistent', question: 'Was the sanction consistent with precedents, or the departure justified?' },
            { id: 'parties_told', question: 'Were both parties told the outcome in writing?' },
            { id: 'records_complete', question: 'Is the record complete, with every stage, contact and document recorded?' },
          ])
          .refine((list) => new Set(list.map((item) => item.id)).size === list.length, 'checklist item ids must be unique')
          .describe('The questions the overseer answers for each case drawn into an audit sample: met, not met or not applicable.'),
        auditAnswerWorkingDays: z.number().int().min(1).max(120).default(20).describe('Working days the organisation has to answer an audit finding.'),
        // (oversight settings of later features go above this line)
      })
      .strict()
      .prefault({}),
    /**
     * Staff sign-in through the organisation's OpenID Connect provider, as an
     * alternative to passwords. The client secret is not here: it comes from
     * REDRESS_OIDC_CLIENT_SECRET (see config.ts).
     */
    singleSignOn: z
      .object({
        issuer: z.url({ protocol: /^https?$/ }).nullable().default(null).describe('The provider\'s issuer URL; null turns single sign-on off.'),
        clientId: z.string().min(1).nullable().default(null),
        label: z.string().min(3).max(80).default('Sign in with single sign-on').describe('The text of the link on the sign-in page.'),
        scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'one scope per entry, without spaces')).default(['openid', 'email', 'profile']).refine((list) => list.includes('openid'), 'include openid'),
        rolesClaim: z.string().min(1).default('groups').describe('The claim listing the person\'s groups (a list of strings, or one string).'),
        roleMapping: z.record(z.string().min(1), z.array(z.enum(ROLES)).min(1)).default({}).describe('Claim value → Redress roles; set again from the claims at every sign-in.'),
        emailClaim: z.string().min(1).default('email'),
        createAccounts: z.boolean().default(false).describe('Create an account at first sign-in when the claims map to a role; otherwise only existing accounts may sign in.'),
        allowInsecureHttp: z.boolean().default(false).describe('Allow an http:// issuer; accepted only for an issuer on this machine, for testing.'),
      })
      .strict()
      .superRefine((sso, check) => {
        const host = sso.issuer ? new URL(sso.issuer).hostname : null;
        const loopback = host !== null && (host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host));
        if (sso.allowInsecureHttp && !loopback) check.addIssue({ code: 'custom', path: ['allowInsecureHttp'], message: 'only allowed when the issuer is on this machine (localhost, 127.0.0.1 or ::1)' });
        if (sso.issuer?.startsWith('http:') && !sso.allowInsecureHttp) check.addIssue({ code: 'custom', path: ['issuer'], message: 'use an https:// issuer' });
        if (sso.issuer && !sso.clientId) check.addIssue({ code: 'custom', path: ['clientId'], message: 'required when an issuer is set' });
        if (sso.issuer && Object.keys(sso.roleMapping).length === 0) check.addIssue({ code: 'custom', path: ['roleMapping'], message: 'map at least one claim value to a role when an issuer is set' });
      })
      .prefault({}),
    retention: z
      .object({
        enabled: z.boolean().default(true).describe('Whether the hourly sweep erases what has fallen due; a run can always be started by hand.'),
        closedCaseYears: z.number().int().min(1).max(100).default(7).describe('Years after closure before a closed case’s personal data is erased.'),
        notUpheldYears: z.number().int().min(1).max(100).nullable().default(null).describe('Cases closed without an upheld finding; null: as closedCaseYears.'),
        bySanction: z
          .record(ZId, z.number().int().min(1).max(100).nullable())
          .default({ expulsion: null })
          .describe('By the id of the sanction standing on the case: years after closure, or null to keep the case indefinitely.'),
        sentMailDays: z.number().int().min(1).max(3650).default(90).describe('Days a sent e-mail is kept in the outbox (it holds names, links and the words sent) before the retention run deletes it.'),
      })
      .strict()
      .prefault({}),
    transparency: z
      .object({
        suppressBelow: z.number().int().min(2).max(100).default(SMALL_CELL).describe('Published counts from 1 to this minus one are hidden (zero is shown), with complementary suppression so no hidden count can be worked out from totals.'),
        publishFrom: z.iso.date().nullable().default(null).describe('The first day whose figures are published (quarters and years before it are not offered); null: from the first complaint received.'),
      })
      .strict()
      .prefault({}),
    publishedDecisions: z
      .object({
        membershipNumberPattern: z
          .string()
          .max(200)
          .default('M-\\d+')
          .refine((pattern) => {
            try {
              new RegExp(pattern, 'u');
              return true;
            } catch {
              return false;
            }
          }, 'a regular expression')
          .describe('A regular expression matching membership numbers; the anonymity check flags any match in a summary. Empty: only the case’s own numbers.'),
        perPage: z.number().int().min(5).max(100).default(20).describe('Summaries on each page of the public register at /decisions.'),
      })
      .strict()
      .prefault({}),
    // (sections of later features go above this line)
  })
  .strict();

export type OrganisationConfig = z.infer<typeof ZOrganisationConfig>;
