import { compareLocalDates } from '../../domain/calendar/local-date.js';
import type { CaseFacts } from '../../domain/case/workflow.js';
import { findHearing } from '../../db/repositories/hearing.repository.js';
import { findNotice } from '../../db/repositories/notice.repository.js';
import { findCurrentPanel, listSeats } from '../../db/repositories/panel.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { today } from '../cases/case-clock.js';

export type PanelPurpose = 'decision' | 'appeal';

/** The panel a stage needs: the decision panel, or after an appeal is lodged the appeal panel. */
export function panelPurposeFor(stage: string): PanelPurpose | null {
  if (stage === 'decision') return 'decision';
  if (stage === 'appeal') return 'appeal';
  return null;
}

/** The current panel for the case's stage and its sitting (not recused) members. */
export async function currentPanel(db: Executor, caseRow: CaseRow) {
  const purpose = panelPurposeFor(caseRow.stage);
  const panel = purpose ? await findCurrentPanel(db, caseRow.id, purpose) : undefined;
  const seats = panel ? (await listSeats(db, [panel.id])).filter((seat) => seat.recused_at === null) : [];
  return { purpose, panel, seats };
}

type DueProcessFacts = Pick<CaseFacts, 'respondentHeard' | 'panelSeated' | 'hearingRequired' | 'hearingHeld' | 'appealWindowOpen'>;

/** What the workflow's due-process guards need to know about a case. */
export async function gatherDueProcessFacts(ctx: ServiceContext, db: Executor, caseRow: CaseRow): Promise<DueProcessFacts> {
  const now = today(ctx);
  const [notice, { panel, seats }] = await Promise.all([findNotice(db, caseRow.id), currentPanel(db, caseRow)]);
  const hearing = panel ? await findHearing(db, panel.id) : undefined;
  const seatCount = ctx.config.organisation.dueProcess.panel.seats.length;
  return {
    respondentHeard: notice !== undefined && (notice.responded_at !== null || compareLocalDates(notice.response_due_on, now) < 0),
    panelSeated: panel !== undefined && seats.length === seatCount,
    hearingRequired: ctx.config.organisation.dueProcess.hearing === 'always' || notice?.hearing_requested === 1,
    hearingHeld: hearing?.held_at != null,
    appealWindowOpen: caseRow.stage === 'appeal_window' && caseRow.stage_due_on ? compareLocalDates(now, caseRow.stage_due_on) <= 0 : null,
  };
}
