import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { payloadHash } from '../../src/ledger/leaf.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { refusal } from '../helpers/refusal.js';
import { trackedCommitment } from '../helpers/commitments.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { recordDelivery, type DeliveryDocument } from '../../src/services/commitments/record-delivery.js';
import { getScorecard } from '../../src/services/commitments/get-scorecard.js';
import { getCommitmentDocument } from '../../src/services/commitments/get-commitment-document.js';
import { getCommitmentsDesk } from '../../src/services/commitments/get-commitments-desk.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { withdrawComplaint } from '../../src/services/cases/withdraw-complaint.js';
import { runRetention } from '../../src/services/data-protection/run-retention.js';
import { loadCommitmentsDemo } from '../../src/services/demo/load-commitments-demo.js';

/*
 * Documents as evidence of a delivery: checked by their bytes against the
 * organisation's limits, stored in the evidence store by SHA-256 (encrypted),
 * listed on the scorecard and carried, hash and all, by the ledger event. A
 * refused file refuses the whole delivery and writes nothing.
 */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

const PDF = ascii('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const CSV = ascii('quarter,closed,within four months\n2026-Q1,12,10\n');
const TEXT = ascii('Minutes of the second meeting: the timetable was agreed.\n');
/** A Windows executable's opening bytes, under a PDF's name. */
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
const HTML = ascii('<!doctype html><script>alert(document.cookie)</script>');

const DELIVERY = { deliveredOn: '2026-02-18', note: 'The timetable is on the website.', evidence: [{ url: 'https://redress.example/timetable', title: 'The published timetable' }] };

for (const kind of testDatabaseKinds()) {
  describe(`documents as evidence of delivery (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let leader: Staff;
    let actionId: string;

    /** Everything a delivery writes: the action's state, links, documents, events and ledger leaves. */
    const written = async () => ({
      actions: await ctx.db.selectFrom('commitment_actions').select(['id', 'status', 'delivered_on']).orderBy('id').execute(),
      links: (await ctx.db.selectFrom('commitment_evidence').select('id').execute()).length,
      documents: (await ctx.db.selectFrom('commitment_documents').select('id').execute()).length,
      events: (await ctx.db.selectFrom('commitment_events').select('id').execute()).length,
      leaves: (await ctx.db.selectFrom('ledger_entries').select('sequence').execute()).length,
    });

    const deliver = (documents: DeliveryDocument[], staff: Staff = leader) => recordDelivery({ ctx, staff, input: { actionId, ...DELIVERY }, documents });

    /** Refused with the code, and nothing written. */
    const refusedWithNothingWritten = async (documents: DeliveryDocument[], code: string, staff: Staff = leader) => {
      const before = await written();
      const error = await refusal(() => deliver(documents, staff));
      expect(error.code).toBe(code);
      expect(await written()).toEqual(before);
      expect(before.actions.find((action) => action.id === actionId)!.status).toBe('open');
      return error;
    };

    beforeEach(async () => {
      // At most two files of at most 4 KB, so the limits are easy to reach.
      t = await createTestContext(kind, { organisation: 'uploads:\n  maxFiles: 2\n  maxFileBytes: 4096\n' });
      ctx = t.ctx;
      leader = await createStaff(ctx, ['leadership'], 'Harriet Dunmore');
      actionId = (await trackedCommitment(ctx, leader)).actionIds[0]!;
    });
    afterEach(async () => t.close());

    it('stores each document by SHA-256, encrypted, lists it on the scorecard and the desk, and records its hash in the ledger event', async () => {
      await deliver([
        { filename: 'timetable.pdf', bytes: PDF, title: 'The timetable as published' },
        { filename: 'Q1 figures.csv', bytes: CSV },
      ]);

      const rows = await ctx.db.selectFrom('commitment_documents').selectAll().orderBy('position').execute();
      const added_at = t.clock.now().toISOString();
      expect(rows.map((row) => ({ ...row, position: Number(row.position), size_bytes: Number(row.size_bytes) }))).toEqual([
        { id: expect.any(String), action_id: actionId, position: 0, title: 'The timetable as published', filename: 'timetable.pdf', media_type: 'application/pdf', size_bytes: PDF.byteLength, sha256: sha256(PDF), added_at },
        { id: expect.any(String), action_id: actionId, position: 1, title: 'Q1 figures.csv', filename: 'Q1 figures.csv', media_type: 'text/csv', size_bytes: CSV.byteLength, sha256: sha256(CSV), added_at },
      ]);
      // The bytes round-trip through the store, and on disk they are not the plaintext.
      for (const [row, bytes] of [
        [rows[0]!, PDF],
        [rows[1]!, CSV],
      ] as const) {
        const file = await getCommitmentDocument({ ctx, documentId: row.id });
        expect(file).toEqual({ filename: row.filename, mediaType: row.media_type, bytes: Buffer.from(bytes) });
        const onDisk = await readFile(path.join(t.config.dataDir, 'evidence', row.sha256.slice(0, 2), row.sha256));
        expect(onDisk.subarray(0, 4).toString('ascii')).toBe('RDX1');
        expect(onDisk.includes(Buffer.from(bytes))).toBe(false);
      }

      const action = (await getScorecard({ ctx })).demands[0]!.commitments[0]!.actions.find((candidate) => candidate.id === actionId)!;
      expect(action.delivered).toBe(true);
      expect(action.evidence).toEqual([{ url: 'https://redress.example/timetable', title: 'The published timetable' }]);
      expect(action.documents.map((document) => [document.title, document.mediaType, document.sizeBytes, document.sha256])).toEqual([
        ['The timetable as published', 'application/pdf', PDF.byteLength, sha256(PDF)],
        ['Q1 figures.csv', 'text/csv', CSV.byteLength, sha256(CSV)],
      ]);
      const desk = await getCommitmentsDesk({ ctx, staff: leader });
      expect(desk.demands[0]!.commitments[0]!.actions.find((candidate) => candidate.id === actionId)!.documents).toEqual(action.documents);

      // The event, and the ledger leaf written with it, carry what an overseer needs to check a download offline.
      const event = await ctx.db.selectFrom('commitment_events').selectAll().where('type', '=', 'action_delivered').executeTakeFirstOrThrow();
      const documents = [
        { title: 'The timetable as published', filename: 'timetable.pdf', mediaType: 'application/pdf', sizeBytes: PDF.byteLength, sha256: sha256(PDF) },
        { title: 'Q1 figures.csv', filename: 'Q1 figures.csv', mediaType: 'text/csv', sizeBytes: CSV.byteLength, sha256: sha256(CSV) },
      ];
      expect(JSON.parse(event.data)).toMatchObject({ evidence: DELIVERY.evidence, documents });
      const leaf = await ctx.db.selectFrom('ledger_entries').selectAll().where('event_id', '=', event.id).executeTakeFirstOrThrow();
      expect(leaf.type).toBe('commitment.action_delivered');
      // The leaf commits to the event's payload by hash: the payload with the documents' hashes is what the log holds.
      expect(JSON.parse(leaf.leaf_data).payload).toBe(payloadHash(JSON.parse(event.data)));
    });

    it('accepts PNG, JPEG and plain text, by their bytes whatever their names, and a delivery of documents alone', async () => {
      await recordDelivery({
        ctx,
        staff: leader,
        input: { actionId, deliveredOn: '2026-02-18', note: 'Photographs of the notice.', evidence: [] },
        documents: [
          { filename: 'notice', bytes: PNG },
          { filename: 'notice.txt', bytes: JPEG },
        ],
      });
      const second = (await trackedCommitment(ctx, leader)).actionIds[0]!;
      await recordDelivery({ ctx, staff: leader, input: { actionId: second, deliveredOn: '2026-02-18', note: 'The minutes.', evidence: [] }, documents: [{ filename: 'minutes.txt', bytes: TEXT }] });
      const types = (await ctx.db.selectFrom('commitment_documents').select(['filename', 'media_type']).orderBy('filename').execute()).map((row) => [row.filename, row.media_type]);
      expect(types).toEqual([
        ['minutes.txt', 'text/plain'],
        ['notice', 'image/png'],
        ['notice.txt', 'image/jpeg'],
      ]);
    });

    it('refuses an HTML file, an executable named .pdf, a GIF and text with a NUL, naming the file, writing nothing', async () => {
      // Valid UTF-8, but a web page: refused by its content, under any name.
      const html = await refusedWithNothingWritten([{ filename: 'report.txt', bytes: HTML }], 'upload_type_not_allowed');
      expect(html.message).toBe('report.txt is not a PDF, a PNG or JPEG image, plain text or CSV.');
      await refusedWithNothingWritten([{ filename: 'logo.svg', bytes: ascii('\n  <svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>') }], 'upload_type_not_allowed');
      await refusedWithNothingWritten([{ filename: 'page.csv', bytes: ascii('\uFEFF<HTML><body>x</body></HTML>') }], 'upload_type_not_allowed');
      const exe = await refusedWithNothingWritten([{ filename: 'report.pdf', bytes: EXE, field: 'documents.0.file' }], 'upload_type_not_allowed');
      expect(exe.message).toBe('report.pdf is not a PDF, a PNG or JPEG image, plain text or CSV.');
      expect(exe.issues).toEqual([{ field: 'documents.0.file', message: 'report.pdf is not a file type we accept. Attach a PDF, a PNG or JPEG image, plain text or CSV instead.' }]);
      await refusedWithNothingWritten([{ filename: 'chart.gif', bytes: ascii('GIF89a\u0001\u0000') }], 'upload_type_not_allowed');
      await refusedWithNothingWritten([{ filename: 'data.csv', bytes: new Uint8Array([0x61, 0x2c, 0x00, 0x62]) }], 'upload_type_not_allowed');
      // A good file beside a bad one: the whole delivery is refused.
      await refusedWithNothingWritten(
        [
          { filename: 'timetable.pdf', bytes: PDF },
          { filename: 'report.pdf', bytes: EXE },
        ],
        'upload_type_not_allowed',
      );
    });

    it('refuses a file over the size limit, and more files than the limit, writing nothing', async () => {
      const large = await refusedWithNothingWritten([{ filename: 'big.txt', bytes: new Uint8Array(4097).fill(65), field: 'documents.1.file' }], 'upload_too_large');
      expect(large.issues).toEqual([{ field: 'documents.1.file', message: 'big.txt is too large. Attach a file of at most 4 KB.' }]);
      const many = await refusedWithNothingWritten(
        [
          { filename: 'a.pdf', bytes: PDF },
          { filename: 'b.png', bytes: PNG },
          { filename: 'c.txt', bytes: TEXT },
        ],
        'upload_too_large',
      );
      expect(many.issues).toEqual([{ field: 'documents', message: 'Attach at most 2 files.' }]);
    });

    it('refuses a title with no file, and a title too long, writing nothing', async () => {
      const noFile = await refusedWithNothingWritten([{ filename: '', bytes: new Uint8Array(0), title: 'The report', field: 'documents.0.file', titleField: 'documents.0.title' }], 'validation_failed');
      expect(noFile.issues).toEqual([{ field: 'documents.0.file', message: 'Choose the file for “The report”, or clear its title.' }]);
      const long = await refusedWithNothingWritten([{ filename: 'timetable.pdf', bytes: PDF, title: 'x'.repeat(201), titleField: 'documents.0.title' }], 'validation_failed');
      expect(long.issues.map((issue) => issue.field)).toEqual(['documents.0.title']);
    });

    it('refuses documents from staff without the leadership permission, and the delivery of an action already delivered, writing nothing', async () => {
      const manager = await createStaff(ctx, ['case_manager']);
      const overseer = await createStaff(ctx, ['overseer']);
      await refusedWithNothingWritten([{ filename: 'timetable.pdf', bytes: PDF }], 'forbidden', manager);
      await refusedWithNothingWritten([{ filename: 'timetable.pdf', bytes: PDF }], 'forbidden', overseer);

      await deliver([{ filename: 'timetable.pdf', bytes: PDF }]);
      const before = await written();
      expect((await refusal(() => deliver([{ filename: 'again.pdf', bytes: PDF }]))).code).toBe('conflict');
      expect(await written()).toEqual(before);
    });

    it('offers a text file named like a web page under a .txt name, never as a page', async () => {
      await deliver([{ filename: 'notice.html', bytes: ascii('A plain notice, though its name says otherwise.') }]);
      const row = await ctx.db.selectFrom('commitment_documents').selectAll().executeTakeFirstOrThrow();
      expect([row.filename, row.media_type]).toEqual(['notice.html', 'text/plain']);
      expect((await getCommitmentDocument({ ctx, documentId: row.id })).filename).toBe('notice.html.txt');
    });

    it('keeps a published document when retention erases a case holding the same bytes', async () => {
      const intake = await createStaff(ctx, ['intake_officer']);
      const { caseId } = await submitComplaint({ ctx, complaint: complaintInput(), files: [{ filename: 'minutes.txt', bytes: TEXT }], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId });
      await withdrawComplaint({ ctx, staff: intake, caseId, explanation: 'The complainant wrote to withdraw.' });
      await deliver([{ filename: 'minutes.txt', bytes: TEXT }]);
      const row = await ctx.db.selectFrom('commitment_documents').selectAll().executeTakeFirstOrThrow();
      expect(row.sha256).toBe(sha256(TEXT));

      t.clock.set('2034-03-20T10:00:00Z');
      const report = await runRetention({ ctx, actor: { kind: 'system', process: 'retention schedule' }, dryRun: false });
      expect(report.failures).toEqual([]);
      expect(report.cases).toEqual([expect.objectContaining({ filesRemoved: 0 })]);
      expect((await getCommitmentDocument({ ctx, documentId: row.id })).bytes).toEqual(Buffer.from(TEXT));
    });

    it('gives the demonstration a delivery with a generated PDF, which downloads', async () => {
      const demo = await createTestContext(kind);
      try {
        const staff = [await createStaff(demo.ctx, ['leadership'], 'Harriet Dunmore'), await createStaff(demo.ctx, ['overseer'], 'Ngozi Whitlock')];
        const start = demo.clock.now().getTime();
        await loadCommitmentsDemo({ ctx: demo.ctx, staff, at: (daysAgo, hour) => demo.clock.set(new Date(start - daysAgo * 86_400_000 + (hour - 10) * 3_600_000).toISOString()) });
        const documents = (await getScorecard({ ctx: demo.ctx })).demands.flatMap((demand) => demand.commitments.flatMap((commitment) => commitment.actions.flatMap((action) => action.documents)));
        expect(documents.map((document) => [document.title, document.filename, document.mediaType])).toEqual([['Quarterly report (PDF)', 'quarterly-report.pdf', 'application/pdf']]);
        const file = await getCommitmentDocument({ ctx: demo.ctx, documentId: documents[0]!.id });
        expect(file.bytes.subarray(0, 5).toString('ascii')).toBe('%PDF-');
        expect(sha256(file.bytes)).toBe(documents[0]!.sha256);
      } finally {
        await demo.close();
      }
    });

    it('answers an unknown document with not_found', async () => {
      expect((await refusal(() => getCommitmentDocument({ ctx, documentId: '00000000-0000-4000-8000-000000000000' }))).code).toBe('not_found');
    });
  });
}
