import { isLocalDate, compareLocalDates } from '../../domain/calendar/local-date.js';
import { INTEREST_KINDS, type InterestKind, type PoolCandidate, type PoolRole } from '../../domain/due-process/panel.js';
import { PANEL_POOL_ROLES } from '../../config/organisation-config.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { endInterest, insertInterest, insertTraining, listInterests, listPool, listTrainings, upsertPoolMember } from '../../db/repositories/panel-pool.repository.js';
import { findUserById } from '../../db/repositories/user.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';

export type PoolMember = Omit<PoolCandidate, 'interests' | 'trainings'> & {
  active: boolean;
  interests: (PoolCandidate['interests'][number] & { id: string; declaredOn: string })[];
  trainings: (PoolCandidate['trainings'][number] & { completedOn: string })[];
  /** Required courses not held in date today. */
  missingTraining: string[];
};

/** The pool with every member's roles, training and declared interests, as the screening sees them. */
export async function loadPool(ctx: ServiceContext, db: Executor, options: { activeOnly: boolean }): Promise<PoolMember[]> {
  const members = await listPool(db, options);
  const ids = members.map((member) => member.user_id);
  const [trainings, interests] = await Promise.all([listTrainings(db, ids), listInterests(db, ids)]);
  const now = today(ctx);
  return members.map((member) => {
    const held = trainings.filter((training) => training.user_id === member.user_id).map((training) => ({ course: training.course, completedOn: training.completed_on, expiresOn: training.expires_on }));
    return {
      userId: member.user_id,
      name: member.display_name,
      roles: JSON.parse(member.roles) as PoolRole[],
      active: member.active === 1,
      trainings: held,
      interests: interests
        .filter((interest) => interest.user_id === member.user_id)
        .map((interest) => ({ id: interest.id, kind: interest.kind as InterestKind, value: interest.value, declaredOn: interest.declared_on, endedOn: interest.ended_on })),
      missingTraining: ctx.config.organisation.dueProcess.panel.requiredTraining.filter((course) => !held.some((training) => training.course === course && training.expiresOn >= now)),
    };
  });
}

export async function listPanelPool(options: { ctx: ServiceContext; staff: Staff }): Promise<PoolMember[]> {
  assertPermission(options.staff, 'panels.manage', 'manage the panel pool');
  return loadPool(options.ctx, options.ctx.db, { activeOnly: false });
}

/** Adds a person to the pool or changes their pool roles. Only people holding the panel member role can sit. */
export async function savePoolMember(options: { ctx: ServiceContext; staff: Staff; userId: string; roles: string[]; active: boolean }): Promise<void> {
  const { ctx } = options;
  assertPermission(options.staff, 'panels.manage', 'manage the panel pool');
  const roles = [...new Set(options.roles)];
  const issues: FieldIssue[] = [];
  if (roles.length === 0 || roles.some((role) => !(PANEL_POOL_ROLES as readonly string[]).includes(role))) {
    issues.push({ field: 'roles', message: 'Choose at least one of chair, member, independent lawyer and lay member.' });
  }
  assertNoIssues(issues);
  const user = await findUserById(ctx.db, options.userId);
  if (!user || user.disabled_at || !user.roles.includes('panel_member')) {
    throw new DomainError('rule_violated', 'Only an active account with the panel member role can join the pool.', [{ field: 'userId', message: 'Give the person the panel member role first.' }]);
  }
  await upsertPoolMember(ctx.db, { user_id: user.id, roles: JSON.stringify(roles), active: options.active ? 1 : 0, updated_at: ctx.clock.now().toISOString() });
}

function checkDate(issues: FieldIssue[], field: string, value: string, label: string): void {
  if (!isLocalDate(value)) issues.push({ field, message: `Give ${label} as a date (YYYY-MM-DD).` });
}

export async function recordTraining(options: { ctx: ServiceContext; staff: Staff; userId: string; course: string; completedOn: string; expiresOn: string }): Promise<void> {
  const { ctx } = options;
  assertPermission(options.staff, 'panels.manage', 'record panel training');
  const course = options.course.trim();
  const issues: FieldIssue[] = [];
  if (course.length < 3) issues.push({ field: 'course', message: 'Name the course.' });
  checkDate(issues, 'completedOn', options.completedOn, 'the completion date');
  checkDate(issues, 'expiresOn', options.expiresOn, 'the expiry date');
  if (issues.length === 0 && compareLocalDates(options.expiresOn, options.completedOn) <= 0) issues.push({ field: 'expiresOn', message: 'The expiry must come after completion.' });
  assertNoIssues(issues);
  await insertTraining(ctx.db, {
    id: ctx.random.uuid(),
    user_id: options.userId,
    course,
    completed_on: options.completedOn,
    expires_on: options.expiresOn,
    recorded_at: ctx.clock.now().toISOString(),
  });
}

/**
 * Records an interest a pool member declares: they may declare their own,
 * and pool managers may record one on their behalf. Interests are never
 * deleted, only ended, so a past screening can always be explained.
 */
export async function declareInterest(options: { ctx: ServiceContext; staff: Staff; userId: string; kind: string; value: string; endedOn: string | null }): Promise<void> {
  const { ctx, staff } = options;
  if (staff.userId !== options.userId) assertPermission(staff, 'panels.manage', "record another person's interests");
  const value = options.value.trim();
  const issues: FieldIssue[] = [];
  if (!(INTEREST_KINDS as readonly string[]).includes(options.kind)) issues.push({ field: 'kind', message: 'Choose the kind of interest.' });
  if (value.length < 2) issues.push({ field: 'value', message: 'Describe the interest: the branch, group, person or office.' });
  if (options.endedOn !== null) checkDate(issues, 'endedOn', options.endedOn, 'the date it ended');
  assertNoIssues(issues);
  await insertInterest(ctx.db, { id: ctx.random.uuid(), user_id: options.userId, kind: options.kind, value, declared_on: today(ctx), ended_on: options.endedOn });
}

export async function endDeclaredInterest(options: { ctx: ServiceContext; staff: Staff; userId: string; interestId: string }): Promise<void> {
  const { ctx, staff } = options;
  if (staff.userId !== options.userId) assertPermission(staff, 'panels.manage', "change another person's interests");
  else assertPermission(staff, 'cases.sit_on_panel', 'change declared panel interests');
  if (!(await endInterest(ctx.db, { interestId: options.interestId, userId: options.userId, endedOn: today(ctx) }))) {
    throw new DomainError('not_found', 'There is no such current interest.');
  }
}
