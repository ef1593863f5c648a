import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { createStaff } from '../helpers/factories.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';
import { exportSubjectData } from '../../src/services/data-protection/export-subject-data.js';

/*
 * The subject access export checked for completeness against the
 * demonstration data: for a demonstration member found to have breached the
 * code, and for a demonstration member of staff, every record the database
 * holds about them (found here with queries of its own) is in the export.
 */
for (const kind of testDatabaseKinds()) {
  describe(`subject access for a demonstration person (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind);
    });
    afterEach(async () => t.close());

    it('holds every case, party, notice, decision and sanction about a member found to have breached the code, and every assignment of a member of staff', { timeout: 120_000 }, async () => {
      const { ctx } = t;
      const demo = await loadDemo({ ctx, caseCount: 60 });
      const dpo = await createStaff(ctx, ['data_protection_officer']);
      const decided = await ctx.db
        .selectFrom('cases')
        .select('respondent_membership_number')
        .where('outcome', '=', 'upheld')
        .where('respondent_membership_number', 'is not', null)
        .orderBy('reference')
        .executeTakeFirstOrThrow();
      const number = decided.respondent_membership_number!;

      const caseIds = (await ctx.db.selectFrom('cases').select('id').where('respondent_membership_number', '=', number).execute()).map((row) => row.id);
      const references = (await ctx.db.selectFrom('cases').select('reference').where('id', 'in', caseIds).execute()).map((row) => row.reference).sort();
      const count = async (table: 'notices' | 'decisions' | 'hearings' | 'appeals') => Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('case_id', 'in', caseIds).executeTakeFirstOrThrow()).n);
      const sanctions = await ctx.db.selectFrom('membership_sanctions').select('id').where('case_id', 'in', caseIds).execute();
      const parties = await ctx.db.selectFrom('case_parties').select('id').where('membership_number', '=', number).execute();

      const { data } = await exportSubjectData({ ctx, staff: dpo, query: { membershipNumber: number }, format: 'json' });
      const { sections } = data;
      expect(sections.cases.map((entry) => entry.reference).sort()).toEqual(references);
      expect(new Set(sections.parties.map((entry) => entry.caseReference))).toEqual(new Set(references));
      expect(sections.parties).toHaveLength(parties.length);
      expect(sections.notices).toHaveLength(await count('notices'));
      expect(sections.decisions).toHaveLength(await count('decisions'));
      expect(sections.hearings).toHaveLength(await count('hearings'));
      expect(sections.appeals.length).toBeLessThanOrEqual(await count('appeals'));
      expect(sections.sanctions).toHaveLength(sanctions.length);
      expect(sections.decisions.length).toBeGreaterThan(0);

      const investigator = demo.accounts.find((account) => account.roles.includes('investigator'))!;
      const user = await ctx.db.selectFrom('users').select('id').where('email', '=', investigator.email).executeTakeFirstOrThrow();
      const assignments = await ctx.db.selectFrom('case_assignments').select('case_id').where('user_id', '=', user.id).execute();
      const staffExport = await exportSubjectData({ ctx, staff: dpo, query: { email: investigator.email }, format: 'json' });
      expect(staffExport.data.sections.accounts.map((account) => account.roles)).toEqual([['investigator']]);
      expect(staffExport.data.sections.assignments).toHaveLength(assignments.length);
      expect(JSON.stringify(staffExport.data)).not.toMatch(/argon2|password_hash|totp_secret/i);
    });
  });
}
