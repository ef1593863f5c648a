import { ROLES, permissionsOf } from '../../domain/access.js';
import { FINDING_SEVERITY_LABELS, type FindingSeverity } from '../../domain/oversight/audit.js';
import { listActiveUsersWithRole } from '../../db/repositories/user.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { queueMail } from '../mail/compose-mail.js';

/** The roles that answer audit findings for the organisation (case managers, in the access matrix). */
const ANSWERING_ROLES = ROLES.filter((role) => permissionsOf(role).includes('audits.answer'));

/**
 * Tells everyone who answers audit findings that one needs an answer, through
 * the outbox in the caller's transaction. Returns whether anything was queued.
 */
export async function tellAnswerers(
  trx: Executor,
  ctx: ServiceContext,
  finding: { number: number; severity: string; text: string; answerDueOn: string; reopenReason: string | null },
): Promise<boolean> {
  const people = new Map<string, { display_name: string; email: string }>();
  for (const role of ANSWERING_ROLES) for (const user of await listActiveUsersWithRole(trx, role)) people.set(user.id, user);
  for (const person of people.values()) {
    await queueMail(trx, ctx, {
      template: 'audit_finding_raised',
      to: person.email,
      values: {
        name: person.display_name,
        number: finding.number,
        severity: (FINDING_SEVERITY_LABELS[finding.severity as FindingSeverity] ?? finding.severity).toLowerCase(),
        finding: finding.text,
        answerDueOn: finding.answerDueOn,
        reopenReason: finding.reopenReason,
        findingsLink: `${ctx.config.publicUrl}/staff/audit-findings`,
      },
    });
  }
  return people.size > 0;
}
