import { ROLES, isRole, requirePermission, type Role } from '../../domain/access.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { deleteUserSessions } from '../../db/repositories/session.repository.js';
import { findUserByEmail, findUserById, insertUser, listUsers as listUserRows, replaceUserRoles, updateUser, type UserWithRoles } from '../../db/repositories/user.repository.js';
import { hashPassword } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { passwordIssues } from '../auth/password-policy.js';

/** Who is asking: a signed-in administrator, or the operator at the command line. */
export type UserAdministrator = { kind: 'staff'; staff: Staff } | { kind: 'operator' };

function authorise(administrator: UserAdministrator): void {
  if (administrator.kind === 'staff') requirePermission(administrator.staff.roles, 'users.manage');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(options: {
  ctx: ServiceContext;
  by: UserAdministrator;
  email: string;
  displayName: string;
  password: string;
  roles: string[];
}): Promise<UserWithRoles> {
  const { ctx } = options;
  authorise(options.by);
  const email = options.email.trim().toLowerCase();
  const displayName = options.displayName.trim();
  const issues: FieldIssue[] = [
    ...(EMAIL.test(email) ? [] : [{ field: 'email', message: 'Enter an e-mail address like name@example.org.' }]),
    ...(displayName.length >= 2 ? [] : [{ field: 'displayName', message: 'Enter the person’s name.' }]),
    ...passwordIssues(options.password),
    ...(options.roles.length > 0 && options.roles.every(isRole) ? [] : [{ field: 'roles', message: `Choose at least one role: ${ROLES.join(', ')}.` }]),
  ];
  assertNoIssues(issues);
  if (await findUserByEmail(ctx.db, email)) throw new DomainError('conflict', `There is already an account for ${email}.`, [{ field: 'email', message: 'This address already has an account.' }]);
  const id = ctx.random.uuid();
  const passwordHash = await hashPassword(options.password);
  await ctx.db.transaction().execute((trx) =>
    insertUser(
      trx,
      { id, email, display_name: displayName, password_hash: passwordHash, totp_secret: null, totp_enabled: 0, failed_logins: 0, locked_until: null, disabled_at: null, created_at: ctx.clock.now().toISOString() },
      [...new Set(options.roles)],
    ),
  );
  return (await findUserById(ctx.db, id))!;
}

export async function listUsers(options: { ctx: ServiceContext; by: UserAdministrator }): Promise<UserWithRoles[]> {
  authorise(options.by);
  return listUserRows(options.ctx.db);
}

async function existingUser(ctx: ServiceContext, email: string): Promise<UserWithRoles> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) throw new DomainError('not_found', `There is no account for ${email}.`);
  return user;
}

/** Sets a new password, clears any lockout and ends the person's sessions. */
export async function resetPassword(options: { ctx: ServiceContext; by: UserAdministrator; email: string; password: string }): Promise<void> {
  const { ctx } = options;
  authorise(options.by);
  assertNoIssues(passwordIssues(options.password));
  const user = await existingUser(ctx, options.email);
  const passwordHash = await hashPassword(options.password);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_hash: passwordHash, failed_logins: 0, locked_until: null });
    await deleteUserSessions(trx, user.id);
  });
}

export async function disableUser(options: { ctx: ServiceContext; by: UserAdministrator; email: string }): Promise<void> {
  const { ctx } = options;
  authorise(options.by);
  const user = await existingUser(ctx, options.email);
  if (options.by.kind === 'staff' && options.by.staff.userId === user.id) throw new DomainError('rule_violated', 'You cannot disable your own account.');
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { disabled_at: ctx.clock.now().toISOString() });
    await deleteUserSessions(trx, user.id);
  });
}

export async function setUserRoles(options: { ctx: ServiceContext; by: UserAdministrator; userId: string; roles: string[] }): Promise<void> {
  const { ctx } = options;
  authorise(options.by);
  const roles = [...new Set(options.roles)];
  if (!roles.every(isRole)) throw new DomainError('validation_failed', 'Unknown role.', [{ field: 'roles', message: `Choose from ${ROLES.join(', ')}.` }]);
  const user = await findUserById(ctx.db, options.userId);
  if (!user) throw new DomainError('not_found', 'No such user.');
  if (options.by.kind === 'staff' && options.by.staff.userId === user.id && !roles.includes('system_admin')) {
    throw new DomainError('rule_violated', 'You cannot remove your own administrator role.');
  }
  await replaceUserRoles(ctx.db, user.id, roles as Role[]);
}
