import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from './change-case.js';
import { moveCase } from './move-case.js';

export async function startTriage(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<void> {
  return changeCase({ ...options, permission: 'cases.triage', what: 'triage complaints', change: (change) => moveCase(options.ctx, change, 'start_triage') });
}
