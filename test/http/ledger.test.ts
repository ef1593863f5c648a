import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCheckpoint, parseVerifierKey } from '../../src/ledger/checkpoint.js';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/merkle.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { createTestApp, PageClient, type TestApp } from '../helpers/test-app.js';

const fromHex = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

for (const kind of testDatabaseKinds()) {
  describe(`the ledger over HTTP (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
      await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
    });
    afterEach(async () => t.close());

    const checkpoint = async () => {
      await issueCheckpoint({ ctx: t.ctx, key: t.ledgerKey });
      const response = await t.app.inject('/api/v1/ledger/checkpoint');
      expect(response.statusCode).toBe(200);
      const body = response.json() as { size: number; rootHash: string; note: string; publicKey: string };
      const opened = openCheckpoint(body.note, [parseVerifierKey(body.publicKey)]);
      expect(Number(opened.checkpoint.size)).toBe(body.size);
      expect(Buffer.from(opened.checkpoint.rootHash).toString('hex')).toBe(body.rootHash);
      return body;
    };

    it('publishes a signed checkpoint whose proofs verify against it', async () => {
      const first = await checkpoint();
      expect(first.size).toBeGreaterThanOrEqual(3);
      for (let index = 0; index < first.size; index++) {
        const proof = (await t.app.inject(`/api/v1/ledger/proof/inclusion?index=${index}&size=${first.size}`)).json() as { leafHash: string; proof: string[] };
        expect(verifyInclusion(index, first.size, fromHex(proof.leafHash), proof.proof.map(fromHex), fromHex(first.rootHash))).toBe(true);
      }
      await submitComplaint({ ctx: t.ctx, complaint: complaintInput({ summary: 'A second complaint' }), files: [], channel: 'web' });
      const second = await checkpoint();
      expect(second.size).toBeGreaterThan(first.size);
      const consistency = (await t.app.inject(`/api/v1/ledger/proof/consistency?from=${first.size}&to=${second.size}`)).json() as { proof: string[] };
      expect(verifyConsistency(first.size, second.size, fromHex(first.rootHash), fromHex(second.rootHash), consistency.proof.map(fromHex))).toBe(true);
    });

    it('refuses proofs for sizes and indices it does not have with a 400', async () => {
      const { size } = await checkpoint();
      for (const url of [`/api/v1/ledger/proof/inclusion?index=${size}&size=${size}`, `/api/v1/ledger/proof/inclusion?index=0&size=${size + 100}`, '/api/v1/ledger/proof/consistency?from=5&to=2', '/api/v1/ledger/proof/inclusion?index=-1&size=2']) {
        const response = await t.app.inject(url);
        expect(response.statusCode, url).toBe(400);
        expect(response.json().error.code).toBe('validation_failed');
      }
    });

    it('answers 404 before the first checkpoint, and reading never signs one', async () => {
      expect((await t.app.inject('/api/v1/ledger/checkpoint')).statusCode).toBe(404);
      expect((await new PageClient(t.app).get('/ledger')).body).toContain('no signed checkpoint yet');
      expect(await t.ctx.db.selectFrom('ledger_checkpoints').select('id').execute()).toHaveLength(0);
    });

    it('shows entries only to case managers (entries name every case)', async () => {
      expect((await t.app.inject('/api/v1/ledger/entries?start=0&end=2')).statusCode).toBe(401);
      const admin = await createStaff(t.ctx, ['system_admin']);
      const adminToken = (await createApiToken({ ctx: t.ctx, staff: admin, name: 'admin' })).token;
      expect((await t.app.inject({ url: '/api/v1/ledger/entries?start=0&end=2', headers: { authorization: `Bearer ${adminToken}` } })).statusCode).toBe(403);
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const intakeToken = (await createApiToken({ ctx: t.ctx, staff: intake, name: 'intake script' })).token;
      expect((await t.app.inject({ url: '/api/v1/ledger/entries?start=0&end=2', headers: { authorization: `Bearer ${intakeToken}` } })).statusCode).toBe(403);
      const manager = await createStaff(t.ctx, ['case_manager']);
      const token = (await createApiToken({ ctx: t.ctx, staff: manager, name: 'overseer script' })).token;
      const entries = await t.app.inject({ url: '/api/v1/ledger/entries?start=0&end=2', headers: { authorization: `Bearer ${token}` } });
      expect(entries.statusCode).toBe(200);
      expect(entries.json().entries.map((entry: { sequence: number }) => entry.sequence)).toEqual([0, 1]);
      expect(JSON.parse(entries.json().entries[0].leaf)).toMatchObject({ v: 1, seq: 0, type: 'complaint_received' });
    });

    it('shows the latest checkpoint and the public key on a public page', async () => {
      const { size, publicKey } = await checkpoint();
      const page = await new PageClient(t.app).get('/ledger');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`data-testid="ledger-size">${size}<`);
      expect(page.body).toContain(publicKey);
    });
  });
}
