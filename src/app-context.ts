import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, readEvidenceKey, type Config } from './config/config.js';
import { createWorkflow } from './domain/case/workflow.js';
import { openDatabase, type DatabaseHandle } from './db/connection.js';
import { createGroupCommit } from './db/group-commit.js';
import { systemClock, type Clock } from './infra/clock.js';
import { loadCodePacks } from './infra/code-pack-registry.js';
import { createEvidenceStore, holdsEncryptedFiles, newEvidenceKeyText, type EvidenceStore } from './infra/evidence-store.js';
import { createHolidayCalendar } from './infra/holiday-calendar.js';
import { cryptoRandom, type Random } from './infra/random.js';
import { readOrCreateSecretFile } from './infra/secret-file.js';
import type { ServiceContext } from './services/context.js';

/** Reads the deployment's receipt salt from the data directory, creating it (mode 0600) on first start. */
export function loadReceiptSalt(dataDir: string): Uint8Array {
  const text = readOrCreateSecretFile(path.join(dataDir, 'secrets', 'receipt-salt'), () => randomBytes(32).toString('hex'));
  return new Uint8Array(Buffer.from(text.trim(), 'hex'));
}

/**
 * The key evidence files are encrypted with, from a file outside the
 * database. Without REDRESS_EVIDENCE_KEY it is secrets/evidence-key in the
 * data directory, created (mode 0600) on first start like the receipt salt.
 */
export function loadEvidenceKey(config: Pick<Config, 'dataDir' | 'evidenceKeyFile'>): Buffer {
  const file = config.evidenceKeyFile;
  const isDefault = file === path.join(config.dataDir, 'secrets', 'evidence-key');
  if (isDefault && !existsSync(file)) {
    if (holdsEncryptedFiles(evidenceRoot(config))) {
      throw new ConfigError([`REDRESS_DATA_DIR/secrets/evidence-key: the key is missing, but evidence files were encrypted with one; restore ${file} from your backup (or set REDRESS_EVIDENCE_KEY)`]);
    }
    readOrCreateSecretFile(file, () => `${newEvidenceKeyText()}\n`);
  }
  return readEvidenceKey(file, isDefault ? 'REDRESS_DATA_DIR/secrets/evidence-key' : 'REDRESS_EVIDENCE_KEY');
}

/** The evidence store under the data directory, encrypting with the deployment's key. */
export function openEvidenceStore(config: Pick<Config, 'dataDir' | 'evidenceKeyFile'>): EvidenceStore {
  return createEvidenceStore(evidenceRoot(config), loadEvidenceKey(config));
}

const evidenceRoot = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'evidence');

/** Builds every collaborator the use cases need from the configuration. */
export function createServiceContext(options: {
  config: Config;
  database?: DatabaseHandle;
  clock?: Clock;
  random?: Random;
  outboxQueued?: () => void;
}): { ctx: ServiceContext; database: DatabaseHandle } {
  const { config } = options;
  const organisation = config.organisation;
  const database = options.database ?? openDatabase(config.database);
  const ctx: ServiceContext = {
    db: database.db,
    dbKind: database.kind,
    config,
    clock: options.clock ?? systemClock,
    random: options.random ?? cryptoRandom,
    calendar: createHolidayCalendar(organisation.calendar.country, organisation.calendar.region),
    workflow: createWorkflow({
      limits: { ...organisation.timetable.stages, appeal_window: organisation.dueProcess.appealWindowWorkingDays },
      independentReview: organisation.dueProcess.independentReview,
    }),
    packs: loadCodePacks(organisation.codePacks.inForce),
    evidence: openEvidenceStore(config),
    receiptSalt: loadReceiptSalt(config.dataDir),
    intakeCommits: createGroupCommit(database.db),
    outboxQueued: options.outboxQueued ?? (() => {}),
  };
  return { ctx, database };
}
