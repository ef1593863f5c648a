import { CaseAccessRefused, canReadCase, hasPermission, INTAKE_QUEUE_STAGES, type Permission } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { isAssigned } from '../../db/repositories/case-assignment.repository.js';
import { findLiveGrant } from '../../db/repositories/break-glass.repository.js';
import type { CaseAccessScope } from '../../db/repositories/case.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import { nowIso, type ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';

/** Whether a member of staff may read this case: through assignment, an emergency grant, or the intake queue. */
export async function mayReadCase(db: Executor, ctx: Pick<ServiceContext, 'clock'>, staff: Staff, caseRow: CaseRow): Promise<boolean> {
  const assigned = await isAssigned(db, caseRow.id, staff.userId);
  const emergencyGrant = !assigned && (await findLiveGrant(db, caseRow.id, staff.userId, nowIso(ctx))) !== undefined;
  return canReadCase({ roles: staff.roles, assigned, emergencyGrant, stage: caseRow.stage });
}

/** Refuses a member of staff who may not read this case. */
export async function assertCanReadCase(db: Executor, ctx: Pick<ServiceContext, 'clock'>, staff: Staff, caseRow: CaseRow): Promise<void> {
  if (!(await mayReadCase(db, ctx, staff, caseRow))) throw new CaseAccessRefused(caseRow.id, caseRow.reference, caseRow.stage);
}

export function assertPermission(staff: Staff, permission: Permission, what: string): void {
  if (!hasPermission(staff.roles, permission)) throw new DomainError('forbidden', `Your role does not allow you to ${what}.`);
}

/** The cases a member of staff may see in lists. */
export function accessScope(staff: Staff): CaseAccessScope {
  return {
    kind: 'user',
    userId: staff.userId,
    includeIntakeQueue: hasPermission(staff.roles, 'cases.view_intake_queue'),
    intakeStages: INTAKE_QUEUE_STAGES,
  };
}
