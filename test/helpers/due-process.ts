import type { PoolRole } from '../../src/domain/due-process/panel.js';
import type { DecisionInput } from '../../src/domain/due-process/decision.js';
import { listAllegations } from '../../src/db/repositories/case-allegation.repository.js';
import { listEvidence } from '../../src/db/repositories/evidence.repository.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';
import { findCurrentPanel, listSeats } from '../../src/db/repositories/panel.repository.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitInvestigationReport } from '../../src/services/cases/investigate.js';
import { issueNotice, type NoticeInput } from '../../src/services/due-process/issue-notice.js';
import { recordTraining, savePoolMember } from '../../src/services/due-process/panel-pool.js';
import { respondToNotice } from '../../src/services/due-process/respond-to-notice.js';
import { createStaff, REPORT } from './factories.js';

export const RESPONDENT_EMAIL = 'respondent@example.test';
export const TRAINING = 'Due process and the code of conduct';

/** A pool large enough for a decision panel and a separate appeal panel, all trained: three lawyers, three members, three lay members. */
export async function createPanelPool(ctx: ServiceContext, manager: Staff, roles: PoolRole[][] = [['lawyer', 'chair'], ['lawyer'], ['lawyer'], ['member'], ['member', 'chair'], ['member'], ['lay'], ['lay'], ['lay']]): Promise<(Staff & { email: string })[]> {
  const members: (Staff & { email: string })[] = [];
  for (const [index, poolRoles] of roles.entries()) {
    const member = await createStaff(ctx, ['panel_member'], `Panel ${poolRoles.join('/')} ${index + 1}`);
    await savePoolMember({ ctx, staff: manager, userId: member.userId, roles: poolRoles, active: true });
    await recordTraining({ ctx, staff: manager, userId: member.userId, course: TRAINING, completedOn: '2025-06-01', expiresOn: '2027-06-01' });
    members.push(member);
  }
  return members;
}

/** A complete notice for the case as it stands: every allegation particularised, every item of evidence disclosed. */
export async function noticeFor(ctx: ServiceContext, caseId: string, overrides: Partial<NoticeInput> = {}): Promise<NoticeInput> {
  const [allegations, evidence] = await Promise.all([listAllegations(ctx.db, caseId), listEvidence(ctx.db, caseId)]);
  return {
    respondent: { name: 'Councillor Fictional', email: RESPONDENT_EMAIL, membershipNumber: 'M-1001', unit: 'North Branch', affiliations: ['Friends of the Canal'] },
    coveringLetter: 'A complaint has been made about your conduct. Each allegation, the clause it cites and the evidence relied on are set out below.',
    particulars: Object.fromEntries(allegations.map((allegation) => [allegation.id, 'On 12 February you sent messages repeating a conspiracy theory about Jewish control.'])),
    evidence: Object.fromEntries(evidence.map((item) => [item.id, { disclose: true, redactionNote: null, withheldReason: null }])),
    identityWithheldReason: null,
    ...overrides,
  };
}

/** The portal token in the newest e-mail to an address that carries one, as the recipient would follow it. */
export async function portalTokenSentTo(ctx: ServiceContext, address: string): Promise<string> {
  const mail = (await listOutbox(ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; text: string }).filter((message) => message.to === address);
  const links = mail.map((message) => /\/portal\/enter\/([A-Za-z0-9_-]+)/.exec(message.text)?.[1]).filter((token): token is string => token !== undefined);
  if (links.length === 0) throw new Error(`no portal link was sent to ${address}`);
  return links.at(-1)!;
}

/** Notice given, and answered by the respondent through the portal link they were e-mailed. */
export async function giveNoticeAndAnswer(ctx: ServiceContext, options: { investigator: Staff; caseId: string; hearingRequested?: boolean }): Promise<{ token: string }> {
  await issueNotice({ ctx, staff: options.investigator, caseId: options.caseId, notice: await noticeFor(ctx, options.caseId) });
  const token = await portalTokenSentTo(ctx, RESPONDENT_EMAIL);
  await respondToNotice({ ctx, token, answer: { answers: {}, generalResponse: 'I accept sending the messages and apologise.', hearingRequested: options.hearingRequested ?? false }, files: [] });
  return { token };
}

/** Notice given and answered, and the report submitted: the case is with the decision panel. */
export async function referForDecision(ctx: ServiceContext, options: { investigator: Staff; caseId: string; hearingRequested?: boolean }): Promise<{ token: string }> {
  const heard = await giveNoticeAndAnswer(ctx, options);
  await submitInvestigationReport({ ctx, staff: options.investigator, caseId: options.caseId, ...REPORT });
  return heard;
}

/** The sitting members of the panel the case's stage needs, as staff; the chair first. */
export async function sittingPanel<Member extends Staff>(ctx: ServiceContext, caseId: string, purpose: 'decision' | 'appeal', pool: Member[]): Promise<Member[]> {
  const panel = await findCurrentPanel(ctx.db, caseId, purpose);
  if (!panel) throw new Error(`no ${purpose} panel`);
  const seats = (await listSeats(ctx.db, [panel.id])).filter((seat) => seat.recused_at === null);
  return seats.map((seat) => pool.find((member) => member.userId === seat.user_id)!);
}

export const FINDING_REASONS = 'The messages were sent and, in context, repeat the conspiracy theory named in the example.';
export const PANEL_REASONS = 'The panel read the report and the response, and finds on the balance of probabilities that the messages breach the code in context.';

/** A complete decision with the same finding on every allegation. */
export async function decisionFor(ctx: ServiceContext, caseId: string, options: { finding: string; sanctionId: string; sanctionMonths?: number | null; justification?: string }): Promise<DecisionInput> {
  const allegations = await listAllegations(ctx.db, caseId);
  return {
    findings: allegations.map((allegation) => ({ allegationId: allegation.id, finding: options.finding, reasons: FINDING_REASONS, examplesRelied: [allegation.clause_id] })),
    reasons: PANEL_REASONS,
    sanctionId: options.sanctionId,
    sanctionMonths: options.sanctionMonths ?? null,
    justification: options.justification ?? '',
  };
}
