import type { Role } from '../../src/domain/access.js';
import { ZComplaintInput, type ComplaintInput } from '../../src/services/intake/complaint-input.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { createUser } from '../../src/services/users/manage-users.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let people = 0;

/** A member of staff with the given roles, as the use cases see them. */
export async function createStaff(ctx: ServiceContext, roles: Role[], name?: string): Promise<Staff & { email: string }> {
  people += 1;
  const displayName = name ?? `${roles.join(' ')} ${people}`;
  const email = `staff${people}.${process.pid}@example.test`;
  const user = await createUser({ ctx, by: { kind: 'operator' }, email, displayName, password: TEST_PASSWORD, roles });
  return { userId: user.id, name: user.display_name, roles, email };
}

/** A complaint that passes validation; override any part. */
export function complaintInput(overrides: Record<string, unknown> = {}): ComplaintInput {
  return ZComplaintInput.parse({
    relation: 'targeted',
    anonymous: false,
    complainant: { name: 'Ruth Example', email: 'ruth@example.test' },
    respondent: { name: 'Councillor Fictional', membershipNumber: 'M-1001', unit: 'North Branch' },
    summary: 'Abusive messages after a branch meeting',
    description: 'After the branch meeting on 12 February the respondent sent me a series of messages repeating an antisemitic conspiracy theory.',
    incidentDate: '2026-02-12',
    clauses: ['ihra-wda@2016-05-26#ex-2'],
    ...overrides,
  });
}
