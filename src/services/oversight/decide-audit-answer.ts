import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { listFindingAnswers, lockFinding, setAnswerVerdict, updateFinding } from '../../db/repositories/audit.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { tellAnswerers } from './audit-mail.js';
import { answerDueOn } from './raise-audit-finding.js';

/**
 * The overseer's verdict on the organisation's answer to a finding: accepted
 * (the finding closes), or reopened with the reason, when a new answer is due
 * by a new date and those who answer are told why.
 */
export async function decideAuditAnswer(options: { ctx: ServiceContext; staff: Staff; findingId: string; verdict: string; reason: string }): Promise<void> {
  const { ctx, staff } = options;
  assertPermission(staff, 'audits.conduct', 'accept or reopen audit findings');
  const issues: FieldIssue[] = [];
  const reason = options.reason.trim();
  if (options.verdict !== 'accepted' && options.verdict !== 'reopened') issues.push({ field: 'verdict', message: 'Choose whether to accept the answer or reopen the finding.' });
  if (options.verdict === 'reopened' && reason.length < 10) issues.push({ field: 'reason', message: 'Say why the answer does not settle the finding (at least 10 characters).' });
  if (reason.length > 2000) issues.push({ field: 'reason', message: 'Keep the reason to 2000 characters.' });
  assertNoIssues(issues, 'The verdict cannot be recorded as given.');
  let queued = false;
  await ctx.db.transaction().execute(async (trx) => {
    const finding = await lockFinding(trx, ctx.dbKind, options.findingId);
    if (!finding) throw new DomainError('not_found', 'There is no such audit finding.');
    const answer = (await listFindingAnswers(trx, [finding.id])).find((candidate) => candidate.verdict === null);
    if (finding.status !== 'answered' || !answer) throw new DomainError('conflict', 'Only an answered finding can be accepted or reopened.');
    await setAnswerVerdict(trx, answer.id, { verdict: options.verdict, verdict_reason: reason === '' ? null : reason, verdict_by: staff.userId, verdict_at: ctx.clock.now().toISOString() });
    if (options.verdict === 'accepted') {
      await updateFinding(trx, finding.id, { status: 'accepted' });
      return;
    }
    const dueOn = answerDueOn(ctx);
    await updateFinding(trx, finding.id, { status: 'awaiting_answer', answer_due_on: dueOn });
    queued = await tellAnswerers(trx, ctx, { number: Number(finding.number), severity: finding.severity, text: finding.text, answerDueOn: dueOn, reopenReason: reason });
  });
  if (queued) ctx.outboxQueued();
}
