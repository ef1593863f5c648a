import { ERASED_TEXT } from '../../domain/data-protection/retention.js';
import { FINDING_LABELS, type Finding } from '../../domain/due-process/decision.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { checkAnonymity, distinctFlags, unresolvedFlags, type AcceptedFlag, type AnonymityFlag, type CaseIdentifiers } from '../../domain/publication/anonymity.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { listParties } from '../../db/repositories/case-party.repository.js';
import { listDecisions, listFindings, type DecisionRow } from '../../db/repositories/decision.repository.js';
import type { DecisionSummaryRow } from '../../db/repositories/decision-summary.repository.js';
import { listHearings } from '../../db/repositories/hearing.repository.js';
import { listPanels, listSeats } from '../../db/repositories/panel.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { today } from '../cases/case-clock.js';

/** The shared parts of the published-decisions use cases: what a summary holds, its checks, and how it is shown. */

export type SummaryClause = { packId: string; clauseId: string; title: string; finding: Finding };

export type SummaryTexts = { facts: string; reasons: string };

export const MIN_SUMMARY_TEXT = 40;
export const MAX_SUMMARY_TEXT = 10_000;

/** Refuses facts or reasons too short to tell a reader anything, or too long for a summary, naming the field. */
export function checkSummaryTexts(input: { facts: string; reasons: string }): SummaryTexts {
  const facts = input.facts.trim();
  const reasons = input.reasons.trim();
  const issues: FieldIssue[] = [];
  const check = (field: 'facts' | 'reasons', value: string, what: string) => {
    if (value.length < MIN_SUMMARY_TEXT) issues.push({ field, message: `Write ${what} in at least ${MIN_SUMMARY_TEXT} characters.` });
    else if (value.length > MAX_SUMMARY_TEXT) issues.push({ field, message: `Keep ${what} under ${MAX_SUMMARY_TEXT} characters.` });
  };
  check('facts', facts, 'the anonymised facts');
  check('reasons', reasons, 'the anonymised reasons');
  assertNoIssues(issues, 'The summary needs correcting.');
  return { facts, reasons };
}

/** The stages after a decision has taken effect: open to appeal, under appeal, or closed. */
const DECIDED_STAGES = ['appeal_window', 'appeal', 'closed'];

/**
 * The decision standing on a decided case: the newest in force, or failing
 * that the newest varied one; none before the decision has taken effect or
 * once it was set aside.
 */
export async function standingDecisionOf(db: Executor, caseRow: CaseRow): Promise<DecisionRow | undefined> {
  if (!DECIDED_STAGES.includes(caseRow.stage)) return undefined;
  const decisions = await listDecisions(db, caseRow.id);
  const newest = (status: string) => decisions.filter((decision) => decision.status === status).at(-1);
  return newest('in_force') ?? newest('varied');
}

/** The decision a summary is drafted from, or a refusal naming why there is none. */
export async function decisionToSummarise(db: Executor, caseRow: CaseRow): Promise<DecisionRow> {
  const standing = await standingDecisionOf(db, caseRow);
  if (!standing) throw new DomainError('transition_not_allowed', 'Only a decided case can be summarised for publication: a decision must be in force (or the case closed after one).');
  return standing;
}

/** The clauses the decision found on, with their titles and the finding on each (several allegations under one clause fold into the strongest finding). */
export async function clausesOfDecision(ctx: ServiceContext, db: Executor, caseRow: CaseRow, decision: DecisionRow): Promise<SummaryClause[]> {
  // An appeal decision that varied the sanction carries the panel's findings over, so the standing decision always has them.
  const [allegations, findings] = await Promise.all([listAllegations(db, caseRow.id), listFindings(db, [decision.id])]);
  const rank: Record<string, number> = { not_upheld: 0, partly_upheld: 1, upheld: 2 };
  const byClause = new Map<string, SummaryClause>();
  for (const finding of findings) {
    const allegation = allegations.find((candidate) => candidate.id === finding.allegation_id);
    const clause = ctx.packs.clause({ packId: finding.pack_id, packVersion: allegation?.pack_version ?? '', clauseId: finding.clause_id });
    const key = `${finding.pack_id}#${finding.clause_id}`;
    const earlier = byClause.get(key);
    if (earlier && (rank[earlier.finding] ?? 0) >= (rank[finding.finding] ?? 0)) continue;
    byClause.set(key, { packId: finding.pack_id, clauseId: finding.clause_id, title: clause?.title ?? finding.clause_id, finding: finding.finding as Finding });
  }
  return [...byClause.values()];
}

/** Everything the case knows that would identify its people: the names, numbers and references the anonymity check looks for. */
export async function identifiersOfCase(db: Executor, caseRow: CaseRow): Promise<CaseIdentifiers> {
  const [parties, assignments, panels, hearings] = await Promise.all([listParties(db, caseRow.id), listAssignments(db, caseRow.id), listPanels(db, caseRow.id), listHearings(db, caseRow.id)]);
  const seats = await listSeats(db, panels.map((panel) => panel.id));
  const attendees = hearings.flatMap((hearing) => (hearing.attendance ? (JSON.parse(hearing.attendance) as { name: string }[]).map((entry) => entry.name) : []));
  const names = [caseRow.complainant_name, caseRow.respondent_name, ...parties.map((party) => party.name), ...assignments.map((assignment) => assignment.display_name), ...seats.map((seat) => seat.display_name), ...attendees];
  const known = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '' && value !== ERASED_TEXT;
  return {
    names: [...new Set(names.filter(known))],
    membershipNumbers: [...new Set([caseRow.respondent_membership_number, ...parties.map((party) => party.membership_number)].filter(known))],
    caseReferences: [caseRow.reference],
  };
}

/** Runs the anonymity check on a summary's texts against the case's identifiers. */
export async function anonymityFlags(ctx: ServiceContext, db: Executor, caseRow: CaseRow, texts: SummaryTexts): Promise<AnonymityFlag[]> {
  const year = Number(today(ctx).slice(0, 4));
  return checkAnonymity(texts, await identifiersOfCase(db, caseRow), {
    membershipNumberPattern: ctx.config.organisation.publishedDecisions.membershipNumberPattern,
    // Anyone who could be a member is at least ten: a full date up to ten years ago may be a date of birth.
    latestBirthYear: year - 10,
  });
}

export const parseClauses = (row: Pick<DecisionSummaryRow, 'clauses'>): SummaryClause[] => JSON.parse(row.clauses) as SummaryClause[];
export const parseAccepted = (row: Pick<DecisionSummaryRow, 'flags_accepted'>): AcceptedFlag[] => JSON.parse(row.flags_accepted) as AcceptedFlag[];

export const findingLabel = (finding: string): string => FINDING_LABELS[finding as Finding] ?? finding;

/** A summary as the drafter and the editor see it: its texts, what it says of the decision, and the flags still to resolve. */
export type SummaryView = {
  id: string;
  status: string;
  facts: string;
  reasons: string;
  clauses: SummaryClause[];
  finding: string;
  sanctionId: string;
  sanctionLabel: string;
  draftedAt: string;
  drafterName: string | null;
  returnReason: string | null;
  number: string | null;
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  flags: AnonymityFlag[];
  /** One of each flag (by kind and text), with the editor's mark where there is one. */
  distinctFlags: (AnonymityFlag & { key: string; accepted: AcceptedFlag | null })[];
  unresolved: number;
};

export function summaryView(row: DecisionSummaryRow & { drafter_name?: string }, flags: AnonymityFlag[], keyOf: (flag: AnonymityFlag) => string): SummaryView {
  const accepted = parseAccepted(row);
  return {
    id: row.id,
    status: row.status,
    facts: row.facts,
    reasons: row.reasons,
    clauses: parseClauses(row),
    finding: row.finding,
    sanctionId: row.sanction_id,
    sanctionLabel: row.sanction_label,
    draftedAt: row.drafted_at,
    drafterName: row.drafter_name ?? null,
    returnReason: row.return_reason,
    number: row.number,
    publishedAt: row.published_at,
    withdrawnAt: row.withdrawn_at,
    withdrawReason: row.withdraw_reason,
    flags,
    distinctFlags: distinctFlags(flags).map((flag) => ({ ...flag, key: keyOf(flag), accepted: accepted.find((entry) => entry.key === keyOf(flag)) ?? null })),
    unresolved: unresolvedFlags(flags, accepted).length,
  };
}

/** The public number in a web address: 2026/7 is /decisions/2026-7. */
export const numberSlug = (number: string): string => number.replace('/', '-');
export const numberFromSlug = (slug: string): string | null => (/^\d{4}-\d{1,6}$/.test(slug) ? slug.replace('-', '/') : null);
