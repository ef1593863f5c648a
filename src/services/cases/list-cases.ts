import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { hasCaseRole } from '../../domain/access.js';
import { parseCitationKey } from '../../domain/code-pack/code-pack.js';
import { DomainError } from '../../domain/errors.js';
import { countCases, listCases as listCaseRows, type CaseListFilter } from '../../db/repositories/case.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { accessScope } from './case-access.js';
import { today } from './case-clock.js';

export type CaseListQuery = {
  stage?: string | undefined;
  assigneeId?: string | undefined;
  /** A citation key (`pack@version#clause`); the version is ignored so every version's citations match. */
  clause?: string | undefined;
  overdue?: boolean | undefined;
  dueThisWeek?: boolean | undefined;
  open?: boolean | undefined;
  search?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
};

export type CaseListItem = CaseRow & { overdue: boolean };

export type CaseList = { items: CaseListItem[]; total: number; page: number; pageSize: number; today: string };

/** The cases a member of staff may see, filtered and searched. Lists show no case content beyond the summary. */
export async function listCases(options: { ctx: ServiceContext; staff: Staff; query: CaseListQuery }): Promise<CaseList> {
  const { ctx, staff, query } = options;
  if (!hasCaseRole(staff.roles)) throw new DomainError('forbidden', 'Your role gives you no access to cases.');
  const pageSize = Math.min(Math.max(query.pageSize ?? 50, 1), 200);
  const page = Math.max(query.page ?? 1, 1);
  const todayDate = today(ctx);
  const citation = query.clause ? parseCitationKey(query.clause) : null;
  if (query.clause && !citation) throw new DomainError('validation_failed', 'Unknown clause.', [{ field: 'clause', message: 'Choose a clause from the list.' }]);
  if (query.stage && !ctx.workflow.stages.some((stage) => stage.id === query.stage)) {
    throw new DomainError('validation_failed', 'Unknown stage.', [{ field: 'stage', message: 'Choose a stage from the list.' }]);
  }
  const filter: Omit<CaseListFilter, 'limit' | 'offset'> = {
    scope: accessScope(staff),
    stage: query.stage,
    assigneeId: query.assigneeId,
    clause: citation ? { packId: citation.packId, clauseId: citation.clauseId } : undefined,
    overdueOn: query.overdue ? todayDate : undefined,
    dueBy: query.dueThisWeek ? { from: todayDate, to: addWorkingDays(todayDate, ctx.config.organisation.timetable.dueSoonWorkingDays, ctx.calendar) } : undefined,
    open: query.open,
    search: query.search,
  };
  const [rows, total] = await Promise.all([
    listCaseRows(ctx.db, ctx.dbKind, { ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
    countCases(ctx.db, ctx.dbKind, filter),
  ]);
  return {
    items: rows.map((row) => ({ ...row, overdue: !row.closed_at && !row.paused_since && row.stage_due_on !== null && row.stage_due_on < todayDate })),
    total,
    page,
    pageSize,
    today: todayDate,
  };
}

export type Dashboard = { mine: CaseList; overdue: CaseList; dueThisWeek: CaseList; intakeQueue: CaseList | null };

/** The member of staff's starting page: their cases, what is late, and what falls due within the week. */
export async function getDashboard(options: { ctx: ServiceContext; staff: Staff }): Promise<Dashboard> {
  const { ctx, staff } = options;
  const base = { pageSize: 10 };
  const [mine, overdue, dueThisWeek, intakeQueue] = await Promise.all([
    listCases({ ctx, staff, query: { ...base, assigneeId: staff.userId, open: true } }),
    listCases({ ctx, staff, query: { ...base, overdue: true } }),
    listCases({ ctx, staff, query: { ...base, dueThisWeek: true } }),
    staff.roles.some((role) => role === 'intake_officer' || role === 'case_manager') ? listCases({ ctx, staff, query: { ...base, stage: 'received' } }) : Promise.resolve(null),
  ]);
  return { mine, overdue, dueThisWeek, intakeQueue };
}
