import { isFindingOverdue, type FindingStatus } from '../../domain/oversight/audit.js';
import { listFindingAnswers, listFindings, type FindingListRow } from '../../db/repositories/audit.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';

export type FindingAnswerView = {
  text: string;
  actionPromised: string;
  answeredBy: string;
  answeredAt: string;
  verdict: 'accepted' | 'reopened' | null;
  verdictReason: string | null;
  verdictBy: string | null;
  verdictAt: string | null;
};

export type FindingView = {
  id: string;
  number: number;
  sampleId: string;
  sampleNumber: number;
  caseId: string | null;
  reference: string | null;
  text: string;
  severity: string;
  status: FindingStatus;
  raisedBy: string;
  raisedAt: string;
  answerDueOn: string;
  overdue: boolean;
  answers: FindingAnswerView[];
};

/** Findings with their answers, and whether each is overdue today. */
export async function findingViews(ctx: ServiceContext, db: Executor, rows: FindingListRow[]): Promise<FindingView[]> {
  const answers = await listFindingAnswers(db, rows.map((row) => row.id));
  const now = today(ctx);
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    sampleId: row.sample_id,
    sampleNumber: row.sample_number,
    caseId: row.case_id,
    reference: row.reference,
    text: row.text,
    severity: row.severity,
    status: row.status as FindingStatus,
    raisedBy: row.raised_by_name,
    raisedAt: row.raised_at,
    answerDueOn: row.answer_due_on,
    overdue: isFindingOverdue({ status: row.status, answerDueOn: row.answer_due_on }, now),
    answers: answers
      .filter((answer) => answer.finding_id === row.id)
      .map((answer) => ({
        text: answer.text,
        actionPromised: answer.action_promised,
        answeredBy: answer.answered_by_name,
        answeredAt: answer.answered_at,
        verdict: answer.verdict as FindingAnswerView['verdict'],
        verdictReason: answer.verdict_reason,
        verdictBy: answer.verdict_by_name,
        verdictAt: answer.verdict_at,
      })),
  }));
}

/** The findings the organisation has still to answer, or whose answer is with the overseer, for those who answer them. */
export async function listOpenAuditFindings(options: { ctx: ServiceContext; staff: Staff }): Promise<FindingView[]> {
  const { ctx, staff } = options;
  assertPermission(staff, 'audits.answer', 'answer audit findings');
  return findingViews(ctx, ctx.db, await listFindings(ctx.db, { statuses: ['awaiting_answer', 'answered'] }));
}
