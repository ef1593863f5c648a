import { DECISION_OUTCOMES, OUTCOME_LABELS, type DecisionOutcome } from '../../domain/complaint/complaint.js';
import { DomainError } from '../../domain/errors.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from './change-case.js';
import { moveCase } from './move-case.js';

const MIN_REASONS = 50;

/**
 * The decision on the complaint, with written reasons, which closes the case.
 * Whoever investigated the case may not decide it.
 */
export async function recordDecision(options: { ctx: ServiceContext; staff: Staff; caseId: string; outcome: string; reasons: string }): Promise<void> {
  const { ctx, staff } = options;
  const reasons = options.reasons.trim();
  const issues = [
    ...(!(DECISION_OUTCOMES as readonly string[]).includes(options.outcome) ? [{ field: 'outcome', message: 'Choose upheld, partly upheld or not upheld.' }] : []),
    ...(reasons.length < MIN_REASONS ? [{ field: 'reasons', message: `Written reasons are required: at least ${MIN_REASONS} characters.` }] : []),
  ];
  if (issues.length > 0) throw new DomainError('validation_failed', 'The decision needs an outcome and written reasons.', issues);
  const outcome = options.outcome as DecisionOutcome;
  return changeCase({
    ...options,
    permission: 'cases.decide',
    what: 'decide complaints',
    change: async (change) => {
      const assignments = await listAssignments(change.trx, change.caseRow.id);
      if (assignments.some((assignment) => assignment.user_id === staff.userId && assignment.role === 'investigator')) {
        throw new DomainError('rule_violated', 'You investigated this case, so you cannot decide it: the investigator and the decision-maker must be different people.');
      }
      if (!assignments.some((assignment) => assignment.user_id === staff.userId && assignment.role === 'case_manager')) {
        throw new DomainError('forbidden', "Only the case's case manager can record its decision.");
      }
      change.record({ type: 'decision_recorded', outcome, reasons });
      await moveCase(ctx, change, 'record_decision', { outcome, reason: null, explanation: `${OUTCOME_LABELS[outcome]}. ${reasons}` });
    },
  });
}

/** The complainant withdrew: the case closes at whatever stage it had reached, with the explanation recorded. */
export async function withdrawComplaint(options: { ctx: ServiceContext; staff: Staff; caseId: string; explanation: string }): Promise<void> {
  const explanation = options.explanation.trim();
  if (explanation.length < 10) {
    throw new DomainError('validation_failed', 'Record how the withdrawal was made.', [{ field: 'explanation', message: 'Describe the withdrawal in at least 10 characters.' }]);
  }
  return changeCase({
    ...options,
    permission: 'cases.close',
    what: 'close cases',
    change: (change) => moveCase(options.ctx, change, 'withdraw', { outcome: 'withdrawn', reason: null, explanation }),
  });
}
