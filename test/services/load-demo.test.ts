import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';
import { listUsers } from '../../src/services/users/manage-users.js';
import { listCases } from '../../src/services/cases/list-cases.js';
import { today } from '../../src/services/cases/case-clock.js';
import type { DomainError } from '../../src/domain/errors.js';

for (const kind of testDatabaseKinds()) {
  describe(`the demonstration organisation (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind);
    });
    afterEach(async () => t.close());

    it('loads staff and cases at every stage through the use cases, and only once', async () => {
      const { ctx } = t;
      const demo = await loadDemo({ ctx, caseCount: 60 });
      expect(demo.cases).toBeGreaterThanOrEqual(58);
      expect(demo.password.length).toBeGreaterThanOrEqual(16);
      expect(demo.accounts).toHaveLength(21);
      const roleCount = (role: string) => demo.accounts.filter((account) => account.roles.includes(role as never)).length;
      expect([roleCount('intake_officer'), roleCount('case_manager'), roleCount('investigator'), roleCount('panel_member')]).toEqual([2, 3, 4, 8]);
      expect([roleCount('overseer'), roleCount('leadership'), roleCount('data_protection_officer'), roleCount('publications_editor')]).toEqual([1, 1, 1, 1]);

      const users = await listUsers({ ctx, by: { kind: 'operator' } });
      for (const account of demo.accounts) {
        expect(account.email).toMatch(/@demo\.redress\.test$/);
        expect(users.find((user) => user.email === account.email)?.roles).toEqual(account.roles);
      }

      const cases = await ctx.db.selectFrom('cases').select(['id', 'stage', 'outcome', 'closed_at', 'paused_since', 'stage_due_on', 'anonymous', 'channel', 'received_at']).execute();
      expect(cases).toHaveLength(demo.cases);
      for (const stage of ctx.workflow.stages) expect(cases.filter((row) => row.stage === stage.id).length, stage.id).toBeGreaterThan(0);
      const todayDate = today(ctx);
      const open = cases.filter((row) => row.closed_at === null);
      expect(open.some((row) => row.paused_since === null && row.stage_due_on !== null && row.stage_due_on < todayDate)).toBe(true);
      expect(open.some((row) => row.paused_since !== null)).toBe(true);
      const outcomes = new Set(cases.map((row) => row.outcome));
      for (const outcome of ['upheld', 'partly_upheld', 'not_upheld', 'closed_at_triage', 'resolved_informally', 'withdrawn', 'merged']) expect(outcomes, outcome).toContain(outcome);
      expect(cases.some((row) => row.anonymous === 1)).toBe(true);
      expect(cases.some((row) => row.channel !== 'web' && row.channel !== 'api')).toBe(true);
      // Nothing happened after "now", and the cases span months.
      const now = ctx.clock.now().toISOString();
      expect(cases.every((row) => row.received_at <= now)).toBe(true);
      const events = await ctx.db.selectFrom('case_events').select(['occurred_at']).execute();
      expect(events.every((event) => event.occurred_at <= now)).toBe(true);
      const earliest = cases.map((row) => row.received_at).sort()[0]!;
      expect(Date.parse(now) - Date.parse(earliest)).toBeGreaterThan(150 * 86_400_000);

      // The due process is visible: screening excluded someone, and every decided case has a panel decision with findings.
      const screenings = await ctx.db.selectFrom('panel_screenings').select(['eligible', 'reasons']).execute();
      expect(screenings.some((row) => row.eligible === 0 && row.reasons.includes('touches'))).toBe(true);
      const decided = cases.filter((row) => ['upheld', 'partly_upheld', 'not_upheld'].includes(row.outcome ?? ''));
      const decisions = await ctx.db.selectFrom('decisions').select(['case_id']).execute();
      for (const row of decided) expect(decisions.some((decision) => decision.case_id === row.id)).toBe(true);

      const links = await ctx.db.selectFrom('case_links').select(['case_id']).execute();
      expect(links.length).toBeGreaterThanOrEqual(2);

      // A demo case manager sees the cases assigned to them.
      const manager = users.find((user) => user.roles.includes('case_manager') && user.email.endsWith('@demo.redress.test'))!;
      const mine = await listCases({ ctx, staff: { userId: manager.id, name: manager.display_name, roles: ['case_manager'] }, query: { assigneeId: manager.id } });
      expect(mine.total).toBeGreaterThan(0);

      // The independence story: outside contacts (one declared by leadership), a refused attempt, emergency access, a flagged case.
      const contacts = await ctx.db.selectFrom('outside_contacts').select(['source', 'reached_decision_maker']).orderBy('number').execute();
      expect(contacts.map((contact) => contact.source).slice(0, 2)).toEqual(['declared', 'received']);
      expect(await ctx.db.selectFrom('case_events').select('id').where('type', '=', 'access_refused').execute()).toHaveLength(1);
      expect(await ctx.db.selectFrom('break_glass_grants').select('ended_at').execute()).toEqual([{ ended_at: expect.any(String) }]);
      expect(await ctx.db.selectFrom('cases').select('id').where('special_categories', 'is not', null).execute()).toHaveLength(1);
      // published-decisions: most drafts approved, the flagged one returned, the newest waiting.
      const summaries = await ctx.db.selectFrom('decision_summaries').select('status').execute();
      expect(summaries.filter((row) => row.status === 'published').length).toBeGreaterThanOrEqual(2);
      expect(summaries.filter((row) => row.status === 'returned')).toHaveLength(1);

      await expect(loadDemo({ ctx, caseCount: 60 })).rejects.toSatisfy((error: DomainError) => error.code === 'conflict');
    }, 120_000);
  });
}
