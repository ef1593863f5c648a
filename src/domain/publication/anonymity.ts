/**
 * The anonymity check run on a decision summary before it is published: it
 * flags, in the facts and the reasons, anything that could identify the people
 * of the case. It is a safety net for the drafter and the editor, not a proof
 * of anonymity: a flag is either removed from the text or marked "not
 * identifying" with a reason by the editor before approval.
 */

export const FLAG_KINDS = ['name', 'membership_number', 'email', 'phone', 'url', 'handle', 'postcode', 'case_reference', 'date_of_birth'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const FLAG_KIND_LABELS: Record<FlagKind, string> = {
  name: 'Name of someone in the case',
  membership_number: 'Membership number',
  email: 'E-mail address',
  phone: 'Phone number',
  url: 'Web address',
  handle: 'Social-media handle',
  postcode: 'Postcode',
  case_reference: 'Case reference',
  date_of_birth: 'Date that could be a date of birth',
};

export type SummaryField = 'facts' | 'reasons';

export type AnonymityFlag = {
  kind: FlagKind;
  field: SummaryField;
  /** The text matched, as written. */
  text: string;
  /** Offsets in the field's text: start inclusive, end exclusive (UTF-16 code units, as JavaScript strings count). */
  start: number;
  end: number;
};

/** What the case knows that would identify its people; the service gathers it. */
export type CaseIdentifiers = {
  /** Complainant, respondent, parties, representatives and companions, witnesses, staff and panel members. */
  names: readonly string[];
  membershipNumbers: readonly string[];
  caseReferences: readonly string[];
};

export type AnonymityOptions = {
  /** A regular expression (source) matching membership numbers in general, for example `M-\d+`. */
  membershipNumberPattern: string;
  /** Full dates with a year from 1900 up to this one look like dates of birth. */
  latestBirthYear: number;
};

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}_])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}_])';

function escapeRegExp(value: string): string {
  // Only the characters that are special outside a class: the `u` flag refuses needless escapes.
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A literal phrase matched as whole words, case-insensitively, with any run of spaces between its words. */
function wholePhrase(phrase: string): RegExp {
  const words = phrase.trim().split(/\s+/u).map(escapeRegExp);
  return new RegExp(`${NOT_WORD_BEFORE}${words.join('\\s+')}${NOT_WORD_AFTER}`, 'giu');
}

/** The words of a name worth matching alone: the surname, when it is a real word of two letters or more. */
function surnameOf(name: string): string | null {
  const words = name.trim().split(/\s+/u);
  if (words.length < 2) return null;
  const surname = words.at(-1)!;
  return /^[\p{L}][\p{L}'’-]+$/u.test(surname) ? surname : null;
}

/** Names with letters in them; blanks and bracketed placeholders such as "[erased]" are not names. */
const isName = (name: string) => /\p{L}{2}/u.test(name) && !/^[[(<]/u.test(name);

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

const GENERAL_PATTERNS: { kind: FlagKind; pattern: RegExp }[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { kind: 'url', pattern: /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi },
  // Bare domains such as example.org/page: a dotted name ending in a common top-level domain.
  { kind: 'url', pattern: /(?<![@\w.])(?:[a-z0-9-]+\.)+(?:com|org|net|uk|io|co|info|social|me|tv|app|eu)(?:\/[^\s<>"]*)?(?![\w@])/gi },
  { kind: 'handle', pattern: /(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])/g },
  // Ten to thirteen digits, optionally after +, with spaces, dots, hyphens or brackets between groups.
  { kind: 'phone', pattern: /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?\(?\d{2,5}\)?(?:[\s.-]?\d{2,4}){2,4}(?!\w)/g },
  { kind: 'postcode', pattern: /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b/gi },
  { kind: 'case_reference', pattern: /\b[A-Z]{2,8}-\d{4}-\d{6,}\b/g },
];

const digitsIn = (text: string) => text.replace(/\D/g, '').length;

/** Full dates: 12/03/1985, 12-03-1985, 1985-03-12, 12 March 1985, March 12, 1985. */
const DATE_PATTERNS: { pattern: RegExp; year: (match: RegExpExecArray) => number }[] = [
  { pattern: /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/g, year: (m) => Number(m[3]) },
  { pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g, year: (m) => Number(m[1]) },
  { pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?,?\\s+(\\d{4})\\b`, 'gi'), year: (m) => Number(m[2]) },
  { pattern: new RegExp(`\\b(?:${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi'), year: (m) => Number(m[2]) },
];

function matchesOf(text: string, pattern: RegExp): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  global.lastIndex = 0;
  for (let match = global.exec(text); match !== null; match = global.exec(text)) {
    if (match[0].length === 0) {
      global.lastIndex += 1;
      continue;
    }
    found.push(match);
  }
  return found;
}

/** Trailing sentence punctuation is not part of a web address. */
function trimUrl(text: string): string {
  return text.replace(/[.,;:!?)'"’]+$/u, '');
}

function flagsInField(field: SummaryField, text: string, identifiers: CaseIdentifiers, options: AnonymityOptions): AnonymityFlag[] {
  const candidates: AnonymityFlag[] = [];
  const add = (kind: FlagKind, start: number, matched: string) => {
    if (matched.length > 0) candidates.push({ kind, field, text: matched, start, end: start + matched.length });
  };

  for (const { kind, pattern } of GENERAL_PATTERNS) {
    for (const match of matchesOf(text, pattern)) {
      if (kind === 'phone' && (digitsIn(match[0]) < 10 || digitsIn(match[0]) > 13)) continue;
      add(kind, match.index, kind === 'url' ? trimUrl(match[0]) : match[0]);
    }
  }
  for (const reference of identifiers.caseReferences.filter((value) => value.trim() !== '')) {
    for (const match of matchesOf(text, wholePhrase(reference))) add('case_reference', match.index, match[0]);
  }
  for (const number of identifiers.membershipNumbers.filter((value) => value.trim() !== '')) {
    for (const match of matchesOf(text, wholePhrase(number))) add('membership_number', match.index, match[0]);
  }
  if (options.membershipNumberPattern.trim() !== '') {
    const general = new RegExp(`${NOT_WORD_BEFORE}(?:${options.membershipNumberPattern})${NOT_WORD_AFTER}`, 'giu');
    for (const match of matchesOf(text, general)) add('membership_number', match.index, match[0]);
  }
  const names = [...new Set(identifiers.names.map((name) => name.trim()).filter(isName))];
  const surnames = [...new Set(names.map(surnameOf).filter((surname): surname is string => surname !== null))];
  for (const phrase of [...names, ...surnames]) {
    for (const match of matchesOf(text, wholePhrase(phrase))) add('name', match.index, match[0]);
  }
  for (const { pattern, year } of DATE_PATTERNS) {
    for (const match of matchesOf(text, pattern)) {
      const y = year(match);
      if (y >= 1900 && y <= options.latestBirthYear) add('date_of_birth', match.index, match[0]);
    }
  }
  return resolveOverlaps(candidates);
}

/** Where matches overlap, the one starting first (the longer, at the same start) is kept: an e-mail address is one flag, not a name inside it. */
function resolveOverlaps(candidates: AnonymityFlag[]): AnonymityFlag[] {
  const ordered = [...candidates].sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: AnonymityFlag[] = [];
  for (const candidate of ordered) {
    const last = kept.at(-1);
    if (last && candidate.start < last.end) continue;
    kept.push(candidate);
  }
  return kept;
}

/** Every identifier found in the facts and the reasons, in reading order (facts first). */
export function checkAnonymity(texts: { facts: string; reasons: string }, identifiers: CaseIdentifiers, options: AnonymityOptions): AnonymityFlag[] {
  return [...flagsInField('facts', texts.facts, identifiers, options), ...flagsInField('reasons', texts.reasons, identifiers, options)];
}

/** The key an editor's "not identifying" mark is kept under: the kind and the text, whatever its case or position. */
export function flagKey(flag: Pick<AnonymityFlag, 'kind' | 'text'>): string {
  return `${flag.kind}:${flag.text.trim().replace(/\s+/gu, ' ').toLowerCase()}`;
}

export type AcceptedFlag = { key: string; reason: string; by: string; at: string };

export const MIN_ACCEPTANCE_REASON = 10;

/** The flags no acceptance covers: while any remain, the summary cannot be approved. */
export function unresolvedFlags(flags: readonly AnonymityFlag[], accepted: readonly Pick<AcceptedFlag, 'key'>[]): AnonymityFlag[] {
  const keys = new Set(accepted.map((entry) => entry.key));
  return flags.filter((flag) => !keys.has(flagKey(flag)));
}

/** The distinct flags (by key), first occurrence of each, for the editor to decide on once. */
export function distinctFlags(flags: readonly AnonymityFlag[]): AnonymityFlag[] {
  const seen = new Set<string>();
  return flags.filter((flag) => {
    const key = flagKey(flag);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
