import type { Kysely } from 'kysely';

/*
 * Single sign-on (OpenID Connect). An account is linked to one identity at
 * the provider: its issuer and its subject (the `sub` claim, stable for that
 * person at that provider). The pair is unique, so one identity can never
 * sign in to two accounts; accounts without a link hold nulls, which do not
 * collide on either database. An account made at first sign-in has no
 * password: its password_hash holds a marker no password can match.
 * Frozen in time: imports nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('oidc_issuer', 'text').execute();
  await db.schema.alterTable('users').addColumn('oidc_subject', 'text').execute();
  await db.schema.createIndex('users_oidc_identity').on('users').columns(['oidc_issuer', 'oidc_subject']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_oidc_identity').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('oidc_subject').execute();
  await db.schema.alterTable('users').dropColumn('oidc_issuer').execute();
}
