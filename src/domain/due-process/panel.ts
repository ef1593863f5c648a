import { DomainError } from '../errors.js';
import { drawRank } from '../seeded-draw.js';

/**
 * Panels: who may sit, and how a panel is chosen. Everything here is a pure
 * function of its inputs so that a draw can be re-run by anyone holding the
 * recorded seed and candidate list.
 */
export type PoolRole = 'chair' | 'member' | 'lawyer' | 'lay';
export type SeatKind = 'chair' | 'member';
export type SeatRule = { seat: SeatKind; from: readonly PoolRole[] };

export const POOL_ROLE_LABELS: Record<PoolRole, string> = {
  chair: 'Chair',
  member: 'Member',
  lawyer: 'Independent lawyer',
  lay: 'Lay member',
};

/** Lawyers and lay members sit as independent members, so political activity disqualifies them for a time. */
const INDEPENDENT_ROLES: readonly PoolRole[] = ['lawyer', 'lay'];

export const INTEREST_KINDS = ['unit', 'faction', 'relationship', 'office', 'political_activity'] as const;
export type InterestKind = (typeof INTEREST_KINDS)[number];

export const INTEREST_LABELS: Record<InterestKind, string> = {
  unit: 'Branch or unit',
  faction: 'Faction or group',
  relationship: 'Relationship with a person',
  office: 'Office held',
  political_activity: 'Political activity',
};

export type DeclaredInterest = { kind: InterestKind; value: string; endedOn: string | null };
export type Training = { course: string; expiresOn: string };

export type PoolCandidate = {
  userId: string;
  name: string;
  roles: readonly PoolRole[];
  interests: readonly DeclaredInterest[];
  trainings: readonly Training[];
};

/** The names, numbers, units and groups a conflict could touch, for both parties and the case itself. */
export type CaseTouchPoints = { label: string; value: string }[];

export type ScreeningResult = { userId: string; eligible: boolean; reasons: string[]; independentBarred: boolean };

function normalise(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Equal after normalising, or one contains the other as whole words (short values must match exactly). */
function touches(interest: string, point: string): boolean {
  const a = normalise(interest);
  const b = normalise(point);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= 4 && ` ${longer} `.includes(` ${shorter} `);
}

function addYears(isoDate: string, years: number): string {
  const [year, rest] = [Number(isoDate.slice(0, 4)), isoDate.slice(4)];
  return `${String(year + years).padStart(4, '0')}${rest}`;
}

/**
 * Screens one pool member against a case before they see anything of it.
 * Excludes anyone already involved, anyone untrained, and anyone whose
 * current interests touch a party or the case; bars recent political activity
 * from the independent seats only.
 */
export function screenCandidate(options: {
  candidate: PoolCandidate;
  touchPoints: CaseTouchPoints;
  involvedUserIds: ReadonlySet<string>;
  requiredTraining: readonly string[];
  coolingOffYears: number;
  today: string;
}): ScreeningResult {
  const { candidate, today } = options;
  const reasons: string[] = [];
  if (options.involvedUserIds.has(candidate.userId)) reasons.push('Already involved in this case (investigation, management, an earlier panel or a recusal).');
  for (const course of options.requiredTraining) {
    const current = candidate.trainings.some((training) => training.course === course && training.expiresOn >= today);
    if (!current) reasons.push(`No training in date for "${course}".`);
  }
  for (const interest of candidate.interests) {
    if (interest.kind === 'political_activity' || (interest.endedOn !== null && interest.endedOn < today)) continue;
    for (const point of options.touchPoints) {
      if (touches(interest.value, point.value)) {
        reasons.push(`Declared ${INTEREST_LABELS[interest.kind].toLowerCase()} "${interest.value}" touches ${point.label} ("${point.value}").`);
      }
    }
  }
  const coolingOffStart = addYears(today, -options.coolingOffYears);
  const independentBarred = candidate.interests.some(
    (interest) => interest.kind === 'political_activity' && (interest.endedOn === null || interest.endedOn >= coolingOffStart),
  );
  return { userId: candidate.userId, eligible: reasons.length === 0, reasons, independentBarred };
}

/** Pool roles a screened candidate may fill: independent roles drop out while political activity is recent. */
export function usableRoles(candidate: PoolCandidate, screening: ScreeningResult): PoolRole[] {
  return candidate.roles.filter((role) => !(screening.independentBarred && INDEPENDENT_ROLES.includes(role)));
}

export type DrawCandidate = { userId: string; roles: readonly PoolRole[]; lastSatAt: string | null };
export type DrawnSeat = { userId: string; seat: SeatKind; role: PoolRole };

/** The draw's ordering: candidates ranked by the shared seeded draw (src/domain/seeded-draw.ts). */
function orderCandidates(method: 'draw' | 'rotation', seed: string, candidates: readonly DrawCandidate[]): DrawCandidate[] {
  const sorted = [...candidates];
  if (method === 'draw') return sorted.sort((a, b) => (drawRank(seed, a.userId) < drawRank(seed, b.userId) ? -1 : 1));
  // Rotation: whoever sat longest ago (or never) goes first; the seed breaks ties.
  return sorted.sort((a, b) => {
    const lastA = a.lastSatAt ?? '';
    const lastB = b.lastSatAt ?? '';
    if (lastA !== lastB) return lastA < lastB ? -1 : 1;
    return drawRank(seed, a.userId) < drawRank(seed, b.userId) ? -1 : 1;
  });
}

/**
 * Fills the seats in order from the eligible candidates. The most constrained
 * seat is filled first (fewest candidates able to take it) so that a draw
 * does not use up the only lawyer on an ordinary seat; the result is still a
 * pure function of the seed and the candidate list.
 */
export function fillSeats(options: {
  method: 'draw' | 'rotation';
  seed: string;
  seats: readonly SeatRule[];
  candidates: readonly DrawCandidate[];
}): DrawnSeat[] {
  const ordered = orderCandidates(options.method, options.seed, options.candidates);
  const seatOrder = options.seats
    .map((rule, index) => ({ rule, index, supply: ordered.filter((candidate) => candidate.roles.some((role) => rule.from.includes(role))).length }))
    .sort((a, b) => a.supply - b.supply || a.index - b.index);
  const taken = new Set<string>();
  const filled: (DrawnSeat | undefined)[] = new Array(options.seats.length);
  for (const { rule, index } of seatOrder) {
    const pick = ordered.find((candidate) => !taken.has(candidate.userId) && candidate.roles.some((role) => rule.from.includes(role)));
    if (!pick) {
      const roles = rule.from.map((role) => POOL_ROLE_LABELS[role].toLowerCase()).join(' or ');
      throw new DomainError('rule_violated', `Not enough eligible panel members: no ${roles} is left for the ${rule.seat} seat after conflict screening and training checks.`);
    }
    taken.add(pick.userId);
    filled[index] = { userId: pick.userId, seat: rule.seat, role: rule.from.find((role) => pick.roles.includes(role))! };
  }
  return filled as DrawnSeat[];
}
