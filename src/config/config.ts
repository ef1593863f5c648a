import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ZOrganisationConfig, type OrganisationConfig } from './organisation-config.js';
import { EVIDENCE_KEY_BYTES, parseEvidenceKey } from '../infra/evidence-store.js';

/**
 * Everything Redress needs to start, parsed and validated once. A bad value
 * stops start-up with a message naming the field.
 */
export type Config = Readonly<{
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  configFile: string | null;
  /** The ledger's Ed25519 signing key: a file outside the database. */
  ledgerKeyFile: string;
  /**
   * The key evidence files are encrypted with (AES-256-GCM): a file outside
   * the database, REDRESS_EVIDENCE_KEY or secrets/evidence-key in the data
   * directory (created on first start).
   */
  evidenceKeyFile: string;
  /**
   * The client secret at the single sign-on provider, from
   * REDRESS_OIDC_CLIENT_SECRET (never the organisation file); null when
   * single sign-on is off.
   */
  singleSignOnClientSecret: string | null;
  organisation: OrganisationConfig;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  REDRESS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'use a postgres:// URL, or leave it unset for the embedded SQLite database')
    .optional(),
  REDRESS_CONFIG: z.string().min(1).optional(),
  REDRESS_PUBLIC_URL: z.url().optional(),
  REDRESS_LEDGER_KEY: z.string().min(1).optional(),
  REDRESS_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  REDRESS_EVIDENCE_KEY: z.string().min(1).optional(),
});

function describeIssues(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${field || '(root)'}: ${issue.message}`;
  });
}

/** Parses organisation configuration text (YAML or JSON, which is YAML too). */
export function parseOrganisationConfig(text: string, source: string): OrganisationConfig {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : parseYaml(text);
  } catch (error) {
    throw new ConfigError([`${source}: not valid YAML or JSON (${(error as Error).message.split('\n')[0]})`]);
  }
  const parsed = ZOrganisationConfig.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, ''));
  return parsed.data;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Reads the evidence key from its file, refusing (naming the field) a file
 * that cannot be read or does not hold a 32-byte key.
 */
export function readEvidenceKey(file: string, field: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ConfigError([`${field}: cannot read the evidence key ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const key = parseEvidenceKey(bytes);
  if (!key) throw new ConfigError([`${field}: ${file} must hold a ${EVIDENCE_KEY_BYTES}-byte key, as ${EVIDENCE_KEY_BYTES * 2} hexadecimal digits (for example from \`openssl rand -hex ${EVIDENCE_KEY_BYTES}\`)`]);
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsedEnv = ZEnv.safeParse(env);
  if (!parsedEnv.success) throw new ConfigError(describeIssues(parsedEnv.error, ''));
  const vars = parsedEnv.data;
  const dataDir = path.resolve(vars.REDRESS_DATA_DIR);
  const configFile = vars.REDRESS_CONFIG ? path.resolve(vars.REDRESS_CONFIG) : null;

  let text = '';
  if (configFile) {
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (error) {
      throw new ConfigError([`REDRESS_CONFIG: cannot read ${configFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
  }
  const organisation = parseOrganisationConfig(text, configFile ?? 'defaults');
  if (organisation.singleSignOn.issuer && !vars.REDRESS_OIDC_CLIENT_SECRET) {
    throw new ConfigError(['REDRESS_OIDC_CLIENT_SECRET: required when singleSignOn.issuer is set (the client secret is kept out of the organisation file)']);
  }
  const evidenceKeyFile = vars.REDRESS_EVIDENCE_KEY ? path.resolve(vars.REDRESS_EVIDENCE_KEY) : path.join(dataDir, 'secrets', 'evidence-key');
  // A key given by the operator must be there and usable now, not at the first upload.
  if (vars.REDRESS_EVIDENCE_KEY) readEvidenceKey(evidenceKeyFile, 'REDRESS_EVIDENCE_KEY');

  return deepFreeze({
    port: vars.PORT,
    host: vars.HOST,
    publicUrl: (vars.REDRESS_PUBLIC_URL ?? `http://${vars.HOST.includes(':') ? `[${vars.HOST}]` : vars.HOST}:${vars.PORT}`).replace(/\/$/, ''),
    dataDir,
    database: vars.DATABASE_URL ? { kind: 'postgres', url: vars.DATABASE_URL } : { kind: 'sqlite', file: path.join(dataDir, 'redress.db') },
    configFile,
    ledgerKeyFile: vars.REDRESS_LEDGER_KEY ? path.resolve(vars.REDRESS_LEDGER_KEY) : path.join(dataDir, 'secrets', 'ledger-ed25519.pem'),
    evidenceKeyFile,
    singleSignOnClientSecret: organisation.singleSignOn.issuer ? (vars.REDRESS_OIDC_CLIENT_SECRET ?? null) : null,
    organisation,
  });
}
