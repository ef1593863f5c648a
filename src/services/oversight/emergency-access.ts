import { DomainError } from '../../domain/errors.js';
import { endGrant, findLiveGrant, insertBreakGlassGrant } from '../../db/repositories/break-glass.repository.js';
import { findCaseByReference } from '../../db/repositories/case.repository.js';
import { assertPermission, mayReadCase } from '../cases/case-access.js';
import { runCaseChange } from '../cases/change-case.js';
import { nowIso, type ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { notifyOverseers } from './notify-overseers.js';

const MIN_REASON = 20;

/**
 * Emergency ("break-glass") access: someone entitled to it opens a case they
 * are not assigned to. It needs a written reason, ends by itself after the
 * configured hours, tells every overseer at once (in the same transaction,
 * so there is no access without the message), and is shown on the case to
 * everyone who opens it.
 */
export async function openEmergencyAccess(options: { ctx: ServiceContext; staff: Staff; reference: string; reason: string }): Promise<{ caseId: string; expiresAt: string }> {
  const { ctx, staff } = options;
  assertPermission(staff, 'cases.break_glass', 'open a case with emergency access');
  const reason = options.reason.trim();
  const reference = options.reference.trim().toUpperCase();
  const issues = [
    ...(reference === '' ? [{ field: 'reference', message: 'Enter the case reference, such as RDR-2026-000123.' }] : []),
    ...(reason.length < MIN_REASON ? [{ field: 'reason', message: `Write why this cannot wait for an assignment (at least ${MIN_REASON} characters). The overseer reads it.` }] : []),
  ];
  if (issues.length > 0) throw new DomainError('validation_failed', 'Emergency access needs the case and a written reason.', issues);
  const found = await findCaseByReference(ctx.db, reference);
  if (!found) throw new DomainError('validation_failed', 'There is no case with that reference.', [{ field: 'reference', message: 'No case has that reference. Check it and try again.' }]);
  const hours = ctx.config.organisation.oversight.breakGlassHours;
  return runCaseChange({
    ctx,
    caseId: found.id,
    actor: staffActor(staff),
    authorise: async (trx, caseRow) => {
      if (await mayReadCase(trx, ctx, staff, caseRow)) throw new DomainError('rule_violated', 'You can already open this case, so emergency access is not needed.');
    },
    change: async (change) => {
      const grantedAt = nowIso(ctx);
      const expiresAt = new Date(ctx.clock.now().getTime() + hours * 3_600_000).toISOString();
      const grantId = ctx.random.uuid();
      await insertBreakGlassGrant(change.trx, { id: grantId, case_id: change.caseRow.id, user_id: staff.userId, reason, granted_at: grantedAt, expires_at: expiresAt, ended_at: null });
      change.record({ type: 'break_glass_opened', grantId, reason, expiresAt });
      await notifyOverseers(change.trx, ctx, 'break_glass_opened', { reference: change.caseRow.reference, who: staff.name, reason, until: `${expiresAt.slice(0, 16).replace('T', ' ')} UTC` });
      change.queuedMail();
      return { caseId: change.caseRow.id, expiresAt };
    },
  });
}

/** Ends the person's own emergency access before it runs out. */
export async function endEmergencyAccess(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<void> {
  const { ctx, staff } = options;
  await runCaseChange({
    ctx,
    caseId: options.caseId,
    actor: staffActor(staff),
    authorise: async () => {},
    change: async (change) => {
      const grant = await findLiveGrant(change.trx, change.caseRow.id, staff.userId, nowIso(ctx));
      if (!grant) throw new DomainError('conflict', 'You have no emergency access to this case to end.');
      await endGrant(change.trx, grant.id, nowIso(ctx));
      change.record({ type: 'break_glass_ended', grantId: grant.id });
    },
  });
}
