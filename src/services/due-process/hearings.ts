import { compareLocalDates, isLocalDate } from '../../domain/calendar/local-date.js';
import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import type { TemplateId, TemplateValues } from '../../domain/mail/mail-templates.js';
import { listParties } from '../../db/repositories/case-party.repository.js';
import { findHearing, insertHearing, updateHearing, type HearingRow } from '../../db/repositories/hearing.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { today } from '../cases/case-clock.js';
import { changeCase, type CaseChange } from '../cases/change-case.js';
import { queueMail, type MailRequest } from '../mail/compose-mail.js';
import { currentPanel } from './due-process-facts.js';
import { changeCaseAsParty } from './party-access.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Queues an e-mail from one of the respondent's templates, addressed and greeted by name, in the change's transaction, when they gave an address. */
export async function tellRespondent<Id extends TemplateId>(ctx: ServiceContext, change: CaseChange, template: Id, values: Omit<TemplateValues<Id>, 'name'>): Promise<void> {
  const respondent = (await listParties(change.trx, change.caseRow.id)).find((party) => party.role === 'respondent');
  if (!respondent?.email) return;
  await queueMail(change.trx, ctx, { template, to: respondent.email, values: { ...values, name: respondent.name } } as MailRequest);
  change.queuedMail();
}

async function seatedPanel(change: CaseChange) {
  const { panel, seats } = await currentPanel(change.trx, change.caseRow);
  if (!panel) throw new DomainError('rule_violated', 'Draw the panel before scheduling its hearing.');
  return { panel, seats };
}

/**
 * Fixes the hearing before the current panel, with at least the configured
 * notice, and tells the respondent of the date and of their right to be
 * accompanied.
 */
export async function scheduleHearing(options: { ctx: ServiceContext; staff: Staff; caseId: string; date: string; time: string; location: string }): Promise<{ hearingId: string }> {
  const { ctx } = options;
  const location = options.location.trim();
  const issues: FieldIssue[] = [];
  if (!isLocalDate(options.date)) issues.push({ field: 'date', message: 'Give the date as YYYY-MM-DD.' });
  if (!TIME.test(options.time)) issues.push({ field: 'time', message: 'Give the time as HH:MM (24-hour).' });
  if (location.length < 3) issues.push({ field: 'location', message: 'Say where the hearing is (a room, or how to join online).' });
  assertNoIssues(issues, 'The hearing details need correcting.');
  return changeCase({
    ...options,
    permission: 'cases.convene_panel',
    what: 'schedule hearings',
    change: async (change) => {
      const { panel } = await seatedPanel(change);
      if (await findHearing(change.trx, panel.id)) throw new DomainError('conflict', "This panel's hearing is already scheduled; it can only be postponed.");
      const notice = ctx.config.organisation.dueProcess.hearingNoticeWorkingDays;
      const earliest = addWorkingDays(today(ctx), notice, ctx.calendar);
      if (compareLocalDates(options.date, earliest) < 0) {
        throw new DomainError('rule_violated', `A hearing needs at least ${notice} working days' notice: the earliest date is ${earliest}.`, [{ field: 'date', message: `Choose ${earliest} or later.` }]);
      }
      const hearingId = ctx.random.uuid();
      const at = ctx.clock.now().toISOString();
      await insertHearing(change.trx, {
        id: hearingId,
        case_id: change.caseRow.id,
        panel_id: panel.id,
        scheduled_on: options.date,
        start_time: options.time,
        location,
        notice_given_on: today(ctx),
        originally_scheduled_on: null,
        postponement_reason: null,
        held_at: null,
        attendance: null,
        record: null,
        created_at: at,
      });
      change.record({ type: 'hearing_scheduled', hearingId, date: options.date, time: options.time, location });
      await tellRespondent(ctx, change, 'hearing_scheduled', {
        reference: change.caseRow.reference,
        date: options.date,
        time: options.time,
        location,
        postponementWorkingDays: String(ctx.config.organisation.dueProcess.postponementWorkingDays),
      });
      return { hearingId };
    },
  });
}

/**
 * The one postponement the respondent is entitled to when their companion
 * cannot attend: to a later date no more than the configured working days
 * after the original.
 */
async function postpone(ctx: ServiceContext, change: CaseChange, request: { date: string; reason: string }): Promise<void> {
  const { panel } = await seatedPanel(change);
  const hearing = await findHearing(change.trx, panel.id);
  if (!hearing) throw new DomainError('not_found', 'No hearing is scheduled.');
  if (hearing.held_at) throw new DomainError('conflict', 'The hearing has already been held.');
  if (hearing.originally_scheduled_on) throw new DomainError('rule_violated', 'The hearing has already been postponed once; it cannot be postponed again.');
  const reason = request.reason.trim();
  if (reason.length < 10) throw new DomainError('validation_failed', 'Say why the companion cannot attend.', [{ field: 'reason', message: 'Give the reason in at least 10 characters.' }]);
  if (!isLocalDate(request.date)) throw new DomainError('validation_failed', 'Give the new date.', [{ field: 'date', message: 'Give the date as YYYY-MM-DD.' }]);
  const limit = ctx.config.organisation.dueProcess.postponementWorkingDays;
  const latest = addWorkingDays(hearing.scheduled_on, limit, ctx.calendar);
  if (compareLocalDates(request.date, hearing.scheduled_on) <= 0 || compareLocalDates(request.date, latest) > 0) {
    throw new DomainError('rule_violated', `A postponement moves the hearing to a later date within ${limit} working days of the original: between ${hearing.scheduled_on} and ${latest}.`, [
      { field: 'date', message: `Choose a date after ${hearing.scheduled_on} and no later than ${latest}.` },
    ]);
  }
  await updateHearing(change.trx, hearing.id, { scheduled_on: request.date, originally_scheduled_on: hearing.scheduled_on, postponement_reason: reason });
  change.record({ type: 'hearing_postponed', hearingId: hearing.id, from: hearing.scheduled_on, to: request.date, reason });
  await tellRespondent(ctx, change, 'hearing_postponed', {
    reference: change.caseRow.reference,
    originalDate: hearing.scheduled_on,
    date: request.date,
    time: hearing.start_time,
    location: hearing.location,
  });
}

export async function postponeHearing(options: { ctx: ServiceContext; staff: Staff; caseId: string; date: string; reason: string }): Promise<void> {
  return changeCase({ ...options, permission: 'cases.convene_panel', what: 'postpone hearings', change: (change) => postpone(options.ctx, change, options) });
}

/** The respondent asks through their portal; the same rule applies, and a valid request takes effect at once. */
export async function requestPostponement(options: { ctx: ServiceContext; token: string; date: string; reason: string }): Promise<void> {
  return changeCaseAsParty({
    ctx: options.ctx,
    token: options.token,
    change: async (change, party) => {
      if (party.role !== 'respondent') throw new DomainError('forbidden', 'Only the respondent can ask for the hearing to be postponed.');
      await postpone(options.ctx, change, options);
    },
  });
}

export type Attendance = { name: string; role: string; present: boolean };

/** The panel's record of the hearing: who attended, and the notes; made by a member of the panel on or after the day. */
export async function recordHearing(options: { ctx: ServiceContext; staff: Staff; caseId: string; attendance: Attendance[]; record: string }): Promise<void> {
  const { ctx, staff } = options;
  const record = options.record.trim();
  const attendance = options.attendance.map((entry) => ({ name: entry.name.trim(), role: entry.role.trim(), present: entry.present })).filter((entry) => entry.name !== '');
  const issues: FieldIssue[] = [];
  if (record.length < 20) issues.push({ field: 'record', message: 'Write the record of the hearing (at least 20 characters).' });
  if (attendance.length === 0) issues.push({ field: 'attendance', message: 'Record who attended.' });
  assertNoIssues(issues, 'The hearing record is incomplete.');
  return changeCase({
    ...options,
    permission: 'cases.sit_on_panel',
    what: 'record hearings',
    change: async (change) => {
      const { panel, seats } = await seatedPanel(change);
      if (!seats.some((seat) => seat.user_id === staff.userId)) throw new DomainError('forbidden', 'Only a member of the panel can record its hearing.');
      const hearing: HearingRow | undefined = await findHearing(change.trx, panel.id);
      if (!hearing) throw new DomainError('not_found', 'No hearing is scheduled.');
      if (hearing.held_at) throw new DomainError('conflict', 'The hearing has already been recorded.');
      if (compareLocalDates(today(ctx), hearing.scheduled_on) < 0) throw new DomainError('rule_violated', `The hearing is set for ${hearing.scheduled_on}; it can be recorded on or after that day.`);
      await updateHearing(change.trx, hearing.id, { held_at: ctx.clock.now().toISOString(), attendance: JSON.stringify(attendance), record });
      change.record({ type: 'hearing_held', hearingId: hearing.id, attendance });
    },
  });
}
