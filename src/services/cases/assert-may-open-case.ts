import { DomainError } from '../../domain/errors.js';
import { findCaseById } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertCanReadCase } from './case-access.js';
import { recordingRefusedAccess } from './refused-access.js';

/**
 * Refuses someone who may not open a case before anything they sent is even
 * read (the API checks this ahead of validating a request's body), recording
 * the refused attempt like any other.
 */
export async function assertMayOpenCase(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<void> {
  const { ctx, staff } = options;
  await recordingRefusedAccess(ctx, staff, 'use the API on the case', async () => {
    const caseRow = await findCaseById(ctx.db, options.caseId);
    if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
    await assertCanReadCase(ctx.db, ctx, staff, caseRow);
  });
}
