import { listActiveUsersWithRole } from '../../db/repositories/user.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceContext } from '../context.js';
import { queueMail, type MailRequest } from '../mail/compose-mail.js';

type OverseerMail = Extract<MailRequest, { template: 'break_glass_opened' | 'outside_contact_recorded' }>;
type OverseerValues<Mail> = Mail extends { values: infer Values } ? Omit<Values, 'name' | 'deskLink'> : never;

/**
 * Tells every active overseer, through the outbox in the caller's
 * transaction, so the message goes if and only if the change is committed.
 * With no overseer to tell, the change is refused: oversight that no one
 * receives is not oversight.
 */
export async function notifyOverseers<Mail extends OverseerMail>(trx: Executor, ctx: ServiceContext, template: Mail['template'], values: OverseerValues<Mail>): Promise<void> {
  const overseers = await listActiveUsersWithRole(trx, 'overseer');
  if (overseers.length === 0) {
    throw new DomainError('rule_violated', 'There is no active overseer account to tell. An administrator must give someone the overseer role first.');
  }
  const deskLink = `${ctx.config.publicUrl}/oversight/register`;
  for (const overseer of overseers) {
    await queueMail(trx, ctx, { template, to: overseer.email, values: { ...values, name: overseer.display_name, deskLink } } as MailRequest);
  }
}
