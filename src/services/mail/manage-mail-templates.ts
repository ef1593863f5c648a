import {
  MAIL_TEMPLATES,
  TEMPLATE_IDS,
  checkTemplateText,
  defaultTextOf,
  exampleValuesOf,
  isTemplateId,
  normaliseTemplateText,
  renderTemplate,
  variablesOf,
  type TemplateId,
  type TemplateText,
} from '../../domain/mail/mail-templates.js';
import { DomainError, assertNoIssues } from '../../domain/errors.js';
import {
  deleteMailTemplate,
  findMailTemplate,
  insertMailTemplateChange,
  listMailTemplateChanges,
  listMailTemplates as listMailTemplateRows,
  saveMailTemplate as saveMailTemplateRow,
} from '../../db/repositories/mail-template.repository.js';
import { findUserById } from '../../db/repositories/user.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';

/*
 * The organisation's wording of its e-mails, managed by administrators
 * (`templates.manage`, which opens no case). Every save and reset is kept
 * with who made it and when, so what parties were told can be shown later.
 */

export type MailTemplateSummary = {
  id: TemplateId;
  name: string;
  recipient: string;
  sentWhen: string;
  /** The organisation has its own wording. */
  customised: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
};

export type MailTemplateVariableView = { name: string; description: string; kind: 'text' | 'optional' | 'list'; required: boolean };

export type MailTemplateChange = { action: 'saved' | 'reset'; subject: string; body: string; changedAt: string; changedBy: string };

export type MailTemplateDetail = MailTemplateSummary & {
  variables: MailTemplateVariableView[];
  /** The words sent now: the organisation's, or the default. */
  current: TemplateText;
  defaults: TemplateText;
  /** `current` rendered with example values. */
  preview: TemplateText;
  history: MailTemplateChange[];
};

const authorise = (staff: Staff) => assertPermission(staff, 'templates.manage', 'manage e-mail templates');

function templateIdOf(id: string): TemplateId {
  if (!isTemplateId(id)) throw new DomainError('not_found', 'There is no such e-mail template.');
  return id;
}

function previewOf(ctx: ServiceContext, id: TemplateId, text: TemplateText): TemplateText {
  const org = ctx.config.organisation.organisation;
  return renderTemplate(text, { ...exampleValuesOf(id), organisationName: org.name, contactEmail: org.contactEmail });
}

function summaryOf(id: TemplateId, row: { updated_at: string; updated_by_name: string } | undefined): MailTemplateSummary {
  const definition = MAIL_TEMPLATES[id];
  return {
    id,
    name: definition.name,
    recipient: definition.recipient,
    sentWhen: definition.sentWhen,
    customised: row !== undefined,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by_name ?? null,
  };
}

/** Every template, with whether the organisation has its own wording. */
export async function listMailTemplates(options: { ctx: ServiceContext; staff: Staff }): Promise<MailTemplateSummary[]> {
  authorise(options.staff);
  const rows = await listMailTemplateRows(options.ctx.db);
  return TEMPLATE_IDS.map((id) => summaryOf(id, rows.find((row) => row.id === id)));
}

/** One template as its edit page shows it: placeholders, current and default words, a preview and the history of changes. */
export async function getMailTemplate(options: { ctx: ServiceContext; staff: Staff; id: string }): Promise<MailTemplateDetail> {
  const { ctx } = options;
  authorise(options.staff);
  const id = templateIdOf(options.id);
  const row = await findMailTemplate(ctx.db, id);
  const editor = row ? await findUserById(ctx.db, row.updated_by) : undefined;
  const defaults = defaultTextOf(id);
  const current = row ? { subject: row.subject, body: row.body } : defaults;
  const changes = await listMailTemplateChanges(ctx.db, id);
  return {
    ...summaryOf(id, row ? { updated_at: row.updated_at, updated_by_name: editor?.display_name ?? row.updated_by } : undefined),
    variables: Object.entries(variablesOf(id)).map(([name, variable]) => ({ name, description: variable.description, kind: variable.kind ?? 'text', required: variable.required === true })),
    current,
    defaults,
    preview: previewOf(ctx, id, current),
    history: changes.map((change) => ({
      action: change.action === 'reset' ? 'reset' : 'saved',
      subject: change.subject,
      body: change.body,
      changedAt: change.changed_at,
      changedBy: change.changed_by_name,
    })),
  };
}

/** Checks a draft wording and renders it with example values, saving nothing; a refusal names the field at fault. */
export async function previewMailTemplate(options: { ctx: ServiceContext; staff: Staff; id: string; text: TemplateText }): Promise<TemplateText> {
  authorise(options.staff);
  const id = templateIdOf(options.id);
  const text = normaliseTemplateText(options.text);
  assertNoIssues(checkTemplateText(id, text), 'The template needs correcting.');
  return previewOf(options.ctx, id, text);
}

/**
 * Saves the organisation's wording of a template, from the next e-mail on.
 * A placeholder the template does not have, or a missing one it needs, is
 * refused, naming the field, and nothing changes.
 */
export async function saveMailTemplate(options: { ctx: ServiceContext; staff: Staff; id: string; text: TemplateText }): Promise<void> {
  const { ctx, staff } = options;
  authorise(staff);
  const id = templateIdOf(options.id);
  const text = normaliseTemplateText(options.text);
  assertNoIssues(checkTemplateText(id, text), 'The template needs correcting.');
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await saveMailTemplateRow(trx, { id, subject: text.subject, body: text.body, updated_at: at, updated_by: staff.userId });
    await insertMailTemplateChange(trx, { id: ctx.random.uuid(), template_id: id, action: 'saved', subject: text.subject, body: text.body, changed_at: at, changed_by: staff.userId });
  });
}

/** Goes back to the default wording; the history keeps the default's words as they were then. Returns whether there was anything to reset. */
export async function resetMailTemplate(options: { ctx: ServiceContext; staff: Staff; id: string }): Promise<{ reset: boolean }> {
  const { ctx, staff } = options;
  authorise(staff);
  const id = templateIdOf(options.id);
  const defaults = defaultTextOf(id);
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteMailTemplate(trx, id))) return { reset: false };
    await insertMailTemplateChange(trx, { id: ctx.random.uuid(), template_id: id, action: 'reset', subject: defaults.subject, body: defaults.body, changed_at: ctx.clock.now().toISOString(), changed_by: staff.userId });
    return { reset: true };
  });
}
