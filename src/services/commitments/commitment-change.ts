import type { z } from 'zod';
import { DomainError, issuesOf } from '../../domain/errors.js';
import { LEDGER_TYPE_PREFIX, type CommitmentEventType, type SubjectKind } from '../../domain/commitments/commitment.js';
import type { Permission } from '../../domain/access.js';
import { insertCommitmentEvents, nextCommitmentEventSequence } from '../../db/repositories/commitment.repository.js';
import { lockLedger } from '../../db/repositories/ledger.repository.js';
import type { Executor } from '../../db/repositories/executor.js';
import { assertPermission } from '../cases/case-access.js';
import { nowIso, type ServiceContext } from '../context.js';
import { appendToLedger } from '../ledger/append-to-ledger.js';
import { staffActor, type Staff } from '../staff.js';

export type CommitmentEventDraft = {
  subject: { kind: SubjectKind; id: string };
  demandId?: string | null;
  commitmentId?: string | null;
  type: CommitmentEventType;
  data: Record<string, unknown>;
};

export type CommitmentChange = {
  trx: Executor;
  now: string;
  record: (event: CommitmentEventDraft) => void;
  /** Refuses the change for one field (validation_failed, nothing written). */
  refuse: (field: string, message: string) => never;
};

/**
 * The frame for every change to the commitments tracker: the permission is
 * checked first, then in one transaction the change, its events in
 * commitment_events, and each event's ledger leaf (case null, type prefixed
 * "commitment."). The ledger lock is taken first, so the events' sequence
 * follows the log's order on both databases.
 */
export async function runCommitmentChange<Schema extends z.ZodType, T>(options: {
  ctx: ServiceContext;
  staff: Staff;
  permission: Permission;
  what: string;
  /** The input, checked against the schema after the permission; `refused` heads the refusal ("The demand needs correcting."). */
  schema: Schema;
  input: unknown;
  refused: string;
  change: (change: CommitmentChange, input: z.output<Schema>) => Promise<T>;
}): Promise<T> {
  const { ctx, staff } = options;
  assertPermission(staff, options.permission, options.what);
  const parsed = options.schema.safeParse(options.input);
  if (!parsed.success) throw new DomainError('validation_failed', options.refused, issuesOf(parsed.error));
  const refuse = (field: string, message: string): never => {
    throw new DomainError('validation_failed', options.refused, [{ field, message }]);
  };
  return ctx.db.transaction().execute(async (trx) => {
    const now = nowIso(ctx);
    await lockLedger(trx, ctx.dbKind);
    const drafts: CommitmentEventDraft[] = [];
    const result = await options.change({ trx, now, record: (event) => drafts.push(event), refuse }, parsed.data);
    const actor = staffActor(staff);
    let sequence = await nextCommitmentEventSequence(trx);
    const rows = drafts.map((draft) => ({
      id: ctx.random.uuid(),
      sequence: sequence++,
      subject_kind: draft.subject.kind,
      subject_id: draft.subject.id,
      demand_id: draft.demandId ?? null,
      commitment_id: draft.commitmentId ?? null,
      type: draft.type,
      actor: JSON.stringify(actor),
      occurred_at: now,
      data: JSON.stringify(draft.data),
    }));
    await insertCommitmentEvents(trx, rows);
    await appendToLedger(
      trx,
      { dbKind: ctx.dbKind, now },
      rows.map((row) => ({ eventId: row.id, caseId: null, type: `${LEDGER_TYPE_PREFIX}${row.type}`, actor, occurredAt: row.occurred_at, payload: JSON.parse(row.data) as unknown })),
    );
    return result;
  });
}
