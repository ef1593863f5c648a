import { canReadCase } from '../../domain/access.js';
import { isAssigned } from '../../db/repositories/case-assignment.repository.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';

/**
 * Whether a member of staff may open a case, without opening it (so nothing
 * is recorded): after an action that hands the case on, for example triage
 * opening an investigation, the person who acted may no longer see it.
 */
export async function canOpenCase(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<boolean> {
  const caseRow = await findCaseById(options.ctx.db, options.caseId);
  if (!caseRow) return false;
  return canReadCase({ roles: options.staff.roles, assigned: await isAssigned(options.ctx.db, caseRow.id, options.staff.userId), stage: caseRow.stage });
}
