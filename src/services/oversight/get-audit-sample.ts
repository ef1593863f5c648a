import { DomainError } from '../../domain/errors.js';
import { reproduceSample, type ChecklistItem, type ReviewResult } from '../../domain/oversight/audit.js';
import { findSample, listFindings, listReviews, listSampleCases } from '../../db/repositories/audit.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { findingViews, type FindingView } from './list-audit-findings.js';
import { summariseSample, type SampleSummary } from './list-audit-samples.js';

export type SampledCase = {
  caseId: string;
  position: number;
  reference: string;
  outcome: string | null;
  closedAt: string | null;
  complainantName: string | null;
  respondentName: string;
  respondentMembershipNumber: string | null;
  review: { reviewedBy: string; reviewedAt: string; items: { itemId: string; question: string; result: ReviewResult; note: string | null }[] } | null;
};

export type AuditSampleDetail = SampleSummary & {
  checklist: readonly ChecklistItem[];
  cases: SampledCase[];
  findings: FindingView[];
  /** The draw re-run from the recorded seed and population: whether it chose the same cases in the same order. */
  reproduction: { matches: boolean; cases: number };
};

/** One audit sample for the overseer: its cases and their reviews, its findings and their answers, and the draw re-run. */
export async function getAuditSample(options: { ctx: ServiceContext; staff: Staff; sampleId: string }): Promise<AuditSampleDetail> {
  const { ctx, staff } = options;
  assertPermission(staff, 'oversight.read', 'read audit samples');
  const sample = await findSample(ctx.db, options.sampleId);
  if (!sample) throw new DomainError('not_found', 'There is no such audit sample.');
  const [cases, reviews, findings] = await Promise.all([listSampleCases(ctx.db, [sample.id]), listReviews(ctx.db, [sample.id]), listFindings(ctx.db, { sampleId: sample.id })]);
  const population = JSON.parse(sample.population) as string[];
  const reproduced = reproduceSample({ seed: sample.seed, population, size: Number(sample.size), drawn: cases.map((row) => row.case_id) });
  const reviewed = new Set(reviews.map((review) => review.case_id));
  const checklist = ctx.config.organisation.oversight.auditChecklist;
  // Items answered under an earlier checklist keep their place after today's items.
  const checklistOrder = (itemId: string) => {
    const index = checklist.findIndex((item) => item.id === itemId);
    return index === -1 ? checklist.length : index;
  };
  return {
    ...summariseSample(ctx, sample, { drawn: cases.length, reviewed: reviewed.size, findings }),
    checklist,
    cases: cases.map((row) => {
      const own = reviews.filter((review) => review.case_id === row.case_id);
      return {
        caseId: row.case_id,
        position: row.position,
        reference: row.reference,
        outcome: row.outcome,
        closedAt: row.closed_at,
        complainantName: row.complainant_name,
        respondentName: row.respondent_name,
        respondentMembershipNumber: row.respondent_membership_number,
        review:
          own.length === 0
            ? null
            : {
                reviewedBy: own[0]!.reviewed_by_name,
                reviewedAt: own[0]!.reviewed_at,
                items: own
                  .map((review) => ({ itemId: review.item_id, question: review.question, result: review.result as ReviewResult, note: review.note }))
                  .sort((a, b) => checklistOrder(a.itemId) - checklistOrder(b.itemId)),
              },
      };
    }),
    findings: await findingViews(ctx, ctx.db, findings),
    reproduction: { matches: reproduced.matches, cases: reproduced.cases.length },
  };
}
