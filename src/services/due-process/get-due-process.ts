import { DomainError } from '../../domain/errors.js';
import { hasPermission } from '../../domain/access.js';
import { listAppeals, type AppealRow } from '../../db/repositories/appeal.repository.js';
import { listParties, type PartyRow } from '../../db/repositories/case-party.repository.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import { listDecisions, listFindings, type DecisionRow, type FindingRow } from '../../db/repositories/decision.repository.js';
import { listHearings, type HearingRow } from '../../db/repositories/hearing.repository.js';
import { findNotice, listDisclosures, listNoticeAllegations, type DisclosureRow, type NoticeAllegationRow, type NoticeRow } from '../../db/repositories/notice.repository.js';
import { listPanels, listScreenings, listSeats, type PanelRow, type ScreeningRow, type SeatWithName } from '../../db/repositories/panel.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertCanReadCase } from '../cases/case-access.js';
import { loadDecisionContext, type DecisionContext } from './decide-case.js';
import { currentPanel } from './due-process-facts.js';

export type PanelView = PanelRow & { seats: SeatWithName[]; screenings: (ScreeningRow & { display_name: string })[] };

export type DueProcessView = {
  parties: PartyRow[];
  notice: (NoticeRow & { allegations: NoticeAllegationRow[]; disclosures: DisclosureRow[] }) | null;
  panels: PanelView[];
  /** The panel the stage needs now, if drawn; its sitting members. */
  current: { panelId: string; purpose: string; sitting: string[] } | null;
  hearings: HearingRow[];
  decisions: (DecisionRow & { findings: FindingRow[] })[];
  appeals: AppealRow[];
  /** What a sitting member needs to decide, when the viewer sits on the panel deciding the case now. */
  decisionContext: DecisionContext | null;
};

/**
 * Everything about a case's due process that its page shows: parties,
 * notice and answer, panels with their screening, hearings, decisions and
 * appeals. Read by people who may open the case; the page's own read is
 * what is recorded.
 */
export async function getDueProcess(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<DueProcessView> {
  const { ctx, staff } = options;
  const db = ctx.db;
  const caseRow = await findCaseById(db, options.caseId);
  if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
  await assertCanReadCase(db, ctx, staff, caseRow);
  const [parties, notice, panels, hearings, decisions, appeals, now] = await Promise.all([
    listParties(db, caseRow.id),
    findNotice(db, caseRow.id),
    listPanels(db, caseRow.id),
    listHearings(db, caseRow.id),
    listDecisions(db, caseRow.id),
    listAppeals(db, caseRow.id),
    currentPanel(db, caseRow),
  ]);
  const [noticeAllegations, disclosures, seats, findings, screenings] = await Promise.all([
    notice ? listNoticeAllegations(db, notice.id) : [],
    notice ? listDisclosures(db, notice.id) : [],
    listSeats(db, panels.map((panel) => panel.id)),
    listFindings(db, decisions.map((decision) => decision.id)),
    Promise.all(panels.map((panel) => listScreenings(db, panel.id))),
  ]);
  const sitting = now.seats.map((seat) => seat.user_id);
  const decides = now.panel !== undefined && sitting.includes(staff.userId) && hasPermission(staff.roles, 'cases.sit_on_panel') && ['decision', 'appeal'].includes(caseRow.stage);
  return {
    parties,
    notice: notice ? { ...notice, allegations: noticeAllegations, disclosures } : null,
    panels: panels.map((panel, index) => ({ ...panel, seats: seats.filter((seat) => seat.panel_id === panel.id), screenings: screenings[index]! })),
    current: now.panel ? { panelId: now.panel.id, purpose: now.panel.purpose, sitting } : null,
    hearings,
    decisions: decisions.map((decision) => ({ ...decision, findings: findings.filter((finding) => finding.decision_id === decision.id) })),
    appeals,
    decisionContext: decides ? await loadDecisionContext(ctx, db, caseRow) : null,
  };
}
