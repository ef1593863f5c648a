import type { StageDefinition } from '../../domain/case/workflow.js';
import { OUTCOME_LABELS } from '../../domain/complaint/complaint.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { localDateOf } from './case-clock.js';

export type ComplainantUpdate =
  | { kind: 'acknowledgement'; stage: StageDefinition; acknowledgementDueOn: string; stageDueOn: string | null; overallDueOn: string }
  | { kind: 'stage'; stage: StageDefinition; dueOn: string | null; closure?: { outcome: string; explanation: string } | undefined }
  | { kind: 'extension'; stageLabel: string; workingDays: number; reason: string; dueOn: string | null };

export type EmailMessage = { to: string; subject: string; text: string };

/** Lines of the message; null marks a line that does not apply to this case and is left out. */
function body(ctx: ServiceContext, caseRow: CaseRow, update: ComplainantUpdate): { subject: string; lines: (string | null)[] } {
  const org = ctx.config.organisation.organisation;
  switch (update.kind) {
    case 'acknowledgement':
      return {
        subject: `We have received your complaint ${caseRow.reference}`,
        lines: [
          `Thank you for your complaint, which we received on ${localDateOf(ctx, caseRow.received_at)}. Its reference is ${caseRow.reference}.`,
          '',
          'What happens next:',
          `- ${update.stage.publicDescription}`,
          update.stageDueOn ? `- Triage will begin by ${update.stageDueOn}.` : null,
          `- We aim to conclude every complaint by ${update.overallDueOn}. If any stage needs longer, we will tell you why.`,
          '',
          `You will hear from us whenever your complaint moves to a new stage. Please quote ${caseRow.reference} if you contact ${org.contactEmail}.`,
        ],
      };
    case 'stage':
      if (update.closure) {
        return {
          subject: `Your complaint ${caseRow.reference} has been concluded`,
          lines: [
            `Your complaint ${caseRow.reference} has been concluded.`,
            `Outcome: ${OUTCOME_LABELS[update.closure.outcome] ?? update.closure.outcome}.`,
            '',
            update.closure.explanation,
          ],
        };
      }
      return {
        subject: `Your complaint ${caseRow.reference} has moved to ${update.stage.label.toLowerCase()}`,
        lines: [
          `Your complaint ${caseRow.reference} is now at the ${update.stage.label.toLowerCase()} stage.`,
          update.stage.publicDescription,
          update.dueOn ? `This stage is due to finish by ${update.dueOn}.` : null,
        ],
      };
    case 'extension':
      return {
        subject: `More time is needed for your complaint ${caseRow.reference}`,
        lines: [
          `The ${update.stageLabel.toLowerCase()} stage of your complaint ${caseRow.reference} has been extended by ${update.workingDays} working days${update.dueOn ? `, to ${update.dueOn}` : ''}.`,
          `The reason: ${update.reason}`,
        ],
      };
  }
}

/**
 * Queues an update to the complainant in the caller's transaction, when they
 * gave an e-mail address. Returns whether anything was queued.
 */
export async function notifyComplainant(trx: Executor, ctx: ServiceContext, caseRow: CaseRow, update: ComplainantUpdate): Promise<boolean> {
  if (!caseRow.complainant_email) return false;
  const { subject, lines } = body(ctx, caseRow, update);
  const greeting = caseRow.complainant_name ? `Dear ${caseRow.complainant_name},` : 'Hello,';
  const signature = ['', `${ctx.config.organisation.organisation.name} complaints team`];
  const message: EmailMessage = { to: caseRow.complainant_email, subject, text: [greeting, '', ...lines.filter((line) => line !== null), ...signature].join('\n') };
  await enqueueOutbox(trx, { kind: 'email', payload: message, at: ctx.clock.now().toISOString() });
  return true;
}
