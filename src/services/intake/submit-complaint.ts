import type { ServiceContext } from '../context.js';
import type { ComplaintInput, EvidenceUpload } from './complaint-input.js';
import { createComplaint, type ComplaintReceipt } from './create-complaint.js';

/** A complaint made by a member of the public, through the web form or the API. */
export async function submitComplaint(options: { ctx: ServiceContext; complaint: ComplaintInput; files: EvidenceUpload[]; channel: 'web' | 'api' }): Promise<ComplaintReceipt> {
  return createComplaint({ ...options, actor: { kind: 'public' }, recordedBy: null });
}
