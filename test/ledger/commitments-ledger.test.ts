import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { trackedCommitment } from '../helpers/commitments.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';
import { rateCommitment } from '../../src/services/commitments/rate-commitment.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';
import { verifyDatabase } from '../../src/services/ledger/verify-ledger.js';
import { generateSigningKey, verifierOf, type SigningKey } from '../../src/ledger/checkpoint.js';
import type { ServiceContext } from '../../src/services/context.js';

/** Removes commitment_events' append-only guard, as an attacker with full database access would. */
async function dropGuard(t: TestContext): Promise<void> {
  const statements =
    t.ctx.dbKind === 'sqlite' ? ['DROP TRIGGER IF EXISTS commitment_events_no_update', 'DROP TRIGGER IF EXISTS commitment_events_no_delete'] : ['DROP TRIGGER IF EXISTS commitment_events_append_only ON commitment_events'];
  for (const statement of statements) await sql.raw(statement).execute(t.ctx.db);
}

for (const kind of testDatabaseKinds()) {
  describe(`the commitments tracker in the ledger (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let key: SigningKey;
    let commitmentId: string;
    const verify = () => verifyDatabase({ ctx, verifiers: [verifierOf(key)] });

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      key = generateSigningKey('redress.test/commitments');
      const leader = await createStaff(ctx, ['leadership']);
      const overseer = await createStaff(ctx, ['overseer'], 'Ngozi Whitlock');
      await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      ({ commitmentId } = await trackedCommitment(ctx, leader));
      await rateCommitment({ ctx, staff: overseer, commitmentId, input: { rating: 'in_the_works', reasons: 'The timetable is published; the first quarter is not yet over.' } });
      await issueCheckpoint({ ctx, key });
    });
    afterEach(async () => t.close());

    it('logs every commitment event as a leaf with no case, and an untouched log verifies', async () => {
      const events = await ctx.db.selectFrom('commitment_events').select(['id', 'type']).orderBy('sequence').execute();
      const leaves = await ctx.db.selectFrom('ledger_entries').select(['event_id', 'case_id', 'type']).where('type', 'like', 'commitment.%').orderBy('sequence').execute();
      expect(leaves).toEqual(events.map((event) => ({ event_id: event.id, case_id: null, type: `commitment.${event.type}` })));
      const result = await verify();
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    });

    it('catches a rating altered in the table', async () => {
      await dropGuard(t);
      const rating = await ctx.db.selectFrom('commitment_events').select(['id', 'data']).where('type', '=', 'rating_given').executeTakeFirstOrThrow();
      const altered = JSON.stringify({ ...(JSON.parse(rating.data) as object), rating: 'kept' });
      await ctx.db.updateTable('commitment_events').set({ data: altered }).where('id', '=', rating.id).execute();
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).toContain(`the payload of commitment event ${rating.id} was altered`);
    });

    it('catches a commitment event deleted, and one inserted behind the log’s back', async () => {
      await dropGuard(t);
      const rating = await ctx.db.selectFrom('commitment_events').selectAll().where('type', '=', 'rating_given').executeTakeFirstOrThrow();
      await ctx.db.deleteFrom('commitment_events').where('id', '=', rating.id).execute();
      expect(JSON.stringify(await verify())).toContain('is missing from commitment_events');
      await ctx.db
        .insertInto('commitment_events')
        .values({ ...rating, id: '00000000-0000-4000-8000-00000000beef', sequence: 999, data: JSON.stringify({ rating: 'kept', reasons: 'Invented.', from: 'in_the_works', rater: 'Nobody' }) })
        .execute();
      await ctx.db.insertInto('commitment_events').values({ ...rating }).execute();
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).toContain('commitment event 00000000-0000-4000-8000-00000000beef is not in the ledger');
    });

    it('verifies on the demonstration data, whose commitments story is logged too', { timeout: 120_000 }, async () => {
      const demo = await createTestContext(kind);
      try {
        await loadDemo({ ctx: demo.ctx, caseCount: 12 });
        expect(await demo.ctx.db.selectFrom('commitment_events').select('id').execute()).not.toHaveLength(0);
        const result = await verifyDatabase({ ctx: demo.ctx, verifiers: [] });
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
      } finally {
        await demo.close();
      }
    });
  });
}
