import type { Selectable } from 'kysely';
import type { MailTemplateChangeTable, MailTemplateTable } from '../database.js';
import type { Executor } from './executor.js';

export type MailTemplateRow = Selectable<MailTemplateTable>;
export type MailTemplateChangeRow = Selectable<MailTemplateChangeTable>;
export type MailTemplateWithEditor = MailTemplateRow & { updated_by_name: string };
export type MailTemplateChangeWithEditor = MailTemplateChangeRow & { changed_by_name: string };

/** The organisation's wording of one template, if it has one. */
export async function findMailTemplate(db: Executor, id: string): Promise<MailTemplateRow | undefined> {
  return db.selectFrom('mail_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listMailTemplates(db: Executor): Promise<MailTemplateWithEditor[]> {
  return db
    .selectFrom('mail_templates')
    .innerJoin('users', 'users.id', 'mail_templates.updated_by')
    .selectAll('mail_templates')
    .select('users.display_name as updated_by_name')
    .orderBy('mail_templates.id')
    .execute();
}

export async function saveMailTemplate(db: Executor, row: MailTemplateRow): Promise<void> {
  await db
    .insertInto('mail_templates')
    .values(row)
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ subject: row.subject, body: row.body, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}

/** Removes the organisation's wording; returns whether there was one. */
export async function deleteMailTemplate(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('mail_templates').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertMailTemplateChange(db: Executor, row: MailTemplateChangeRow): Promise<void> {
  await db.insertInto('mail_template_changes').values(row).execute();
}

/** A template's changes, newest first. */
export async function listMailTemplateChanges(db: Executor, templateId: string): Promise<MailTemplateChangeWithEditor[]> {
  return db
    .selectFrom('mail_template_changes')
    .innerJoin('users', 'users.id', 'mail_template_changes.changed_by')
    .selectAll('mail_template_changes')
    .select('users.display_name as changed_by_name')
    .where('mail_template_changes.template_id', '=', templateId)
    .orderBy('mail_template_changes.changed_at', 'desc')
    .orderBy('mail_template_changes.id', 'desc')
    .execute();
}
