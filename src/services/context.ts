import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { WorkingCalendar } from '../domain/calendar/working-days.js';
import type { Workflow } from '../domain/case/workflow.js';
import type { DatabaseKind } from '../db/connection.js';
import type { Database } from '../db/database.js';
import type { GroupCommit } from '../db/group-commit.js';
import type { Clock } from '../infra/clock.js';
import type { CodePackRegistry } from '../infra/code-pack-registry.js';
import type { EvidenceStore } from '../infra/evidence-store.js';
import type { Random } from '../infra/random.js';

/** What every use case is given: its collaborators, never globals. */
export type ServiceContext = {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  config: Config;
  clock: Clock;
  random: Random;
  calendar: WorkingCalendar;
  workflow: Workflow;
  packs: CodePackRegistry;
  evidence: EvidenceStore;
  /** Per-deployment salt for receipt-code hashes; lives in the data directory, not the database. */
  receiptSalt: Uint8Array;
  /** Complaint intake's group commit (see src/db/group-commit.ts). */
  intakeCommits: GroupCommit;
  /** Called after a commit that queued mail, so delivery starts without waiting for the next poll. */
  outboxQueued: () => void;
};

export function nowIso(ctx: Pick<ServiceContext, 'clock'>): string {
  return ctx.clock.now().toISOString();
}
