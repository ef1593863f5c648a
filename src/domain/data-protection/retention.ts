import { addCalendarMonths, compareLocalDates, type LocalDate } from '../calendar/local-date.js';

/**
 * The retention schedule: how long a closed case keeps its personal data
 * (UK GDPR art. 5(1)(e), storage limitation). Open cases are never erased.
 * A closed case falls due a number of years after closure, chosen by the
 * sanction that stands on it (which may keep it indefinitely, as for an
 * expulsion), else by whether an allegation was upheld, else by the default.
 */
export type RetentionPolicy = {
  closedCaseYears: number;
  /** Cases closed without an upheld finding; null: as other closed cases. */
  notUpheldYears: number | null;
  /** By the id of the sanction standing on the case: years after closure, or null to keep it indefinitely. */
  bySanction: Readonly<Record<string, number | null>>;
};

/** What retention reads of a closed case. */
export type ClosedCaseFacts = {
  /** The local date the case closed. */
  closedOn: LocalDate;
  outcome: string | null;
  /** The sanction of the decision in force on the case, if any. */
  sanctionId: string | null;
};

/** The rule that applies and the day the case falls due for erasure; null: kept indefinitely. */
export type RetentionDue = { rule: string; dueOn: LocalDate | null };

const UPHELD_OUTCOMES: ReadonlySet<string> = new Set(['upheld', 'partly_upheld']);

/** What an erased text reads afterwards, where the column cannot be empty. */
export const ERASED_TEXT = 'Erased under the retention schedule';

export function isUpheldOutcome(outcome: string | null): boolean {
  return outcome !== null && UPHELD_OUTCOMES.has(outcome);
}

const years = (count: number) => `${count}-year${count === 1 ? '' : 's'}`;

/** When a closed case falls due for erasure, and under which named rule. */
export function retentionDue(facts: ClosedCaseFacts, policy: RetentionPolicy): RetentionDue {
  if (facts.sanctionId !== null && Object.hasOwn(policy.bySanction, facts.sanctionId)) {
    const kept = policy.bySanction[facts.sanctionId]!;
    if (kept === null) return { rule: `sanction-${facts.sanctionId}-indefinite`, dueOn: null };
    return { rule: `sanction-${facts.sanctionId}-${years(kept)}`, dueOn: addCalendarMonths(facts.closedOn, kept * 12) };
  }
  if (!isUpheldOutcome(facts.outcome) && policy.notUpheldYears !== null) {
    return { rule: `not-upheld-${years(policy.notUpheldYears)}`, dueOn: addCalendarMonths(facts.closedOn, policy.notUpheldYears * 12) };
  }
  return { rule: `closed-${years(policy.closedCaseYears)}`, dueOn: addCalendarMonths(facts.closedOn, policy.closedCaseYears * 12) };
}

/** Whether the case's retention has passed on the given day. */
export function isDueForErasure(due: RetentionDue, today: LocalDate): boolean {
  return due.dueOn !== null && compareLocalDates(due.dueOn, today) <= 0;
}

const inYears = (count: number) => `${count} year${count === 1 ? '' : 's'} after the case closed`;

/** The schedule in words, one line a rule, for the data protection officer. */
export function describeRetentionPolicy(policy: RetentionPolicy, sanctionLabel: (id: string) => string): string[] {
  return [
    'Open cases are never erased.',
    `Closed cases: personal data erased ${inYears(policy.closedCaseYears)}.`,
    policy.notUpheldYears === null
      ? 'Cases closed without an upheld finding: as other closed cases.'
      : `Cases closed without an upheld finding: erased ${inYears(policy.notUpheldYears)}.`,
    ...Object.entries(policy.bySanction).map(([sanctionId, kept]) =>
      kept === null ? `Cases where the sanction “${sanctionLabel(sanctionId)}” stands: kept indefinitely.` : `Cases where the sanction “${sanctionLabel(sanctionId)}” stands: erased ${inYears(kept)}.`,
    ),
  ];
}
