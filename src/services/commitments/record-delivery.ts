import { ZDeliveryInput, ZDocumentTitle } from '../../domain/commitments/commitment.js';
import { cleanFilename, DELIVERY_DOCUMENT_KINDS } from '../../domain/evidence/file-type.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { findAction, findCommitment, insertDocuments, insertEvidence, saveActionDelivered } from '../../db/repositories/commitment.repository.js';
import { today } from '../cases/case-clock.js';
import type { ServiceContext } from '../context.js';
import { checkUploads } from '../intake/evidence-uploads.js';
import type { EvidenceUpload } from '../intake/complaint-input.js';
import type { Staff } from '../staff.js';
import { runCommitmentChange } from './commitment-change.js';

/**
 * A document attached to a delivery: the uploaded file and its title (left
 * blank, the file's name). `field` is the form field the file came in, where
 * its problems are reported; an empty file stands for a title given with no
 * file chosen.
 */
export type DeliveryDocument = EvidenceUpload & { title?: string | undefined; titleField?: string | undefined };

/** What the ledger event records of each document, so an overseer can check a downloaded file offline against the log. */
export type DeliveredDocument = { title: string; filename: string; mediaType: string; sizeBytes: number; sha256: string };

/**
 * Leadership records an action as delivered, with what was delivered and the
 * evidence: links, documents, or both. Documents are checked (the
 * organisation's limits on number and size; PDF, PNG, JPEG, plain text or
 * CSV, from their bytes) before anything is written, so a refused file
 * refuses the whole delivery. Their bytes go to the evidence store (by
 * SHA-256, encrypted at rest); the rows and the ledger event carry the hash.
 */
export async function recordDelivery(options: { ctx: ServiceContext; staff: Staff; input: unknown; documents?: DeliveryDocument[] }): Promise<void> {
  const { ctx, staff } = options;
  const documents = options.documents ?? [];
  await runCommitmentChange({
    ctx,
    staff,
    permission: 'commitments.manage',
    what: 'record the delivery of actions',
    schema: ZDeliveryInput,
    input: options.input,
    refused: 'The delivery needs correcting.',
    change: async ({ trx, now, record, refuse }, input) => {
      // The documents first: the permission and the form are checked, nothing is written yet.
      const titles = checkTitles(documents);
      const uploads = checkUploads(ctx, documents, { kinds: DELIVERY_DOCUMENT_KINDS, fieldOf: (file) => file.field ?? 'documents', listField: 'documents' });
      const action = (await findAction(trx, input.actionId)) ?? refuse('actionId', 'Choose an action from the list.');
      if (action.status === 'delivered') throw new DomainError('conflict', 'That action is already recorded as delivered.', [{ field: 'actionId', message: 'That action is already recorded as delivered.' }]);
      if (input.deliveredOn > today(ctx)) refuse('deliveredOn', 'The date of delivery cannot be in the future.');
      const commitment = (await findCommitment(trx, action.commitment_id))!;
      await saveActionDelivered(trx, action.id, { delivered_on: input.deliveredOn, delivery_note: input.note });
      await insertEvidence(
        trx,
        input.evidence.map((link) => ({ id: ctx.random.uuid(), action_id: action.id, url: link.url, title: link.title, added_at: now })),
      );
      const delivered: DeliveredDocument[] = [];
      const rows = [];
      for (const [index, upload] of uploads.entries()) {
        // Content-addressed: the same file twice is stored once; a rolled-back delivery leaves at most an unreferenced file.
        const stored = await ctx.evidence.put(upload.bytes);
        const document = { title: titles[index] ?? upload.filename, filename: upload.filename, mediaType: upload.mediaType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 };
        delivered.push(document);
        rows.push({ id: ctx.random.uuid(), action_id: action.id, position: index, title: document.title, filename: document.filename, media_type: document.mediaType, size_bytes: document.sizeBytes, sha256: document.sha256, added_at: now });
      }
      await insertDocuments(trx, rows);
      record({
        subject: { kind: 'action', id: action.id },
        demandId: commitment.demand_id,
        commitmentId: commitment.id,
        type: 'action_delivered',
        data: {
          deliverable: action.deliverable,
          dueOn: action.due_on,
          deliveredOn: input.deliveredOn,
          note: input.note,
          evidence: input.evidence,
          ...(delivered.length > 0 ? { documents: delivered } : {}),
        },
      });
    },
  });
}

/** Each document's title (null: the file's name), refusing a title too long or one given with no file. */
function checkTitles(documents: DeliveryDocument[]): (string | null)[] {
  const issues: FieldIssue[] = [];
  const titles = documents.map((document, index) => {
    const field = document.titleField ?? `documents.${index}.title`;
    const parsed = ZDocumentTitle.safeParse(document.title);
    if (!parsed.success) {
      issues.push({ field, message: parsed.error.issues[0]?.message ?? 'Check the title.' });
      return null;
    }
    if (document.bytes.byteLength === 0) {
      const message = document.filename ? `${cleanFilename(document.filename)} is empty. Attach the file again.` : `Choose the file for “${parsed.data ?? 'the document'}”, or clear its title.`;
      issues.push({ field: document.field ?? field, message });
    }
    return parsed.data;
  });
  if (issues.length > 0) throw new DomainError('validation_failed', 'The delivery needs correcting.', issues);
  return titles;
}
