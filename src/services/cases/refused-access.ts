import { lockCase } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { CaseAccessRefused } from '../../domain/access.js';
import { recordCaseEvents } from './case-events.js';

/**
 * Runs a use case that opens a case and, when the person is refused, records
 * the attempt on that case in a transaction of its own (the refused one has
 * rolled back), then passes the refusal on. The record is an access event in
 * the ledger, so the overseer sees every refused attempt.
 */
export async function recordingRefusedAccess<T>(ctx: ServiceContext, staff: Staff, attempted: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CaseAccessRefused) {
      await ctx.db.transaction().execute(async (trx) => {
        await lockCase(trx, ctx.dbKind, error.caseId);
        await recordCaseEvents(trx, ctx, { caseId: error.caseId, actor: staffActor(staff), events: [{ type: 'access_refused', attempted, stage: error.stage }] });
      });
    }
    throw error;
  }
}
