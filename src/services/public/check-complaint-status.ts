import { findStage, type StageDefinition } from '../../domain/case/workflow.js';
import { normaliseReceiptCode } from '../../domain/complaint/receipt-code.js';
import { DomainError } from '../../domain/errors.js';
import { findCaseByReceiptHash, lockCase } from '../../db/repositories/case.repository.js';
import { listClockEntries } from '../../db/repositories/case-clock.repository.js';
import { listCaseEvents } from '../../db/repositories/case-event.repository.js';
import { hashReceiptCode } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { clockOf, loadClockEntries } from '../cases/case-clock.js';
import { recordCaseEvents } from '../cases/case-events.js';

export type ComplaintStatus = {
  reference: string;
  receivedAt: string;
  stage: StageDefinition;
  stageDueOn: string | null;
  paused: boolean;
  overallDueOn: string;
  /** Extensions, with their reasons: the parties are always told why more time was taken. */
  extensions: { on: string; workingDays: number; reason: string }[];
  stageHistory: { stage: string; on: string }[];
  outcome: { outcome: string; explanation: string; closedAt: string } | null;
};

/**
 * What the holder of a receipt code may see about their complaint: where it
 * is, when each step is due, why any extension was made, and the outcome.
 * Never the case's content or the people handling it.
 */
export async function checkComplaintStatus(options: { ctx: ServiceContext; receiptCode: string }): Promise<ComplaintStatus> {
  const { ctx } = options;
  const digits = normaliseReceiptCode(options.receiptCode);
  if (!digits) throw new DomainError('validation_failed', 'A receipt code is 16 digits.', [{ field: 'receiptCode', message: 'Enter the 16-digit code you were given.' }]);
  const receiptHash = await hashReceiptCode(digits, ctx.receiptSalt);
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findCaseByReceiptHash(trx, receiptHash);
    // Recording the look-up appends an event, so it takes the case lock like any change.
    const caseRow = found && (await lockCase(trx, ctx.dbKind, found.id));
    if (!caseRow) throw new DomainError('not_found', 'No complaint matches that receipt code. Check the digits and try again.');
    const [entries, history, events] = await Promise.all([loadClockEntries(trx, caseRow.id), listClockEntries(trx, caseRow.id), listCaseEvents(trx, caseRow.id)]);
    const clock = clockOf(ctx, caseRow, entries);
    const closing = events.filter((event) => event.type === 'case_closed').at(-1);
    await recordCaseEvents(trx, ctx, { caseId: caseRow.id, actor: { kind: 'receipt_holder' }, events: [{ type: 'status_checked_by_receipt' }] });
    return {
      reference: caseRow.reference,
      receivedAt: caseRow.received_at,
      stage: findStage(ctx.workflow, caseRow.stage),
      stageDueOn: clock.stageDueOn,
      paused: clock.pausedSince !== null,
      overallDueOn: clock.overallDueOn,
      extensions: history
        .filter((entry) => entry.kind === 'extended')
        .map((entry) => ({ on: entry.on_date, workingDays: Number(entry.working_days), reason: entry.reason ?? '' })),
      stageHistory: history.filter((entry) => entry.kind === 'stage_entered').map((entry) => ({ stage: findStage(ctx.workflow, entry.stage ?? '').label, on: entry.on_date })),
      outcome:
        caseRow.closed_at && closing
          ? { outcome: caseRow.outcome ?? '', explanation: (JSON.parse(closing.data) as { explanation: string }).explanation, closedAt: caseRow.closed_at }
          : null,
    };
  });
}
