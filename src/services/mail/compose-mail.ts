import { checkTemplateText, defaultTextOf, renderTemplate, type TemplateId, type TemplateText, type TemplateValues } from '../../domain/mail/mail-templates.js';
import { findMailTemplate } from '../../db/repositories/mail-template.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';

export type EmailMessage = { to: string; subject: string; text: string };

/** One e-mail to send: the template, the address and the template's own values (the common ones are added here). */
export type MailRequest = { [Id in TemplateId]: { template: Id; to: string; values: TemplateValues<Id> } }[TemplateId];

/**
 * Called when an organisation's wording could not be used and the default
 * was sent instead. It says which template and why, never the values: they
 * hold names, links and the substance of cases.
 */
function reportFallback(template: TemplateId, why: string): void {
  console.warn(`mail template ${template}: the organisation's wording could not be used (${why}); the default wording was sent`);
}

/**
 * The words to send: the organisation's own when it has saved some and they
 * still check out against the template's placeholders, else the default.
 */
async function textFor(db: Executor, template: TemplateId): Promise<{ text: TemplateText; custom: boolean }> {
  const row = await findMailTemplate(db, template);
  if (!row) return { text: defaultTextOf(template), custom: false };
  const text = { subject: row.subject, body: row.body };
  const issues = checkTemplateText(template, text);
  if (issues.length > 0) {
    reportFallback(template, `${issues.length} problem(s) in its ${[...new Set(issues.map((issue) => issue.field))].join(' and ')}`);
    return { text: defaultTextOf(template), custom: false };
  }
  return { text, custom: true };
}

/**
 * Renders an e-mail from its template, reading the organisation's wording in
 * the caller's transaction. A missing or broken wording never stops the mail:
 * the default is sent instead.
 */
export async function composeMail(db: Executor, ctx: Pick<ServiceContext, 'config'>, mail: MailRequest): Promise<EmailMessage> {
  const org = ctx.config.organisation.organisation;
  const values: Record<string, unknown> = { ...mail.values, organisationName: org.name, contactEmail: org.contactEmail };
  const { text, custom } = await textFor(db, mail.template);
  let rendered: TemplateText;
  try {
    rendered = renderTemplate(text, values);
  } catch (error) {
    if (!custom) throw error;
    reportFallback(mail.template, 'it could not be rendered');
    rendered = renderTemplate(defaultTextOf(mail.template), values);
  }
  if (custom && rendered.subject === '') {
    reportFallback(mail.template, 'its subject came out empty');
    rendered = { ...rendered, subject: renderTemplate(defaultTextOf(mail.template), values).subject };
  }
  return { to: mail.to, subject: rendered.subject, text: rendered.body };
}

/** Composes an e-mail and queues it in the outbox, in the caller's transaction; it is sent after commit. */
export async function queueMail(trx: Executor, ctx: Pick<ServiceContext, 'config' | 'clock'>, mail: MailRequest & { at?: string }): Promise<void> {
  const message = await composeMail(trx, ctx, mail);
  await enqueueOutbox(trx, { kind: 'email', payload: message, at: mail.at ?? ctx.clock.now().toISOString() });
}
