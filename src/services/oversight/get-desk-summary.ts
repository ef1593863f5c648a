import { countCases } from '../../db/repositories/case.repository.js';
import { assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';
import { nowIso, type ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { countRegister } from '../../db/repositories/outside-contact.repository.js';
import { getLedgerRecord, type LedgerRecord } from './ledger-record.js';
import { listFindings } from '../../db/repositories/audit.repository.js';
import { findingViews } from './list-audit-findings.js';

export type DeskSummary = {
  openCases: number;
  overdueCases: number;
  contacts: number;
  contactsReachingDecisionMaker: number;
  refusedAttempts: number;
  liveEmergencyAccess: number;
  emergencyAccessUses: number;
  record: LedgerRecord;
  /** Audit findings the organisation has still to answer, or whose answer waits for the overseer, and how many are overdue. */
  openFindings: number;
  overdueFindings: number;
};

/** The overseer's first page: the headline of each part of the desk, each linking to the detail. */
export async function getDeskSummary(options: { ctx: ServiceContext; staff: Staff }): Promise<DeskSummary> {
  const { ctx, staff } = options;
  assertPermission(staff, 'oversight.read', 'read the overseer’s desk');
  const all = { kind: 'all' } as const;
  const [openCases, overdueCases, register, record, findings] = await Promise.all([
    countCases(ctx.db, ctx.dbKind, { scope: all, open: true }),
    countCases(ctx.db, ctx.dbKind, { scope: all, overdueOn: today(ctx) }),
    countRegister(ctx.db, nowIso(ctx)),
    getLedgerRecord({ ctx, staff }),
    listFindings(ctx.db, { statuses: ['awaiting_answer', 'answered'] }).then((rows) => findingViews(ctx, ctx.db, rows)),
  ]);
  return {
    openCases,
    overdueCases,
    contacts: register.contacts,
    contactsReachingDecisionMaker: register.reachingDecisionMaker,
    refusedAttempts: register.refusedAttempts,
    liveEmergencyAccess: register.liveEmergencyAccess,
    emergencyAccessUses: register.emergencyAccessUses,
    record,
    openFindings: findings.length,
    overdueFindings: findings.filter((finding) => finding.overdue).length,
  };
}
