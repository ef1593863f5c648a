import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { assignCase } from '../../src/services/cases/assign-case.js';
import { extendCaseDeadline, pauseCaseClock } from '../../src/services/cases/manage-clock.js';
import { declareInterest } from '../../src/services/due-process/panel-pool.js';
import { drawPanel, recuseFromPanel } from '../../src/services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { closeLapsedAppealWindows, decideAppeal, lodgeAppeal } from '../../src/services/due-process/appeals.js';
import { complaintInput, createStaff, triageInput } from './factories.js';
import { createPanelPool, decisionFor, referForDecision, sittingPanel } from './due-process.js';
import type { TestClock } from './test-context.js';

/** The organisation for the desk scenario: two precedents are enough for a usual range. */
export const DESK_ORGANISATION = 'dueProcess:\n  minPrecedents: 2\n';

export const EXTENSION_REASON = 'The respondent is abroad until 20 March and cannot be reached.';
export const PAUSE_REASON = 'Police asked us to wait while they make their own inquiry.';
export const RECUSAL_REASON = 'I worked with the complainant on a campaign last year.';
export const JUSTIFICATION = 'A second offence after an education course, with threats, goes beyond what a course can address.';

/**
 * The people of a desk scenario: case staff, an overseer, and a trained panel
 * pool of ten. Four lawyers, so that whoever the draws pick (a lawyer who may
 * chair can also fill a member's seat), the appeal still finds a chair after
 * the decision panel and the conflicted chair are screened out.
 */
export async function deskCast(ctx: ServiceContext) {
  const intake = await createStaff(ctx, ['intake_officer']);
  const manager = await createStaff(ctx, ['case_manager'], 'Cara Manager');
  const investigator = await createStaff(ctx, ['investigator']);
  const overseer = await createStaff(ctx, ['overseer'], 'Olive Overseer');
  const pool = await createPanelPool(ctx, manager, [['lawyer', 'chair'], ['lawyer'], ['lawyer'], ['lawyer'], ['member'], ['member', 'chair'], ['member'], ['lay'], ['lay'], ['lay']]);
  return { intake, manager, investigator, overseer, pool };
}
type DeskCast = Awaited<ReturnType<typeof deskCast>>;

/** A complaint submitted on the web and taken into triage. */
export async function caseInTriage(ctx: ServiceContext, cast: DeskCast) {
  const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
  await startTriage({ ctx, staff: cast.intake, caseId: receipt.caseId });
  return receipt;
}

/** A complaint triaged, investigated, answered by the respondent and referred, with its decision panel drawn. */
export async function caseAtDecision(ctx: ServiceContext, cast: DeskCast) {
  const receipt = await caseInTriage(ctx, cast);
  await recordTriage({ ctx, staff: cast.intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: cast.manager.userId, investigatorId: cast.investigator.userId }) });
  const { token } = await referForDecision(ctx, { investigator: cast.investigator, caseId: receipt.caseId });
  await drawPanel({ ctx, staff: cast.manager, caseId: receipt.caseId });
  return { ...receipt, token };
}

/**
 * The cases an overseer's desk is tested on, with known timing (the clock
 * starts on Monday 2 March 2026 and ends on Wednesday 25 March):
 * - late: in triage since 2 March, extended by 5 working days to 23 March, so 2 working days late;
 * - paused: in triage, its clock paused on 3 March;
 * - first, second: decided on 2 March with an education course, on time (the precedents);
 *   the first panel has a recusal, the second decision is appealed and the appeal allowed on 4 March;
 * - outside: decided on 4 March with expulsion, outside the usual range, with a justification;
 *   its chair declared on 3 March, after being seated, a relationship with the respondent.
 * A lay member's declared unit (the respondent's branch) keeps them off every draw.
 */
export async function buildDeskScenario(ctx: ServiceContext, clock: TestClock) {
  const cast = await deskCast(ctx);
  const { manager, pool } = cast;
  const branchMember = pool.find((member) => member.name.startsWith('Panel lay'))!;
  await declareInterest({ ctx, staff: manager, userId: branchMember.userId, kind: 'unit', value: 'North Branch', endedOn: null });
  const inTriage = () => caseInTriage(ctx, cast);
  const atDecision = () => caseAtDecision(ctx, cast);
  const decide = async (caseId: string, by: Staff, sanction: { sanctionId: string; sanctionMonths?: number; justification?: string }) =>
    recordPanelDecision({ ctx, staff: by, caseId, decision: await decisionFor(ctx, caseId, { finding: 'upheld', ...sanction }) });

  // Monday 2 March.
  const late = await inTriage();
  await assignCase({ ctx, staff: manager, caseId: late.caseId, userId: manager.userId, role: 'case_manager' });
  await extendCaseDeadline({ ctx, staff: manager, caseId: late.caseId, workingDays: 5, reason: EXTENSION_REASON });
  const paused = await inTriage();

  const first = await atDecision();
  const firstPanel = await sittingPanel(ctx, first.caseId, 'decision', pool);
  const recused = firstPanel[2]!;
  await recuseFromPanel({ ctx, staff: manager, caseId: first.caseId, userId: recused.userId, reason: RECUSAL_REASON });
  await decide(first.caseId, firstPanel[0]!, { sanctionId: 'education_course' });

  const second = await atDecision();
  await decide(second.caseId, (await sittingPanel(ctx, second.caseId, 'decision', pool))[0]!, { sanctionId: 'education_course' });

  const outside = await atDecision();
  const outsidePanel = await sittingPanel(ctx, outside.caseId, 'decision', pool);
  const conflicted = outsidePanel[0]!;

  // Tuesday 3 March: a pause, and the chair's late declaration.
  clock.set('2026-03-03T10:00:00Z');
  await pauseCaseClock({ ctx, staff: manager, caseId: paused.caseId, reason: PAUSE_REASON });
  await declareInterest({ ctx, staff: conflicted, userId: conflicted.userId, kind: 'relationship', value: 'Councillor Fictional', endedOn: null });

  // Wednesday 4 March: the departure from precedent, and the appeal allowed.
  clock.set('2026-03-04T10:00:00Z');
  await decide(outside.caseId, outsidePanel[1]!, { sanctionId: 'expulsion', sanctionMonths: 24, justification: JUSTIFICATION });
  await lodgeAppeal({ ctx, token: second.token, appeal: { grounds: ['procedure'], statement: 'The panel relied on a statement that was never shown to me, so I could not answer it.' } });
  await drawPanel({ ctx, staff: manager, caseId: second.caseId });
  const appealPanel = await sittingPanel(ctx, second.caseId, 'appeal', pool);
  await decideAppeal({
    ctx,
    staff: appealPanel[0]!,
    caseId: second.caseId,
    decision: { outcome: 'allowed', reasons: 'The statement relied on was never disclosed to the respondent, so the hearing was unfair and the decision cannot stand.', sanctionId: null, sanctionMonths: null },
  });

  // The appeal windows lapse and the cases close themselves the next day.
  clock.set('2026-03-17T10:00:00Z');
  await closeLapsedAppealWindows({ ctx });
  clock.set('2026-03-19T10:00:00Z');
  await closeLapsedAppealWindows({ ctx });
  clock.set('2026-03-25T10:00:00Z');

  return { manager, overseer: cast.overseer, pool, branchMember, recused, conflicted, late, paused, first, second, outside };
}
