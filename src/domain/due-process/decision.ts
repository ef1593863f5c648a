import { DomainError, type FieldIssue } from '../errors.js';

/**
 * A panel's decision: a finding on each allegation on the balance of
 * probabilities, written reasons, and a sanction from the organisation's
 * catalogue checked against what earlier panels did for the same clauses.
 */
export const FINDINGS = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type Finding = (typeof FINDINGS)[number];

export const FINDING_LABELS: Record<Finding, string> = { upheld: 'Upheld', partly_upheld: 'Partly upheld', not_upheld: 'Not upheld' };

export type Sanction = {
  id: string;
  label: string;
  severity: number;
  months: 'none' | 'required';
  membershipEffect: 'none' | 'suspended' | 'expelled';
  education: boolean;
};

export type AllegationUnderDecision = { allegationId: string; packId: string; clauseId: string; label: string };

export type FindingInput = { allegationId: string; finding: string; reasons: string; examplesRelied: readonly string[] };

export type DecisionInput = {
  findings: readonly FindingInput[];
  reasons: string;
  sanctionId: string;
  sanctionMonths: number | null;
  justification: string;
};

export type Precedents = { count: number; bySanction: { sanctionId: string; count: number }[]; usualRange: { min: number; max: number } | null };

export const MIN_DECISION_REASONS = 50;
export const MIN_FINDING_REASONS = 20;
export const MIN_JUSTIFICATION = 30;

/** The overall outcome the findings add up to. */
export function overallOutcome(findings: readonly Finding[]): Finding {
  if (findings.every((finding) => finding === 'not_upheld')) return 'not_upheld';
  if (findings.every((finding) => finding === 'upheld')) return 'upheld';
  return 'partly_upheld';
}

function percentile(sorted: readonly number[], fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * What earlier panels did for the same clauses: the count of each sanction,
 * and the usual range (10th to 90th percentile of severity) once there are
 * enough precedents for a range to mean anything.
 */
export function summarisePrecedents(options: { sanctionIds: readonly string[]; catalogue: readonly Sanction[]; minPrecedents: number }): Precedents {
  const counts = new Map<string, number>();
  for (const id of options.sanctionIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const bySanction = options.catalogue.filter((sanction) => counts.has(sanction.id)).map((sanction) => ({ sanctionId: sanction.id, count: counts.get(sanction.id)! }));
  const severities = options.sanctionIds
    .map((id) => options.catalogue.find((sanction) => sanction.id === id)?.severity)
    .filter((severity): severity is number => severity !== undefined)
    .sort((a, b) => a - b);
  const usualRange = severities.length >= options.minPrecedents ? { min: percentile(severities, 0.1), max: percentile(severities, 0.9) } : null;
  return { count: options.sanctionIds.length, bySanction, usualRange };
}

/**
 * Checks a decision against the rules and returns the overall outcome, or
 * throws naming every field to fix. Nothing about the decision is assumed:
 * each allegation needs its own finding and reasons.
 */
export function validateDecision(options: {
  input: DecisionInput;
  allegations: readonly AllegationUnderDecision[];
  catalogue: readonly Sanction[];
  precedents: Precedents;
  educationRequiredForPacks: readonly string[];
}): { outcome: Finding; sanction: Sanction; outsideUsualRange: boolean } {
  const { input, allegations, catalogue } = options;
  const issues: FieldIssue[] = [];
  const findings: Finding[] = [];
  allegations.forEach((allegation, index) => {
    const given = input.findings.find((finding) => finding.allegationId === allegation.allegationId);
    if (!given || !(FINDINGS as readonly string[]).includes(given.finding)) {
      issues.push({ field: `findings.${index}.finding`, message: `Record a finding on "${allegation.label}".` });
      return;
    }
    findings.push(given.finding as Finding);
    if (given.reasons.trim().length < MIN_FINDING_REASONS) {
      issues.push({ field: `findings.${index}.reasons`, message: `Give the reasons for the finding on "${allegation.label}" (at least ${MIN_FINDING_REASONS} characters).` });
    }
  });
  const unknown = input.findings.filter((finding) => !allegations.some((allegation) => allegation.allegationId === finding.allegationId));
  if (unknown.length > 0) issues.push({ field: 'findings', message: 'A finding refers to an allegation that is not part of this case.' });
  if (input.reasons.trim().length < MIN_DECISION_REASONS) {
    issues.push({ field: 'reasons', message: `Written reasons are required: at least ${MIN_DECISION_REASONS} characters.` });
  }
  const sanction = catalogue.find((candidate) => candidate.id === input.sanctionId);
  if (!sanction) issues.push({ field: 'sanctionId', message: 'Choose a sanction from the catalogue.' });
  if (issues.length > 0) throw new DomainError('validation_failed', 'The decision is incomplete.', issues);

  const outcome = overallOutcome(findings);
  const chosen = sanction!;
  if (chosen.months === 'required' && !(input.sanctionMonths !== null && Number.isInteger(input.sanctionMonths) && input.sanctionMonths >= 1 && input.sanctionMonths <= 120)) {
    throw new DomainError('validation_failed', `${chosen.label} needs a length in months.`, [{ field: 'sanctionMonths', message: 'Give a whole number of months from 1 to 120.' }]);
  }
  if (outcome === 'not_upheld' && chosen.id !== 'no_action') {
    throw new DomainError('rule_violated', 'No allegation was upheld, so no sanction may be imposed: choose "No action".', [{ field: 'sanctionId', message: 'Choose "No action".' }]);
  }
  const upheldPacks = allegations.filter((_, index) => findings[index] !== 'not_upheld').map((allegation) => allegation.packId);
  const educationPack = options.educationRequiredForPacks.find((pack) => upheldPacks.includes(pack));
  if (educationPack && !chosen.education && !chosen.membershipEffect.startsWith('expel')) {
    throw new DomainError('rule_violated', `An allegation under ${educationPack} was upheld, and the organisation's rules require an education course whenever that happens: choose a sanction that includes it (or expulsion).`, [
      { field: 'sanctionId', message: 'Choose a sanction that includes the education course.' },
    ]);
  }
  if (outcome !== 'not_upheld' && chosen.id === 'no_action' && input.justification.trim().length < MIN_JUSTIFICATION) {
    throw new DomainError('rule_violated', 'An allegation was upheld but no action is proposed: record a justification.', [
      { field: 'justification', message: `Explain in at least ${MIN_JUSTIFICATION} characters why no action follows an upheld allegation.` },
    ]);
  }
  const range = options.precedents.usualRange;
  // Precedents are decisions that upheld an allegation, so they say nothing about a complaint not upheld.
  const outsideUsualRange = outcome !== 'not_upheld' && range !== null && (chosen.severity < range.min || chosen.severity > range.max);
  if (outsideUsualRange && input.justification.trim().length < MIN_JUSTIFICATION) {
    throw new DomainError('rule_violated', 'The sanction is outside the usual range for these clauses, so the panel must record why.', [
      { field: 'justification', message: `Justify the departure from precedent in at least ${MIN_JUSTIFICATION} characters.` },
    ]);
  }
  return { outcome, sanction: chosen, outsideUsualRange };
}
