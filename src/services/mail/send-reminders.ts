import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { findStage } from '../../domain/case/workflow.js';
import { listParties } from '../../db/repositories/case-party.repository.js';
import { listSeats } from '../../db/repositories/panel.repository.js';
import { claimReminder, listHearingsBetween, listNoticesDueBy, listStageDeadlinesBetween } from '../../db/repositories/reminder.repository.js';
import { findUserById } from '../../db/repositories/user.repository.js';
import type { ServiceContext } from '../context.js';
import { today } from '../cases/case-clock.js';
import { queueMail, type MailRequest } from './compose-mail.js';

type Reminder = { key: string; caseId: string; mail: MailRequest };

/**
 * Reminds people of what falls due in the next few working days: the
 * respondent of their answer, the respondent and the panel of a hearing, and
 * everyone assigned to a case of their stage's deadline. Each reminder is
 * claimed and queued in one transaction, so it goes out once however often
 * the sweep runs.
 */
export async function sendDeadlineReminders(options: { ctx: ServiceContext }): Promise<{ sent: number }> {
  const { ctx } = options;
  const from = today(ctx);
  const to = addWorkingDays(from, ctx.config.organisation.mail.reminderWorkingDays, ctx.calendar);
  const window = { from, to };
  const reminders: Reminder[] = [];

  for (const notice of await listNoticesDueBy(ctx.db, window)) {
    if (!notice.email) continue;
    reminders.push({
      key: `notice:${notice.id}:${notice.response_due_on}`,
      caseId: notice.case_id,
      mail: { template: 'reminder_notice_response', to: notice.email, values: { name: notice.name, reference: notice.reference, dueOn: notice.response_due_on } },
    });
  }

  for (const hearing of await listHearingsBetween(ctx.db, window)) {
    const respondent = (await listParties(ctx.db, hearing.case_id)).find((party) => party.role === 'respondent');
    const people: { name: string; email: string | null }[] = [respondent ?? { name: '', email: null }];
    for (const seat of await listSeats(ctx.db, [hearing.panel_id])) {
      if (seat.recused_at) continue;
      const user = await findUserById(ctx.db, seat.user_id);
      if (user && !user.disabled_at) people.push({ name: user.display_name, email: user.email });
    }
    for (const person of people) {
      if (!person.email) continue;
      reminders.push({
        key: `hearing:${hearing.id}:${hearing.scheduled_on}:${person.email}`,
        caseId: hearing.case_id,
        mail: {
          template: 'reminder_hearing',
          to: person.email,
          values: { name: person.name, reference: hearing.reference, date: hearing.scheduled_on, time: hearing.start_time, location: hearing.location },
        },
      });
    }
  }

  for (const deadline of await listStageDeadlinesBetween(ctx.db, window)) {
    const stage = findStage(ctx.workflow, deadline.stage);
    reminders.push({
      key: `stage:${deadline.case_id}:${deadline.stage}:${deadline.stage_due_on}:${deadline.user_id}`,
      caseId: deadline.case_id,
      mail: {
        template: 'reminder_stage_deadline',
        to: deadline.email,
        values: { name: deadline.display_name, reference: deadline.reference, stage: stage.label.toLowerCase(), dueOn: deadline.stage_due_on ?? '' },
      },
    });
  }

  let sent = 0;
  for (const reminder of reminders) {
    const queued = await ctx.db.transaction().execute(async (trx) => {
      const at = ctx.clock.now().toISOString();
      if (!(await claimReminder(trx, { key: reminder.key, case_id: reminder.caseId, sent_at: at }))) return false;
      await queueMail(trx, ctx, { ...reminder.mail, at });
      return true;
    });
    if (queued) sent += 1;
  }
  if (sent > 0) ctx.outboxQueued();
  return { sent };
}
