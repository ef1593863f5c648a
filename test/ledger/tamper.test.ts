import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';
import { verifyDatabase } from '../../src/services/ledger/verify-ledger.js';
import { backfillLedger } from '../../src/services/ledger/backfill-ledger.js';
import { generateSigningKey, signCheckpoint, verifierOf, type SigningKey } from '../../src/ledger/checkpoint.js';
import { appendToFrontier, frontierRoot } from '../../src/ledger/frontier.js';
import { leafData, payloadHash } from '../../src/ledger/leaf.js';
import type { DatabaseKind } from '../../src/db/connection.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import type { VerifyResult } from '../../src/ledger/verify-log.js';

const ORIGIN = 'redress.test/ledger';
const CLAUSES = [['ihra-wda@2016-05-26#ex-2'], ['ihra-wda@2016-05-26#ex-2']];

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
/** RFC 9162 leaf hash: SHA-256(0x00 || data). */
const leafHashOf = (data: string) => createHash('sha256').update(Buffer.from([0])).update(data, 'utf8').digest('hex');

/** Removes the append-only guards, as an attacker with full database access would. */
async function dropGuards(ctx: ServiceContext, kind: DatabaseKind): Promise<void> {
  const statements =
    kind === 'sqlite'
      ? ['ledger_entries_no_update', 'ledger_entries_no_delete', 'ledger_nodes_no_update', 'ledger_nodes_no_delete', 'case_events_no_update', 'case_events_no_delete'].map(
          (name) => `DROP TRIGGER IF EXISTS ${name}`,
        )
      : ['ledger_entries', 'ledger_nodes', 'case_events'].map((table) => `DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`);
  for (const statement of statements) await sql.raw(statement).execute(ctx.db);
}

type Entry = { sequence: number; event_id: string | null; leaf_data: string; leaf_hash: string };

async function entries(ctx: ServiceContext): Promise<Entry[]> {
  const rows = await ctx.db.selectFrom('ledger_entries').select(['sequence', 'event_id', 'leaf_data', 'leaf_hash']).orderBy('sequence').execute();
  return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
}

async function checkpointSizes(ctx: ServiceContext): Promise<number[]> {
  return (await ctx.db.selectFrom('ledger_checkpoints').select('size').orderBy('id').execute()).map((row) => Number(row.size));
}

async function stateSize(ctx: ServiceContext): Promise<number> {
  return Number((await ctx.db.selectFrom('ledger_state').select('size').where('id', '=', 1).executeTakeFirstOrThrow()).size);
}

function expectFailure(result: VerifyResult): Extract<VerifyResult, { ok: false }> {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  return result as Extract<VerifyResult, { ok: false }>;
}

for (const kind of testDatabaseKinds()) {
  describe(`tampering with the ledger is caught (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let key: SigningKey;
    let intake: Staff;
    let manager: Staff;
    const verify = () => verifyDatabase({ ctx, verifiers: [verifierOf(key)] });

    async function activity(count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const receipt = await submitComplaint({
          ctx,
          complaint: complaintInput({ summary: `Abusive messages, complaint ${i}`, clauses: CLAUSES[i % CLAUSES.length] }),
          files: [],
          channel: 'web',
        });
        ids.push(receipt.caseId);
        t.clock.set(new Date(t.clock.now().getTime() + 60_000).toISOString());
        if (i % 2 === 0) await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
        await getCase({ ctx, staff: manager, caseId: receipt.caseId });
      }
      return ids;
    }

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      key = generateSigningKey(ORIGIN);
      intake = await createStaff(ctx, ['intake_officer']);
      manager = await createStaff(ctx, ['case_manager']);
      await activity(3);
      expect(await issueCheckpoint({ ctx, key })).not.toBeNull();
      await activity(3);
      expect(await issueCheckpoint({ ctx, key })).not.toBeNull();
      const sizes = await checkpointSizes(ctx);
      expect(sizes).toHaveLength(2);
      expect(sizes[0]).toBeGreaterThan(4);
      expect(sizes[1]).toBe(await stateSize(ctx));
      expect(sizes[1]).toBeGreaterThan(sizes[0]! + 4);
      const result = await verify();
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true, size: sizes[1], checkpoints: 2 });
    });
    afterEach(async () => t.close());

    it('stays verified after more activity and a new checkpoint', async () => {
      await activity(2);
      await issueCheckpoint({ ctx, key });
      const result = await verify();
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true, checkpoints: 3, size: await stateSize(ctx) });
    });

    it('catches a leaf whose data was changed', async () => {
      await dropGuards(ctx, kind);
      const target = (await entries(ctx))[2]!;
      const leaf = JSON.parse(target.leaf_data) as { type: string };
      const altered = target.leaf_data.replace(`"type":"${leaf.type}"`, '"type":"complaint_withdrawn"');
      expect(altered).not.toBe(target.leaf_data);
      await ctx.db.updateTable('ledger_entries').set({ leaf_data: altered }).where('sequence', '=', 2).execute();
      const failure = expectFailure(await verify());
      expect(failure.entry).toBe(2);
      expect(failure.problem).toMatch(/entry 2: its stored leaf hash does not match its data/);
    });

    it('catches a leaf whose data and hash were changed consistently', async () => {
      await dropGuards(ctx, kind);
      const target = (await entries(ctx))[3]!;
      const leaf = JSON.parse(target.leaf_data) as { type: string };
      const altered = target.leaf_data.replace(`"type":"${leaf.type}"`, '"type":"complaint_withdrawn"');
      await ctx.db.updateTable('ledger_entries').set({ leaf_data: altered, leaf_hash: leafHashOf(altered) }).where('sequence', '=', 3).execute();
      const failure = expectFailure(await verify());
      expect(failure.entry).toBe(3);
      expect(failure.problem).toMatch(/entry 3: its event \S+ no longer has the case, type or time|checkpoint 0 .* does not match the entries/);
    });

    it('catches a leaf rewritten consistently with its event', async () => {
      // The attacker changes the event and the leaf together: only the signed checkpoint can tell.
      await dropGuards(ctx, kind);
      const target = (await entries(ctx))[3]!;
      const leaf = JSON.parse(target.leaf_data) as { type: string; event: string };
      const altered = target.leaf_data.replace(`"type":"${leaf.type}"`, '"type":"complaint_withdrawn"');
      await ctx.db.updateTable('ledger_entries').set({ leaf_data: altered, leaf_hash: leafHashOf(altered), type: 'complaint_withdrawn' }).where('sequence', '=', 3).execute();
      await ctx.db.updateTable('case_events').set({ type: 'complaint_withdrawn' }).where('id', '=', leaf.event).execute();
      const failure = expectFailure(await verify());
      expect(failure.checkpoint).toBe(0);
      expect(failure.problem).toMatch(/checkpoint 0 \(size \d+\) does not match the entries: an entry from 0 to \d+ was altered/);
    });

    it('catches an altered event payload', async () => {
      await dropGuards(ctx, kind);
      const target = (await entries(ctx))[0]!;
      const event = await ctx.db.selectFrom('case_events').select('data').where('id', '=', target.event_id!).executeTakeFirstOrThrow();
      const data = { ...(JSON.parse(event.data) as Record<string, unknown>), summary: 'Nothing happened' };
      await ctx.db.updateTable('case_events').set({ data: JSON.stringify(data) }).where('id', '=', target.event_id!).execute();
      const failure = expectFailure(await verify());
      expect(failure.entry).toBe(0);
      expect(failure.problem).toMatch(new RegExp(`the payload of event ${target.event_id} was altered`));
    });

    it('catches an altered event time', async () => {
      await dropGuards(ctx, kind);
      const target = (await entries(ctx))[5]!;
      await ctx.db.updateTable('case_events').set({ occurred_at: '2025-01-01T00:00:00.000Z' }).where('id', '=', target.event_id!).execute();
      const failure = expectFailure(await verify());
      expect(failure.entry).toBe(5);
      expect(failure.problem).toMatch(/entry 5: its event \S+ no longer has the case, type or time the log recorded/);
    });

    it('catches a ledger entry deleted from the middle', async () => {
      await dropGuards(ctx, kind);
      await ctx.db.deleteFrom('ledger_entries').where('sequence', '=', 4).execute();
      const failure = expectFailure(await verify());
      expect(failure.entry).toBe(4);
      expect(failure.problem).toMatch(/entry 4 is missing \(the next entry is 5\)/);
    });

    it('catches a deleted case event', async () => {
      await dropGuards(ctx, kind);
      const target = (await entries(ctx))[6]!;
      await ctx.db.deleteFrom('case_events').where('id', '=', target.event_id!).execute();
      const failure = expectFailure(await verify());
      expect(failure.entry).toBe(6);
      expect(failure.problem).toMatch(new RegExp(`its event ${target.event_id} is missing from case_events`));
    });

    it('catches a case event inserted behind the log', async () => {
      const [first] = await entries(ctx);
      const event = await ctx.db.selectFrom('case_events').selectAll().where('id', '=', first!.event_id!).executeTakeFirstOrThrow();
      await ctx.db
        .insertInto('case_events')
        .values({ ...event, id: `${event.id}-forged`, sequence: 9999, type: 'complaint_withdrawn', data: '{}' })
        .execute();
      const failure = expectFailure(await verify());
      expect(failure.problem).toMatch(new RegExp(`event ${event.id}-forged of case ${event.case_id} is not in the ledger`));
    });

    it('catches an extra ledger entry appended past the recorded size', async () => {
      const size = await stateSize(ctx);
      const data = leafData({ seq: size, time: t.clock.now().toISOString(), actor: { kind: 'system' }, case: null, event: null, type: 'note', payload: payloadHash({}) });
      await ctx.db
        .insertInto('ledger_entries')
        .values({ sequence: size, event_id: null, case_id: null, type: 'note', leaf_data: data, leaf_hash: leafHashOf(data), appended_at: t.clock.now().toISOString() })
        .execute();
      const failure = expectFailure(await verify());
      expect(failure.problem).toMatch(new RegExp(`recorded size is ${size} but ${size + 1} entries are stored|entry ${size} is out of place or repeated`));
    });

    it('names an extra ledger entry as beyond the recorded size, not as repeated', async () => {
      const size = await stateSize(ctx);
      const data = leafData({ seq: size, time: t.clock.now().toISOString(), actor: { kind: 'system' }, case: null, event: null, type: 'note', payload: payloadHash({}) });
      await ctx.db
        .insertInto('ledger_entries')
        .values({ sequence: size, event_id: null, case_id: null, type: 'note', leaf_data: data, leaf_hash: leafHashOf(data), appended_at: t.clock.now().toISOString() })
        .execute();
      const failure = expectFailure(await verify());
      expect(failure.problem).toMatch(new RegExp(`recorded size is ${size} but ${size + 1} entries are stored`));
    });

    it('catches two entries swapped', async () => {
      await dropGuards(ctx, kind);
      const all = await entries(ctx);
      const [a, b] = [all[1]!, all[7]!];
      await ctx.db.updateTable('ledger_entries').set({ leaf_data: b.leaf_data, leaf_hash: b.leaf_hash }).where('sequence', '=', 1).execute();
      await ctx.db.updateTable('ledger_entries').set({ leaf_data: a.leaf_data, leaf_hash: a.leaf_hash }).where('sequence', '=', 7).execute();
      const failure = expectFailure(await verify());
      expect(failure.entry).toBe(1);
      expect(failure.problem).toMatch(/entry 1 says it is entry 7: entries were reordered/);
    });

    it('catches a truncated tail with the tree head set back', async () => {
      await dropGuards(ctx, kind);
      const [first, last] = await checkpointSizes(ctx);
      const keep = first! + 2;
      expect(keep).toBeLessThan(last!);
      const kept = (await entries(ctx)).slice(0, keep);
      await ctx.db.deleteFrom('ledger_entries').where('sequence', '>=', keep).execute();
      const frontier = appendToFrontier(0, [], kept.map((entry) => fromHex(entry.leaf_hash))).frontier.map(hex);
      await ctx.db.updateTable('ledger_state').set({ size: keep, frontier: JSON.stringify(frontier) }).where('id', '=', 1).execute();
      const failure = expectFailure(await verify());
      expect(failure.checkpoint).toBe(1);
      expect(failure.entry).toBe(keep);
      expect(failure.problem).toMatch(new RegExp(`checkpoint 1 signs ${last} entries but only ${keep} are present: the log was truncated`));
    });

    it('catches a whole log recomputed, without the key, from altered events', async () => {
      await dropGuards(ctx, kind);
      const target = (await entries(ctx))[1]!;
      const event = await ctx.db.selectFrom('case_events').select('data').where('id', '=', target.event_id!).executeTakeFirstOrThrow();
      const data = { ...(JSON.parse(event.data) as Record<string, unknown>), forged: true };
      await ctx.db.updateTable('case_events').set({ data: JSON.stringify(data) }).where('id', '=', target.event_id!).execute();
      await ctx.db.deleteFrom('ledger_entries').execute();
      await ctx.db.deleteFrom('ledger_nodes').execute();
      await ctx.db.updateTable('ledger_state').set({ size: 0, frontier: '[]' }).where('id', '=', 1).execute();
      const rebuilt = await backfillLedger({ ctx });
      expect(rebuilt).toBe((await checkpointSizes(ctx))[1]);
      const failure = expectFailure(await verify());
      expect(failure.checkpoint).toBe(0);
      expect(failure.problem).toMatch(/checkpoint 0 \(size \d+\) does not match the entries/);
    });

    it('catches a fork: a validly signed checkpoint with another root for a size already signed', async () => {
      const [, latest] = await ctx.db.selectFrom('ledger_checkpoints').selectAll().orderBy('id').execute();
      const size = Number(latest!.size);
      const root = createHash('sha256').update('another history').digest();
      await ctx.db
        .insertInto('ledger_checkpoints')
        .values({ size, root_hash: hex(root), key_name: key.name, note: signCheckpoint({ origin: key.name, size, rootHash: new Uint8Array(root) }, key), issued_at: t.clock.now().toISOString() })
        .execute();
      const failure = expectFailure(await verify());
      expect(failure.checkpoint).toBe(2);
      expect(failure.problem).toMatch(new RegExp(`checkpoints 1 and 2 sign different roots for size ${size}: the log was forked`));
    });

    it('catches a fork at the size of an earlier checkpoint', async () => {
      const [earliest] = await ctx.db.selectFrom('ledger_checkpoints').selectAll().orderBy('id').execute();
      const size = Number(earliest!.size);
      const root = createHash('sha256').update('another history').digest();
      await ctx.db
        .insertInto('ledger_checkpoints')
        .values({ size, root_hash: hex(root), key_name: key.name, note: signCheckpoint({ origin: key.name, size, rootHash: new Uint8Array(root) }, key), issued_at: t.clock.now().toISOString() })
        .execute();
      const failure = expectFailure(await verify());
      expect(failure.checkpoint).toBe(2);
      // Checkpoints are read in the order issued, so this one is first seen as the log shrinking.
      expect(failure.problem).toMatch(/forked|checkpoint 2 \(size \d+\) is smaller than checkpoint 1 .*the log shrank/);
    });

    it('catches a checkpoint signed by another key with the same name', async () => {
      const impostor = generateSigningKey(ORIGIN);
      const entriesNow = await entries(ctx);
      const size = entriesNow.length;
      const root = appendToFrontier(0, [], entriesNow.map((entry) => fromHex(entry.leaf_hash)));
      const rootHash = frontierRoot(root.size, root.frontier);
      await ctx.db
        .insertInto('ledger_checkpoints')
        .values({ size, root_hash: hex(rootHash), key_name: impostor.name, note: signCheckpoint({ origin: impostor.name, size, rootHash }, impostor), issued_at: t.clock.now().toISOString() })
        .execute();
      const failure = expectFailure(await verify());
      expect(failure.checkpoint).toBe(2);
      expect(failure.problem).toMatch(/checkpoint 2 is not validly signed by /);
    });
  });
}
