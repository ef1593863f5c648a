import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { FINDING_SEVERITIES } from '../../domain/oversight/audit.js';
import { findSample, insertFinding, listSampleCases, nextAuditNumber } from '../../db/repositories/audit.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';
import { tellAnswerers } from './audit-mail.js';

export type FindingInput = { caseId?: string | null; text: string; severity: string };

/** The day an answer raised (or reopened) today is due: oversight.auditAnswerWorkingDays working days on. */
export function answerDueOn(ctx: ServiceContext): string {
  return addWorkingDays(today(ctx), ctx.config.organisation.oversight.auditAnswerWorkingDays, ctx.calendar);
}

export function checkFindingText(text: string, field: string, what: string, issues: FieldIssue[], min = 20): string {
  const trimmed = text.trim();
  if (trimmed.length < min) issues.push({ field, message: `Write ${what} in at least ${min} characters.` });
  else if (trimmed.length > 4000) issues.push({ field, message: `Keep ${what} to 4000 characters.` });
  return trimmed;
}

/**
 * Raises a finding on a sample (and, optionally, one of its cases) that the
 * organisation must answer by a date; everyone who answers findings is
 * e-mailed through the outbox in the same transaction.
 */
export async function raiseAuditFinding(options: { ctx: ServiceContext; staff: Staff; sampleId: string; finding: FindingInput }): Promise<{ findingId: string; number: number; answerDueOn: string }> {
  const { ctx, staff, finding } = options;
  assertPermission(staff, 'audits.conduct', 'raise audit findings');
  const issues: FieldIssue[] = [];
  const text = checkFindingText(finding.text, 'text', 'the finding', issues);
  if (!(FINDING_SEVERITIES as readonly string[]).includes(finding.severity)) issues.push({ field: 'severity', message: 'Choose how serious the finding is.' });
  assertNoIssues(issues, 'The finding cannot be raised as written.');
  const caseId = finding.caseId?.trim() ? finding.caseId.trim() : null;
  let queued = false;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const sample = await findSample(trx, options.sampleId);
    if (!sample) throw new DomainError('not_found', 'There is no such audit sample.');
    if (caseId && !(await listSampleCases(trx, [sample.id])).some((row) => row.case_id === caseId)) {
      throw new DomainError('validation_failed', 'A finding can only name a case of its sample.', [{ field: 'caseId', message: 'Choose a case of this sample, or none.' }]);
    }
    const number = await nextAuditNumber(trx, 'finding');
    const findingId = ctx.random.uuid();
    const dueOn = answerDueOn(ctx);
    await insertFinding(trx, {
      id: findingId,
      number,
      sample_id: sample.id,
      case_id: caseId,
      text,
      severity: finding.severity,
      raised_by: staff.userId,
      raised_at: ctx.clock.now().toISOString(),
      answer_due_on: dueOn,
      status: 'awaiting_answer',
    });
    queued = await tellAnswerers(trx, ctx, { number, severity: finding.severity, text, answerDueOn: dueOn, reopenReason: null });
    return { findingId, number, answerDueOn: dueOn };
  });
  if (queued) ctx.outboxQueued();
  return result;
}
