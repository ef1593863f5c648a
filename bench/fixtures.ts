import type { NewCaseRow } from '../src/db/database.js';

/**
 * Invented but realistic complaint text for the benchmark, from a seeded
 * generator so every run writes the same data. Branch names are made from a
 * closed list of 100 place names that appear nowhere else in the text, so a
 * search for one of them matches about 1% of the cases.
 */

import { SeededRandom } from '../src/domain/seeded-random.js';

const FIRST_NAMES = [
  'Alaric', 'Beatrix', 'Cassius', 'Dervla', 'Emrys', 'Freya', 'Gethin', 'Hermione', 'Idris', 'Juniper', 'Keziah', 'Lysander', 'Mabli', 'Nerys', 'Osian', 'Priya',
  'Quentin', 'Rosalind', 'Soren', 'Thandiwe', 'Ursula', 'Valentin', 'Wenna', 'Xanthe', 'Yannick', 'Zainab', 'Anwen', 'Barnaby', 'Celyn', 'Dominika', 'Efua', 'Fintan',
];
const SURNAMES = [
  'Abernethy', 'Blackthorn', 'Carrow', 'Devereux', 'Edgecombe', 'Featherstone', 'Goodrich', 'Harcourt', 'Ironside', 'Jessop', 'Kingsley', 'Lockhart',
  'Merriweather', 'Northcott', 'Okonjo', 'Pemberton', 'Quilliam', 'Radcliffe', 'Satterthwaite', 'Trevithick', 'Underhill', 'Vasquez', 'Whitlock', 'Yardley',
  'Achebe', 'Banerjee', 'Castellano', 'Dimitriou', 'Esposito', 'Fitzgerald', 'Gallagher', 'Horvath', 'Iqbal', 'Janssen', 'Kowalczyk', 'Lindqvist',
];

/** 10 × 10 invented place names; none is a prefix of another, and none is used anywhere but the branch. */
const PLACE_HEADS = ['Ashby', 'Brock', 'Corran', 'Dunmore', 'Elsford', 'Farrow', 'Glenholt', 'Harwick', 'Ivinghoe', 'Kelmarsh'];
const PLACE_TAILS = ['vale', 'moor', 'cliffe', 'hythe', 'thorpe', 'wold', 'shaw', 'dene', 'garth', 'leigh'];
export const PLACES = PLACE_HEADS.flatMap((head) => PLACE_TAILS.map((tail) => `${head}${tail}`));
/** The word the search benchmark looks for: one place of the hundred, so about 1% of cases. */
export const SEARCH_WORD = 'Farrowshaw';

const VENUES = [
  { phrase: 'the monthly branch meeting', location: 'Community Hall, Mill Lane' },
  { phrase: 'the social after the quarterly members’ meeting', location: 'The Lamplighter Rooms, Station Road' },
  { phrase: 'a street stall on the High Street', location: 'High Street, outside the library' },
  { phrase: 'the regional conference', location: 'Stonebridge Conference Centre' },
  { phrase: 'a campaign planning session', location: 'Library meeting room' },
  { phrase: 'a fundraising quiz night', location: 'Arts Centre, Canal Street' },
  { phrase: 'the annual general meeting of the branch', location: 'Scout Hut, Meadow Road' },
];
const PLATFORMS = ['Chirpline (social.example)', 'TalkSquare forum (forum.example)', 'MeetUpChat branch group (chat.example)', 'PhotoReel (photos.example)'];

type Scene = { respondent: string; first: string; branch: string; venue: string; date: string; platform: string; target: string };
type Template = { summary: string; text: (s: Scene) => string; clauses: string[]; online: boolean };

const IHRA = 'ihra-wda@2016-05-26';
const RULES = 'example-rulebook@1';

const TEMPLATES: Template[] = [
  {
    summary: 'Claims at a branch meeting that Jewish donors secretly run the organisation',
    text: (s) =>
      `${s.respondent} told ${s.venue} on ${s.date} that "a few rich Jewish donors" were secretly deciding what the organisation says and does. Asked to withdraw it, ${s.first} said it again, louder.`,
    clauses: [`${IHRA}#ex-2`, `${RULES}#R2.1`],
    online: false,
  },
  {
    summary: 'Online post about Jewish families owning the press',
    text: (s) =>
      `A post by ${s.respondent} on ${s.platform}, dated ${s.date}, said the press "belongs to a handful of Jewish families" and blamed them for how the organisation is reported. It was shared into the ${s.branch} group, where it stayed for days after members objected.`,
    clauses: [`${IHRA}#ex-2`, `${RULES}#R2.1`, `${RULES}#R3`],
    online: true,
  },
  {
    summary: 'Messages denying the Holocaust sent to members',
    text: (s) =>
      `From ${s.date}, ${s.respondent} messaged members of the ${s.branch} saying the Holocaust was "exaggerated" and the death toll "made up", and linked a video denying it.`,
    clauses: [`${IHRA}#ex-4`, `${IHRA}#ex-5`, `${RULES}#R2.1`],
    online: true,
  },
  {
    summary: 'Racist abuse of a volunteer in front of the public',
    text: (s) =>
      `On ${s.date}, at ${s.venue}, ${s.respondent} shouted at ${s.target} to "go home" in front of passers-by and repeated the remark to other volunteers as a joke afterwards.`,
    clauses: [`${RULES}#R2.2`, `${RULES}#R1.2`],
    online: false,
  },
  {
    summary: 'Hostile remarks about a member’s headscarf',
    text: (s) =>
      `${s.respondent} said at ${s.venue} on ${s.date} that members who wear a headscarf "do not belong here", and asked ${s.target} in front of everyone who had given permission to come.`,
    clauses: [`${RULES}#R2.2`],
    online: false,
  },
  {
    summary: 'Persistent unwanted messages after a clear request to stop',
    text: (s) =>
      `${s.respondent} has messaged ${s.target} on ${s.platform} late at night, many times since ${s.date}, some messages sexual in nature, despite a clear request to stop; a second account took over once the first was blocked.`,
    clauses: [`${RULES}#R1.1`, `${RULES}#R1.3`],
    online: true,
  },
  {
    summary: 'Member’s photograph posted to invite abuse after a vote',
    text: (s) =>
      `Following the vote on ${s.date}, ${s.respondent} posted a photograph of ${s.target} on ${s.platform} captioned "you know what to do". Dozens of abusive replies came within hours, several from ${s.branch} members.`,
    clauses: [`${RULES}#R3.1`, `${RULES}#R3`],
    online: true,
  },
  {
    summary: 'Members’ contact details passed to an outside group',
    text: (s) =>
      `As ${s.branch} secretary, ${s.respondent} holds the membership list; on ${s.date} a copy with addresses and phone numbers went to an outside campaign group without anyone's consent.`,
    clauses: [`${RULES}#R4.3`, `${RULES}#R4.1`],
    online: false,
  },
  {
    summary: 'Shouting and swearing at a steward at the conference',
    text: (s) =>
      `During ${s.venue} on ${s.date}, ${s.respondent} swore at a steward, called the officers "crooks" from the floor and would not leave the hall when the chair asked.`,
    clauses: [`${RULES}#R4.1`, `${RULES}#R1.2`],
    online: false,
  },
];

const CLOSING_LINES = [
  'Please look into this.',
  'I have screenshots and will send more if they help.',
  'Several people saw it and can confirm what happened.',
  'Something similar has happened in the branch before.',
  'I am afraid it will happen again.',
  'You can contact me about this at any time.',
];
const PERCEPTIONS = [
  'I no longer feel safe going to branch events.',
  'I think this was discrimination, and no one challenged it.',
  'Other members told me they were deeply hurt by it.',
  'I am frightened and stay away from events the respondent might attend.',
];
const RELATIONS = ['targeted', 'witness', 'third_party'] as const;

export type GeneratedComplaint = {
  relation: (typeof RELATIONS)[number];
  complainant: { name: string; email: string; phone?: string };
  respondent: { name: string; membershipNumber: string; unit: string };
  summary: string;
  description: string;
  incidentDate: string;
  location?: string;
  onlinePlatform?: string;
  perception: string;
  clauses: string[];
};

/** The columns a case row takes from the complaint itself; the rest are the case's state. */
export type CaseState = Pick<
  NewCaseRow,
  | 'id'
  | 'reference'
  | 'channel'
  | 'received_at'
  | 'acknowledgement_due_on'
  | 'stage'
  | 'stage_entered_at'
  | 'stage_due_on'
  | 'paused_since'
  | 'overall_due_on'
  | 'outcome'
  | 'closure_reason'
  | 'closed_at'
  | 'risk_level'
  | 'urgent'
  | 'updated_at'
>;

/** A whole `cases` row for a named complaint, as the intake writes it (acknowledged on receipt). */
export function caseRow(complaint: GeneratedComplaint, state: CaseState): NewCaseRow {
  return {
    ...state,
    recorded_by: null,
    anonymous: 0,
    receipt_hash: null,
    complainant_relation: complaint.relation,
    complainant_name: complaint.complainant.name,
    complainant_email: complaint.complainant.email,
    complainant_phone: complaint.complainant.phone ?? null,
    complainant_perception: complaint.perception,
    respondent_name: complaint.respondent.name,
    respondent_membership_number: complaint.respondent.membershipNumber,
    respondent_unit: complaint.respondent.unit,
    summary: complaint.summary,
    description: complaint.description,
    incident_date: complaint.incidentDate,
    incident_location: complaint.location ?? null,
    online_platform: complaint.onlinePlatform ?? null,
    online_url: null,
    acknowledged_at: state.received_at,
    merged_into: null,
  };
}

/** The allegation rows for the complaint's cited clauses (`pack@version#clause`). */
export function allegationRows(complaint: GeneratedComplaint, caseId: string, createdAt: string, uuid: () => string) {
  return complaint.clauses.map((key) => {
    const [packKey, clauseId] = key.split('#') as [string, string];
    const [packId, packVersion] = packKey.split('@') as [string, string];
    return { id: uuid(), case_id: caseId, pack_id: packId, pack_version: packVersion, clause_id: clauseId, source: 'complainant', created_at: createdAt };
  });
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * One named complaint (never anonymous: those run argon2id by design), as the
 * JSON API takes it. `incidentBefore` is the day the complaint is made.
 */
export function generateComplaint(rng: SeededRandom, index: number, incidentBefore: Date): GeneratedComplaint {
  const first = rng.pick(FIRST_NAMES);
  const respondent = `${first} ${rng.pick(SURNAMES)}`;
  const complainantFirst = rng.pick(FIRST_NAMES);
  const complainant = `${complainantFirst} ${rng.pick(SURNAMES)}`;
  const template = rng.pick(TEMPLATES);
  const place = rng.pick(PLACES);
  const venue = rng.pick(VENUES);
  const date = isoDate(new Date(incidentBefore.getTime() - rng.int(1, 60) * 86_400_000));
  const scene: Scene = { respondent, first, branch: `${place} Branch`, venue: venue.phrase, date, platform: rng.pick(PLATFORMS), target: rng.chance(0.5) ? 'me' : `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}` };
  const closing = [rng.pick(CLOSING_LINES), rng.pick(CLOSING_LINES)].filter((line, i, all) => all.indexOf(line) === i).join(' ');
  const complaint: GeneratedComplaint = {
    relation: rng.pick(RELATIONS),
    complainant: { name: complainant, email: `${complainantFirst.toLowerCase()}.${index}@members.example` },
    respondent: { name: respondent, membershipNumber: `M-${100000 + rng.int(0, 899999)}`, unit: `${place} Branch` },
    summary: template.summary,
    description: `${template.text(scene)} ${closing}`,
    incidentDate: date,
    perception: rng.pick(PERCEPTIONS),
    clauses: template.clauses.slice(0, rng.int(1, template.clauses.length)),
  };
  if (rng.chance(0.3)) complaint.complainant.phone = `07700 ${rng.int(900000, 900999)}`;
  if (template.online) complaint.onlinePlatform = scene.platform.split(' (')[0]!;
  else complaint.location = venue.location;
  return complaint;
}
