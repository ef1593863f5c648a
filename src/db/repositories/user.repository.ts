import type { Insertable } from 'kysely';
import type { UserRow, UserTable } from '../database.js';
import type { Executor } from './executor.js';

export type UserWithRoles = UserRow & { roles: string[] };

async function withRoles(db: Executor, users: UserRow[]): Promise<UserWithRoles[]> {
  if (users.length === 0) return [];
  const roles = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      users.map((user) => user.id),
    )
    .orderBy('role')
    .execute();
  return users.map((user) => ({ ...user, roles: roles.filter((row) => row.user_id === user.id).map((row) => row.role) }));
}

/** Inserts a user and their roles; false (and nothing written) when the e-mail address is taken. */
export async function insertUser(db: Executor, user: Insertable<UserTable>, roles: string[]): Promise<boolean> {
  const inserted = await db
    .insertInto('users')
    .values(user)
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  if (roles.length > 0) await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: user.id, role }))).execute();
  return true;
}

export async function findUserById(db: Executor, id: string): Promise<UserWithRoles | undefined> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return user ? (await withRoles(db, [user]))[0] : undefined;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserWithRoles | undefined> {
  const user = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  return user ? (await withRoles(db, [user]))[0] : undefined;
}

export async function listUsers(db: Executor): Promise<UserWithRoles[]> {
  return withRoles(db, await db.selectFrom('users').selectAll().orderBy('display_name').execute());
}

/** Active users holding a role, for assignment pickers. */
export async function listActiveUsersWithRole(db: Executor, role: string): Promise<{ id: string; display_name: string; email: string }[]> {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.email'])
    .where('user_roles.role', '=', role)
    .where('users.disabled_at', 'is', null)
    .orderBy('users.display_name')
    .execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function updateUser(db: Executor, id: string, patch: Partial<Omit<UserTable, 'id'>>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function replaceUserRoles(db: Executor, userId: string, roles: string[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length > 0) await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
}

/**
 * Records a code's time step as used, only if it is later than the last one;
 * false when another request used this step (or a later one) first.
 */
export async function claimTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Counts a failed sign-in in one statement, so parallel guesses cannot
 * overwrite each other's count; returns the count after this failure.
 */
export async function countFailedLogin(db: Executor, userId: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return Number(row.failed_logins);
}

/** The account linked to a single sign-on identity (the provider's issuer and the person's subject there). */
export async function findUserByOidcIdentity(db: Executor, issuer: string, subject: string): Promise<UserWithRoles | undefined> {
  const user = await db.selectFrom('users').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
  return user ? (await withRoles(db, [user]))[0] : undefined;
}
