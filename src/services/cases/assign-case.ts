import { CASE_ROLES, type CaseRole } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { insertAssignment, listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { findUserById } from '../../db/repositories/user.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase, type CaseChange } from './change-case.js';
import { involvedPeople } from '../due-process/involvement.js';

const FIELD_OF: Record<CaseRole, string> = { investigator: 'investigatorId', case_manager: 'caseManagerId', independent_reviewer: 'userId' };

/**
 * Assigns a person to a case in a running change. Refuses anyone who does not
 * hold the role, is disabled, or already holds another case role here; an
 * independent reviewer must have had no hand in the case at all.
 */
export async function assignInChange(ctx: ServiceContext, change: CaseChange, options: { userId: string; role: CaseRole }): Promise<void> {
  const { trx, caseRow } = change;
  const user = await findUserById(trx, options.userId);
  const field = FIELD_OF[options.role];
  if (!user || user.disabled_at || !user.roles.includes(options.role)) {
    throw new DomainError('rule_violated', `The person chosen is not an active ${options.role.replaceAll('_', ' ')}.`, [{ field, message: 'Choose someone who holds that role.' }]);
  }
  if (options.role === 'independent_reviewer' && (await involvedPeople(trx, caseRow)).has(user.id)) {
    throw new DomainError('rule_violated', `${user.display_name} has already had a part in this case, so cannot review its decision independently.`, [{ field, message: 'Choose someone with no part in the case.' }]);
  }
  const current = await listAssignments(trx, caseRow.id);
  if (current.some((assignment) => assignment.user_id === user.id && assignment.role === options.role)) return;
  if (current.some((assignment) => assignment.user_id === user.id && assignment.role !== options.role)) {
    throw new DomainError('rule_violated', `${user.display_name} already holds another role on this case; the investigator and the decision-maker must be different people.`, [
      { field, message: 'Choose someone not already on this case.' },
    ]);
  }
  await insertAssignment(trx, { case_id: caseRow.id, user_id: user.id, role: options.role, assigned_at: ctx.clock.now().toISOString() });
  change.record({ type: 'case_assigned', userId: user.id, userName: user.display_name, role: options.role });
}

export async function assignCase(options: { ctx: ServiceContext; staff: Staff; caseId: string; userId: string; role: string }): Promise<void> {
  const role = options.role;
  if (!(CASE_ROLES as readonly string[]).includes(role)) {
    throw new DomainError('validation_failed', 'Choose a case role.', [{ field: 'role', message: 'Choose case manager, investigator or independent reviewer.' }]);
  }
  return changeCase({
    ...options,
    permission: 'cases.assign',
    what: 'assign cases',
    change: (change) => assignInChange(options.ctx, change, { userId: options.userId, role: role as CaseRole }),
  });
}
