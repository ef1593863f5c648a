import type { LocalDate } from '../calendar/local-date.js';
import { summarisePrecedents, type Sanction } from '../due-process/decision.js';
import {
  INTEREST_KINDS,
  INTEREST_LABELS,
  POOL_ROLE_LABELS,
  screenCandidate,
  usableRoles,
  type CaseTouchPoints,
  type DeclaredInterest,
  type InterestKind,
  type PoolRole,
} from '../due-process/panel.js';

/**
 * Fairness for the overseer: why pool members were kept off panels, whether
 * anyone sat with a conflict, and how consistent sanctions are per clause.
 * The conflict check runs the draw's own screening (screenCandidate) again
 * for each seat held, over the whole time the seat was held.
 */
export type ReasonCategory = 'involved' | 'training' | `interest_${InterestKind}` | 'independent_barred' | 'other';

export const INDEPENDENT_BARRED_AT_DRAW = 'Barred from the independent seats: declared political activity within the cooling-off period.';

const INTEREST_REASON = (kind: InterestKind) => `Declared ${INTEREST_LABELS[kind].toLowerCase()} "`;

function interestKindOf(reason: string): InterestKind | undefined {
  return INTEREST_KINDS.find((kind) => reason.startsWith(INTEREST_REASON(kind)));
}

/** Sorts a screening reason, as panel.ts words it, into a category the desk can count. */
export function classifyScreeningReason(reason: string): { category: ReasonCategory; label: string } {
  if (reason.startsWith('Already involved in this case')) return { category: 'involved', label: 'Already involved in the case' };
  if (reason.startsWith('No training in date')) return { category: 'training', label: 'No training in date' };
  if (reason === INDEPENDENT_BARRED_AT_DRAW || reason.startsWith('Sat in an independent seat')) {
    return { category: 'independent_barred', label: 'Political activity within the cooling-off period (independent seats)' };
  }
  const kind = interestKindOf(reason);
  if (kind) return { category: `interest_${kind}`, label: `Declared interest: ${INTEREST_LABELS[kind].toLowerCase()}` };
  return { category: 'other', label: 'Other' };
}

const TOUCHED = / touches (the [a-z]+'s (?:name|membership number|unit|group)|the place of the incident) \("/g;

/**
 * A screening reason fit for the masked desk. A declared interest's reason
 * quotes the interest and the party's name, number or group it touches, so
 * masked it is rebuilt from fixed words only: the kind of interest and which
 * of the case's details it touched.
 */
export function maskScreeningReason(reason: string, masked: boolean): string {
  if (!masked) return reason;
  const kind = interestKindOf(reason);
  if (!kind) return reason;
  const touched = [...reason.matchAll(TOUCHED)].at(-1)?.[1];
  return `Declared ${INTEREST_LABELS[kind].toLowerCase()} touches ${touched ?? 'a party or the case'} (details masked).`;
}

export type HeldInterest = DeclaredInterest & { declaredOn: LocalDate };

/**
 * Whether one seat was held with a conflict: the member was involved in the
 * case otherwise than by this seat, or held an interest touching a party or
 * the case at some point while sitting (current when seated, or declared
 * before the panel finished), or sat in an independent seat too soon after
 * political activity. Returns the reasons, as the draw's screening words
 * them; empty when the seat was clean.
 */
export function seatConflicts(options: {
  userId: string;
  poolRole: PoolRole;
  seatedOn: LocalDate;
  /** The day the seat's work ended: the panel's decision, its dissolution, or today while it sits. */
  until: LocalDate;
  interests: readonly HeldInterest[];
  touchPoints: CaseTouchPoints;
  involved: boolean;
  coolingOffYears: number;
}): string[] {
  const candidate = {
    userId: options.userId,
    name: '',
    roles: [options.poolRole],
    interests: options.interests.filter((interest) => interest.declaredOn <= options.until),
    trainings: [],
  };
  const screening = screenCandidate({
    candidate,
    touchPoints: options.touchPoints,
    involvedUserIds: new Set(options.involved ? [options.userId] : []),
    requiredTraining: [],
    coolingOffYears: options.coolingOffYears,
    today: options.seatedOn,
  });
  const reasons = [...new Set(screening.reasons)];
  if (!usableRoles(candidate, screening).includes(options.poolRole)) {
    reasons.push(`Sat in an independent seat (${POOL_ROLE_LABELS[options.poolRole].toLowerCase()}) within ${options.coolingOffYears} years of declared political activity.`);
  }
  return reasons;
}

/**
 * How many exclusions fall in each category, the most frequent first. Each
 * exclusion (one person at one draw) counts once per category, however many
 * of its reasons share it.
 */
export function countByCategory(exclusions: readonly (readonly string[])[]): { category: ReasonCategory; label: string; count: number }[] {
  const counts = new Map<ReasonCategory, { category: ReasonCategory; label: string; count: number }>();
  for (const reasons of exclusions) {
    const seen = new Map(reasons.map((reason) => classifyScreeningReason(reason)).map((entry) => [entry.category, entry]));
    for (const { category, label } of seen.values()) {
      const entry = counts.get(category) ?? { category, label, count: 0 };
      entry.count += 1;
      counts.set(category, entry);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** One finding of one decision on one clause. */
export type ClauseFinding = { decisionId: string; clauseKey: string; finding: string; sanctionId: string; status: string; outsideUsualRange: boolean };

export type ClauseConsistency = {
  clauseKey: string;
  /** Decisions with a finding on the clause. */
  decisions: number;
  /** Of those, the ones that upheld it (wholly or partly): the ones a sanction answers. */
  upheld: number;
  /** The sanctions of the decisions that upheld it, in the catalogue's order. */
  bySanction: { sanctionId: string; label: string; count: number }[];
  /** The usual range today (as a panel deciding now would be shown it), or null with too few precedents. */
  usualRange: { from: string; to: string } | null;
  /** Decisions recorded as outside the usual range when they were made. */
  outsideDecisionIds: string[];
};

/**
 * Sanction consistency per clause: the spread of sanctions for upheld
 * findings, the usual range as precedents compute it (decisions in force or
 * varied), and the decisions that departed from it.
 */
export function clauseConsistency(findings: readonly ClauseFinding[], catalogue: readonly Sanction[], minPrecedents: number): ClauseConsistency[] {
  const keys = [...new Set(findings.map((finding) => finding.clauseKey))].sort();
  const labelOf = (severity: number) => catalogue.find((sanction) => sanction.severity === severity)?.label ?? String(severity);
  return keys.map((clauseKey) => {
    const own = findings.filter((finding) => finding.clauseKey === clauseKey);
    // One entry per decision, even where two of its allegations cite the same clause.
    const upheld = [...new Map(own.filter((finding) => finding.finding !== 'not_upheld').map((finding) => [finding.decisionId, finding])).values()];
    const spread = summarisePrecedents({ sanctionIds: upheld.map((finding) => finding.sanctionId), catalogue, minPrecedents: Number.MAX_SAFE_INTEGER });
    const precedents = summarisePrecedents({
      sanctionIds: upheld.filter((finding) => finding.status === 'in_force' || finding.status === 'varied').map((finding) => finding.sanctionId),
      catalogue,
      minPrecedents,
    });
    return {
      clauseKey,
      decisions: new Set(own.map((finding) => finding.decisionId)).size,
      upheld: upheld.length,
      bySanction: spread.bySanction.map((entry) => ({ ...entry, label: catalogue.find((sanction) => sanction.id === entry.sanctionId)!.label })),
      usualRange: precedents.usualRange ? { from: labelOf(precedents.usualRange.min), to: labelOf(precedents.usualRange.max) } : null,
      outsideDecisionIds: [...new Set(own.filter((finding) => finding.outsideUsualRange).map((finding) => finding.decisionId))],
    };
  });
}

/** "14 of 16 (88%)"; "none yet" when there is nothing to count. */
export function formatShare(count: number, of: number): string {
  if (of === 0) return 'none yet';
  return `${count} of ${of} (${Math.round((count / of) * 100)}%)`;
}
