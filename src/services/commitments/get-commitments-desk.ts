import { hasPermission } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { getScorecard, type Scorecard } from './get-scorecard.js';

export type CommitmentsDesk = Scorecard & { mayManage: boolean; mayRate: boolean };

/** The staff view of the tracker: leadership manages it, the overseer rates it; both read it. */
export async function getCommitmentsDesk(options: { ctx: ServiceContext; staff: Staff }): Promise<CommitmentsDesk> {
  const { ctx, staff } = options;
  const mayManage = hasPermission(staff.roles, 'commitments.manage');
  const mayRate = hasPermission(staff.roles, 'commitments.rate');
  if (!mayManage && !mayRate) throw new DomainError('forbidden', 'Your role does not allow you to open the commitments tracker.');
  return { ...(await getScorecard({ ctx })), mayManage, mayRate };
}
