import { DomainError } from '../../domain/errors.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import { findDecisionInForce, setDecisionStatus } from '../../db/repositories/decision.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from '../cases/change-case.js';
import { moveCase } from '../cases/move-case.js';
import { dissolveCurrentPanel } from './convene-panel.js';
import { putDecisionIntoEffect } from './decide-case.js';

const MIN_REVIEW_REASONS = 30;

/**
 * The independent reviewer's verdict on a panel's decision, where the
 * organisation has the review stage. Confirmed, the decision takes effect and
 * opens to appeal; vetoed, it is set aside and the case goes to a panel drawn
 * afresh, from which the first panel's members are excluded.
 */
export async function reviewDecision(options: { ctx: ServiceContext; staff: Staff; caseId: string; confirm: boolean; reasons: string }): Promise<void> {
  const { ctx, staff } = options;
  const reasons = options.reasons.trim();
  if (reasons.length < MIN_REVIEW_REASONS) {
    throw new DomainError('validation_failed', 'The review needs written reasons.', [{ field: 'reasons', message: `Give the reasons in at least ${MIN_REVIEW_REASONS} characters.` }]);
  }
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'cases.review_decision',
    what: 'review decisions',
    change: async (change) => {
      const { trx, caseRow } = change;
      if (caseRow.stage !== 'review') throw new DomainError('transition_not_allowed', 'There is no decision awaiting independent review.');
      const assignments = await listAssignments(trx, caseRow.id);
      if (!assignments.some((assignment) => assignment.user_id === staff.userId && assignment.role === 'independent_reviewer')) {
        throw new DomainError('forbidden', "Only the case's assigned independent reviewer can review its decision.");
      }
      const decision = await findDecisionInForce(trx, caseRow.id);
      if (!decision) throw new DomainError('not_found', 'There is no decision to review.');
      change.record({ type: 'decision_reviewed', decisionId: decision.id, confirmed: options.confirm, reasons });
      if (options.confirm) {
        await moveCase(ctx, change, 'confirm_decision', undefined, { tellComplainant: false });
        await putDecisionIntoEffect(ctx, change, (await findCaseById(trx, caseRow.id))!, decision);
        return;
      }
      await setDecisionStatus(trx, decision.id, 'vetoed');
      await moveCase(ctx, change, 'veto_decision');
      await dissolveCurrentPanel(change, decision.panel_id, 'Decision vetoed on independent review; a new panel must decide the case.', ctx.clock.now().toISOString(), { revokeAccess: true });
    },
  });
}
