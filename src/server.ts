import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config/config.js';
import { createServiceContext } from './app-context.js';
import { migrateToLatest } from './db/connection.js';
import { buildApp } from './http/app.js';
import { createMailer } from './infra/mailer.js';
import { deliverOutbox } from './services/mail/deliver-outbox.js';
import { issueSetupToken } from './services/setup/first-run.js';
import { backfillLedger } from './services/ledger/backfill-ledger.js';
import { isCheckpointDue, issueCheckpoint } from './services/ledger/issue-checkpoint.js';
import { loadSigningKey } from './services/ledger/signing-key.js';
import { closeLapsedAppealWindows } from './services/due-process/appeals.js';
import { lapseInterimMeasures } from './services/due-process/interim-measures.js';
import { sendDeadlineReminders } from './services/mail/send-reminders.js';
import { runRetention } from './services/data-protection/run-retention.js';
import { readOrCreateSecretFile } from './infra/secret-file.js';

/** The cookie-signing secret, kept beside the receipt salt in the data directory (mode 0600). */
export function loadCookieSecret(dataDir: string): string {
  return readOrCreateSecretFile(path.join(dataDir, 'secrets', 'cookie-secret'), () => randomBytes(32).toString('hex')).trim();
}

const OUTBOX_POLL_MS = 10_000;
const CHECKPOINT_POLL_MS = 5_000;
const SWEEP_MS = 60 * 60 * 1000;

/** Starts Redress: migrates, serves, delivers mail, and prints the first-run link on an empty database. */
export async function startServer(config: Config, options: { log?: (line: string) => void } = {}): Promise<{ close: () => Promise<void>; url: string }> {
  const log = options.log ?? ((line: string) => console.log(line));
  mkdirSync(config.dataDir, { recursive: true });
  let kick = () => {};
  const { ctx, database } = createServiceContext({ config, outboxQueued: () => kick() });
  await migrateToLatest(ctx.db);
  await backfillLedger({ ctx });
  // Read from its file at each use, so a key rotated from the command line takes effect without a restart.
  const ledgerKey = () => loadSigningKey(config);
  ledgerKey();

  const mailer = createMailer({ from: config.organisation.mail.from, smtpUrl: config.organisation.mail.smtpUrl, mailDir: path.join(config.dataDir, 'mail') });
  let delivering: Promise<unknown> = Promise.resolve();
  kick = () => {
    delivering = delivering.then(() => deliverOutbox({ ctx, mailer })).catch((error: Error) => log(`mail delivery failed: ${error.message}`));
  };
  const poll = setInterval(kick, OUTBOX_POLL_MS);
  poll.unref();
  let checkpointing: Promise<unknown> = Promise.resolve();
  const checkpointTimer = setInterval(() => {
    checkpointing = checkpointing
      .then(async () => ((await isCheckpointDue({ ctx })) ? issueCheckpoint({ ctx, key: ledgerKey() }) : null))
      .catch((error: Error) => log(`ledger checkpoint failed: ${error.message}`));
  }, CHECKPOINT_POLL_MS);
  checkpointTimer.unref();
  // The retention schedule, when switched on: what it could not erase is logged and tried again at the next sweep.
  const runScheduledRetention = () =>
    runRetention({ ctx, actor: { kind: 'system', process: 'retention schedule' }, dryRun: false, scheduled: true })
      .then((report) => {
        if (report.cases.length > 0) log(`retention: erased ${report.cases.length} closed case(s): ${report.cases.map((erased) => erased.reference).join(', ')}`);
        for (const failure of report.failures) log(`retention: could not erase ${failure.reference}: ${failure.problem}`);
      })
      .catch((error: Error) => log(`running the retention schedule failed: ${error.message}`));
  // The hourly sweeps of what lapses with time, and the reminders; each is guarded, so one failing is logged and the others still run.
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = sweeping
      .then(() => closeLapsedAppealWindows({ ctx }).catch((error: Error) => log(`closing lapsed appeal windows failed: ${error.message}`)))
      .then(() => lapseInterimMeasures({ ctx }).catch((error: Error) => log(`lapsing interim measures failed: ${error.message}`)))
      .then(() => sendDeadlineReminders({ ctx }).catch((error: Error) => log(`sending deadline reminders failed: ${error.message}`)))
      .then(() => (config.organisation.retention.enabled ? runScheduledRetention() : null));
  };
  const sweepTimer = setInterval(sweep, SWEEP_MS);
  sweepTimer.unref();
  // Once at start too, so time that passed while the server was down is caught up at once.
  sweep();

  const app = await buildApp({ ctx, ledgerKey, cookieSecret: loadCookieSecret(config.dataDir), logger: process.env.REDRESS_LOG === '1' });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  log(`Redress is running at ${url} (${database.kind === 'sqlite' ? `SQLite at ${config.database.kind === 'sqlite' ? config.database.file : ''}` : 'PostgreSQL'})`);
  const setupToken = await issueSetupToken({ ctx });
  if (setupToken) log(`First run: create the first administrator at ${url}/setup?token=${setupToken}`);
  kick();
  return {
    url,
    close: async () => {
      clearInterval(poll);
      clearInterval(checkpointTimer);
      clearInterval(sweepTimer);
      await app.close();
      await delivering;
      await checkpointing;
      await sweeping;
      await database.close();
    },
  };
}
