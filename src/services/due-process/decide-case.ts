import { addCalendarMonths } from '../../domain/calendar/local-date.js';
import { summarisePrecedents, validateDecision, type AllegationUnderDecision, type DecisionInput, type Precedents, type Sanction } from '../../domain/due-process/decision.js';
import { DomainError } from '../../domain/errors.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { insertDecision, listPrecedentSanctions, type DecisionRow } from '../../db/repositories/decision.repository.js';
import { insertMembershipSanction } from '../../db/repositories/membership-sanction.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertCanReadCase, assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';
import { changeCase, type CaseChange } from '../cases/change-case.js';
import { moveCase } from '../cases/move-case.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import { clauseLabel } from './clause-label.js';
import { currentPanel } from './due-process-facts.js';
import { sendOutcomeLetters } from './outcome-letters.js';

export type DecisionContext = {
  allegations: (AllegationUnderDecision & { examples: { id: string; title: string }[] })[];
  precedents: Precedents;
  sanctions: readonly Sanction[];
};

export async function loadDecisionContext(ctx: ServiceContext, db: Executor, caseRow: CaseRow): Promise<DecisionContext> {
  const allegations = await listAllegations(db, caseRow.id);
  const sanctionIds = await listPrecedentSanctions(db, { caseId: caseRow.id, clauses: allegations.map((allegation) => ({ packId: allegation.pack_id, clauseId: allegation.clause_id })) });
  const sanctions = ctx.config.organisation.sanctions;
  return {
    allegations: allegations.map((allegation) => ({
      allegationId: allegation.id,
      packId: allegation.pack_id,
      clauseId: allegation.clause_id,
      label: clauseLabel(ctx, allegation),
      examples: (ctx.packs.inForce.find((pack) => pack.id === allegation.pack_id && pack.version === allegation.pack_version)?.clauses ?? [])
        .filter((clause) => clause.kind === 'example')
        .map((clause) => ({ id: clause.id, title: clause.title })),
    })),
    precedents: summarisePrecedents({ sanctionIds, catalogue: sanctions, minPrecedents: ctx.config.organisation.dueProcess.minPrecedents }),
    sanctions,
  };
}

/** What the panel sees when it decides: the allegations, the examples it may rely on, the catalogue, and the precedents for these clauses. */
export async function getDecisionContext(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<DecisionContext> {
  const { ctx, staff } = options;
  assertPermission(staff, 'cases.sit_on_panel', 'decide cases');
  const caseRow = await findCaseById(ctx.db, options.caseId);
  if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
  await assertCanReadCase(ctx.db, ctx, staff, caseRow);
  return loadDecisionContext(ctx, ctx.db, caseRow);
}

/** Refuses anyone but a sitting member of the panel the case's stage needs. */
export async function assertSitsOnCurrentPanel(change: CaseChange, staff: Staff) {
  const current = await currentPanel(change.trx, change.caseRow);
  if (!current.panel || !current.seats.some((seat) => seat.user_id === staff.userId)) {
    throw new DomainError('forbidden', 'Only a sitting member of the panel can record its decision.');
  }
  return current.panel;
}

/** Puts a decision's membership effect on the register of sanctions, from the day it is made. */
export async function registerMembershipEffect(ctx: ServiceContext, change: CaseChange, decision: DecisionRow, sanction: Sanction): Promise<void> {
  if (sanction.membershipEffect === 'none') return;
  const from = today(ctx);
  await insertMembershipSanction(change.trx, {
    id: ctx.random.uuid(),
    case_id: change.caseRow.id,
    decision_id: decision.id,
    person_name: change.caseRow.respondent_name,
    membership_number: change.caseRow.respondent_membership_number,
    sanction_id: sanction.id,
    effect: sanction.membershipEffect,
    starts_on: from,
    // For a suspension the day it ends; for an expulsion the first day readmission may be considered.
    ends_on: decision.sanction_months ? addCalendarMonths(from, decision.sanction_months) : null,
    lifted_at: null,
    lift_reason: null,
  });
}

/** A decision takes effect: its sanction goes on the register and both parties are sent the outcome. */
export async function putDecisionIntoEffect(ctx: ServiceContext, change: CaseChange, caseRow: CaseRow, decision: DecisionRow): Promise<void> {
  const sanction = ctx.config.organisation.sanctions.find((candidate) => candidate.id === decision.sanction_id);
  if (sanction && decision.outcome !== 'not_upheld') await registerMembershipEffect(ctx, change, decision, sanction);
  await sendOutcomeLetters(ctx, change, { caseRow, decision, kind: 'decision' });
}

/**
 * The panel's decision: a finding on every allegation with its reasons, the
 * decision's written reasons, and a sanction checked against the catalogue's
 * rules and the precedents. The case then opens to appeal (or to independent
 * review where configured), and both parties are sent the outcome.
 */
export async function recordPanelDecision(options: { ctx: ServiceContext; staff: Staff; caseId: string; decision: DecisionInput }): Promise<{ decisionId: string; outcome: string }> {
  const { ctx, staff, decision } = options;
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'cases.sit_on_panel',
    what: 'decide cases',
    change: async (change) => {
      if (change.caseRow.stage !== 'decision') throw new DomainError('transition_not_allowed', 'A decision is recorded while the case is with the decision panel.');
      const panel = await assertSitsOnCurrentPanel(change, staff);
      const context = await loadDecisionContext(ctx, change.trx, change.caseRow);
      const checked = validateDecision({
        input: decision,
        allegations: context.allegations,
        catalogue: context.sanctions,
        precedents: context.precedents,
        educationRequiredForPacks: ctx.config.organisation.dueProcess.educationRequiredForPacks,
      });
      const decisionId = ctx.random.uuid();
      const row: DecisionRow = {
        id: decisionId,
        case_id: change.caseRow.id,
        panel_id: panel.id,
        kind: 'panel',
        outcome: checked.outcome,
        reasons: decision.reasons.trim(),
        sanction_id: checked.sanction.id,
        sanction_months: checked.sanction.months === 'required' ? decision.sanctionMonths : null,
        justification: decision.justification.trim() || null,
        outside_usual_range: checked.outsideUsualRange ? 1 : 0,
        precedents: JSON.stringify(context.precedents),
        status: 'in_force',
        decided_at: ctx.clock.now().toISOString(),
        decided_by: staff.userId,
      };
      await insertDecision(
        change.trx,
        row,
        context.allegations.map((allegation) => {
          const given = decision.findings.find((finding) => finding.allegationId === allegation.allegationId)!;
          const allowed = new Set(allegation.examples.map((example) => example.id));
          return {
            decision_id: decisionId,
            allegation_id: allegation.allegationId,
            pack_id: allegation.packId,
            clause_id: allegation.clauseId,
            finding: given.finding,
            reasons: given.reasons.trim(),
            examples: JSON.stringify(given.examplesRelied.filter((example) => allowed.has(example))),
          };
        }),
      );
      change.record({
        type: 'panel_decision_recorded',
        decisionId,
        kind: 'panel',
        outcome: checked.outcome,
        findings: decision.findings.map((finding) => ({ allegationId: finding.allegationId, finding: finding.finding })),
        sanctionId: checked.sanction.id,
        sanctionMonths: row.sanction_months,
        outsideUsualRange: checked.outsideUsualRange,
        justification: row.justification,
      });
      await moveCase(ctx, change, 'record_decision', undefined, { tellComplainant: false });
      const moved = (await findCaseById(change.trx, change.caseRow.id))!;
      // Under independent review the decision takes effect, and the parties hear of it, only once it is confirmed.
      if (moved.stage !== 'review') await putDecisionIntoEffect(ctx, change, moved, row);
      return { decisionId, outcome: checked.outcome };
    },
  });
}
