import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKey, verifierOf } from '../../src/ledger/checkpoint.js';
import { addCaseNote } from '../../src/services/cases/investigate.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { eraseEventPayload } from '../../src/services/ledger/erase-payload.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';
import { verifyDatabase } from '../../src/services/ledger/verify-ledger.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

const SYSTEM = { kind: 'system', process: 'retention' } as const;

for (const kind of testDatabaseKinds()) {
  describe(`erasing a payload under a retention rule (${kind})`, () => {
    let t: TestContext;
    const key = generateSigningKey('erasure.test/ledger');
    let noteEventId: string;
    let caseId: string;

    beforeEach(async () => {
      t = await createTestContext(kind);
      const intake = await createStaff(t.ctx, ['intake_officer']);
      caseId = (await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' })).caseId;
      await startTriage({ ctx: t.ctx, staff: intake, caseId });
      await addCaseNote({ ctx: t.ctx, staff: intake, caseId, text: 'The complainant’s private medical details, not needed after closure.' });
      noteEventId = (await t.ctx.db.selectFrom('case_events').select('id').where('type', '=', 'note_added').executeTakeFirstOrThrow()).id;
      await issueCheckpoint({ ctx: t.ctx, key });
    });
    afterEach(async () => t.close());

    it('removes the content, records the erasure in the ledger, and the log still verifies', async () => {
      await eraseEventPayload({ ctx: t.ctx, eventId: noteEventId, rule: 'closed-7-years', actor: SYSTEM });
      const stored = await t.ctx.db.selectFrom('case_events').select('data').where('id', '=', noteEventId).executeTakeFirstOrThrow();
      expect(stored.data).not.toContain('medical');
      await issueCheckpoint({ ctx: t.ctx, key });
      expect(await verifyDatabase({ ctx: t.ctx, verifiers: [verifierOf(key)] })).toMatchObject({ ok: true });
      const erasure = await t.ctx.db.selectFrom('ledger_entries').select('type').where('type', '=', 'payload_erased').execute();
      expect(erasure).toHaveLength(1);
      const staff = await createStaff(t.ctx, ['intake_officer']);
      const detail = await getCase({ ctx: t.ctx, staff, caseId });
      expect(detail.timeline.find((event) => event.id === noteEventId)?.erasedUnderRule).toBe('closed-7-years');
    });

    it('refuses to erase twice, or under an unnamed rule', async () => {
      await expect(eraseEventPayload({ ctx: t.ctx, eventId: noteEventId, rule: ' ', actor: SYSTEM })).rejects.toMatchObject({ code: 'validation_failed' });
      await eraseEventPayload({ ctx: t.ctx, eventId: noteEventId, rule: 'closed-7-years', actor: SYSTEM });
      await expect(eraseEventPayload({ ctx: t.ctx, eventId: noteEventId, rule: 'closed-7-years', actor: SYSTEM })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('lets the database refuse any other change to an event', async () => {
      await expect(t.ctx.db.updateTable('case_events').set({ data: '{"text":"rewritten"}' }).where('id', '=', noteEventId).execute()).rejects.toThrow(/append-only/);
      await expect(t.ctx.db.updateTable('case_events').set({ type: 'case_viewed' }).where('id', '=', noteEventId).execute()).rejects.toThrow(/append-only/);
    });

    it('tells an erasure marker with no recorded erasure from a real erasure', async () => {
      // The trigger lets a marker through; only the ledger can show that no erasure was recorded.
      await sql`update case_events set data = ${JSON.stringify({ erasedUnderRule: 'closed-7-years', erasure: 'no-such-event' })} where id = ${noteEventId}`.execute(t.ctx.db);
      const result = await verifyDatabase({ ctx: t.ctx, verifiers: [verifierOf(key)] });
      expect(result).toMatchObject({ ok: false });
      if (!result.ok) expect(result.problem).toMatch(/removed without a recorded erasure/);
    });
  });
}
