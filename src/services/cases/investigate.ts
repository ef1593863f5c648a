import { DomainError } from '../../domain/errors.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { insertCaseNote } from '../../db/repositories/case-note.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from './change-case.js';
import { moveCase } from './move-case.js';

const MIN_NOTE = 3;

export async function addCaseNote(options: { ctx: ServiceContext; staff: Staff; caseId: string; text: string }): Promise<void> {
  const { ctx, staff } = options;
  const text = options.text.trim();
  if (text.length < MIN_NOTE) throw new DomainError('validation_failed', 'The note is empty.', [{ field: 'text', message: 'Write the note.' }]);
  return changeCase({
    ...options,
    // Anyone who may open the case may add a note to it; the access check is in changeCase.
    permission: staff.roles.includes('investigator') ? 'cases.investigate' : 'cases.triage',
    what: 'add notes to cases',
    change: async (change) => {
      const noteId = ctx.random.uuid();
      await insertCaseNote(change.trx, { id: noteId, case_id: change.caseRow.id, kind: 'note', text, author_id: staff.userId, created_at: ctx.clock.now().toISOString() });
      change.record({ type: 'note_added', noteId, text });
    },
  });
}

/**
 * The investigator's report, which ends the investigation and sends the case
 * for decision. Only the investigator assigned to the case may submit it.
 */
export async function submitInvestigationReport(options: { ctx: ServiceContext; staff: Staff; caseId: string; summary: string; recommendation: string }): Promise<void> {
  const { ctx, staff } = options;
  const summary = options.summary.trim();
  const recommendation = options.recommendation.trim();
  const issues = [
    ...(summary.length < 50 ? [{ field: 'summary', message: 'Summarise the findings of fact in at least 50 characters.' }] : []),
    ...(recommendation.length < 10 ? [{ field: 'recommendation', message: 'Give a recommendation of at least 10 characters.' }] : []),
  ];
  if (issues.length > 0) throw new DomainError('validation_failed', 'The report is incomplete.', issues);
  return changeCase({
    ...options,
    permission: 'cases.investigate',
    what: 'submit investigation reports',
    change: async (change) => {
      const { trx, caseRow } = change;
      const assignments = await listAssignments(trx, caseRow.id);
      if (!assignments.some((assignment) => assignment.user_id === staff.userId && assignment.role === 'investigator')) {
        throw new DomainError('forbidden', "Only the case's investigator can submit its report.");
      }
      if (caseRow.stage !== 'investigation') throw new DomainError('transition_not_allowed', 'A report can only be submitted during the investigation.');
      const noteId = ctx.random.uuid();
      await insertCaseNote(trx, {
        id: noteId,
        case_id: caseRow.id,
        kind: 'investigation_report',
        text: `${summary}\n\nRecommendation: ${recommendation}`,
        author_id: staff.userId,
        created_at: ctx.clock.now().toISOString(),
      });
      change.record({ type: 'investigation_report_recorded', summary, recommendation });
      await moveCase(ctx, change, 'refer_for_decision');
    },
  });
}
