import { DomainError } from '../../domain/errors.js';
import { listCases } from '../../db/repositories/case.repository.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import type { CaseRow } from '../../db/database.js';
import { getCase } from '../cases/get-case.js';
import type { ServiceContext } from '../context.js';
import { flagSpecialCategory } from '../data-protection/flag-special-category.js';
import { endEmergencyAccess, openEmergencyAccess } from '../oversight/emergency-access.js';
import { recordOutsideContact } from '../oversight/record-outside-contact.js';
import type { Staff } from '../staff.js';

/**
 * The demonstration's independence story, played over the last fortnight
 * after the cases: contacts from outside the process (one declared by the
 * General Secretary, one reaching a panel member), a refused attempt to open
 * a case, one use of emergency access, and special-category flags. Each goes
 * through its use case, so the overseer's desk shows them as they would
 * really arise.
 */
export async function loadOversightDemo(options: { ctx: ServiceContext; staff: Staff[]; at: (daysAgo: number, hour: number) => void }): Promise<void> {
  const { ctx, staff, at } = options;
  const person = (name: string) => staff.find((member) => member.name === name)!;
  const openAt = async (stage: string) => listCases(ctx.db, ctx.dbKind, { scope: { kind: 'all' }, stage, open: true, limit: 20, offset: 0 });
  const assigned = async (caseRow: CaseRow, role: string) => {
    const found = (await listAssignments(ctx.db, caseRow.id)).find((assignment) => assignment.role === role);
    return found ? staff.find((member) => member.userId === found.user_id) : undefined;
  };
  const withAssignee = async (cases: CaseRow[], role: string) => {
    for (const caseRow of cases) {
      const member = await assigned(caseRow, role);
      if (member) return { caseRow, member };
    }
    return undefined;
  };
  const investigations = await openAt('investigation');
  const first = await withAssignee(investigations, 'investigator');
  const second = await withAssignee(investigations.filter((caseRow) => caseRow.id !== first?.caseRow.id), 'investigator');
  const atDecision = await withAssignee(await openAt('decision'), 'panel_member');
  if (!first || !second) return;

  at(12, 10);
  await recordOutsideContact({
    ctx,
    staff: person('Harriet Dunmore'),
    input: {
      reference: first.caseRow.reference,
      contactedName: first.member.name,
      contactOffice: 'General Secretary',
      occurredAt: `${ctx.clock.now().toISOString().slice(0, 10)} 09:40`,
      channel: 'phone',
      content: 'I rang to ask when the investigation would finish, because the branch has its selection meeting next month. I did not ask for any outcome.',
      reachedDecisionMaker: 'no',
    },
  });
  at(9, 15);
  await recordOutsideContact({
    ctx,
    staff: second.member,
    input: {
      reference: second.caseRow.reference,
      contactName: 'Councillor Roderick Vane',
      contactOffice: 'Chair, Eastern Region',
      occurredAt: `${ctx.clock.now().toISOString().slice(0, 10)} 13:05`,
      channel: 'in_person',
      content: 'Stopped me after a meeting and said the member was "a good campaigner who should not be lost over a few posts", and asked whether the case could be closed quietly.',
      reachedDecisionMaker: 'no',
    },
  });
  if (atDecision) {
    at(5, 11);
    await recordOutsideContact({
      ctx,
      staff: atDecision.member,
      input: {
        reference: atDecision.caseRow.reference,
        contactName: 'Office of a Member of Parliament',
        contactOffice: 'Caseworker for the local MP',
        occurredAt: `${ctx.clock.now().toISOString().slice(0, 10)} 10:20`,
        channel: 'email',
        content: 'An e-mail to my personal address asking me, as a panel member, to "bear in mind the member’s long service". I have not replied and have told the case manager.',
        reachedDecisionMaker: 'yes',
      },
    });
  }

  // An investigator with no part in the first case tries to open it, and is refused.
  at(3, 16);
  const curious = staff.find((member) => member.roles.includes('investigator') && member.userId !== first.member.userId);
  if (curious) {
    try {
      await getCase({ ctx, staff: curious, caseId: first.caseRow.id });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }

  // A case manager on call opens the second case in an emergency, then hands it back.
  const manager = await assigned(second.caseRow, 'case_manager');
  const onCall = staff.find((member) => member.roles.includes('case_manager') && member.userId !== manager?.userId);
  if (onCall) {
    at(2, 19);
    await openEmergencyAccess({
      ctx,
      staff: onCall,
      reference: second.caseRow.reference,
      reason: 'The complainant rang the out-of-hours line reporting new threatening messages tonight; the assigned case manager is on leave until Monday.',
    });
    at(2, 20);
    await endEmergencyAccess({ ctx, staff: onCall, caseId: second.caseRow.id });
  }

  // Antisemitism complaints often carry data about religion and ethnic origin.
  at(1, 9);
  const flagger = await assigned(first.caseRow, 'case_manager');
  if (flagger) {
    await flagSpecialCategory({
      ctx,
      staff: flagger,
      caseId: first.caseRow.id,
      categories: ['religious_or_philosophical_beliefs', 'racial_or_ethnic_origin'],
      reason: 'The complaint and the evidence describe the complainant’s Jewish identity and religious observance.',
    });
  }
}
