import Mustache from 'mustache';
import type { FieldIssue } from '../errors.js';

/**
 * Every e-mail Redress sends, as a named template: who receives it, the
 * placeholders it may use, and the words it uses unless the organisation has
 * written its own. Templates are Mustache, rendered as plain text (nothing is
 * HTML-escaped); the placeholders are checked when an organisation's wording
 * is saved, and again before it is used, so a typo can never send "Dear ,".
 */

export type TemplateVariable = {
  /** What it holds, shown to whoever edits the template. */
  description: string;
  /**
   * `optional` may be empty for some e-mails, so it is written inside a
   * section (`{{#dueOn}}…{{/dueOn}}`); a `list` is one or more lines, written
   * as `{{#effects}}- {{.}}{{/effects}}`. Anything else is always given.
   */
  kind?: 'optional' | 'list';
  /** The e-mail fails its purpose without it (the case-page link, the letter itself), so a wording that leaves it out is refused. */
  required?: true;
  /** Shown in the preview. */
  example: string | readonly string[];
};

export type TemplateDefinition = {
  name: string;
  recipient: string;
  /** When it is sent. */
  sentWhen: string;
  variables: Readonly<Record<string, TemplateVariable>>;
  subject: string;
  body: string;
};

/** Available to every template. */
export const COMMON_VARIABLES = {
  organisationName: { description: "The organisation's name, as configured.", example: 'Example Organisation' },
  contactEmail: { description: "The complaints team's contact address, as configured.", example: 'complaints@example.org' },
} as const satisfies Record<string, TemplateVariable>;

const lines = (...text: string[]): string => text.join('\n');

/** A complainant may have given no name; they are then greeted without one. */
const GREETING = '{{#name}}Dear {{name}},{{/name}}{{^name}}Hello,{{/name}}';
const SIGNATURE = '{{organisationName}} complaints team';
const SIGNATURE_WITH_CONTACT = '{{organisationName}} complaints team ({{contactEmail}})';
const NOT_A_FINDING = 'An interim measure is not a finding that you breached the code of conduct; the complaint is still being considered.';

const complainantName = { description: "The complainant's name; empty when they gave none.", kind: 'optional', example: 'Ruth Example' } as const;
const personName = (whose: string) => ({ description: `The ${whose}'s name.`, example: 'Sam Respondent' }) as const;
const reference = { description: 'The case reference.', example: 'RDR-2026-000123' } as const;
const date = (description: string) => ({ description: `${description} (YYYY-MM-DD).`, example: '2026-03-16' }) as const;
const hearingTime = { description: 'The time it starts (HH:MM).', example: '18:30' } as const;
const hearingPlace = { description: 'Where it is held, or how to join.', example: 'Committee Room 2' } as const;
const portalLink = { description: "The party's private case-page link. Anyone holding it can see the case.", required: true, example: 'https://complaints.example.org/portal/enter/EXAMPLE' } as const;

export const MAIL_TEMPLATES = {
  complaint_acknowledged: {
    name: 'Complaint acknowledged',
    recipient: 'Complainant',
    sentWhen: 'A complaint is received from a complainant who gave an e-mail address.',
    variables: {
      name: complainantName,
      reference,
      receivedOn: date('The day the complaint was received'),
      stageDescription: { description: 'What happens at the first stage, as the workflow tells the public.', example: 'We check that the complaint is complete and within our rules.' },
      triageBy: { ...date('The day triage is due to begin; empty when the stage has no deadline'), kind: 'optional' },
      concludeBy: date('The day every complaint should be concluded by'),
    },
    subject: 'We have received your complaint {{reference}}',
    body: lines(
      GREETING,
      '',
      'Thank you for your complaint, which we received on {{receivedOn}}. Its reference is {{reference}}.',
      '',
      'What happens next:',
      '- {{stageDescription}}',
      '{{#triageBy}}',
      '- Triage will begin by {{triageBy}}.',
      '{{/triageBy}}',
      '- We aim to conclude every complaint by {{concludeBy}}. If any stage needs longer, we will tell you why.',
      '',
      'You will hear from us whenever your complaint moves to a new stage. Please quote {{reference}} if you contact {{contactEmail}}.',
      '',
      SIGNATURE,
    ),
  },
  complaint_stage_changed: {
    name: 'Complaint moved to a new stage',
    recipient: 'Complainant',
    sentWhen: 'The case moves to a new stage (other than closure).',
    variables: {
      name: complainantName,
      reference,
      stage: { description: 'The new stage, in lower case.', example: 'investigation' },
      stageDescription: { description: 'What happens at the new stage, as the workflow tells the public.', example: 'An investigator gathers the evidence and hears from both sides.' },
      dueOn: { ...date('The day the stage is due to finish; empty when it has no deadline'), kind: 'optional' },
    },
    subject: 'Your complaint {{reference}} has moved to {{stage}}',
    body: lines(
      GREETING,
      '',
      'Your complaint {{reference}} is now at the {{stage}} stage.',
      '{{stageDescription}}',
      '{{#dueOn}}',
      'This stage is due to finish by {{dueOn}}.',
      '{{/dueOn}}',
      '',
      SIGNATURE,
    ),
  },
  complaint_concluded: {
    name: 'Complaint concluded',
    recipient: 'Complainant',
    sentWhen: 'The case is closed.',
    variables: {
      name: complainantName,
      reference,
      outcome: { description: 'The outcome, as labelled in Redress.', example: 'Upheld' },
      explanation: { description: 'The explanation written when the case was closed.', example: 'The panel found the messages breached the code of conduct.' },
    },
    subject: 'Your complaint {{reference}} has been concluded',
    body: lines(GREETING, '', 'Your complaint {{reference}} has been concluded.', 'Outcome: {{outcome}}.', '', '{{explanation}}', '', SIGNATURE),
  },
  complaint_extended: {
    name: 'More time needed',
    recipient: 'Complainant',
    sentWhen: "A stage's deadline is extended.",
    variables: {
      name: complainantName,
      reference,
      stage: { description: 'The stage extended, in lower case.', example: 'investigation' },
      workingDays: { description: 'By how many working days.', example: '10' },
      dueOn: { ...date('The new deadline; empty when the stage has none'), kind: 'optional' },
      reason: { description: 'The reason given for the extension.', example: 'A witness is away until the end of the month.' },
    },
    subject: 'More time is needed for your complaint {{reference}}',
    body: lines(
      GREETING,
      '',
      'The {{stage}} stage of your complaint {{reference}} has been extended by {{workingDays}} working days{{#dueOn}}, to {{dueOn}}{{/dueOn}}.',
      'The reason: {{reason}}',
      '',
      SIGNATURE,
    ),
  },
  notice_of_complaint: {
    name: 'Notice of complaint',
    recipient: 'Respondent',
    sentWhen: 'The respondent is given notice of the allegations, when they have an e-mail address.',
    variables: {
      name: personName('respondent'),
      reference,
      responseDueOn: date('The day their answer is due'),
      coveringLetter: { description: 'The covering letter written by the investigator for this case.', required: true, example: 'We write to tell you that a complaint has been made about you…' },
      portalLink,
    },
    subject: 'Notice of complaint {{reference}}: your response is due by {{responseDueOn}}',
    body: lines(
      'Dear {{name}},',
      '',
      '{{coveringLetter}}',
      '',
      'The allegations, the clauses they cite and the evidence relied on are set out in your private case page:',
      '{{portalLink}}',
      '',
      'You may answer each allegation and send your own evidence there until {{responseDueOn}}. You may ask for a hearing, and you may be accompanied at any hearing.',
      'Keep this link private: anyone holding it can see your case.',
      '',
      SIGNATURE_WITH_CONTACT,
    ),
  },
  hearing_scheduled: {
    name: 'Hearing scheduled',
    recipient: 'Respondent',
    sentWhen: "The panel's hearing is fixed.",
    variables: {
      name: personName('respondent'),
      reference,
      date: date('The day of the hearing'),
      time: hearingTime,
      location: hearingPlace,
      postponementWorkingDays: { description: 'How many working days one postponement may move the hearing, from the configuration.', example: '5' },
    },
    subject: 'Hearing for {{reference}} on {{date}}',
    body: lines(
      'Dear {{name}},',
      '',
      'The panel will hear the complaint {{reference}} on {{date}} at {{time}}, at {{location}}.',
      'You have the right to be accompanied by a companion. If your companion cannot attend on that date, you may ask once, through your case page, for the hearing to be moved to a date within {{postponementWorkingDays}} working days.',
      '',
      SIGNATURE,
    ),
  },
  hearing_postponed: {
    name: 'Hearing postponed',
    recipient: 'Respondent',
    sentWhen: 'The hearing is postponed because the companion cannot attend.',
    variables: {
      name: personName('respondent'),
      reference,
      originalDate: date('The day first set'),
      date: date('The new day'),
      time: hearingTime,
      location: hearingPlace,
    },
    subject: 'Hearing for {{reference}} moved to {{date}}',
    body: lines(
      'Dear {{name}},',
      '',
      'The hearing of {{reference}} has been moved from {{originalDate}} to {{date}} at {{time}}, at {{location}}, because your companion could not attend.',
      'A hearing can be postponed only once.',
      '',
      SIGNATURE,
    ),
  },
  interim_measure_imposed: {
    name: 'Interim measure imposed',
    recipient: 'Respondent',
    sentWhen: 'An interim measure is imposed.',
    variables: {
      name: personName('respondent'),
      reference,
      startsOn: date('The day it applies from'),
      effects: { description: 'What the measure stops them doing, one per line.', kind: 'list', required: true, example: ['May not stand for any office or selection', 'May not vote in internal ballots'] },
      reasons: { description: 'The written reasons for the measure.', required: true, example: 'The respondent is standing for selection while the allegation is investigated.' },
      reviewBy: date('The day it will be reviewed by'),
      endsOn: date('Its last day at the latest'),
    },
    subject: 'Interim measure while your case is considered: {{reference}}',
    body: lines(
      'Dear {{name}},',
      '',
      'While the complaint {{reference}} is considered, an interim measure applies to you from {{startsOn}}:',
      '{{#effects}}',
      '- {{.}}',
      '{{/effects}}',
      '',
      'Reasons: {{reasons}}',
      '',
      'It will be reviewed by {{reviewBy}}, and ends on {{endsOn}} at the latest unless it is lifted sooner.',
      NOT_A_FINDING,
      '',
      SIGNATURE,
    ),
  },
  interim_measure_continued: {
    name: 'Interim measure continued on review',
    recipient: 'Respondent',
    sentWhen: 'An interim measure is reviewed and continues.',
    variables: {
      name: personName('respondent'),
      reference,
      reviewedOn: date('The day of the review'),
      reasons: { description: 'The written reasons of the review.', required: true, example: 'The selection meeting has been postponed, not cancelled.' },
      nextReviewBy: date('The day of the next review at the latest'),
      endsOn: date('Its last day at the latest'),
    },
    subject: 'Interim measure reviewed: {{reference}}',
    body: lines(
      'Dear {{name}},',
      '',
      'The interim measure applied to you while the complaint {{reference}} is considered was reviewed on {{reviewedOn}} and continues.',
      'Reasons: {{reasons}}',
      'It will be reviewed again by {{nextReviewBy}}, and ends on {{endsOn}} at the latest.',
      NOT_A_FINDING,
      '',
      SIGNATURE,
    ),
  },
  interim_measure_lifted: {
    name: 'Interim measure lifted',
    recipient: 'Respondent',
    sentWhen: 'An interim measure is lifted on review.',
    variables: {
      name: personName('respondent'),
      reference,
      liftedOn: date('The day it was lifted'),
      reason: { description: 'The written reasons for lifting it.', example: 'The selection has taken place, so the risk has passed.' },
    },
    subject: 'Interim measure lifted: {{reference}}',
    body: lines(
      'Dear {{name}},',
      '',
      'The interim measure applied to you while the complaint {{reference}} is considered was lifted on {{liftedOn}}.',
      'Reason: {{reason}}',
      'Its effects no longer apply.',
      '',
      SIGNATURE,
    ),
  },
  interim_measure_lapsed: {
    name: 'Interim measure ended',
    recipient: 'Respondent',
    sentWhen: 'An interim measure reaches its maximum length, or its case closes.',
    variables: {
      name: personName('respondent'),
      reference,
      reason: { description: 'Why it ended.', example: 'The measure reached its maximum length: its last day was 2026-05-31.' },
    },
    subject: 'Interim measure ended: {{reference}}',
    body: lines(
      'Dear {{name}},',
      '',
      'The interim measure applied to you during the complaint {{reference}} has ended.',
      'Reason: {{reason}}',
      'Its effects no longer apply.',
      '',
      SIGNATURE,
    ),
  },
  panel_member_drawn: {
    name: 'Drawn onto a panel',
    recipient: 'Panel member',
    sentWhen: 'A panel member is drawn onto a case, or replaces one who recused.',
    variables: {
      name: personName('panel member'),
      reference,
      seat: { description: 'The seat they fill.', example: 'chair' },
      purpose: { description: 'Which panel: decision or appeal.', example: 'decision' },
    },
    subject: 'You have been drawn onto the {{purpose}} panel for {{reference}}',
    body: lines(
      'Dear {{name}},',
      '',
      'You have been drawn, after conflict screening, to sit as {{seat}} on the {{purpose}} panel for case {{reference}}.',
      'If anything about the case gives you a conflict of interest, recuse yourself from the case page before reading further.',
      '',
      SIGNATURE,
    ),
  },
  outcome_letter: {
    name: 'Outcome letter',
    recipient: 'Complainant and respondent',
    sentWhen: 'A panel decides, an appeal is decided, or a decision becomes final.',
    variables: {
      name: { description: "The party's name; empty for a complainant who gave none.", kind: 'optional', example: 'Sam Respondent' },
      reference,
      headline: { description: 'What happened, in lower case (for example "the panel has decided the complaint").', example: 'the panel has decided the complaint' },
      letter: {
        description: "The letter itself, paragraphs separated by blank lines: what happened, the findings and reasons, the sanction, any right of appeal. These are the panel's words, also printed on the PDF letter, so they are not edited here.",
        required: true,
        example: 'The panel has decided the complaint.\n\nex-2: Upheld. The messages repeated a conspiracy theory.\n\nSanction: Education course.',
      },
    },
    subject: '{{reference}}: {{headline}}',
    body: lines(GREETING, '', '{{letter}}', '', SIGNATURE_WITH_CONTACT),
  },
  portal_link_reissued: {
    name: 'New case-page link',
    recipient: 'Respondent (or another party with a case page)',
    sentWhen: 'Staff send a party a new case-page link; earlier links stop working.',
    variables: { name: personName('party'), reference, portalLink },
    subject: 'Your new case-page link for {{reference}}',
    body: lines('Dear {{name}},', '', 'Here is a new link to your private case page. Earlier links no longer work.', '{{portalLink}}', '', 'Keep this link private: anyone holding it can see your case.'),
  },
  complainant_link: {
    name: "Complainant's case-page link",
    recipient: 'Complainant (named, with an e-mail address)',
    sentWhen: 'Staff give the complainant a private case page, where they follow the case, write to the team and, when they were the person targeted, read the decision and may appeal.',
    variables: { name: personName('complainant'), reference, portalLink },
    subject: 'Your case page for {{reference}}',
    body: lines(
      'Dear {{name}},',
      '',
      'You can follow your complaint {{reference}}, write to the complaints team and read the outcome on your private case page:',
      '{{portalLink}}',
      '',
      'Keep this link private: anyone holding it can see your case.',
    ),
  },
  representative_link: {
    name: "Representative's case-page link",
    recipient: "A party's representative",
    sentWhen: 'The respondent or the complainant, or staff for them, name a representative, who acts for them through their own link.',
    variables: { name: personName('representative'), reference, partyName: { description: 'The name of the party represented.', example: 'Sam Respondent' }, portalLink },
    subject: 'Case {{reference}}: your private link',
    body: lines(
      'Dear {{name}},',
      '',
      "You have been named as {{partyName}}'s representative in case {{reference}}. Through the link below you can read the case as they can and act for them.",
      '{{portalLink}}',
      '',
      'Keep this link private.',
    ),
  },
  companion_link: {
    name: "Companion's case-page link",
    recipient: "A party's companion",
    sentWhen: 'The respondent or the complainant, or staff for them, name a companion.',
    variables: { name: personName('companion'), reference, partyName: { description: 'The name of the party accompanied.', example: 'Sam Respondent' }, portalLink },
    subject: 'Case {{reference}}: your private link',
    body: lines(
      'Dear {{name}},',
      '',
      "You have been named as {{partyName}}'s companion in case {{reference}}. Through the link below you can see where the case stands and the hearing arrangements.",
      '{{portalLink}}',
      '',
      'Keep this link private.',
    ),
  },
  message_to_respondent: {
    name: 'New message (respondent)',
    recipient: 'Respondent',
    sentWhen: 'Staff write to the respondent, who reads the message on their case page; the message itself is never e-mailed.',
    variables: {
      name: personName('respondent'),
      reference,
      sender: { description: 'Who wrote, by their role on the case, in lower case.', example: 'case manager' },
      portalLink: {
        description: 'A new case-page link, given only when their earlier link no longer works; empty otherwise.',
        kind: 'optional',
        required: true,
        example: 'https://complaints.example.org/portal/enter/EXAMPLE',
      },
    },
    subject: 'New message about {{reference}}',
    body: lines(
      'Dear {{name}},',
      '',
      'You have a new message about {{reference}} from the {{sender}}.',
      '{{#portalLink}}',
      'Open your private case page to read it and reply:',
      '{{portalLink}}',
      'Keep this link private: anyone holding it can see your case.',
      '{{/portalLink}}',
      '{{^portalLink}}',
      'Open your case page with the private link we sent you with the notice. If you no longer have it, ask {{contactEmail}} for a new one.',
      '{{/portalLink}}',
      '',
      'For your privacy, the message itself is not sent by e-mail.',
      '',
      SIGNATURE_WITH_CONTACT,
    ),
  },
  message_to_complainant: {
    name: 'Message (complainant)',
    recipient: 'Complainant',
    sentWhen: 'Staff write to a named complainant, whose messages come by e-mail.',
    variables: {
      name: complainantName,
      reference,
      sender: { description: 'Who wrote, by their role on the case, in lower case.', example: 'investigator' },
      message: { description: 'The message written.', required: true, example: 'Could you send us the full thread of messages?' },
    },
    subject: 'A message about your complaint {{reference}}',
    body: lines(
      GREETING,
      '',
      'The {{sender}} handling your complaint {{reference}} writes:',
      '',
      '{{message}}',
      '',
      'To reply, write to {{contactEmail}} quoting {{reference}}.',
      '',
      SIGNATURE,
    ),
  },
  reminder_notice_response: {
    name: 'Reminder: answer to the notice due',
    recipient: 'Respondent',
    sentWhen: 'A few working days before the answer to the notice is due.',
    variables: { name: personName('respondent'), reference, dueOn: date('The day the answer is due') },
    subject: 'Reminder: your answer on {{reference}} is due by {{dueOn}}',
    body: lines(
      'Dear {{name}},',
      '',
      'Your answer to the notice of complaint {{reference}} is due by {{dueOn}}. You can answer through your case page, using the link in the notice.',
      '',
      SIGNATURE,
    ),
  },
  reminder_hearing: {
    name: 'Reminder: hearing',
    recipient: 'Respondent and panel members',
    sentWhen: 'A few working days before a hearing.',
    variables: {
      name: personName('person'),
      reference,
      date: date('The day of the hearing'),
      time: hearingTime,
      location: hearingPlace,
    },
    subject: 'Reminder: hearing of {{reference}} on {{date}}',
    body: lines('Dear {{name}},', '', 'This is a reminder of the hearing of {{reference}} on {{date}} at {{time}}, {{location}}.', '', SIGNATURE),
  },
  reminder_stage_deadline: {
    name: 'Reminder: stage deadline',
    recipient: 'Staff assigned to the case',
    sentWhen: "A few working days before a stage's deadline.",
    variables: {
      name: personName('member of staff'),
      reference,
      stage: { description: 'The stage, in lower case.', example: 'investigation' },
      dueOn: date('The day the stage is due to finish'),
    },
    subject: 'Due {{dueOn}}: {{reference}} ({{stage}})',
    body: lines(
      'Dear {{name}},',
      '',
      'The {{stage}} stage of {{reference}} is due to finish by {{dueOn}}. If it needs longer, extend it with the reason, which the complainant is told.',
      '',
      SIGNATURE,
    ),
  },
  break_glass_opened: {
    name: 'Emergency access opened (to the overseer)',
    recipient: 'Every overseer',
    sentWhen: 'At once, when someone not assigned to a case opens it with emergency (break-glass) access.',
    variables: {
      name: personName('overseer'),
      reference,
      who: { description: 'Who opened the case.', example: 'Alex Manager' },
      reason: { description: 'The reason they wrote.', required: true, example: 'The assigned case manager is on leave and the complainant reports a new threat today.' },
      until: { description: 'When the access ends by itself (date and time, UTC).', example: '2026-03-16 14:00 UTC' },
      deskLink: { description: "The link to the interference register on the overseer's desk.", example: 'https://complaints.example.org/oversight/register' },
    },
    subject: 'Emergency access to {{reference}} by {{who}}',
    body: lines(
      'Dear {{name}},',
      '',
      '{{who}} has opened {{reference}} with emergency (break-glass) access, without being assigned to it. The access ends by itself at {{until}}.',
      '',
      'The reason given:',
      '{{reason}}',
      '',
      'Everything done on the case is in its record. The register of emergency access is on your desk: {{deskLink}}',
      '',
      SIGNATURE,
    ),
  },
  outside_contact_recorded: {
    name: 'Outside contact recorded (to the overseer)',
    recipient: 'Every overseer',
    sentWhen: 'When a contact about a case from outside the process is recorded or declared.',
    variables: {
      name: personName('overseer'),
      reference,
      number: { description: 'The number of the entry in the interference register.', example: '12' },
      contact: { description: 'Who made the contact, and their office.', example: 'Pat Example (Regional Secretary)' },
      reachedDecisionMaker: { description: 'Whether it reached the decision-maker: yes, no or not known.', example: 'not known' },
      deskLink: { description: "The link to the interference register on the overseer's desk.", example: 'https://complaints.example.org/oversight/register' },
    },
    subject: 'Outside contact no. {{number}} about {{reference}}',
    body: lines(
      'Dear {{name}},',
      '',
      'A contact about {{reference}} from outside the complaints process has been entered in the interference register as no. {{number}}: {{contact}}. Did it reach the decision-maker? {{reachedDecisionMaker}}.',
      '',
      'The entry is on your desk: {{deskLink}}',
      '',
      SIGNATURE,
    ),
  },
  // (templates of later features go above this line)
  audit_finding_raised: {
    name: 'Audit finding to answer',
    recipient: 'Case managers (who answer audit findings for the organisation)',
    sentWhen: 'The overseer raises an audit finding, or reopens one whose answer did not satisfy them.',
    variables: {
      name: personName('case manager'),
      number: { description: 'The finding’s number.', example: '4' },
      severity: { description: 'How serious the overseer judges it, in lower case.', example: 'significant' },
      finding: { description: 'The finding, as the overseer wrote it.', required: true, example: 'The respondent was not told the outcome in writing.' },
      answerDueOn: date('The day the answer is due'),
      reopenReason: { description: 'Why the overseer reopened the finding; empty for a new finding.', kind: 'optional', example: 'The answer promises training but gives no date.' },
      findingsLink: { description: 'The link to the audit findings page, where the answer is written.', required: true, example: 'https://complaints.example.org/staff/audit-findings' },
    },
    subject: 'Audit finding {{number}}: an answer is due by {{answerDueOn}}',
    body: lines(
      'Dear {{name}},',
      '',
      'The independent overseer has {{#reopenReason}}reopened{{/reopenReason}}{{^reopenReason}}raised{{/reopenReason}} audit finding {{number}} ({{severity}}), which the organisation must answer by {{answerDueOn}}:',
      '',
      '{{finding}}',
      '{{#reopenReason}}',
      '',
      'Why it was reopened: {{reopenReason}}',
      '{{/reopenReason}}',
      '',
      'Answer it, with the action the organisation will take, at {{findingsLink}}',
      '',
      SIGNATURE,
    ),
  },
  confidence_survey: {
    name: 'Confidence survey',
    recipient: 'Complainant and respondent (with an e-mail address)',
    sentWhen: 'The case is closed (except when it is merged into another case).',
    variables: {
      name: { description: "The party's name; empty for a complainant who gave none.", kind: 'optional', example: 'Ruth Example' },
      reference,
      surveyLink: { description: 'The private link to the survey; it can be answered once.', required: true, example: 'https://complaints.example.org/survey/EXAMPLE' },
      expiresOn: date('The last day the survey can be answered'),
    },
    subject: 'How did we handle {{reference}}? Four questions',
    body: lines(
      GREETING,
      '',
      'The case {{reference}} has closed. Whatever its outcome, we would like to know how you found the way it was handled: four statements to agree or disagree with, and room for a comment.',
      '{{surveyLink}}',
      '',
      'Your answers are kept apart from the case: they are stored with the quarter the case closed and whether you were the complainant or the respondent, nothing else, and are only reported in groups of five or more. The link works once, until {{expiresOn}}.',
      '',
      SIGNATURE,
    ),
  },
} as const satisfies Record<string, TemplateDefinition>;

export type TemplateId = keyof typeof MAIL_TEMPLATES;
export const TEMPLATE_IDS = Object.keys(MAIL_TEMPLATES) as TemplateId[];

export function isTemplateId(value: string): value is TemplateId {
  return Object.hasOwn(MAIL_TEMPLATES, value);
}

type ValueOf<V> = V extends { kind: 'list' } ? readonly string[] : V extends { kind: 'optional' } ? string | null : string | number;

/** The values one template is rendered with; the common ones are added by whoever renders it. */
export type TemplateValues<Id extends TemplateId> = { -readonly [K in keyof (typeof MAIL_TEMPLATES)[Id]['variables']]: ValueOf<(typeof MAIL_TEMPLATES)[Id]['variables'][K]> };

export type TemplateText = { subject: string; body: string };

/** Every placeholder a template may use, its own and the common ones. */
export function variablesOf(id: TemplateId): Record<string, TemplateVariable> {
  return { ...MAIL_TEMPLATES[id].variables, ...COMMON_VARIABLES };
}

export function defaultTextOf(id: TemplateId): TemplateText {
  return { subject: MAIL_TEMPLATES[id].subject, body: MAIL_TEMPLATES[id].body };
}

export const MAX_SUBJECT = 200;
export const MAX_BODY = 20_000;

/** As a form sends it: line endings made \n, the subject trimmed, trailing space dropped from the body. */
export function normaliseTemplateText(text: TemplateText): TemplateText {
  return { subject: text.subject.replace(/\s+/g, ' ').trim(), body: text.body.replace(/\r\n?/g, '\n').trimEnd() };
}

type Token = ReturnType<typeof Mustache.parse>[number];
const tag = (name: string) => `{{${name}}}`;

/**
 * Checks one field of a template: it must parse, and use only the template's
 * placeholders, lists only as sections, and no partials. Returns the names it
 * uses, and its problems as field issues.
 */
function checkField(field: 'subject' | 'body', text: string, variables: Record<string, TemplateVariable>): { used: Set<string>; issues: FieldIssue[] } {
  const used = new Set<string>();
  const issues: FieldIssue[] = [];
  let tokens: Token[];
  try {
    tokens = Mustache.parse(text);
  } catch (error) {
    return { used, issues: [{ field, message: `The placeholders do not pair up: ${(error as Error).message}. Close every {{#section}} with {{/section}}, and write each placeholder as {{name}}.` }] };
  }
  const known = Object.keys(variables).map(tag).join(', ');
  const problem = (message: string) => {
    if (!issues.some((issue) => issue.message === message)) issues.push({ field, message });
  };
  const walk = (list: Token[], insideSection: boolean) => {
    for (const token of list) {
      const [type, name] = token;
      if (type === 'text' || type === '!' || type === '=') continue;
      if (type === '>') {
        problem(`{{> ${name}}} includes another template, which e-mail templates cannot do.`);
        continue;
      }
      if (name === '.') {
        if (!insideSection) problem('{{.}} stands for the current item of a list, so it can only be used inside a section such as {{#effects}}…{{/effects}}.');
        continue;
      }
      const variable = variables[name];
      if (!variable) {
        problem(`${tag(name)} is not a placeholder of this e-mail. Use one of: ${known}.`);
        continue;
      }
      used.add(name);
      if ((type === 'name' || type === '&') && variable.kind === 'list') problem(`${tag(name)} is a list: write it as a section, such as {{#${name}}}- {{.}}{{/${name}}}.`);
      if (type === '#' || type === '^') walk(token[4] as Token[], true);
    }
  };
  walk(tokens, false);
  return { used, issues };
}

/** Problems with an organisation's wording of a template, each naming its field (subject or body); none means it may be used. */
export function checkTemplateText(id: TemplateId, text: TemplateText): FieldIssue[] {
  const variables = variablesOf(id);
  const issues: FieldIssue[] = [];
  if (text.subject.trim() === '') issues.push({ field: 'subject', message: 'Write the subject.' });
  else if (text.subject.length > MAX_SUBJECT) issues.push({ field: 'subject', message: `Keep the subject to ${MAX_SUBJECT} characters.` });
  if (text.body.trim() === '') issues.push({ field: 'body', message: 'Write the body of the e-mail.' });
  else if (text.body.length > MAX_BODY) issues.push({ field: 'body', message: `Keep the body to ${MAX_BODY} characters.` });
  if (issues.length > 0) return issues;
  const subject = checkField('subject', text.subject, variables);
  const body = checkField('body', text.body, variables);
  issues.push(...subject.issues, ...body.issues);
  if (issues.length > 0) return issues;
  for (const [name, variable] of Object.entries(variables)) {
    if (variable.required && !subject.used.has(name) && !body.used.has(name)) {
      issues.push({ field: 'body', message: `The e-mail must include ${tag(name)}: ${variable.description}` });
    }
  }
  return issues;
}

/**
 * Renders a template as plain text: values go in as they are, never
 * HTML-escaped (the escape function is given per call; Mustache's global is
 * left alone). The subject is kept to one line.
 */
export function renderTemplate(text: TemplateText, values: Record<string, unknown>): TemplateText {
  const options = { escape: (value: unknown) => String(value) };
  return {
    subject: Mustache.render(text.subject, values, {}, options).replace(/\s+/g, ' ').trim(),
    body: Mustache.render(text.body, values, {}, options),
  };
}

/** The example values of a template, for its preview. */
export function exampleValuesOf(id: TemplateId): Record<string, unknown> {
  return Object.fromEntries(Object.entries(variablesOf(id)).map(([name, variable]) => [name, variable.example]));
}
