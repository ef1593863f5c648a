import type { StageDefinition } from '../../domain/case/workflow.js';
import { OUTCOME_LABELS } from '../../domain/complaint/complaint.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { queueMail, type MailRequest } from '../mail/compose-mail.js';
import { localDateOf } from './case-clock.js';

export type ComplainantUpdate =
  | { kind: 'acknowledgement'; stage: StageDefinition; acknowledgementDueOn: string; stageDueOn: string | null; overallDueOn: string }
  | { kind: 'stage'; stage: StageDefinition; dueOn: string | null; closure?: { outcome: string; explanation: string } | undefined }
  | { kind: 'extension'; stageLabel: string; workingDays: number; reason: string; dueOn: string | null };

/** The e-mail for this update, from its template; an optional value left out is null, and its line is left out. */
function mailFor(ctx: ServiceContext, caseRow: CaseRow, to: string, update: ComplainantUpdate): MailRequest {
  const base = { name: caseRow.complainant_name, reference: caseRow.reference };
  switch (update.kind) {
    case 'acknowledgement':
      return {
        template: 'complaint_acknowledged',
        to,
        values: {
          ...base,
          receivedOn: localDateOf(ctx, caseRow.received_at),
          stageDescription: update.stage.publicDescription,
          triageBy: update.stageDueOn,
          concludeBy: update.overallDueOn,
        },
      };
    case 'stage':
      if (update.closure) {
        return {
          template: 'complaint_concluded',
          to,
          values: { ...base, outcome: OUTCOME_LABELS[update.closure.outcome] ?? update.closure.outcome, explanation: update.closure.explanation },
        };
      }
      return {
        template: 'complaint_stage_changed',
        to,
        values: { ...base, stage: update.stage.label.toLowerCase(), stageDescription: update.stage.publicDescription, dueOn: update.dueOn },
      };
    case 'extension':
      return {
        template: 'complaint_extended',
        to,
        values: { ...base, stage: update.stageLabel.toLowerCase(), workingDays: update.workingDays, dueOn: update.dueOn, reason: update.reason },
      };
  }
}

/**
 * Queues an update to the complainant in the caller's transaction, when they
 * gave an e-mail address. Returns whether anything was queued.
 */
export async function notifyComplainant(trx: Executor, ctx: ServiceContext, caseRow: CaseRow, update: ComplainantUpdate): Promise<boolean> {
  if (!caseRow.complainant_email) return false;
  await queueMail(trx, ctx, mailFor(ctx, caseRow, caseRow.complainant_email, update));
  return true;
}
