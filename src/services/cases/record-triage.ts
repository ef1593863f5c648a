import { DomainError } from '../../domain/errors.js';
import { TRIAGE_OUTCOME_ACTIONS } from '../../domain/complaint/complaint.js';
import { insertTriageRecord } from '../../db/repositories/triage-record.repository.js';
import { updateCase } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assignInChange } from './assign-case.js';
import { changeCase } from './change-case.js';
import { moveCase } from './move-case.js';
import type { TriageInput } from './triage-input.js';

const OUTCOME_OF_CLOSURE = { resolve_informally: 'resolved_informally', close: 'closed_at_triage' } as const;

/**
 * Records the triage checklist and carries out its outcome in one step:
 * opening an investigation (with its case manager and investigator), an
 * informal resolution, or closure for a listed reason.
 */
export async function recordTriage(options: { ctx: ServiceContext; staff: Staff; caseId: string; triage: TriageInput }): Promise<void> {
  const { ctx, staff, triage } = options;
  return changeCase({
    ...options,
    permission: 'cases.triage',
    what: 'triage complaints',
    change: async (change) => {
      const { trx, caseRow } = change;
      // Recording triage always moves the case on, so the stage check also refuses a second triage.
      if (caseRow.stage !== 'triage') throw new DomainError('transition_not_allowed', 'Triage can only be recorded while the case is at the triage stage.');
      if (triage.outcome === 'close' && !ctx.config.organisation.closureReasons.some((reason) => reason.id === triage.closureReason)) {
        throw new DomainError('validation_failed', 'Choose a closure reason from the list.', [{ field: 'closureReason', message: 'Choose a closure reason from the list.' }]);
      }
      const now = ctx.clock.now().toISOString();
      await insertTriageRecord(trx, {
        case_id: caseRow.id,
        within_jurisdiction: triage.withinJurisdiction ? 1 : 0,
        membership_status: triage.membershipStatus,
        risk_level: triage.riskLevel,
        urgent: triage.urgent ? 1 : 0,
        interim_action_needed: triage.interimActionNeeded ? 1 : 0,
        interim_action_reasons: triage.interimActionReasons ?? null,
        police_referral: triage.policeReferral ? 1 : 0,
        police_referral_notes: triage.policeReferralNotes ?? null,
        outcome: triage.outcome,
        notes: triage.notes ?? null,
        recorded_by: staff.userId,
        recorded_at: now,
      });
      await updateCase(trx, caseRow.id, { risk_level: triage.riskLevel, urgent: triage.urgent ? 1 : 0 });
      change.record({
        type: 'triage_recorded',
        withinJurisdiction: triage.withinJurisdiction,
        membershipStatus: triage.membershipStatus,
        riskLevel: triage.riskLevel,
        urgent: triage.urgent,
        interimActionNeeded: triage.interimActionNeeded,
        interimActionReasons: triage.interimActionReasons ?? null,
        policeReferral: triage.policeReferral,
        policeReferralNotes: triage.policeReferralNotes ?? null,
        outcome: triage.outcome,
        notes: triage.notes ?? null,
      });
      if (triage.outcome === 'investigate') {
        await assignInChange(ctx, change, { userId: triage.caseManagerId!, role: 'case_manager' });
        await assignInChange(ctx, change, { userId: triage.investigatorId!, role: 'investigator' });
        await moveCase(ctx, change, TRIAGE_OUTCOME_ACTIONS.investigate);
        return;
      }
      await moveCase(ctx, change, TRIAGE_OUTCOME_ACTIONS[triage.outcome], {
        outcome: OUTCOME_OF_CLOSURE[triage.outcome],
        reason: triage.outcome === 'close' ? (triage.closureReason ?? null) : null,
        explanation: triage.explanation ?? '',
      });
    },
  });
}
