import { fillSeats, screenCandidate, usableRoles, type CaseTouchPoints, type DrawCandidate, type SeatRule } from '../../domain/due-process/panel.js';
import { DomainError } from '../../domain/errors.js';
import { deleteAssignment, insertAssignment } from '../../db/repositories/case-assignment.repository.js';
import { listParties } from '../../db/repositories/case-party.repository.js';
import { lastSeatedAt } from '../../db/repositories/panel-pool.repository.js';
import { dissolvePanel, findCurrentPanel, insertPanel, insertSeats, listSeats, markRecused, type PanelRow, type SeatRow } from '../../db/repositories/panel.repository.js';
import { findUserById } from '../../db/repositories/user.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { today } from '../cases/case-clock.js';
import { changeCase, type CaseChange } from '../cases/change-case.js';
import { queueMail } from '../mail/compose-mail.js';
import { panelPurposeFor } from './due-process-facts.js';
import { loadPool } from './panel-pool.js';
import { involvedPeople } from './involvement.js';

/** The names, numbers, units and groups of both parties and the case that a panel member's interests are screened against. */
export async function touchPointsOf(db: Executor, caseRow: CaseRow): Promise<CaseTouchPoints> {
  const points: CaseTouchPoints = [{ label: "the respondent's name", value: caseRow.respondent_name }];
  const add = (label: string, value: string | null) => {
    if (value) points.push({ label, value });
  };
  add("the respondent's membership number", caseRow.respondent_membership_number);
  add("the respondent's unit", caseRow.respondent_unit);
  add("the complainant's name", caseRow.complainant_name);
  add('the place of the incident', caseRow.incident_location);
  for (const party of await listParties(db, caseRow.id)) {
    add(`the ${party.role}'s name`, party.name);
    add(`the ${party.role}'s unit`, party.unit);
    for (const group of JSON.parse(party.affiliations) as string[]) add(`the ${party.role}'s group`, group);
  }
  return points;
}

async function seatPeople(ctx: ServiceContext, change: CaseChange, seats: SeatRow[], purpose: string): Promise<void> {
  await insertSeats(change.trx, seats);
  for (const seat of seats) {
    await insertAssignment(change.trx, { case_id: change.caseRow.id, user_id: seat.user_id, role: 'panel_member', assigned_at: seat.seated_at });
    const user = await findUserById(change.trx, seat.user_id);
    if (!user) continue;
    await queueMail(change.trx, ctx, {
      template: 'panel_member_drawn',
      to: user.email,
      at: seat.seated_at,
      values: { name: user.display_name, reference: change.caseRow.reference, seat: seat.seat, purpose },
    });
    change.queuedMail();
  }
}

/**
 * Draws the panel the case's stage needs: every active pool member is
 * screened for involvement, training and conflicts before anyone sees the
 * case; the seats are then filled from the eligible by a draw from a recorded
 * seed (or by rotation), so anyone can re-run it.
 */
export async function drawPanel(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<{ panelId: string; seed: string }> {
  const { ctx, staff } = options;
  const settings = ctx.config.organisation.dueProcess.panel;
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'cases.convene_panel',
    what: 'convene panels',
    change: async (change) => {
      const { trx, caseRow } = change;
      const purpose = panelPurposeFor(caseRow.stage);
      if (!purpose) throw new DomainError('transition_not_allowed', 'A panel is drawn when the case reaches decision, or when an appeal is lodged.');
      if (await findCurrentPanel(trx, caseRow.id, purpose)) throw new DomainError('conflict', `The ${purpose} panel has already been drawn.`);
      const [pool, touchPoints, involved, lastSat] = await Promise.all([
        loadPool(ctx, trx, { activeOnly: true }),
        touchPointsOf(trx, caseRow),
        involvedPeople(trx, caseRow),
        lastSeatedAt(trx),
      ]);
      const now = today(ctx);
      const screenings = pool.map((candidate) => ({
        candidate,
        result: screenCandidate({
          candidate,
          touchPoints,
          involvedUserIds: involved,
          requiredTraining: settings.requiredTraining,
          coolingOffYears: settings.independentCoolingOffYears,
          today: now,
        }),
      }));
      const candidates: DrawCandidate[] = screenings
        .filter(({ result }) => result.eligible)
        .map(({ candidate, result }) => ({ userId: candidate.userId, roles: usableRoles(candidate, result), lastSatAt: lastSat.get(candidate.userId) ?? null }))
        .filter((candidate) => candidate.roles.length > 0)
        .sort((a, b) => (a.userId < b.userId ? -1 : 1));
      const seed = Buffer.from(ctx.random.bytes(16)).toString('hex');
      const drawn = fillSeats({ method: settings.selection, seed, seats: settings.seats, candidates });
      const panelId = ctx.random.uuid();
      const at = ctx.clock.now().toISOString();
      const seats: SeatRow[] = drawn.map((seat, position) => ({
        id: ctx.random.uuid(),
        panel_id: panelId,
        user_id: seat.userId,
        seat: seat.seat,
        pool_role: seat.role,
        position,
        seated_at: at,
        recused_at: null,
        recusal_reason: null,
      }));
      const panel: PanelRow = {
        id: panelId,
        case_id: caseRow.id,
        purpose,
        method: settings.selection,
        seed,
        candidates: JSON.stringify(candidates),
        drawn_at: at,
        drawn_by: staff.userId,
        dissolved_at: null,
        dissolved_reason: null,
      };
      await insertPanel(
        trx,
        panel,
        screenings.map(({ result }) => ({
          panel_id: panelId,
          user_id: result.userId,
          eligible: result.eligible ? 1 : 0,
          independent_barred: result.independentBarred ? 1 : 0,
          reasons: JSON.stringify(result.reasons),
        })),
        [],
      );
      await seatPeople(ctx, change, seats, purpose);
      const nameOf = (userId: string) => pool.find((member) => member.userId === userId)?.name ?? userId;
      change.record({
        type: 'panel_drawn',
        panelId,
        purpose,
        method: settings.selection,
        seed,
        seats: drawn.map((seat) => ({ userId: seat.userId, name: nameOf(seat.userId), seat: seat.seat, role: seat.role })),
        excluded: screenings.filter(({ result }) => !result.eligible).map(({ result }) => ({ userId: result.userId, name: nameOf(result.userId), reasons: result.reasons })),
      });
      return { panelId, seed };
    },
  });
}

/**
 * Re-runs a recorded draw from its seed and candidate list and says whether
 * it chose the same people for the same seats; anyone can do the same by
 * hand with SHA-256.
 */
export function reproduceDraw(panel: Pick<PanelRow, 'method' | 'seed' | 'candidates'>, seats: readonly SeatRule[]): { userId: string; seat: string; role: string }[] {
  return fillSeats({ method: panel.method as 'draw' | 'rotation', seed: panel.seed, seats, candidates: JSON.parse(panel.candidates) as DrawCandidate[] });
}

/**
 * A panel member steps down from a case, themselves or recorded by the case
 * manager, at any point. They lose access at once; the seat is refilled from
 * the same draw's remaining candidates, or, when none is left, the panel is
 * dissolved so that a fresh one can be drawn.
 */
export async function recuseFromPanel(options: { ctx: ServiceContext; staff: Staff; caseId: string; userId: string; reason: string }): Promise<{ replacement: string | null }> {
  const { ctx, staff } = options;
  const reason = options.reason.trim();
  if (reason.length < 10) throw new DomainError('validation_failed', 'Give the reason for the recusal.', [{ field: 'reason', message: 'Give the reason in at least 10 characters.' }]);
  const self = staff.userId === options.userId;
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: self ? 'cases.sit_on_panel' : 'cases.convene_panel',
    what: self ? 'sit on panels' : "record another person's recusal",
    change: async (change) => {
      const { trx, caseRow } = change;
      const purpose = panelPurposeFor(caseRow.stage);
      const panel = purpose ? await findCurrentPanel(trx, caseRow.id, purpose) : undefined;
      const seats = panel ? await listSeats(trx, [panel.id]) : [];
      const seat = seats.find((candidate) => candidate.user_id === options.userId && candidate.recused_at === null);
      if (!panel || !seat) throw new DomainError('not_found', 'That person does not sit on the current panel.');
      const at = ctx.clock.now().toISOString();
      await markRecused(trx, seat.id, at, reason);
      await deleteAssignment(trx, { case_id: caseRow.id, user_id: seat.user_id, role: 'panel_member' });

      const involved = await involvedPeople(trx, caseRow);
      const remaining = (JSON.parse(panel.candidates) as DrawCandidate[]).filter((candidate) => !involved.has(candidate.userId));
      const rule = ctx.config.organisation.dueProcess.panel.seats[seat.position];
      let replacement: { userId: string; name: string } | null = null;
      try {
        const [pick] = rule ? fillSeats({ method: panel.method as 'draw' | 'rotation', seed: panel.seed, seats: [rule], candidates: remaining }) : [];
        if (pick) {
          const user = await findUserById(trx, pick.userId);
          replacement = { userId: pick.userId, name: user?.display_name ?? pick.userId };
          await seatPeople(
            ctx,
            change,
            [{ id: ctx.random.uuid(), panel_id: panel.id, user_id: pick.userId, seat: seat.seat, pool_role: pick.role, position: seat.position, seated_at: at, recused_at: null, recusal_reason: null }],
            panel.purpose,
          );
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
      change.record({ type: 'panel_member_recused', panelId: panel.id, userId: seat.user_id, name: seat.display_name, reason, replacement });
      if (!replacement) {
        const why = 'No eligible replacement was left after a recusal; a new panel must be drawn.';
        await dissolveCurrentPanel(change, panel.id, why, at, { revokeAccess: true });
      }
      return { replacement: replacement?.userId ?? null };
    },
  });
}

/**
 * Ends a panel's work on the case, so the stage needs a new panel. A panel
 * stood down (set aside, or left short) loses access; one that finished its
 * work keeps read access to what it decided.
 */
export async function dissolveCurrentPanel(change: CaseChange, panelId: string, reason: string, at: string, options: { revokeAccess: boolean }): Promise<void> {
  await dissolvePanel(change.trx, panelId, at, reason);
  if (options.revokeAccess) {
    for (const seat of await listSeats(change.trx, [panelId])) {
      if (seat.recused_at === null) await deleteAssignment(change.trx, { case_id: change.caseRow.id, user_id: seat.user_id, role: 'panel_member' });
    }
  }
  change.record({ type: 'panel_dissolved', panelId, reason });
}
