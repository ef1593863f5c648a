import type { ActorRef } from '../../domain/case/case-event.js';
import { listGrants, type BreakGlassGrantWithNames } from '../../db/repositories/break-glass.repository.js';
import { listOutsideContacts, listRefusedAttempts, type RegisterEntryRow } from '../../db/repositories/outside-contact.repository.js';
import { assertPermission } from '../cases/case-access.js';
import { nowIso, type ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';

export type RefusedAttempt = { id: string; caseId: string; reference: string; occurredAt: string; who: string; attempted: string; stage: string };
export type EmergencyAccessEntry = BreakGlassGrantWithNames & { live: boolean };
export type CaseTouched = { reference: string; contacts: number; stages: string[]; reachedDecisionMaker: number };

export type InterferenceRegister = {
  contacts: RegisterEntryRow[];
  /** Each case the register touches, with the stages it was at when contacted: who contacted whom about which case. */
  casesTouched: CaseTouched[];
  refusedAttempts: RefusedAttempt[];
  emergencyAccess: EmergencyAccessEntry[];
};

const REFUSED_SHOWN = 500;

function actorName(actor: ActorRef): string {
  return 'name' in actor ? actor.name : actor.kind;
}

/** The whole interference register, for the overseer only: outside contacts, refused attempts to open cases, and emergency access. */
export async function getInterferenceRegister(options: { ctx: ServiceContext; staff: Staff }): Promise<InterferenceRegister> {
  const { ctx, staff } = options;
  assertPermission(staff, 'oversight.read', 'read the interference register');
  const [contacts, refused, grants] = await Promise.all([listOutsideContacts(ctx.db), listRefusedAttempts(ctx.db, REFUSED_SHOWN), listGrants(ctx.db, {})]);
  const byCase = new Map<string, CaseTouched>();
  for (const contact of contacts) {
    const entry = byCase.get(contact.reference) ?? { reference: contact.reference, contacts: 0, stages: [], reachedDecisionMaker: 0 };
    entry.contacts += 1;
    if (!entry.stages.includes(contact.stage)) entry.stages.push(contact.stage);
    if (contact.reached_decision_maker === 'yes') entry.reachedDecisionMaker += 1;
    byCase.set(contact.reference, entry);
  }
  const now = nowIso(ctx);
  return {
    contacts,
    casesTouched: [...byCase.values()].sort((a, b) => b.contacts - a.contacts || a.reference.localeCompare(b.reference)),
    refusedAttempts: refused.map((row) => {
      const data = JSON.parse(row.data) as { attempted?: string; stage?: string };
      return { id: row.id, caseId: row.case_id, reference: row.reference, occurredAt: row.occurred_at, who: actorName(JSON.parse(row.actor) as ActorRef), attempted: data.attempted ?? '—', stage: data.stage ?? '—' };
    }),
    emergencyAccess: grants.map((grant) => ({ ...grant, live: grant.ended_at === null && grant.expires_at > now })),
  };
}
