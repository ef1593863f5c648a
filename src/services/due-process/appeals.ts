import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { MIN_DECISION_REASONS } from '../../domain/due-process/decision.js';
import { listCaseIdsPastStageDue } from '../../db/repositories/case.repository.js';
import { listParties, type PartyRow } from '../../db/repositories/case-party.repository.js';
import { findDecisionInForce, insertDecision, listFindings, setDecisionStatus, type DecisionRow } from '../../db/repositories/decision.repository.js';
import { findOpenAppeal, insertAppeal, updateAppeal } from '../../db/repositories/appeal.repository.js';
import { liftSanctionsOfDecision } from '../../db/repositories/membership-sanction.repository.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { today } from '../cases/case-clock.js';
import { changeCase, runCaseChange, type CaseChange } from '../cases/change-case.js';
import { moveCase } from '../cases/move-case.js';
import { dissolveCurrentPanel } from './convene-panel.js';
import { assertSitsOnCurrentPanel, registerMembershipEffect } from './decide-case.js';
import { sendOutcomeLetters, type LetterKind } from './outcome-letters.js';
import { changeCaseAsParty } from './party-access.js';
import { addComplainantParty } from './invite-complainant.js';

export const APPEAL_GROUNDS = {
  procedure: 'The procedure was unfair',
  new_evidence: 'There is new evidence that was not available at the time',
  unreasonable: 'The findings were not reasonably open to the panel on the evidence',
  sanction: 'The sanction is disproportionate',
} as const;
export type AppealGround = keyof typeof APPEAL_GROUNDS;

export const APPEAL_OUTCOMES = {
  dismissed: 'Dismissed: the decision stands',
  allowed: 'Allowed: the decision is set aside',
  sanction_varied: 'Allowed in part: the sanction is varied',
  rehearing: 'A fresh hearing before a new panel',
} as const;
export type AppealOutcome = keyof typeof APPEAL_OUTCOMES;

export type AppealInput = { grounds: string[]; statement: string };

function checkAppeal(input: AppealInput): AppealGround[] {
  const grounds = [...new Set(input.grounds)];
  const issues: FieldIssue[] = [];
  if (grounds.length === 0 || grounds.some((ground) => !(ground in APPEAL_GROUNDS))) issues.push({ field: 'grounds', message: 'Choose at least one ground of appeal.' });
  if (input.statement.trim().length < 50) issues.push({ field: 'statement', message: 'Explain the grounds in at least 50 characters.' });
  assertNoIssues(issues, 'The appeal needs correcting.');
  return grounds as AppealGround[];
}

async function lodge(ctx: ServiceContext, change: CaseChange, appellant: PartyRow, grounds: AppealGround[], statement: string): Promise<string> {
  if (change.caseRow.stage !== 'appeal_window') throw new DomainError('transition_not_allowed', 'An appeal can be lodged only after a decision, within the appeal window.');
  const decision = await findDecisionInForce(change.trx, change.caseRow.id);
  if (!decision) throw new DomainError('not_found', 'There is no decision to appeal.');
  await moveCase(ctx, change, 'lodge_appeal');
  const appealId = ctx.random.uuid();
  await insertAppeal(change.trx, {
    id: appealId,
    case_id: change.caseRow.id,
    decision_id: decision.id,
    appellant_party_id: appellant.id,
    lodged_at: ctx.clock.now().toISOString(),
    grounds: JSON.stringify(grounds),
    statement: statement.trim(),
    outcome: null,
    reasons: null,
    decided_at: null,
  });
  change.record({ type: 'appeal_lodged', appealId, appellantPartyId: appellant.id, appellantRole: appellant.role, grounds });
  return appealId;
}

/** A party appeals through their portal, within the window. */
export async function lodgeAppeal(options: { ctx: ServiceContext; token: string; appeal: AppealInput }): Promise<{ appealId: string }> {
  const grounds = checkAppeal(options.appeal);
  return changeCaseAsParty({
    ctx: options.ctx,
    token: options.token,
    change: async (change, party) => {
      const targeted = party.role === 'complainant' && change.caseRow.complainant_relation === 'targeted';
      if (party.role !== 'respondent' && !targeted) throw new DomainError('forbidden', 'Only the respondent or the person targeted can appeal.');
      return { appealId: await lodge(options.ctx, change, party, grounds, options.appeal.statement) };
    },
  });
}

/** Staff record an appeal that arrived by letter or e-mail, for the respondent or for the person targeted. */
export async function lodgeAppealOnBehalf(options: { ctx: ServiceContext; staff: Staff; caseId: string; appellant: 'respondent' | 'complainant'; appeal: AppealInput }): Promise<{ appealId: string }> {
  const { ctx } = options;
  const grounds = checkAppeal(options.appeal);
  return changeCase({
    ...options,
    permission: 'cases.convene_panel',
    what: 'record appeals',
    change: async (change) => {
      const { caseRow } = change;
      const parties = await listParties(change.trx, caseRow.id);
      let appellant = parties.find((party) => party.role === options.appellant);
      if (!appellant && options.appellant === 'complainant') {
        if (caseRow.complainant_relation !== 'targeted' || !caseRow.complainant_name) {
          throw new DomainError('rule_violated', 'Only a named complainant who was the person targeted can appeal.');
        }
        appellant = await addComplainantParty(ctx, change);
      }
      if (!appellant) throw new DomainError('not_found', 'The respondent has not been given notice, so there is no respondent party to appeal.');
      return { appealId: await lodge(ctx, change, appellant, grounds, options.appeal.statement) };
    },
  });
}

export type AppealDecisionInput = { outcome: string; reasons: string; sanctionId: string | null; sanctionMonths: number | null };

/**
 * The appeal panel's decision. Dismissed, the decision stands and the case
 * closes; allowed, it is set aside and the sanction lifted; varied, a new
 * sanction replaces the old; a re-hearing sends the case back to a panel
 * that must be newly drawn from people with no part in it so far.
 */
export async function decideAppeal(options: { ctx: ServiceContext; staff: Staff; caseId: string; decision: AppealDecisionInput }): Promise<void> {
  const { ctx, staff, decision } = options;
  const reasons = decision.reasons.trim();
  const issues: FieldIssue[] = [];
  if (!(decision.outcome in APPEAL_OUTCOMES)) issues.push({ field: 'outcome', message: 'Choose the outcome of the appeal.' });
  if (reasons.length < MIN_DECISION_REASONS) issues.push({ field: 'reasons', message: `Written reasons are required: at least ${MIN_DECISION_REASONS} characters.` });
  assertNoIssues(issues, 'The appeal decision is incomplete.');
  const outcome = decision.outcome as AppealOutcome;
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'cases.sit_on_panel',
    what: 'decide appeals',
    change: async (change) => {
      const { trx, caseRow } = change;
      if (caseRow.stage !== 'appeal') throw new DomainError('transition_not_allowed', 'There is no appeal awaiting decision.');
      const appealPanel = await assertSitsOnCurrentPanel(change, staff);
      const appeal = await findOpenAppeal(trx, caseRow.id);
      const original = await findDecisionInForce(trx, caseRow.id);
      if (!appeal || !original) throw new DomainError('not_found', 'There is no appeal awaiting decision.');
      const at = ctx.clock.now().toISOString();
      let standing: DecisionRow = original;
      let letter: LetterKind = 'appeal_dismissed';
      if (outcome === 'sanction_varied') {
        const sanction = ctx.config.organisation.sanctions.find((candidate) => candidate.id === decision.sanctionId);
        if (!sanction) throw new DomainError('validation_failed', 'Choose the new sanction.', [{ field: 'sanctionId', message: 'Choose a sanction from the catalogue.' }]);
        if (sanction.id === original.sanction_id && decision.sanctionMonths === original.sanction_months) {
          throw new DomainError('rule_violated', 'The new sanction is the same as the old one; dismiss the appeal instead.', [{ field: 'sanctionId', message: 'Choose a different sanction or length.' }]);
        }
        const months = sanction.months === 'required' ? decision.sanctionMonths : null;
        if (sanction.months === 'required' && !(months !== null && Number.isInteger(months) && months >= 1 && months <= 120)) {
          throw new DomainError('validation_failed', `${sanction.label} needs a length in months.`, [{ field: 'sanctionMonths', message: 'Give a whole number of months from 1 to 120.' }]);
        }
        standing = { ...original, id: ctx.random.uuid(), panel_id: appealPanel.id, kind: 'appeal', reasons, sanction_id: sanction.id, sanction_months: months, justification: null, outside_usual_range: 0, decided_at: at, decided_by: staff.userId };
        const findings = await listFindings(trx, [original.id]);
        await setDecisionStatus(trx, original.id, 'varied');
        await liftSanctionsOfDecision(trx, original.id, at, 'Sanction varied on appeal.');
        await insertDecision(trx, standing, findings.map((finding) => ({ ...finding, decision_id: standing.id })));
        await registerMembershipEffect(ctx, change, standing, sanction);
        change.record({
          type: 'panel_decision_recorded',
          decisionId: standing.id,
          kind: 'appeal',
          outcome: standing.outcome,
          findings: findings.map((finding) => ({ allegationId: finding.allegation_id, finding: finding.finding })),
          sanctionId: sanction.id,
          sanctionMonths: months,
          outsideUsualRange: false,
          justification: null,
        });
        letter = 'sanction_varied';
      } else if (outcome === 'allowed' || outcome === 'rehearing') {
        await setDecisionStatus(trx, original.id, 'set_aside');
        await liftSanctionsOfDecision(trx, original.id, at, outcome === 'allowed' ? 'Decision set aside on appeal.' : 'Decision set aside for a re-hearing.');
        letter = outcome === 'allowed' ? 'appeal_allowed' : 'rehearing';
      }
      await updateAppeal(trx, appeal.id, { outcome, reasons, decided_at: at });
      change.record({ type: 'appeal_decided', appealId: appeal.id, outcome, reasons });
      if (outcome === 'rehearing') {
        await moveCase(ctx, change, 'order_rehearing', undefined, { tellComplainant: false });
        await dissolveCurrentPanel(change, original.panel_id, 'Decision set aside on appeal; a new panel must hear the case.', at, { revokeAccess: true });
      } else {
        const finalOutcome = outcome === 'allowed' ? 'appeal_allowed' : standing.outcome;
        await moveCase(ctx, change, 'decide_appeal', { outcome: finalOutcome, reason: null, explanation: `${APPEAL_OUTCOMES[outcome]}. ${reasons}` }, { tellComplainant: false });
      }
      // The appeal panel's work is done; its members keep read access to the decision they made.
      await dissolveCurrentPanel(change, appealPanel.id, 'Appeal decided.', at, { revokeAccess: false });
      const moved = (await findCaseById(trx, caseRow.id))!;
      await sendOutcomeLetters(ctx, change, { caseRow: moved, decision: standing, kind: letter, reasons });
    },
  });
}

/**
 * Closes every case whose appeal window has passed without an appeal: the
 * decision becomes final and both parties are told. Run by the server on a
 * timer; each case closes in its own transaction.
 */
export async function closeLapsedAppealWindows(options: { ctx: ServiceContext }): Promise<{ closed: string[] }> {
  const { ctx } = options;
  const caseIds = await listCaseIdsPastStageDue(ctx.db, { stage: 'appeal_window', before: today(ctx) });
  const closed: string[] = [];
  for (const caseId of caseIds) {
    await runCaseChange({
      ctx,
      caseId,
      actor: { kind: 'system', process: 'appeal window' },
      authorise: async () => {},
      change: async (change) => {
        if (change.caseRow.stage !== 'appeal_window') return;
        const decision = await findDecisionInForce(change.trx, caseId);
        if (!decision) return;
        await moveCase(ctx, change, 'close_after_appeal_window', { outcome: decision.outcome, reason: null, explanation: 'No appeal was lodged within the appeal window, so the decision is final.' }, { tellComplainant: false });
        const moved = (await findCaseById(change.trx, caseId))!;
        await sendOutcomeLetters(ctx, change, { caseRow: moved, decision, kind: 'final' });
        closed.push(change.caseRow.reference);
      },
    });
  }
  return { closed };
}
