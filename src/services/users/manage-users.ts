import { ROLES, isRole, requirePermission, type Role } from '../../domain/access.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { deleteUserSessions } from '../../db/repositories/session.repository.js';
import { findUserByEmail, findUserById, insertUser, listUsers as listUserRows, replaceUserRoles, updateUser, type UserWithRoles } from '../../db/repositories/user.repository.js';
import { NO_PASSWORD, hashPassword } from '../../infra/secrets.js';
import type { Insertable } from 'kysely';
import type { UserTable } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { passwordIssues } from '../auth/password-policy.js';

/** Who is asking: a signed-in administrator, or the operator at the command line. */
export type UserAdministrator = { kind: 'staff'; staff: Staff } | { kind: 'operator' };

function authorise(administrator: UserAdministrator): void {
  if (administrator.kind === 'staff') requirePermission(administrator.staff.roles, 'users.manage');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type NewUser = { email: string; displayName: string; password: string; roles: string[] };

/** A new account checked and its password hashed, ready to insert in the caller's transaction. */
export type PreparedUser = { row: Insertable<UserTable>; roles: Role[] };

export async function prepareUser(ctx: ServiceContext, user: NewUser): Promise<PreparedUser> {
  const email = user.email.trim().toLowerCase();
  const displayName = user.displayName.trim();
  const issues: FieldIssue[] = [
    ...(EMAIL.test(email) ? [] : [{ field: 'email', message: 'Enter an e-mail address like name@example.org.' }]),
    ...(displayName.length >= 2 ? [] : [{ field: 'displayName', message: 'Enter the person’s name.' }]),
    ...passwordIssues(user.password),
    ...(user.roles.length > 0 && user.roles.every(isRole) ? [] : [{ field: 'roles', message: `Choose at least one role: ${ROLES.join(', ')}.` }]),
  ];
  assertNoIssues(issues);
  if (await findUserByEmail(ctx.db, email)) throw emailTaken(email);
  const row = {
    id: ctx.random.uuid(),
    email,
    display_name: displayName,
    password_hash: await hashPassword(user.password),
    totp_secret: null,
    totp_enabled: 0,
    totp_last_step: null,
    failed_logins: 0,
    locked_until: null,
    disabled_at: null,
    created_at: ctx.clock.now().toISOString(),
  };
  return { row, roles: [...new Set(user.roles)] as Role[] };
}

function emailTaken(email: string): DomainError {
  return new DomainError('conflict', `There is already an account for ${email}.`, [{ field: 'email', message: 'This address already has an account.' }]);
}

/** Inserts a prepared account; refuses when the address was taken meanwhile. */
export async function insertPreparedUser(trx: Executor, prepared: PreparedUser): Promise<void> {
  if (!(await insertUser(trx, prepared.row, prepared.roles))) throw emailTaken(prepared.row.email);
}

export async function createUser(options: { ctx: ServiceContext; by: UserAdministrator } & NewUser): Promise<UserWithRoles> {
  const { ctx } = options;
  authorise(options.by);
  const prepared = await prepareUser(ctx, options);
  await ctx.db.transaction().execute((trx) => insertPreparedUser(trx, prepared));
  return (await findUserById(ctx.db, prepared.row.id))!;
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
  // A password would let the account in past the identity provider, its second factor and its leavers' process.
  if (user.password_hash === NO_PASSWORD) throw new DomainError('rule_violated', 'This account signs in through single sign-on only, so it has no password to reset.');
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
