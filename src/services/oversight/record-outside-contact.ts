import { hasPermission } from '../../domain/access.js';
import { DomainError, issuesOf, type FieldIssue } from '../../domain/errors.js';
import { REACHED_LABELS, ZOutsideContactInput } from '../../domain/oversight/outside-contact.js';
import { findCaseByReference } from '../../db/repositories/case.repository.js';
import { insertOutsideContact, nextContactNumber } from '../../db/repositories/outside-contact.repository.js';
import { runCaseChange } from '../cases/change-case.js';
import { today } from '../cases/case-clock.js';
import { nowIso, type ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { notifyOverseers } from './notify-overseers.js';

/**
 * Enters a contact about a case from outside the process in the interference
 * register. Anyone working on cases records a contact made to them, about any
 * case (recording opens no case to them); a person in a political or
 * executive office declares a contact they made. Each entry is numbered, goes
 * into the ledger with the case, and is sent to the overseers at once. Only
 * the overseer reads the register.
 */
export async function recordOutsideContact(options: { ctx: ServiceContext; staff: Staff; input: Record<string, string | undefined> }): Promise<{ number: number }> {
  const { ctx, staff } = options;
  const source = hasPermission(staff.roles, 'contacts.record') ? 'received' : hasPermission(staff.roles, 'contacts.declare_own') ? 'declared' : null;
  if (!source) throw new DomainError('forbidden', 'Your role does not allow you to record contacts about cases.');
  const parsed = ZOutsideContactInput.safeParse(options.input);
  const issues: FieldIssue[] = parsed.success ? [] : issuesOf(parsed.error);
  const input = parsed.success ? parsed.data : null;
  if (input && source === 'received' && !input.contactName) issues.push({ field: 'contactName', message: 'Name the person who contacted you.' });
  if (input && source === 'declared' && !input.contactedName) issues.push({ field: 'contactedName', message: 'Name the person you contacted.' });
  if (input && input.occurredAt.slice(0, 10) > today(ctx)) issues.push({ field: 'occurredAt', message: 'The contact cannot be in the future.' });
  if (!input || issues.length > 0) throw new DomainError('validation_failed', 'The record of the contact needs correcting.', issues);
  const found = await findCaseByReference(ctx.db, input.reference.toUpperCase());
  if (!found) throw new DomainError('validation_failed', 'There is no case with that reference.', [{ field: 'reference', message: 'No case has that reference. Check it and try again.' }]);

  return runCaseChange({
    ctx,
    caseId: found.id,
    actor: staffActor(staff),
    // Recording a contact is open to everyone it concerns; it reads nothing of the case.
    authorise: async () => {},
    change: async (change) => {
      const number = await nextContactNumber(change.trx, ctx.dbKind);
      const entry = {
        id: ctx.random.uuid(),
        number,
        case_id: change.caseRow.id,
        stage: change.caseRow.stage,
        source,
        contact_name: source === 'received' ? input.contactName! : staff.name,
        contact_office: input.contactOffice,
        contacted_user_id: source === 'received' ? staff.userId : null,
        contacted_name: source === 'received' ? staff.name : input.contactedName!,
        occurred_at: input.occurredAt.replace('T', ' '),
        channel: input.channel,
        content: input.content,
        reached_decision_maker: input.reachedDecisionMaker,
        recorded_by: staff.userId,
        recorded_at: nowIso(ctx),
      };
      await insertOutsideContact(change.trx, entry);
      change.record({
        type: 'outside_contact_recorded',
        contactId: entry.id,
        number,
        source,
        contactName: entry.contact_name,
        contactOffice: entry.contact_office,
        contactedName: entry.contacted_name,
        occurredAt: entry.occurred_at,
        channel: entry.channel,
        content: entry.content,
        reachedDecisionMaker: entry.reached_decision_maker,
      });
      await notifyOverseers(change.trx, ctx, 'outside_contact_recorded', {
        reference: change.caseRow.reference,
        number: String(number),
        contact: `${entry.contact_name} (${entry.contact_office})`,
        reachedDecisionMaker: REACHED_LABELS[input.reachedDecisionMaker].toLowerCase(),
      });
      change.queuedMail();
      return { number };
    },
  });
}
