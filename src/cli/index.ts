import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/config.js';
import { createServiceContext, openEvidenceStore } from '../app-context.js';
import { migrateToLatest } from '../db/connection.js';
import { isDomainError } from '../domain/errors.js';
import { ROLES } from '../domain/access.js';
import { isKnownRegion } from '../infra/holiday-calendar.js';
import { loadCodePacks } from '../infra/code-pack-registry.js';
import { startServer } from '../server.js';
import { backfillLedger } from '../services/ledger/backfill-ledger.js';
import { loadDemo } from '../services/demo/load-demo.js';
import { createUser, disableUser, listUsers, resetPassword } from '../services/users/manage-users.js';
import type { ServiceContext } from '../services/context.js';
import { readSecret } from './read-secret.js';
import { existsSync, readFileSync } from 'node:fs';
import { parseVerifierKey } from '../ledger/checkpoint.js';
import type { VerifyResult } from '../ledger/verify-log.js';
import { latestCheckpoint as latestLedgerCheckpoint } from '../db/repositories/ledger.repository.js';
import { exportLedger } from '../services/ledger/export-ledger.js';
import { issueCheckpoint } from '../services/ledger/issue-checkpoint.js';
import { proveInclusion } from '../services/ledger/prove.js';
import { loadKnownVerifiers, loadSigningKey, publicVerifierKey } from '../services/ledger/signing-key.js';
import { rotateLedgerKey } from '../services/ledger/rotate-key.js';
import { verifyDatabase, verifyExport } from '../services/ledger/verify-ledger.js';
import { runRetention } from '../services/data-protection/run-retention.js';
import { accessMatrixMarkdown } from '../domain/access-matrix.js';

/** Runs a command against the configured database, migrated, and closes it afterwards. */
async function withContext<T>(run: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const { ctx, database } = createServiceContext({ config: loadConfig() });
  try {
    await migrateToLatest(ctx.db);
    return await run(ctx);
  } finally {
    await database.close();
  }
}

// Output piped into a command that stops reading early (head, less) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const operator = { kind: 'operator' } as const;
const program = new Command().name('redress').description('Complaint handling for membership organisations.');

program
  .command('serve')
  .description('run the web application (migrates the database first)')
  .action(async () => {
    const server = await startServer(loadConfig());
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        void server.close().then(() => process.exit(0));
      });
    }
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(() =>
    withContext(async (ctx) => {
      const applied = await migrateToLatest(ctx.db);
      console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      const logged = await backfillLedger({ ctx });
      if (logged > 0) console.log(`Entered ${logged} earlier events into the new ledger.`);
    }),
  );

const user = program.command('user').description('manage staff accounts');
user
  .command('add')
  .description('create a staff account (the password is read from the terminal or REDRESS_PASSWORD)')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .addOption(new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory())
  .action((options: { email: string; name: string; role: string[] }) =>
    withContext(async (ctx) => {
      const password = await readSecret('Password: ');
      const created = await createUser({ ctx, by: operator, email: options.email, displayName: options.name, password, roles: options.role });
      console.log(`Created ${created.email} (${created.roles.join(', ')}).`);
    }),
  );
user
  .command('list')
  .description('list staff accounts')
  .action(() =>
    withContext(async (ctx) => {
      for (const row of await listUsers({ ctx, by: operator })) {
        console.log([row.email, row.display_name, row.roles.join(','), row.disabled_at ? 'disabled' : 'active'].join('\t'));
      }
    }),
  );
user
  .command('reset-password')
  .description('set a new password, clear any lockout and end the sessions')
  .requiredOption('--email <email>')
  .action((options: { email: string }) =>
    withContext(async (ctx) => {
      await resetPassword({ ctx, by: operator, email: options.email, password: await readSecret('New password: ') });
      console.log(`Password reset for ${options.email}.`);
    }),
  );
user
  .command('disable')
  .description('disable an account and end its sessions')
  .requiredOption('--email <email>')
  .action((options: { email: string }) =>
    withContext(async (ctx) => {
      await disableUser({ ctx, by: operator, email: options.email });
      console.log(`Disabled ${options.email}.`);
    }),
  );

program
  .command('demo')
  .description('load the fictional demonstration organisation (about 200 cases and staff accounts)')
  .option('--cases <count>', 'how many cases', '200')
  .action((options: { cases: string }) =>
    withContext(async (ctx) => {
      const demo = await loadDemo({ ctx, caseCount: Number(options.cases) });
      console.log(`Loaded ${demo.cases} cases. Staff accounts (password ${demo.password}):`);
      for (const account of demo.accounts) console.log(`  ${account.email}\t${account.displayName}\t${account.roles.join(', ')}`);
    }),
  );

const ledger = program.command('ledger').description('the tamper-evident case ledger');
ledger
  .command('checkpoint')
  .description('sign a checkpoint of the ledger now')
  .action(() =>
    withContext(async (ctx) => {
      const issued = await issueCheckpoint({ ctx, key: loadSigningKey(ctx.config), force: true });
      process.stdout.write(issued!.note);
    }),
  );
ledger
  .command('rotate-key')
  .description('replace the signing key; the change is logged and signed by both keys')
  .action(() =>
    withContext(async (ctx) => {
      const rotated = await rotateLedgerKey({ ctx });
      console.log(`Rotated the ledger key.\n  previous: ${rotated.previous}\n  current:  ${rotated.current}`);
    }),
  );
ledger
  .command('key')
  .description('print the public key overseers verify with')
  .action(() => console.log(publicVerifierKey(loadSigningKey(loadConfig()))));
ledger
  .command('export')
  .description('write the entries, checkpoints and public key as plain files')
  .requiredOption('--out <dir>')
  .action((options: { out: string }) =>
    withContext(async (ctx) => {
      const key = loadSigningKey(ctx.config);
      await issueCheckpoint({ ctx, key });
      const written = await exportLedger({ ctx, key, directory: options.out });
      console.log(`Exported ${written.entries} entries and ${written.checkpoints} checkpoints to ${options.out}.`);
    }),
  );
ledger
  .command('verify [dir]')
  .description('verify an export offline (needs only --key), or the live database (--db)')
  .option('--key <pubkey>', 'the public key, or a file holding it')
  .option('--state <file>', 'what you verified last time; checked, then updated')
  .option('--db', 'verify the live database instead of an export')
  .action(async (dir: string | undefined, options: { key?: string; state?: string; db?: boolean }) => {
    const progress = process.stderr.isTTY ? (done: number) => process.stderr.write(`\rverified ${done} entries`) : undefined;
    const keyText = (value: string) => (existsSync(value) ? readFileSync(value, 'utf8') : value).trim();
    let result: VerifyResult;
    if (options.db) {
      result = await withContext(async (ctx) => {
        const verifiers = options.key ? [parseVerifierKey(keyText(options.key))] : loadKnownVerifiers(ctx.config);
        return verifyDatabase({ ctx, verifiers, onProgress: progress });
      });
    } else {
      if (!dir || !options.key) throw new ConfigError(['ledger verify: give the export directory and --key, or --db']);
      result = await verifyExport({ directory: dir, verifierKey: keyText(options.key), stateFile: options.state, onProgress: progress });
    }
    if (progress) process.stderr.write('\n');
    if (!result.ok) {
      console.error(`NOT VERIFIED: ${result.problem}`);
      process.exit(1);
    }
    console.log(`Verified: ${result.size} entries, ${result.checkpoints} signed checkpoints, root ${result.rootHash}.`);
  });
ledger
  .command('prove')
  .description('print an inclusion proof for one entry that anyone can check')
  .requiredOption('--entry <n>')
  .option('--size <n>', 'the tree size to prove against (default: the latest checkpoint)')
  .action((options: { entry: string; size?: string }) =>
    withContext(async (ctx) => {
      const key = loadSigningKey(ctx.config);
      const checkpoint = (await issueCheckpoint({ ctx, key })) ?? (await latestLedgerCheckpoint(ctx.db));
      const size = options.size ? Number(options.size) : Number(checkpoint?.size ?? 0);
      const proof = await proveInclusion({ ctx, index: Number(options.entry), size });
      console.log(JSON.stringify({ ...proof, checkpoint: checkpoint?.note ?? null, publicKey: publicVerifierKey(key) }, null, 2));
    }),
  );

program
  .command('evidence')
  .description('the evidence files')
  .command('encrypt')
  .description('encrypt the evidence files stored before encryption at rest (safe to run again)')
  .action(async () => {
    const report = await openEvidenceStore(loadConfig()).encryptLegacyFiles();
    console.log(`Encrypted ${report.encrypted} file(s); ${report.alreadyEncrypted} already encrypted.`);
    if (report.unreadable.length > 0) {
      console.error(`${report.unreadable.length} file(s) do not match their name and were left as they are:`);
      for (const name of report.unreadable) console.error(`  ${name}`);
      process.exit(1);
    }
  });

program
  .command('retention')
  .description('the retention schedule for closed cases')
  .command('run')
  .description('erase the personal data of closed cases whose retention has passed, and print what was erased')
  .option('--dry-run', 'print what would be erased, and change nothing')
  .action((options: { dryRun?: boolean }) =>
    withContext(async (ctx) => {
      const dryRun = options.dryRun === true;
      const report = await runRetention({ ctx, actor: { kind: 'system', process: 'retention (command line)' }, dryRun });
      const files = report.filesRemoved === 1 ? '1 evidence file' : `${report.filesRemoved} evidence files`;
      if (report.cases.length === 0) console.log(dryRun ? 'Nothing would be erased: no closed case is due.' : 'Nothing erased: no closed case is due.');
      else console.log(`${dryRun ? 'Would erase' : 'Erased'} ${report.cases.length} closed case(s): ${report.payloadsErased} timeline entries, ${files}.`);
      for (const erased of report.cases) console.log(`  ${erased.reference}\tclosed ${erased.closedOn}\tdue ${erased.dueOn}\t${erased.rule}\t${erased.payloadsErased} entries, ${erased.filesRemoved} file(s)`);
      console.log(`${dryRun ? 'Would delete' : 'Deleted'} ${report.mailDeleted} sent e-mail(s) older than ${ctx.config.organisation.retention.sentMailDays} days from the outbox.`);
      for (const failure of report.failures) console.error(`Could not erase ${failure.reference}: ${failure.problem}`);
      if (report.failures.length > 0) process.exitCode = 1;
    }),
  );

program
  .command('config')
  .description('configuration')
  .command('check')
  .description('validate the environment, the configuration file and the code packs')
  .action(() => {
    const config = loadConfig();
    const { country, region } = config.organisation.calendar;
    if (!isKnownRegion(country, region)) throw new ConfigError([`calendar: no public-holiday calendar for ${country}${region ? `-${region}` : ''}`]);
    const packs = loadCodePacks(config.organisation.codePacks.inForce);
    console.log(`Configuration is valid${config.configFile ? ` (${config.configFile})` : ' (defaults)'}.`);
    console.log(`  organisation: ${config.organisation.organisation.name}; database: ${config.database.kind}; data: ${config.dataDir}`);
    console.log(`  codes in force: ${packs.inForce.map((pack) => `${pack.id}@${pack.version} (${pack.clauses.length} clauses)`).join(', ')}`);
  });

program
  .command('access-matrix')
  .description('print the access matrix (which role may do what) as Markdown, as in docs/access-matrix.md')
  .action(() => {
    process.stdout.write(accessMatrixMarkdown());
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || isDomainError(error)) {
    console.error(error.message);
    if (isDomainError(error)) for (const issue of error.issues) console.error(`  ${issue.field}: ${issue.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
