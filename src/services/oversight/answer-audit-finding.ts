import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { insertFindingAnswer, lockFinding, updateFinding } from '../../db/repositories/audit.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { checkFindingText } from './raise-audit-finding.js';

/**
 * The organisation's answer to an audit finding, by someone who answers for
 * it (a case manager): what it says about the finding, and the action it
 * promises. The overseer then accepts the answer or reopens the finding.
 */
export async function answerAuditFinding(options: { ctx: ServiceContext; staff: Staff; findingId: string; text: string; actionPromised: string }): Promise<void> {
  const { ctx, staff } = options;
  assertPermission(staff, 'audits.answer', 'answer audit findings');
  const issues: FieldIssue[] = [];
  const text = checkFindingText(options.text, 'text', 'the answer', issues);
  const actionPromised = checkFindingText(options.actionPromised, 'actionPromised', 'the action the organisation will take', issues, 10);
  assertNoIssues(issues, 'The answer cannot be recorded as written.');
  await ctx.db.transaction().execute(async (trx) => {
    const finding = await lockFinding(trx, ctx.dbKind, options.findingId);
    if (!finding) throw new DomainError('not_found', 'There is no such audit finding.');
    if (finding.status !== 'awaiting_answer') {
      throw new DomainError('conflict', finding.status === 'accepted' ? 'This finding is closed: its answer was accepted.' : 'This finding has been answered and is with the overseer.');
    }
    await insertFindingAnswer(trx, {
      id: ctx.random.uuid(),
      finding_id: finding.id,
      text,
      action_promised: actionPromised,
      answered_by: staff.userId,
      answered_at: ctx.clock.now().toISOString(),
      verdict: null,
      verdict_reason: null,
      verdict_by: null,
      verdict_at: null,
    });
    await updateFinding(trx, finding.id, { status: 'answered' });
  });
}
