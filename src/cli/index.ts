import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/config.js';
import { createServiceContext } from '../app-context.js';
import { migrateToLatest } from '../db/connection.js';
import { isDomainError } from '../domain/errors.js';
import { ROLES } from '../domain/access.js';
import { isKnownRegion } from '../infra/holiday-calendar.js';
import { loadCodePacks } from '../infra/code-pack-registry.js';
import { startServer } from '../server.js';
import { loadDemo } from '../services/demo/load-demo.js';
import { createUser, disableUser, listUsers, resetPassword } from '../services/users/manage-users.js';
import type { ServiceContext } from '../services/context.js';
import { readSecret } from './read-secret.js';

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

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || isDomainError(error)) {
    console.error(error.message);
    if (isDomainError(error)) for (const issue of error.issues) console.error(`  ${issue.field}: ${issue.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
