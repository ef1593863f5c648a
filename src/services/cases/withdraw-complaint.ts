import { DECISION_OUTCOMES, OUTCOME_LABELS, type DecisionOutcome } from '../../domain/complaint/complaint.js';
import { DomainError } from '../../domain/errors.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from './change-case.js';
import { moveCase } from './move-case.js';

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
