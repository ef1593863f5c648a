import { findCaseById } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { mayReadCase } from './case-access.js';

/**
 * Whether a member of staff may open a case, without opening it (so nothing
 * is recorded): after an action that hands the case on, for example triage
 * opening an investigation, the person who acted may no longer see it.
 */
export async function canOpenCase(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<boolean> {
  const caseRow = await findCaseById(options.ctx.db, options.caseId);
  return caseRow !== undefined && mayReadCase(options.ctx.db, options.ctx, options.staff, caseRow);
}
