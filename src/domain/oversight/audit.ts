import type { LocalDate } from '../calendar/local-date.js';
import type { FieldIssue } from '../errors.js';
import { orderByDraw } from '../seeded-draw.js';

/**
 * Audit sampling: the overseer draws closed cases at random from a recorded
 * seed, reviews each against a checklist, and raises findings the
 * organisation must answer. Everything here is a pure function of its inputs,
 * so a sample can be re-drawn by anyone holding its seed and population.
 */

/** One question of the audit checklist, as configured (oversight.auditChecklist). */
export type ChecklistItem = { id: string; question: string };

export const REVIEW_RESULTS = ['met', 'not_met', 'not_applicable'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

export const REVIEW_RESULT_LABELS: Record<ReviewResult, string> = {
  met: 'Met',
  not_met: 'Not met',
  not_applicable: 'Not applicable',
};

export const FINDING_SEVERITIES = ['minor', 'significant', 'serious'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const FINDING_SEVERITY_LABELS: Record<FindingSeverity, string> = {
  minor: 'Minor',
  significant: 'Significant',
  serious: 'Serious',
};

/** awaiting_answer (new, or reopened) → answered → accepted; a reopened finding waits for a new answer. */
export type FindingStatus = 'awaiting_answer' | 'answered' | 'accepted';

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  awaiting_answer: 'Awaiting the organisation’s answer',
  answered: 'Answered: awaiting the overseer',
  accepted: 'Answer accepted',
};

export const MAX_SAMPLE_SIZE = 100;

/**
 * The sample: the population sorted by id (so the order it was read in does
 * not matter), each case ranked by SHA-256 of the seed and its id, and the
 * `size` lowest ranks taken, in rank order. The same seed and population
 * always give the same cases.
 */
export function drawSample(options: { seed: string; population: readonly string[]; size: number }): string[] {
  const sorted = [...new Set(options.population)].sort();
  return orderByDraw(options.seed, sorted).slice(0, Math.max(0, options.size));
}

/** Re-draws a recorded sample and says whether it chose the same cases, in the same order. */
export function reproduceSample(recorded: { seed: string; population: readonly string[]; size: number; drawn: readonly string[] }): { matches: boolean; cases: string[] } {
  const cases = drawSample(recorded);
  return { matches: cases.length === recorded.drawn.length && cases.every((id, index) => id === recorded.drawn[index]), cases };
}

/** A seed typed by the overseer: printable, no spaces, so it can be written down and re-typed exactly. */
export function seedIssue(seed: string): string | null {
  if (!/^[\x21-\x7e]{1,100}$/.test(seed)) return 'Write the seed as 1 to 100 letters, digits or symbols, without spaces.';
  return null;
}

export type ReviewAnswer = { result: string; note: string };
export type CheckedReviewItem = { itemId: string; question: string; result: ReviewResult; note: string | null };

/**
 * Checks one case's review against the checklist: every item answered with
 * met, not met or not applicable, and a note saying what was wrong for every
 * item not met. Returns the items to record, or the problems, one per field
 * (`result.<item>` or `note.<item>`).
 */
export function checkReview(checklist: readonly ChecklistItem[], answers: Readonly<Record<string, ReviewAnswer | undefined>>): { items: CheckedReviewItem[]; issues: FieldIssue[] } {
  const items: CheckedReviewItem[] = [];
  const issues: FieldIssue[] = [];
  for (const item of checklist) {
    const answer = answers[item.id];
    const result = answer?.result ?? '';
    const note = (answer?.note ?? '').trim();
    if (!(REVIEW_RESULTS as readonly string[]).includes(result)) {
      issues.push({ field: `result.${item.id}`, message: `Answer “${item.question}”: met, not met or not applicable.` });
      continue;
    }
    if (result === 'not_met' && note.length < 10) {
      issues.push({ field: `note.${item.id}`, message: `Say what was not met for “${item.question}” (at least 10 characters).` });
      continue;
    }
    if (note.length > 4000) {
      issues.push({ field: `note.${item.id}`, message: 'Keep the note to 4000 characters.' });
      continue;
    }
    items.push({ itemId: item.id, question: item.question, result: result as ReviewResult, note: note === '' ? null : note });
  }
  return { items, issues };
}

/** A finding is overdue while it waits for the organisation's answer after its answer date. */
export function isFindingOverdue(finding: { status: string; answerDueOn: LocalDate }, today: LocalDate): boolean {
  return finding.status === 'awaiting_answer' && finding.answerDueOn < today;
}

/** Where a sample stands: cases still to review, findings still open, or done. */
export function sampleStatus(options: { cases: number; reviewed: number; findings: readonly { status: string }[] }): string {
  if (options.reviewed < options.cases) return `Reviewing: ${options.reviewed} of ${options.cases} cases reviewed`;
  const open = options.findings.filter((finding) => finding.status !== 'accepted').length;
  if (open > 0) return `Reviewed; ${open} finding${open === 1 ? '' : 's'} open`;
  return 'Complete';
}
