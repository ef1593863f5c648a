import { SeededRandom } from '../../domain/seeded-random.js';
import type { Role } from '../../domain/access.js';
import { addCalendarDays, addCalendarMonths, type LocalDate } from '../../domain/calendar/local-date.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween, type WorkingCalendar } from '../../domain/calendar/working-days.js';
import { parseCitationKey } from '../../domain/code-pack/code-pack.js';
import type { Channel, ComplainantRelation, DecisionOutcome, RiskLevel } from '../../domain/complaint/complaint.js';
import { DomainError } from '../../domain/errors.js';
import type { Clock } from '../../infra/clock.js';
import { today as todayOf } from '../cases/case-clock.js';
import { withdrawComplaint } from '../cases/withdraw-complaint.js';
import type { InterestKind, PoolRole } from '../../domain/due-process/panel.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { listEvidence } from '../../db/repositories/evidence.repository.js';
import { findCurrentPanel, listSeats } from '../../db/repositories/panel.repository.js';
import { closeLapsedAppealWindows, lodgeAppeal } from '../due-process/appeals.js';
import { drawPanel } from '../due-process/convene-panel.js';
import { getDecisionContext, recordPanelDecision } from '../due-process/decide-case.js';
import { issueNotice } from '../due-process/issue-notice.js';
import { declareInterest, recordTraining, savePoolMember } from '../due-process/panel-pool.js';
import { respondToNotice } from '../due-process/respond-to-notice.js';
import { addCaseNote, submitInvestigationReport } from '../cases/investigate.js';
import { linkCases, mergeCase } from '../cases/link-cases.js';
import { extendCaseDeadline, pauseCaseClock, resumeCaseClock } from '../cases/manage-clock.js';
import { recordTriage } from '../cases/record-triage.js';
import { startTriage } from '../cases/start-triage.js';
import { ZTriageInput } from '../cases/triage-input.js';
import type { ServiceContext } from '../context.js';
import { ZComplaintInput, type ComplaintInput, type EvidenceUpload } from '../intake/complaint-input.js';
import { recordComplaint } from '../intake/record-complaint.js';
import { submitComplaint } from '../intake/submit-complaint.js';
import type { Staff } from '../staff.js';
import { createUser, listUsers } from '../users/manage-users.js';
import { loadOversightDemo } from './load-oversight-demo.js';
import { loadPublicationsDemo } from './load-publications-demo.js';
import { loadCommitmentsDemo } from './load-commitments-demo.js';

/**
 * The demonstration organisation: staff accounts and a few hundred fictional
 * complaints at every stage, loaded only through the use cases so every case
 * has its real events, clock history and deadlines. The use cases read the
 * time from the context, so each step runs on a stepping clock set to when
 * the step "happened"; every step of every case is run in time order.
 *
 * Everyone and everything in it is invented: names, branches, membership
 * numbers, web addresses (on reserved `.example` and `.test` domains).
 */

export type DemoAccount = { email: string; displayName: string; roles: Role[] };

const DEMO_DOMAIN = 'demo.redress.test';

const STAFF: { displayName: string; role: Role }[] = [
  { displayName: 'Nadia Fairbrook', role: 'intake_officer' },
  { displayName: 'Owen Thistlewood', role: 'intake_officer' },
  { displayName: 'Rosa Kettleby', role: 'case_manager' },
  { displayName: 'Samuel Ashgrove', role: 'case_manager' },
  { displayName: 'Leah Brackenridge', role: 'case_manager' },
  { displayName: 'Farid Wellsby', role: 'investigator' },
  { displayName: 'Martha Coldharbour', role: 'investigator' },
  { displayName: 'Idris Penhallow', role: 'investigator' },
  { displayName: 'Zofia Larkspur', role: 'investigator' },
  { displayName: 'Helena Quarrington', role: 'panel_member' },
  { displayName: 'Tobias Elderfield', role: 'panel_member' },
  { displayName: 'Priya Ramsbottom', role: 'panel_member' },
  { displayName: 'Declan Moorcroft', role: 'panel_member' },
  { displayName: 'Grace Underhill', role: 'panel_member' },
  { displayName: 'Kwame Ashby', role: 'panel_member' },
  { displayName: 'Imogen Castellane', role: 'panel_member' },
  { displayName: 'Amara Fenwick', role: 'panel_member' },
  { displayName: 'Ngozi Whitlock', role: 'overseer' },
  { displayName: 'Harriet Dunmore', role: 'leadership' },
  { displayName: 'Callum Ferrars', role: 'data_protection_officer' },
  { displayName: 'Bea Inkwell', role: 'publications_editor' },
];

/** The panel pool: each panel member's pool roles, and one declared interest that the screening will act on. */
const POOL: Record<string, { roles: PoolRole[]; interest?: { kind: InterestKind; value: string; endedOn?: string } }> = {
  'Helena Quarrington': { roles: ['lawyer', 'chair'] },
  'Tobias Elderfield': { roles: ['lawyer', 'chair'], interest: { kind: 'unit', value: 'Riverside Branch' } },
  'Priya Ramsbottom': { roles: ['member', 'chair'], interest: { kind: 'unit', value: 'Hillcrest Branch' } },
  'Declan Moorcroft': { roles: ['member'], interest: { kind: 'unit', value: 'Northgate Branch' } },
  'Grace Underhill': { roles: ['lay'] },
  'Kwame Ashby': { roles: ['lay'], interest: { kind: 'political_activity', value: 'Stood for the council in 2012', endedOn: '2012-05-03' } },
  'Imogen Castellane': { roles: ['lawyer'] },
  // Recent political activity: she may not sit as an independent lay member until it is five years past.
  'Amara Fenwick': { roles: ['lay'], interest: { kind: 'political_activity', value: 'Campaign organiser at the 2024 general election' } },
};

// ---------------------------------------------------------------- randomness

function demoPassword(seed: number): string {
  const rng = new SeededRandom(seed ^ 0x5eed5eed);
  const words = ['lantern', 'orchard', 'pebble', 'harbour', 'meadow', 'thimble', 'copper', 'willow', 'saffron', 'quarry', 'juniper', 'marble', 'beacon', 'tundra', 'velvet', 'falcon'];
  const password = `${rng.pick(words)}-${rng.pick(words)}-${rng.pick(words)}-${rng.int(100, 999)}`;
  return password.padEnd(16, '7');
}

// ---------------------------------------------------------------- time

/** The stepping clock the use cases run on while the demonstration loads; it never passes the real time. */
class DemoClock implements Clock {
  private current: Date;
  constructor(
    start: Date,
    private readonly limit: Date,
  ) {
    this.current = start;
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = new Date(Math.min(at.getTime(), this.limit.getTime()));
  }
}

function subtractWorkingDays(date: LocalDate, days: number, calendar: WorkingCalendar): LocalDate {
  let result = date;
  let remaining = days;
  while (remaining > 0) {
    result = addCalendarDays(result, -1);
    if (isWorkingDay(result, calendar)) remaining -= 1;
  }
  while (!isWorkingDay(result, calendar)) result = addCalendarDays(result, -1);
  return result;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = zoneFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    zoneFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the organisation's clocks show `date` at hour:minute. */
function localTime(date: LocalDate, hour: number, minute: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, 0);
  let instant = wall - zoneOffsetMs(wall, timeZone);
  const corrected = wall - zoneOffsetMs(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function humanDate(date: LocalDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
}

// ---------------------------------------------------------------- people and places

const FIRST_NAMES = [
  'Adaeze', 'Aled', 'Amara', 'Anouk', 'Bethan', 'Bram', 'Caius', 'Cerys', 'Cosima', 'Dafydd', 'Delphine', 'Dorian', 'Eamon', 'Elowen', 'Esme', 'Fenella',
  'Florian', 'Gideon', 'Greer', 'Hamish', 'Hollis', 'Inigo', 'Ione', 'Jago', 'Kezia', 'Lorcan', 'Marisol', 'Niamh', 'Oriel', 'Peregrine', 'Rhiannon', 'Saoirse',
  'Tamsin', 'Ulric', 'Verity', 'Wilfred', 'Yara', 'Zebedee', 'Tobias', 'Halima', 'Ravi', 'Shoshana', 'Kwame', 'Mirela', 'Yusuf', 'Ottilie', 'Benedikt', 'Leontyne',
];
const SURNAMES = [
  'Ashcombe', 'Brindlemoor', 'Calderbrook', 'Cinderford', 'Dunmallow', 'Elderwick', 'Fallowmere', 'Farthingale', 'Gorsebrook', 'Hartswood', 'Hollowell', 'Inchbrook',
  'Kestrelby', 'Larchmont', 'Lindenfield', 'Marrowby', 'Mossingham', 'Nettlecombe', 'Oakhanger', 'Pebblewick', 'Quarrendon', 'Ravensmere', 'Rookwood', 'Saltmarsh',
  'Sorrelby', 'Thistlecombe', 'Umberleigh', 'Wainscott', 'Wrenfield', 'Yarrowby', 'Brackwater', 'Millbeck', 'Fernhollow', 'Gallowmere', 'Honeysett', 'Kittering',
];
const BRANCHES = [
  'Riverside Branch', 'Hillcrest Branch', 'Northgate Branch', 'Old Town Branch', 'Meadowbank Branch', 'Harbourside Branch', 'Eastfield Branch', 'Westmere Branch',
  'Canal Quarter Branch', 'Stonebridge Branch', 'Youth Section', 'Women’s Forum',
];
/** Organisations that complain on their members' behalf, by what the complaint is about. */
const ORGANISATIONS: Record<string, string[]> = {
  antisemitism: ['the Riverside Jewish Community Forum', 'the Eastfield Interfaith Network'],
  racism: ['the Northgate Black Members’ Network', 'the Eastfield Interfaith Network'],
  islamophobia: ['the Harbourside Muslim Women’s Association', 'the Eastfield Interfaith Network'],
  other: ['the Canal Quarter Residents’ Association', 'the Westmere Students’ Equality Society', 'the Stonebridge Volunteers’ Network'],
};
const VENUES: { phrase: string; location: string }[] = [
  { phrase: 'the monthly branch meeting', location: 'Riverside Community Hall, Mill Lane' },
  { phrase: 'the social after the quarterly members’ meeting', location: 'The Lamplighter Rooms, Station Road' },
  { phrase: 'a street stall on the High Street', location: 'High Street, outside the library' },
  { phrase: 'the regional conference', location: 'Stonebridge Conference Centre' },
  { phrase: 'a campaign planning session', location: 'Old Town Library meeting room' },
  { phrase: 'a fundraising quiz night', location: 'Canal Quarter Arts Centre' },
  { phrase: 'the annual general meeting of the branch', location: 'Meadowbank Scout Hut' },
  { phrase: 'an online branch meeting', location: 'Online video meeting' },
];
const PLATFORMS: { label: string; post: (handle: string, id: number) => string }[] = [
  { label: 'Chirpline (social.example)', post: (handle, id) => `https://social.example/@${handle}/posts/${id}` },
  { label: 'TalkSquare forum (forum.example)', post: (handle, id) => `https://forum.example/t/branch-news/${id}?author=${handle}` },
  { label: 'MeetUpChat branch group (chat.example)', post: (handle, id) => `https://chat.example/g/members/m/${id}` },
  { label: 'PhotoReel (photos.example)', post: (handle, id) => `https://photos.example/${handle}/p/${id}` },
];

type Person = { first: string; last: string; name: string };

function person(rng: SeededRandom): Person {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(SURNAMES);
  return { first, last, name: `${first} ${last}` };
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

// ---------------------------------------------------------------- what happened

type SceneText = { respondent: string; first: string; branch: string; venue: string; date: string; platform: string; target: string; targetPoss: string };
type Incident = { summary: string; text: string; clauses: string[]; online: boolean; risk: RiskLevel; police?: boolean };
type IncidentTemplate = (s: SceneText) => Incident;

const IHRA = 'ihra-wda@2016-05-26';
const RULES = 'example-rulebook@1';

type CategoryId = 'antisemitism' | 'racism' | 'islamophobia' | 'sexual_harassment' | 'online_abuse' | 'conduct';

const CATEGORIES: Record<CategoryId, { weight: number; incidents: IncidentTemplate[]; perceptions: string[] }> = {
  antisemitism: {
    weight: 34,
    perceptions: [
      'I perceived this as antisemitic: it repeats an old conspiracy theory about Jews.',
      'I felt singled out because I am Jewish, and I no longer feel safe at branch events.',
      'Jewish members I have spoken to found this deeply hurtful and antisemitic.',
      'This was antisemitic, and nobody in the room challenged it.',
    ],
    incidents: [
      (s) => ({
        summary: 'Conspiracy remarks about Jewish influence at a branch meeting',
        text: `During ${s.venue} on ${s.date}, ${s.respondent} said the branch's problems were caused by "a small group of wealthy Jews pulling the strings" and claimed that Jewish donors decide the organisation's policy. When this was challenged, ${s.first} repeated the claim and said "everyone knows it is true".`,
        clauses: [`${IHRA}#ex-2`, `${RULES}#R2.1`],
        online: false,
        risk: 'medium',
      }),
      (s) => ({
        summary: 'Post claiming Jewish families control the media',
        text: `On ${s.date}, ${s.respondent} posted on ${s.platform} that "the media is owned by the same few Jewish families" and that this explained the coverage of the organisation. The post was shared into the ${s.branch} group and stayed up for several days despite objections from members.`,
        clauses: [`${IHRA}#ex-2`, `${RULES}#R2.1`, `${RULES}#R3`],
        online: true,
        risk: 'medium',
      }),
      (s) => ({
        summary: 'Dual-loyalty accusation against Jewish members in a debate',
        text: `At ${s.venue} on ${s.date}, during the debate on the international motion, ${s.respondent} interrupted to say that Jewish members "are more loyal to Israel than to this country" and should not be allowed to vote on the motion. ${s.first} then told ${s.target} to "declare your interest" before speaking again.`,
        clauses: [`${IHRA}#ex-6`, `${RULES}#R2.1`],
        online: false,
        risk: 'medium',
      }),
      (s) => ({
        summary: 'Image comparing Israel to Nazi Germany shared in the branch group',
        text: `On ${s.date}, ${s.respondent} shared an image on ${s.platform} placing a swastika over the Israeli flag with the caption "same thing, different decade", and tagged several Jewish members of the ${s.branch}, including ${s.target}.`,
        clauses: [`${IHRA}#ex-10`, `${IHRA}#ex-9`, `${RULES}#R2.1`],
        online: true,
        risk: 'high',
      }),
      (s) => ({
        summary: 'Jewish members told they are "no better than the Nazis"',
        text: `During ${s.venue} on ${s.date}, ${s.respondent} told ${s.target} that Jewish members who defend Israel's existence "are no better than the Nazis" and that "your people learned nothing". Other members asked ${s.first} to stop, but the remarks continued.`,
        clauses: [`${IHRA}#ex-10`, `${IHRA}#ex-11`, `${RULES}#R2.1`],
        online: false,
        risk: 'medium',
      }),
      (s) => ({
        summary: 'Holocaust denial in messages to branch members',
        text: `In the week from ${s.date}, ${s.respondent} sent messages to several members of the ${s.branch} claiming that the Holocaust "did not happen the way they teach it" and that the numbers were "invented for sympathy", with a link to a denial video.`,
        clauses: [`${IHRA}#ex-4`, `${IHRA}#ex-5`, `${RULES}#R2.1`],
        online: true,
        risk: 'high',
      }),
      (s) => ({
        summary: 'Jewish member told to answer for the actions of the Israeli government',
        text: `At ${s.venue} on ${s.date}, ${s.respondent} demanded that ${s.target} "answer for what your government is doing", although the only connection with Israel is being Jewish. ${s.first} refused to let the matter drop and raised it again at the end of the meeting.`,
        clauses: [`${IHRA}#ex-11`, `${IHRA}#ex-3`, `${RULES}#R2.1`],
        online: false,
        risk: 'low',
      }),
    ],
  },
  racism: {
    weight: 13,
    perceptions: ['I believe this was racist.', 'I felt humiliated in front of the public and other volunteers.', 'This is the kind of racism that makes Black members leave.'],
    incidents: [
      (s) => ({
        summary: 'Racist remark to a Black member at a street stall',
        text: `While running ${s.venue} on ${s.date}, ${s.respondent} told ${s.target} to "go back where you came from" in front of members of the public, and later joked about it to other volunteers.`,
        clauses: [`${RULES}#R2.2`, `${RULES}#R1.2`],
        online: false,
        risk: 'medium',
      }),
      (s) => ({
        summary: 'Mocking of a member’s accent and name',
        text: `At ${s.venue} on ${s.date}, ${s.respondent} repeatedly mocked ${s.targetPoss} accent and name, calling it "unpronounceable", and suggested that people "from that part of the world" should not chair meetings.`,
        clauses: [`${RULES}#R2.2`],
        online: false,
        risk: 'low',
      }),
      (s) => ({
        summary: 'Racist comments under a branch post about new officers',
        text: `On ${s.date}, ${s.respondent} replied to a post on ${s.platform} about the ${s.branch}'s new officers with comments describing the Black treasurer as a "diversity hire" and using a racial slur, which is reproduced in the screenshots.`,
        clauses: [`${RULES}#R2.2`, `${RULES}#R3`],
        online: true,
        risk: 'medium',
      }),
    ],
  },
  islamophobia: {
    weight: 12,
    perceptions: ['I perceived this as Islamophobic.', 'I felt unwelcome as a Muslim woman in my own branch.', 'Muslim members were visibly upset and two left early.'],
    incidents: [
      (s) => ({
        summary: 'Remarks about a member’s hijab at a branch meeting',
        text: `At ${s.venue} on ${s.date}, ${s.respondent} told ${s.target} that women who wear the hijab "have no place in a modern party" and asked, loudly, whether ${s.targetPoss} husband had "allowed" the attendance.`,
        clauses: [`${RULES}#R2.2`],
        online: false,
        risk: 'medium',
      }),
      (s) => ({
        summary: 'Post calling Muslim members a security risk',
        text: `On ${s.date}, ${s.respondent} posted on ${s.platform} that Muslim members of the ${s.branch} were "a fifth column" and should be vetted before standing for office. The post named two members.`,
        clauses: [`${RULES}#R2.2`, `${RULES}#R3`],
        online: true,
        risk: 'high',
      }),
      (s) => ({
        summary: 'Anti-Muslim "jokes" at a branch social',
        text: `During ${s.venue} on ${s.date}, ${s.respondent} told a series of "jokes" linking Muslims with terrorism while Muslim members, including ${s.target}, were at the table, and laughed when asked to stop.`,
        clauses: [`${RULES}#R2.2`, `${RULES}#R1.2`],
        online: false,
        risk: 'low',
      }),
    ],
  },
  sexual_harassment: {
    weight: 13,
    perceptions: ['I felt frightened and now avoid events where the respondent may be present.', 'This was sexual harassment.', 'The behaviour was unwanted and I made that clear.'],
    incidents: [
      (s) => ({
        summary: 'Unwanted sexual comments and touching after a meeting',
        text: `At ${s.venue} on ${s.date}, ${s.respondent} made repeated comments about ${s.targetPoss} body, put an arm around ${s.target} without asking, and kept suggesting they go somewhere "more private" after being told no.`,
        clauses: [`${RULES}#R1.1`],
        online: false,
        risk: 'high',
      }),
      (s) => ({
        summary: 'Repeated unwanted messages after being asked to stop',
        text: `Since ${s.date}, ${s.respondent} has sent ${s.target} dozens of late-night messages on ${s.platform}, some of them sexual, after being asked clearly to stop. The messages continued from a second account after the first was blocked.`,
        clauses: [`${RULES}#R1.1`, `${RULES}#R1.3`],
        online: true,
        risk: 'high',
        police: true,
      }),
      (s) => ({
        summary: 'Unwanted touching at a campaign session',
        text: `During ${s.venue} on ${s.date}, ${s.respondent} touched ${s.target} on the lower back and leg several times and commented on ${s.targetPoss} appearance in front of other volunteers.`,
        clauses: [`${RULES}#R1.1`, `${RULES}#R1.2`],
        online: false,
        risk: 'medium',
      }),
    ],
  },
  online_abuse: {
    weight: 15,
    perceptions: ['I felt targeted and overwhelmed by the volume of abuse.', 'I am now afraid to post anything about the branch.', 'This was an organised attempt to drive a member off the platform.'],
    incidents: [
      (s) => ({
        summary: 'Co-ordinated pile-on after a branch vote',
        text: `After the branch vote on ${s.date}, ${s.respondent} posted ${s.targetPoss} name and photograph on ${s.platform} with the words "you know what to do". Within hours dozens of abusive replies followed, several from members of the ${s.branch}.`,
        clauses: [`${RULES}#R3.1`, `${RULES}#R3`],
        online: true,
        risk: 'medium',
      }),
      (s) => ({
        summary: 'Member’s home street and front door posted online',
        text: `On ${s.date}, ${s.respondent} posted a photograph of ${s.targetPoss} front door, with the street name visible, on ${s.platform} in a thread attacking the branch officers, and invited others to "pay a visit".`,
        clauses: [`${RULES}#R3.2`, `${RULES}#R1.2`],
        online: true,
        risk: 'high',
        police: true,
      }),
      (s) => ({
        summary: 'Abusive replies to a member’s posts over several weeks',
        text: `Over several weeks from ${s.date}, ${s.respondent} replied to almost every one of ${s.targetPoss} posts on ${s.platform} with insults, calling ${s.target} "a traitor" and "a disgrace to the branch".`,
        clauses: [`${RULES}#R3`, `${RULES}#R1.3`],
        online: true,
        risk: 'low',
      }),
    ],
  },
  conduct: {
    weight: 13,
    perceptions: ['This brings the organisation into disrepute.', 'Members’ trust in the branch officers has been badly damaged.', 'I am worried about what else has been shared.'],
    incidents: [
      (s) => ({
        summary: 'Membership list shared outside the organisation',
        text: `On ${s.date}, ${s.respondent}, who holds the ${s.branch} membership list as secretary, sent a copy of it, with home addresses and telephone numbers, to a campaign group outside the organisation without anyone's permission.`,
        clauses: [`${RULES}#R4.3`, `${RULES}#R4.1`],
        online: false,
        risk: 'high',
      }),
      (s) => ({
        summary: 'Shared a platform with a former member expelled for antisemitism',
        text: `On ${s.date}, ${s.respondent} spoke at a public meeting alongside a former member who was expelled for antisemitic conduct, and promoted the event on ${s.platform} using the ${s.branch} logo.`,
        clauses: [`${RULES}#R4.2`, `${RULES}#R4.1`],
        online: true,
        risk: 'low',
      }),
      (s) => ({
        summary: 'Abusive conduct towards volunteers at the regional conference',
        text: `At ${s.venue} on ${s.date}, ${s.respondent} shouted and swore at a volunteer steward, called the organisation's officers "crooks" from the floor, and refused to leave the hall when asked by the chair.`,
        clauses: [`${RULES}#R4.1`, `${RULES}#R1.2`],
        online: false,
        risk: 'low',
      }),
    ],
  },
};

const CLOSING_LINES = [
  'I would like the organisation to look into this.',
  'I have kept screenshots and can provide more if needed.',
  'Others who were present can confirm what happened.',
  'This is not the first time something like this has happened in the branch.',
  'I am worried it will happen again at the next meeting.',
  'I am happy to be contacted about this.',
];

// ---------------------------------------------------------------- what staff write

const REPORT_FINDINGS: Record<DecisionOutcome, (first: string, date: string) => string> = {
  upheld: (first) =>
    `The witnesses' accounts and the contemporaneous messages support the complaint in every material respect. ${first} accepts that the conduct happened but says it was not meant as the complainant understood it.`,
  partly_upheld: (first, date) =>
    `The conduct on ${date} is supported by two witnesses and by the messages provided. The further conduct alleged afterwards could not be corroborated, and ${first} denies it.`,
  not_upheld: (first) =>
    `None of the witnesses recalls the conduct alleged, and the material provided does not show it. ${first} denies the allegation and gave a detailed and consistent account.`,
};
const RECOMMENDATIONS: Record<DecisionOutcome, string> = {
  upheld: 'Uphold the complaint and refer the respondent for sanction.',
  partly_upheld: 'Partly uphold: the first allegation is proven, the second is not.',
  not_upheld: 'Do not uphold the complaint.',
};

const RESPONDENT_ANSWERS: ((first: string) => string)[] = [
  () => 'I accept that I sent the messages, but they were taken out of context. I was angry after a heated meeting and I apologise for the tone.',
  () => 'I deny the allegation. I was not at the meeting on that date and the account given is mistaken about who spoke.',
  () => 'I did share the post, without reading it properly. I removed it as soon as I was told what it implied, and I would welcome training.',
  (first) => `My name is ${first} and I have been a member for twenty years. I do not recognise the words attributed to me and ask the panel to hear the witnesses I have named.`,
];

const INVESTIGATION_NOTES = [
  'Interview with the complainant arranged; they have asked for a friend to attend with them.',
  'Requested an export of the original messages from the platform; awaiting a reply.',
  'Spoke to the branch secretary, who will send the minutes and attendance list for the meeting.',
  'The respondent has been sent the allegations and asked for a written response within ten working days.',
  'Two witnesses identified from the attendance list; both have agreed to be interviewed.',
];
const PAUSE_REASONS = [
  'Paused at the request of the police, who are investigating the same incident and asked us not to interview witnesses yet.',
  'The complainant is in hospital and has asked us to pause until they are well enough to be interviewed.',
  'Awaiting a court hearing in a related civil claim, where the key witnesses are due to give evidence.',
];
const RESUME_REASONS = [
  'The police have confirmed they are taking no further action, so the investigation can continue.',
  'The complainant is well enough to be interviewed and has asked us to continue.',
];
const EXTENSION_REASONS = [
  'Two key witnesses are unavailable until later in the month; more time is needed to interview them fairly.',
  'The respondent has provided a large volume of new material that must be reviewed before the report is written.',
  'A third allegation came to light during the interviews and needs to be put to the respondent.',
];
const INFORMAL_RESOLUTIONS = [
  (first: string) => `${first} apologised in writing, removed the material and agreed to complete the organisation's equality training; the complainant was content with that outcome.`,
  (first: string) => `After a facilitated conversation arranged by the branch chair, ${first} acknowledged the hurt caused and both agreed a way forward; the complainant asked that no formal investigation follow.`,
  (first: string) => `${first} accepted that the remarks were inappropriate, apologised to the people affected at the next branch meeting, and agreed not to repeat them.`,
];
const WITHDRAWALS = [
  'The complainant telephoned to withdraw the complaint, saying the matter had been resolved between them and the respondent.',
  'The complainant withdrew by e-mail, saying they did not feel able to take part in an investigation at the moment.',
  'Withdrawn in writing by the complainant, who has since moved away and left the branch.',
];
const CLOSURE_EXPLANATIONS: Record<string, string> = {
  outside_jurisdiction:
    'The conduct described happened at a private family event unconnected with the organisation, by someone acting in a purely personal capacity, so it falls outside the code we can apply.',
  respondent_not_member: 'Our records show that the person complained about is not, and has never been, a member, so we cannot take action under our rules.',
  insufficient_information:
    'We asked twice for details of when and where this happened and who was present, but did not receive them, so we cannot take the complaint forward. You may complain again with more information.',
  no_breach_alleged: 'Even taking the account at its highest, the conduct described would not amount to a breach of the code of conduct, so it cannot be taken further.',
  respondent_left: 'The person complained about resigned their membership before the complaint was received; the record is kept in case they apply to rejoin.',
  vexatious: 'The complaint repeats allegations already investigated and rejected, without any new evidence, and was made during a dispute over the branch election.',
};

// ---------------------------------------------------------------- the plan

type Fate =
  | 'received'
  | 'triage'
  | 'investigation'
  | 'decision'
  | 'open_to_appeal'
  | 'appealed'
  | 'closed_at_triage'
  | 'resolved_informally'
  | 'withdrawn'
  | 'upheld'
  | 'partly_upheld'
  | 'not_upheld'
  | 'merged';

/** Share of the cases, and the fewest there should be, for each way a case ends up. */
const FATE_SHARES: [Fate, number, number][] = [
  ['received', 0.06, 2],
  ['triage', 0.06, 2],
  ['investigation', 0.22, 6],
  ['decision', 0.06, 1],
  ['open_to_appeal', 0.03, 1],
  ['appealed', 0.02, 1],
  ['closed_at_triage', 0.1, 1],
  ['resolved_informally', 0.06, 1],
  ['withdrawn', 0.05, 1],
  ['upheld', 0.13, 1],
  ['partly_upheld', 0.1, 1],
  ['not_upheld', 0.12, 1],
  ['merged', 0, 1],
];

function fateCounts(total: number): Map<Fate, number> {
  const counts = new Map<Fate, number>(FATE_SHARES.map(([fate, share, minimum]) => [fate, Math.max(minimum, Math.round(total * share))]));
  counts.set('merged', total >= 100 ? 2 : 1);
  const sum = () => [...counts.values()].reduce((a, b) => a + b, 0);
  const growable: Fate[] = ['investigation', 'not_upheld', 'upheld', 'closed_at_triage'];
  for (let turn = 0; sum() < total; turn++) {
    const fate = growable[turn % growable.length]!;
    counts.set(fate, counts.get(fate)! + 1);
  }
  // A small demonstration: take from the biggest, then drop the least important.
  const dropOrder: Fate[] = ['appealed', 'open_to_appeal', 'merged', 'withdrawn', 'resolved_informally', 'partly_upheld', 'not_upheld', 'decision', 'closed_at_triage', 'triage', 'upheld', 'received', 'investigation'];
  while (sum() > total) {
    const biggest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (biggest[1] > 2) counts.set(biggest[0], biggest[1] - 1);
    else {
      const fate = dropOrder.find((candidate) => (counts.get(candidate) ?? 0) > 0)!;
      counts.set(fate, counts.get(fate)! - 1);
    }
  }
  return counts;
}

type Scene = {
  category: CategoryId;
  template: number;
  respondent: Person;
  membership: string;
  branch: string;
  venue: (typeof VENUES)[number];
  platform: (typeof PLATFORMS)[number];
  handle: string;
  postId: number;
  /** Set when the first complaint about the scene is written; later complaints about it share the date. */
  incidentOn: LocalDate | null;
};

type Written = { complaint: ComplaintInput; files: EvidenceUpload[]; incident: Incident };

type CasePlan = {
  index: number;
  fate: Fate;
  scene: Scene;
  respondent: Person;
  relation: ComplainantRelation;
  anonymous: boolean;
  channel: Channel;
  recorder: Staff | null;
  written: Written | null;
  caseManager: Staff | null;
  investigator: Staff | null;
  caseId: string | null;
  /** The respondent's portal token, from the notice sent by letter. */
  portalToken: string | null;
  reference: string | null;
};

/** One thing that happens to a case, `gap` working days after the one before; what it says is chosen when it runs. */
type Act = { gap: number; run: (at: Date) => Promise<void> };
type Step = { at: Date; order: number; run: () => Promise<void> };

export async function loadDemo(options: {
  ctx: ServiceContext;
  caseCount?: number;
  seed?: number;
}): Promise<{ accounts: DemoAccount[]; password: string; cases: number }> {
  const { ctx } = options;
  const caseCount = options.caseCount ?? 200;
  const seed = options.seed ?? 2026;
  if (!Number.isInteger(caseCount) || caseCount < 1 || caseCount > 5000) {
    throw new DomainError('validation_failed', 'The demonstration has between 1 and 5,000 cases.', [{ field: 'caseCount', message: 'Choose a whole number from 1 to 5,000.' }]);
  }

  const accounts: DemoAccount[] = STAFF.map(({ displayName, role }) => ({
    email: `${displayName.toLowerCase().replace(/[^a-z]+/g, '.')}@${DEMO_DOMAIN}`,
    displayName,
    roles: [role],
  }));
  const existing = new Set((await listUsers({ ctx, by: { kind: 'operator' } })).map((user) => user.email));
  if (accounts.some((account) => existing.has(account.email))) throw new DomainError('conflict', 'The demonstration has already been loaded.');

  const realNow = ctx.clock.now();
  const timeZone = ctx.config.organisation.organisation.timeZone;
  const calendar = ctx.calendar;
  const today = todayOf(ctx);
  const windowStart = addCalendarMonths(today, -10);
  const windowWorkingDays = workingDaysBetween(windowStart, today, calendar);
  const wdAfter = (date: LocalDate, days: number) => addWorkingDays(date, days, calendar);
  const wdBefore = (date: LocalDate, days: number) => subtractWorkingDays(date, days, calendar);

  const rng = new SeededRandom(seed);
  const clock = new DemoClock(localTime(addCalendarDays(windowStart, -14), 9, 0, timeZone), realNow);
  let mailQueued = false;
  const demo: ServiceContext = {
    ...ctx,
    clock,
    outboxQueued: () => {
      mailQueued = true;
    },
  };

  // Staff first, "before" the first complaint.
  const password = demoPassword(seed);
  const staff: Staff[] = [];
  for (const account of accounts) {
    const user = await createUser({ ctx: demo, by: { kind: 'operator' }, email: account.email, displayName: account.displayName, password, roles: account.roles });
    staff.push({ userId: user.id, name: user.display_name, roles: account.roles });
  }
  const withRole = (role: Role) => staff.filter((member) => member.roles.includes(role));
  const intakeOfficers = withRole('intake_officer');
  const caseManagers = withRole('case_manager');
  const investigators = withRole('investigator');
  let intakeTurn = 0;
  let managerTurn = 0;
  let investigatorTurn = 0;
  const nextIntake = () => intakeOfficers[intakeTurn++ % intakeOfficers.length]!;
  const panelMembers = withRole('panel_member');
  for (const member of panelMembers) {
    const entry = POOL[member.name]!;
    const manager = caseManagers[0]!;
    await savePoolMember({ ctx: demo, staff: manager, userId: member.userId, roles: entry.roles, active: true });
    for (const course of ctx.config.organisation.dueProcess.panel.requiredTraining) {
      await recordTraining({ ctx: demo, staff: manager, userId: member.userId, course, completedOn: addCalendarDays(windowStart, -30), expiresOn: addCalendarMonths(today, 24) });
    }
    if (entry.interest) await declareInterest({ ctx: demo, staff: member, userId: member.userId, kind: entry.interest.kind, value: entry.interest.value, endedOn: entry.interest.endedOn ?? null });
  }
  const triager = () => (rng.chance(0.7) ? nextIntake() : rng.pick(caseManagers));

  const citable = (key: string) => {
    const citation = parseCitationKey(key);
    return citation !== null && ctx.packs.inForce.some((pack) => pack.id === citation.packId && pack.version === citation.packVersion) && ctx.packs.clause(citation) !== undefined;
  };
  const clauseTitle = (key: string) => {
    const citation = parseCitationKey(key);
    return citation ? ctx.packs.clause(citation)?.title : undefined;
  };

  // ---- the complaints

  const newScene = (): Scene => {
    const category = rng.weighted(Object.entries(CATEGORIES).map(([id, value]) => [id as CategoryId, value.weight] as const));
    const respondent = person(rng);
    return {
      category,
      template: rng.int(0, CATEGORIES[category].incidents.length - 1),
      respondent,
      membership: `M-${rng.int(10001, 19999)}`,
      branch: rng.pick(BRANCHES),
      venue: rng.pick(VENUES),
      platform: rng.pick(PLATFORMS),
      handle: `${slug(respondent.first)}_${slug(respondent.last).slice(0, 5)}${rng.int(1, 99)}`,
      postId: rng.int(100000, 9999999),
      incidentOn: null,
    };
  };

  const newPlan = (fate: Fate, scene: Scene, options: { relation?: ComplainantRelation; anonymous?: boolean; respondent?: Person } = {}): CasePlan => {
    const channel =
      fate === 'withdrawn' || options.anonymous === false
        ? rng.weighted<Channel>([['web', 70], ['phone', 15], ['email', 15]])
        : rng.weighted<Channel>([['web', 72], ['api', 5], ['phone', 8], ['email', 7], ['in_person', 4], ['letter', 4]]);
    const relation = options.relation ?? rng.weighted<ComplainantRelation>([['targeted', 40], ['witness', 30], ['third_party', 18], ['organisation', 12]]);
    const anonymous = options.anonymous ?? (fate !== 'withdrawn' && (channel === 'web' || channel === 'api') && relation !== 'organisation' && rng.chance(0.38));
    const plan: CasePlan = {
      index: plans.length,
      fate,
      scene,
      respondent: options.respondent ?? scene.respondent,
      relation,
      anonymous,
      channel,
      recorder: channel === 'web' || channel === 'api' ? null : rng.chance(0.75) ? nextIntake() : rng.pick(caseManagers),
      written: null,
      caseManager: null,
      investigator: null,
      caseId: null,
      portalToken: null,
      reference: null,
    };
    plans.push(plan);
    return plan;
  };

  /** Writes the complaint once its received date is known, so the incident comes before it. */
  const writeComplaint = (plan: CasePlan, receivedOn: LocalDate): void => {
    const { scene, relation, anonymous, respondent } = plan;
    const incidentOn = scene.incidentOn ?? addCalendarDays(receivedOn, -rng.int(1, 28));
    scene.incidentOn = incidentOn;
    const targeted = relation === 'targeted';
    const incident = CATEGORIES[scene.category].incidents[scene.template]!({
      respondent: respondent.name,
      first: respondent.first,
      branch: scene.branch,
      venue: scene.venue.phrase,
      date: humanDate(incidentOn),
      platform: scene.platform.label,
      target: targeted ? 'me' : 'a fellow member',
      targetPoss: targeted ? 'my' : 'a fellow member’s',
    });
    const organisation = rng.pick(ORGANISATIONS[scene.category] ?? ORGANISATIONS.other!);
    const intro = {
      targeted: `I am a member of the ${scene.branch}. `,
      witness: `I am a member of the ${scene.branch} and saw this myself. `,
      third_party: incident.online
        ? `Members of the ${scene.branch} told me about this, and I have seen the posts myself. `
        : `Members of the ${scene.branch} who were there told me about this. `,
      organisation: `I am writing on behalf of ${organisation}. Several people have raised this with us. `,
    }[relation];
    const postUrl = scene.platform.post(scene.handle, scene.postId);

    const complainant: { name?: string; email?: string; phone?: string } = {};
    if (!anonymous) {
      const who = person(rng);
      complainant.name = relation === 'organisation' ? `${who.name}, for ${organisation.replace(/^the /, 'the ')}` : who.name;
      if (plan.channel !== 'phone' || rng.chance(0.6)) complainant.email = `${slug(who.first)}.${slug(who.last)}${rng.int(1, 99)}@mail.example`;
      if (!complainant.email || rng.chance(0.35)) complainant.phone = `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`;
    }

    const links: { url: string; capturedAt?: string; description?: string }[] = [];
    if (incident.online ? rng.chance(0.45) : rng.chance(0.06)) {
      links.push({
        url: incident.online ? postUrl : `https://archive.example/snapshots/${rng.int(100000, 999999)}`,
        capturedAt: localTime(incidentOn, rng.int(18, 22), rng.int(0, 59), timeZone).toISOString(),
        description: incident.online ? 'The original post, before it was deleted' : 'Archived copy of the branch newsletter reporting the meeting',
      });
      if (rng.chance(0.3)) links.push({ url: `https://archive.example/snapshots/${rng.int(100000, 999999)}`, description: 'Archived copy of the thread with the replies' });
    }
    const files: EvidenceUpload[] = [];
    if (rng.chance(0.1)) {
      const lines = incident.online
        ? [
            `Notes on posts by ${respondent.name} on ${scene.platform.label}`,
            `Copied by the complainant on ${humanDate(incidentOn)}.`,
            '',
            `Post address: ${postUrl}`,
            `Summary: ${incident.summary}.`,
            'The full wording is in the screenshots held by the complainant.',
          ]
        : [
            `Notes written after ${scene.venue.phrase} on ${humanDate(incidentOn)}`,
            `Place: ${scene.venue.location}`,
            '',
            `What happened: ${incident.summary}.`,
            'People present included the branch chair and at least two other members.',
          ];
      files.push({ filename: incident.online ? 'notes-on-the-posts.txt' : 'notes-after-the-meeting.txt', bytes: new TextEncoder().encode(`${lines.join('\n')}\n`) });
    }

    const clauses = incident.clauses.filter(citable);
    const complaint = ZComplaintInput.parse({
      relation,
      anonymous,
      complainant,
      respondent: { name: respondent.name, membershipNumber: rng.chance(0.75) ? scene.membership : undefined, unit: scene.branch },
      summary: incident.summary,
      description: `${intro}${incident.text}\n\n${rng.pick(CLOSING_LINES)}`,
      incidentDate: rng.chance(0.9) ? incidentOn : undefined,
      location: !incident.online && incident.text.includes(scene.venue.phrase) ? scene.venue.location : undefined,
      onlinePlatform: incident.online ? scene.platform.label : undefined,
      onlineUrl: incident.online && rng.chance(0.85) ? postUrl : undefined,
      perception: relation !== 'organisation' && rng.chance(0.7) ? rng.pick(CATEGORIES[scene.category].perceptions) : undefined,
      clauses: rng.chance(0.8) ? clauses : clauses.slice(0, 1),
      links,
    });
    plan.written = { complaint, files, incident };
  };

  // ---- the acts that make up each case's history

  const caseIdOf = (plan: CasePlan) => {
    if (!plan.caseId) throw new Error(`demo: case ${plan.index} acted on before it was received`);
    return plan.caseId;
  };
  const writtenOf = (plan: CasePlan) => {
    if (!plan.written) throw new Error(`demo: case ${plan.index} has no complaint written`);
    return plan.written;
  };
  const receive = (plan: CasePlan): Act => ({
    gap: 0,
    run: async (when) => {
      const { complaint, files } = writtenOf(plan);
      const receipt = plan.recorder
        ? await recordComplaint({
            ctx: demo,
            staff: plan.recorder,
            complaint,
            files,
            channel: plan.channel as 'phone' | 'email' | 'in_person' | 'letter',
            // Letters and e-mails are entered a little after they arrive; calls and visits as they happen.
            receivedAt: new Date(when.getTime() - rng.int(0, plan.channel === 'letter' || plan.channel === 'email' ? 240 : 15) * 60_000),
          })
        : await submitComplaint({ ctx: demo, complaint, files, channel: plan.channel as 'web' | 'api' });
      plan.caseId = receipt.caseId;
      plan.reference = receipt.reference;
    },
  });
  const beginTriage = (plan: CasePlan, gap: number): Act => ({ gap, run: () => startTriage({ ctx: demo, staff: nextIntake(), caseId: caseIdOf(plan) }) });
  const interim = (risk: RiskLevel) =>
    risk === 'high'
      ? {
          interimActionNeeded: true,
          interimActionReasons: rng.pick([
            'The respondent has been asked not to attend branch meetings or contact the complainant while the complaint is investigated.',
            'Suspended from branch office pending the investigation, given the risk to other members.',
          ]),
        }
      : {
          interimActionNeeded: false,
          interimActionReasons: rng.pick([
            'No continuing risk identified: a single incident, and the parties do not meet regularly.',
            'The conduct has stopped and the respondent holds no office; no interim action is proportionate.',
            'Considered; the branch chair will keep an eye on meetings, which is enough for now.',
          ]),
        };
  /** Triage that opens an investigation; the case manager and investigator are taken in turn, unless the manager is given. */
  const triageInvestigate = (plan: CasePlan, gap: number, caseManager?: () => Staff): Act => ({
    gap,
    run: () => {
      plan.caseManager = caseManager ? caseManager() : caseManagers[managerTurn++ % caseManagers.length]!;
      plan.investigator = investigators[investigatorTurn++ % investigators.length]!;
      const { risk, police } = writtenOf(plan).incident;
      const referred = police === true && rng.chance(0.6);
      const triage = ZTriageInput.parse({
        withinJurisdiction: true,
        membershipStatus: rng.chance(0.92) ? 'member' : 'suspended_member',
        riskLevel: risk,
        urgent: risk === 'high' && rng.chance(0.5),
        ...interim(risk),
        policeReferral: referred,
        policeReferralNotes: referred ? 'The complainant reported the matter to the police; the crime reference is recorded on the file.' : undefined,
        outcome: 'investigate',
        caseManagerId: plan.caseManager.userId,
        investigatorId: plan.investigator.userId,
        notes: rng.chance(0.5)
          ? rng.pick(['Clear allegation with named witnesses; proportionate to investigate.', 'Ask the platform to preserve the posts.', 'Check whether the respondent holds any branch office.'])
          : undefined,
      });
      return recordTriage({ ctx: demo, staff: triager(), caseId: caseIdOf(plan), triage });
    },
  });
  const triageWithout = (plan: CasePlan, gap: number, outcome: 'close' | 'resolve_informally', closureReason?: string): Act => ({
    gap,
    run: () => {
      const label = ctx.config.organisation.closureReasons.find((reason) => reason.id === closureReason)?.label;
      const triage = ZTriageInput.parse({
        withinJurisdiction: closureReason !== 'outside_jurisdiction',
        membershipStatus: closureReason === 'respondent_not_member' ? 'not_a_member' : closureReason === 'respondent_left' ? 'former_member' : 'member',
        riskLevel: 'low',
        ...interim('low'),
        policeReferral: false,
        outcome,
        closureReason,
        explanation:
          outcome === 'resolve_informally'
            ? rng.pick(INFORMAL_RESOLUTIONS)(plan.respondent.first)
            : (CLOSURE_EXPLANATIONS[closureReason ?? ''] ?? `Closed at triage: ${label ?? 'see the case record'}.`),
      });
      return recordTriage({ ctx: demo, staff: triager(), caseId: caseIdOf(plan), triage });
    },
  });
  const note = (plan: CasePlan, gap: number): Act => ({ gap, run: () => addCaseNote({ ctx: demo, staff: plan.investigator!, caseId: caseIdOf(plan), text: rng.pick(INVESTIGATION_NOTES) }) });
  const pause = (plan: CasePlan, gap: number): Act => ({ gap, run: () => pauseCaseClock({ ctx: demo, staff: plan.caseManager!, caseId: caseIdOf(plan), reason: rng.pick(PAUSE_REASONS) }) });
  const resume = (plan: CasePlan, gap: number): Act => ({ gap, run: () => resumeCaseClock({ ctx: demo, staff: plan.caseManager!, caseId: caseIdOf(plan), reason: rng.pick(RESUME_REASONS) }) });
  const extend = (plan: CasePlan, gap: number): Act => ({
    gap,
    run: () => extendCaseDeadline({ ctx: demo, staff: plan.caseManager!, caseId: caseIdOf(plan), workingDays: rng.pick([10, 15, 20]), reason: rng.pick(EXTENSION_REASONS) }),
  });
  const report = (plan: CasePlan, gap: number, outcome: DecisionOutcome): Act => ({
    gap,
    run: () => {
      const { complaint } = writtenOf(plan);
      const date = complaint.incidentDate ? humanDate(complaint.incidentDate) : 'the date given';
      const summary = `The investigator interviewed the complainant, ${plan.respondent.name} and ${rng.pick(['one witness', 'two witnesses', 'three witnesses', 'four witnesses'])}, and reviewed the material provided. ${REPORT_FINDINGS[outcome](plan.respondent.first, date)}`;
      return submitInvestigationReport({ ctx: demo, staff: plan.investigator!, caseId: caseIdOf(plan), summary, recommendation: RECOMMENDATIONS[outcome] });
    },
  });
  const notice = (plan: CasePlan, gap: number): Act => ({
    gap,
    run: async () => {
      const caseId = caseIdOf(plan);
      const [allegations, evidence] = await Promise.all([listAllegations(ctx.db, caseId), listEvidence(ctx.db, caseId)]);
      const { complaint } = writtenOf(plan);
      const given = await issueNotice({
        ctx: demo,
        staff: plan.investigator!,
        caseId,
        notice: {
          respondent: { name: plan.respondent.name, email: null, membershipNumber: null, unit: null, affiliations: [] },
          coveringLetter: `A complaint has been made about your conduct. This letter sets out each allegation, the part of the code of conduct it cites and the evidence relied on. Please answer by the date given.`,
          particulars: Object.fromEntries(allegations.map((allegation) => [allegation.id, `It is alleged that ${complaint.summary.toLowerCase()}${complaint.incidentDate ? ` on ${humanDate(complaint.incidentDate)}` : ''}.`])),
          evidence: Object.fromEntries(evidence.map((item) => [item.id, { disclose: true, redactionNote: null, withheldReason: null }])),
          identityWithheldReason: plan.anonymous ? 'The complainant asked for anonymity and fears reprisals within the branch.' : null,
        },
      });
      plan.portalToken = given.letterLink!.split('/').pop()!;
    },
  });
  const answer = (plan: CasePlan, gap: number): Act => ({
    gap,
    run: () =>
      respondToNotice({
        ctx: demo,
        token: plan.portalToken!,
        answer: { answers: {}, generalResponse: rng.pick(RESPONDENT_ANSWERS)(plan.respondent.first), hearingRequested: false },
        files: [],
      }),
  });
  const convene = (plan: CasePlan, gap: number): Act => ({ gap, run: async () => void (await drawPanel({ ctx: demo, staff: plan.caseManager!, caseId: caseIdOf(plan) })) });
  const appeal = (plan: CasePlan, gap: number): Act => ({
    gap,
    run: async () =>
      void (await lodgeAppeal({
        ctx: demo,
        token: plan.portalToken!,
        appeal: { grounds: ['sanction', 'procedure'], statement: 'The panel did not hear the witnesses I named, and the sanction is out of line with similar cases in the region.' },
      })),
  });
  const finalise = (gap: number): Act => ({ gap, run: async () => void (await closeLapsedAppealWindows({ ctx: demo })) });
  const decide = (plan: CasePlan, gap: number, outcome: DecisionOutcome): Act => ({
    gap,
    run: async () => {
      const { complaint } = writtenOf(plan);
      const key = complaint.clauses[0];
      const title = key ? clauseTitle(key) : undefined;
      const code = title ? ` In context, the conduct falls within "${title}" (${key}).` : '';
      const date = complaint.incidentDate ? ` on ${humanDate(complaint.incidentDate)}` : '';
      const first = plan.respondent.first;
      const reasons = {
        upheld: `Having considered the investigator's report and ${first}'s response, the allegation is proven on the balance of probabilities.${code} A breach of the code is found and the matter is referred for sanction.`,
        partly_upheld: `Part of the complaint is proven: the conduct${date} happened as described.${code} The allegation that it continued afterwards is not supported by the evidence and is not upheld.`,
        not_upheld: `The allegation is not proven. The witnesses interviewed did not confirm the account, and the material provided does not show ${first} saying or doing what is alleged. No breach of the code is found.`,
      }[outcome];
      const caseId = caseIdOf(plan);
      const panel = (await findCurrentPanel(ctx.db, caseId, 'decision'))!;
      const chairSeat = (await listSeats(ctx.db, [panel.id])).find((seat) => seat.seat === 'chair' && seat.recused_at === null)!;
      const chair = panelMembers.find((member) => member.userId === chairSeat.user_id)!;
      const allegations = await listAllegations(ctx.db, caseId);
      const educationPacks = ctx.config.organisation.dueProcess.educationRequiredForPacks;
      const sanctionId = outcome === 'not_upheld' ? 'no_action' : allegations.some((allegation) => educationPacks.includes(allegation.pack_id)) ? 'education_course' : 'formal_warning';
      const { precedents, sanctions } = await getDecisionContext({ ctx: demo, staff: chair, caseId });
      const severity = sanctions.find((sanction) => sanction.id === sanctionId)!.severity;
      const range = precedents.usualRange;
      const departs = outcome !== 'not_upheld' && range !== null && (severity < range.min || severity > range.max);
      await recordPanelDecision({
        ctx: demo,
        staff: chair,
        caseId,
        decision: {
          findings: allegations.map((allegation) => ({ allegationId: allegation.id, finding: outcome, reasons: reasons.split('. ')[0]! + '.', examplesRelied: [] })),
          reasons,
          sanctionId,
          sanctionMonths: null,
          justification: departs ? 'This was a single incident, promptly regretted, with no antisemitism allegation upheld; a formal warning is proportionate.' : '',
        },
      });
    },
  });
  const withdraw = (plan: CasePlan, gap: number): Act => ({
    gap,
    // Once a case is assigned only its case manager can open it; before that, intake records the withdrawal.
    run: () => withdrawComplaint({ ctx: demo, staff: plan.caseManager ?? nextIntake(), caseId: caseIdOf(plan), explanation: rng.pick(WITHDRAWALS) }),
  });
  /** Receipt, triage, and the triage outcome that opens an investigation. */
  const openInvestigation = (plan: CasePlan, gaps = { triage: rng.int(1, 4), investigate: rng.int(2, 8) }, caseManager?: () => Staff): Act[] => [
    receive(plan),
    beginTriage(plan, gaps.triage),
    triageInvestigate(plan, gaps.investigate, caseManager),
  ];

  // ---- placing each case's acts on the calendar

  const steps: Step[] = [];
  const span = (acts: Act[]) => acts.reduce((total, act) => total + act.gap, 0);
  /** Puts the acts on the calendar from `start`, writes the complaint for that date, and returns each act's date. */
  const place = (plan: CasePlan | null, start: LocalDate, acts: Act[]): LocalDate[] => {
    let date = start;
    const dates = acts.map((act) => {
      date = wdAfter(date, act.gap);
      const when = localTime(date, rng.int(9, 17), rng.int(0, 59), timeZone);
      steps.push({ at: when, order: steps.length, run: () => act.run(when) });
      return date;
    });
    if (plan && !plan.written) writeComplaint(plan, dates[0]!);
    return dates;
  };
  /** Places the acts so that the last happened `dwell` working days before today (at least one, so never in the future). */
  const placeBack = (plan: CasePlan, acts: Act[], dwell: number) => place(plan, wdBefore(today, span(acts) + Math.max(1, dwell)), acts);
  /** For a case that is over: it ended anywhere in the ten months. */
  const anywhere = (acts: Act[]) => rng.int(1, Math.max(1, windowWorkingDays - span(acts)));

  // ---- what happens to each case

  const plans: CasePlan[] = [];
  const fates: Fate[] = [];
  for (const [fate, count] of fateCounts(caseCount)) for (let index = 0; index < count; index++) fates.push(fate);
  const mergedCount = fates.filter((fate) => fate === 'merged').length;
  const ordinary = rng.shuffle(fates.filter((fate) => fate !== 'merged'));

  // Variants of the open investigations, so every interesting state is present at least once.
  const investigationCount = ordinary.filter((fate) => fate === 'investigation').length;
  const variants: string[] = [];
  const addVariant = (variant: string, count: number) => {
    for (let index = 0; index < count && variants.length < investigationCount; index++) variants.push(variant);
  };
  addVariant('paused', investigationCount >= 20 ? 2 : 1);
  addVariant('overdue', 1);
  addVariant('primary', mergedCount);
  addVariant('pair', 2);
  addVariant('extended', investigationCount >= 10 ? 2 : 1);
  addVariant('overdue', Math.round(investigationCount * 0.25) - 1);
  addVariant('resumed', investigationCount >= 20 ? 1 : 0);
  addVariant('on_time', investigationCount);
  rng.shuffle(variants);
  const receivedCount = ordinary.filter((fate) => fate === 'received').length;
  let receivedOverdue = receivedCount >= 2 ? Math.max(1, Math.round(receivedCount / 3)) : 0;
  let triageOverdue = 1;
  let decisionOverdue = 1;
  const closureReasons = ctx.config.organisation.closureReasons.filter((reason) => reason.id !== 'duplicate');
  const closureReasonIds = (closureReasons.length > 0 ? closureReasons : ctx.config.organisation.closureReasons).map((reason) => reason.id);
  let closureTurn = 0;
  let withdrawTurn = 0;

  const primaries: { plan: CasePlan; investigationOn: LocalDate }[] = [];
  let pairSecond: CasePlan | null = null;
  let pairFirst: { plan: CasePlan; received: LocalDate; gaps: { triage: number; investigate: number }; dwell: number } | null = null;

  for (const fate of ordinary) {
    const plan = newPlan(fate, newScene());
    switch (fate) {
      case 'received':
        placeBack(plan, [receive(plan)], receivedOverdue-- > 0 ? rng.int(6, 12) : rng.int(1, 4));
        break;
      case 'triage':
        placeBack(plan, [receive(plan), beginTriage(plan, rng.int(1, 4))], triageOverdue-- > 0 ? rng.int(11, 16) : rng.int(1, 8));
        break;
      case 'decision': {
        const outcome = rng.pick(['upheld', 'partly_upheld', 'not_upheld'] as const);
        const acts = [...openInvestigation(plan), notice(plan, rng.int(2, 6)), answer(plan, rng.int(3, 9)), report(plan, rng.int(3, 20), outcome)];
        placeBack(plan, acts, decisionOverdue-- > 0 ? rng.int(11, 14) : rng.int(1, 8));
        break;
      }
      case 'open_to_appeal':
      case 'appealed': {
        const outcome = rng.pick(['upheld', 'partly_upheld'] as const);
        const acts = [...openInvestigation(plan), notice(plan, rng.int(2, 6)), answer(plan, rng.int(3, 9)), report(plan, rng.int(3, 15), outcome), convene(plan, 1), decide(plan, rng.int(2, 9), outcome)];
        if (fate === 'appealed') acts.push(appeal(plan, rng.int(2, 6)), convene(plan, rng.int(1, 3)));
        placeBack(plan, acts, rng.int(1, 3));
        break;
      }
      case 'investigation': {
        const variant = variants.shift() ?? 'on_time';
        const gaps = { triage: rng.int(1, 4), investigate: rng.int(2, 8) };
        const acts = openInvestigation(plan, gaps);
        let dwell: number;
        if (variant === 'overdue') {
          const noteGap = rng.int(3, 12);
          acts.push(note(plan, noteGap));
          dwell = rng.int(42, 60) - noteGap;
        } else if (variant === 'paused') {
          acts.push(note(plan, rng.int(2, 6)), pause(plan, rng.int(3, 15)));
          dwell = rng.int(3, 25);
        } else if (variant === 'resumed') {
          acts.push(pause(plan, rng.int(4, 12)), resume(plan, rng.int(5, 12)));
          dwell = rng.int(2, 12);
        } else if (variant === 'extended') {
          acts.push(note(plan, rng.int(3, 10)), extend(plan, rng.int(22, 28)));
          dwell = rng.int(3, 15);
        } else if (variant === 'primary') {
          dwell = rng.int(18, 36);
        } else if (variant === 'pair' && !pairFirst) {
          dwell = rng.int(12, 34);
        } else if (variant === 'pair') {
          // The second of the pair is placed after the loop, relative to the first.
          pairSecond = plan;
          break;
        } else {
          const days = rng.int(2, 38);
          dwell = days;
          if (days > 6 && rng.chance(0.7)) {
            const noteGap = rng.int(2, days - 2);
            acts.push(note(plan, noteGap));
            dwell = days - noteGap;
          }
        }
        const dates = placeBack(plan, acts, dwell);
        if (variant === 'primary') primaries.push({ plan, investigationOn: dates[2]! });
        if (variant === 'pair') pairFirst = { plan, received: dates[0]!, gaps, dwell };
        break;
      }
      case 'closed_at_triage': {
        const reason = closureReasonIds[closureTurn++ % closureReasonIds.length]!;
        const acts = [receive(plan), beginTriage(plan, rng.int(1, 4)), triageWithout(plan, rng.int(1, 7), 'close', reason)];
        placeBack(plan, acts, anywhere(acts));
        break;
      }
      case 'resolved_informally': {
        const acts = [receive(plan), beginTriage(plan, rng.int(1, 4)), triageWithout(plan, rng.int(3, 9), 'resolve_informally')];
        placeBack(plan, acts, anywhere(acts));
        break;
      }
      case 'withdrawn': {
        const stage = withdrawTurn++ % 3;
        const acts =
          stage === 0
            ? [receive(plan), withdraw(plan, rng.int(1, 4))]
            : stage === 1
              ? [receive(plan), beginTriage(plan, rng.int(1, 4)), withdraw(plan, rng.int(1, 6))]
              : [...openInvestigation(plan), note(plan, rng.int(3, 8)), withdraw(plan, rng.int(5, 20))];
        placeBack(plan, acts, anywhere(acts));
        break;
      }
      case 'upheld':
      case 'partly_upheld':
      case 'not_upheld': {
        const acts = [...openInvestigation(plan), note(plan, rng.int(2, 10))];
        const roll = rng.float();
        if (roll < 0.12) acts.push(extend(plan, rng.int(15, 30)));
        else if (roll < 0.2) acts.push(pause(plan, rng.int(3, 10)), resume(plan, rng.int(5, 15)));
        acts.push(notice(plan, rng.int(2, 6)), answer(plan, rng.int(3, 9)), report(plan, rng.int(3, 15), fate), convene(plan, 1), decide(plan, rng.int(2, 9), fate), finalise(12));
        placeBack(plan, acts, anywhere(acts));
        break;
      }
    }
  }

  // A linked pair: a second complaint about the same incident, against another member who was there, received a few
  // working days after the first and run by the same case manager, who links the two.
  if (pairSecond && pairFirst) {
    const first = pairFirst;
    const second: CasePlan = pairSecond;
    const other = newScene();
    second.scene = { ...first.plan.scene, respondent: other.respondent, membership: other.membership, handle: other.handle };
    second.respondent = other.respondent;
    const lag = rng.int(1, 3);
    const acts = openInvestigation(second, first.gaps, () => first.plan.caseManager!);
    const dates = place(second, wdAfter(first.received, lag), acts);
    place(null, dates[2]!, [{ gap: 1, run: () => linkCases({ ctx: demo, staff: first.plan.caseManager!, caseId: caseIdOf(second), otherReference: first.plan.reference! }) }]);
  }

  // Duplicates: another complaint about a case already under investigation, merged into it by its case manager.
  for (let index = 0; index < mergedCount && index < primaries.length; index++) {
    const primary = primaries[index]!;
    const plan = newPlan('merged', primary.plan.scene, { relation: rng.pick(['witness', 'third_party'] as const), anonymous: false });
    place(plan, wdAfter(primary.investigationOn, rng.int(1, 3)), [
      receive(plan),
      beginTriage(plan, 1),
      { gap: rng.int(1, 2), run: () => mergeCase({ ctx: demo, staff: primary.plan.caseManager!, caseId: caseIdOf(plan), intoReference: primary.plan.reference! }) },
    ]);
  }

  // ---- running it all, in time order, on the stepping clock
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const step of steps) {
    clock.set(step.at);
    await step.run();
  }
  const at = (daysAgo: number, hour: number) => clock.set(localTime(addCalendarDays(today, -daysAgo), hour, 0, timeZone));
  await loadOversightDemo({ ctx: demo, staff, at });
  await loadCommitmentsDemo({ ctx: demo, staff, at });
  await loadPublicationsDemo({ ctx: demo, staff, at });
  // (later features' demonstration stories go above this line, each a function of { ctx: demo, staff, at })
  if (mailQueued) ctx.outboxQueued();
  return { accounts, password, cases: plans.filter((plan) => plan.caseId !== null).length };
}
