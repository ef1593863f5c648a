import { compareLocalDates } from '../../domain/calendar/local-date.js';
import { DomainError } from '../../domain/errors.js';
import { findSanctionsForPerson } from '../../db/repositories/membership-sanction.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { today } from '../cases/case-clock.js';

/** A search of the register by person: a membership number, or a name long enough not to match everyone. */
export function personQuery(query: { membershipNumber: string | null; name: string | null }): { membershipNumber: string | null; name: string | null } {
  const membershipNumber = query.membershipNumber?.trim() || null;
  const name = query.name?.trim() || null;
  if (!membershipNumber && (!name || name.length < 3)) {
    throw new DomainError('validation_failed', 'Search by membership number or full name.', [{ field: 'name', message: 'Give a membership number, or a name of at least 3 characters.' }]);
  }
  return { membershipNumber, name };
}

export type RegisterEntry = {
  personName: string;
  membershipNumber: string | null;
  sanction: string;
  effect: string;
  startsOn: string;
  /** For a suspension the day it ends; for an expulsion the first day readmission may be considered. */
  endsOn: string | null;
  status: 'in_force' | 'ended' | 'lifted';
  liftReason: string | null;
  caseReference: string;
};

/**
 * The register of sanctions, searched by person: what membership staff check
 * before accepting a readmission or an invitation to speak. It says whether a
 * sanction is in force, not why; the reasons stay with the case.
 */
export async function searchSanctionsRegister(options: { ctx: ServiceContext; staff: Staff; membershipNumber: string | null; name: string | null }): Promise<RegisterEntry[]> {
  const { ctx } = options;
  assertPermission(options.staff, 'sanctions.read', 'search the register of sanctions');
  const { membershipNumber, name } = personQuery(options);
  const rows = await findSanctionsForPerson(ctx.db, { membershipNumber, name });
  const now = today(ctx);
  return rows.map((row) => ({
    personName: row.person_name,
    membershipNumber: row.membership_number,
    sanction: ctx.config.organisation.sanctions.find((sanction) => sanction.id === row.sanction_id)?.label ?? row.sanction_id,
    effect: row.effect,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.lifted_at ? 'lifted' : row.effect === 'suspended' && row.ends_on !== null && compareLocalDates(row.ends_on, now) <= 0 ? 'ended' : 'in_force',
    liftReason: row.lift_reason,
    caseReference: row.case_reference,
  }));
}
