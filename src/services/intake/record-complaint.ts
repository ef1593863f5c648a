import { DomainError } from '../../domain/errors.js';
import { STAFF_CHANNELS } from '../../domain/complaint/complaint.js';
import type { ServiceContext } from '../context.js';
import { assertPermission } from '../cases/case-access.js';
import { staffActor, type Staff } from '../staff.js';
import type { ComplaintInput, EvidenceUpload } from './complaint-input.js';
import { createComplaint, type ComplaintReceipt } from './create-complaint.js';

/**
 * A complaint received by phone, e-mail, letter or in person, entered by staff
 * on the complainant's behalf. It may be back-dated to when it really arrived,
 * so the timetable runs from then, but never into the future.
 */
export async function recordComplaint(options: {
  ctx: ServiceContext;
  staff: Staff;
  complaint: ComplaintInput;
  files: EvidenceUpload[];
  channel: (typeof STAFF_CHANNELS)[number];
  receivedAt?: Date | undefined;
}): Promise<ComplaintReceipt> {
  const { ctx, staff } = options;
  assertPermission(staff, 'cases.record', 'record complaints');
  if (options.receivedAt && options.receivedAt.getTime() > ctx.clock.now().getTime()) {
    throw new DomainError('validation_failed', 'A complaint cannot be received in the future.', [{ field: 'receivedAt', message: 'Enter a date that is today or earlier.' }]);
  }
  return createComplaint({ ...options, actor: staffActor(staff), recordedBy: staff.userId });
}
