import { isFindingOverdue, sampleStatus } from '../../domain/oversight/audit.js';
import { listFindings, listReviews, listSampleCases, listSamples, type FindingListRow, type SampleSummaryRow } from '../../db/repositories/audit.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';

export type SampleSummary = {
  id: string;
  number: number;
  seed: string;
  size: number;
  drawn: number;
  population: number;
  closedFrom: string | null;
  closedTo: string | null;
  drawnBy: string;
  drawnAt: string;
  status: string;
  overdueFindings: number;
};

/** Where one sample stands: its draw, and how far its review and findings have got. */
export function summariseSample(ctx: ServiceContext, sample: SampleSummaryRow, parts: { drawn: number; reviewed: number; findings: readonly FindingListRow[] }): SampleSummary {
  const now = today(ctx);
  return {
    id: sample.id,
    number: Number(sample.number),
    seed: sample.seed,
    size: Number(sample.size),
    drawn: parts.drawn,
    population: (JSON.parse(sample.population) as string[]).length,
    closedFrom: sample.closed_from,
    closedTo: sample.closed_to,
    drawnBy: sample.drawn_by_name,
    drawnAt: sample.drawn_at,
    status: sampleStatus({ cases: parts.drawn, reviewed: parts.reviewed, findings: parts.findings }),
    overdueFindings: parts.findings.filter((finding) => isFindingOverdue({ status: finding.status, answerDueOn: finding.answer_due_on }, now)).length,
  };
}

/** Every audit sample drawn, newest first, with where its review stands. */
export async function listAuditSamples(options: { ctx: ServiceContext; staff: Staff }): Promise<SampleSummary[]> {
  const { ctx, staff } = options;
  assertPermission(staff, 'oversight.read', 'read audit samples');
  const [samples, cases, reviews, findings] = await Promise.all([listSamples(ctx.db), listSampleCases(ctx.db), listReviews(ctx.db), listFindings(ctx.db)]);
  return samples.map((sample) =>
    summariseSample(ctx, sample, {
      drawn: cases.filter((row) => row.sample_id === sample.id).length,
      reviewed: new Set(reviews.filter((review) => review.sample_id === sample.id).map((review) => review.case_id)).size,
      findings: findings.filter((finding) => finding.sample_id === sample.id),
    }),
  );
}
