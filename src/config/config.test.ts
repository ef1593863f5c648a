import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseOrganisationConfig } from './config.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../config/organisation.example.yaml');

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('gives every field a default, so no file is a working configuration', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database.kind).toBe('sqlite');
    expect(config.organisation.timetable.stages).toEqual({ received: 5, triage: 10, investigation: 40, decision: 30, review: 10, appeal: 20 });
    expect(config.organisation.timetable.overallTargetMonths).toBe(4);
    expect(Object.isFrozen(config.organisation.timetable.stages)).toBe(true);
  });

  it('documents the defaults truthfully: the example file differs from them only where it says so', () => {
    const example = parseOrganisationConfig(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    const defaults = parseOrganisationConfig('', 'defaults');
    expect({ ...example, security: { ...example.security, requireTotpForRoles: [] } }).toEqual(defaults);
    expect(example.security.requireTotpForRoles).toEqual(['system_admin']);
  });

  it('selects PostgreSQL from a postgres:// DATABASE_URL and refuses other URLs, naming the variable', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(problemsOf(() => loadConfig({ DATABASE_URL: 'mysql://h/db' }))[0]).toMatch(/^DATABASE_URL: /);
    expect(problemsOf(() => loadConfig({ PORT: 'eighty' }))[0]).toMatch(/^PORT: /);
  });

  it('names every bad field of the organisation file by its path', () => {
    const problems = problemsOf(() =>
      parseOrganisationConfig('timetable:\n  stages:\n    triage: 0\norganisation:\n  referencePrefix: rdr\n  timeZone: Mars/Olympus\nsecurity:\n  requireTotpForRoles: [king]\n', 'f'),
    );
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'organisation.referencePrefix',
      'organisation.timeZone',
      'security.requireTotpForRoles.0',
      'timetable.stages.triage',
    ]);
  });

  it('refuses unknown fields, so a misspelt setting is not silently ignored', () => {
    expect(problemsOf(() => parseOrganisationConfig('timetable:\n  overalTargetMonths: 6\n', 'f'))[0]).toContain('timetable');
  });

  it('refuses a file that is not YAML, and a configuration file that cannot be read', () => {
    expect(problemsOf(() => parseOrganisationConfig('organisation: [unclosed', 'f.yaml'))[0]).toMatch(/^f\.yaml: not valid YAML/);
    expect(problemsOf(() => loadConfig({ REDRESS_CONFIG: '/nonexistent/redress.yaml' }))[0]).toMatch(/^REDRESS_CONFIG: cannot read/);
  });
});

const fieldsOf = (problems: string[]) => problems.map((problem) => problem.split(':')[0]).sort();

const sso = (lines: string[]) => ['singleSignOn:', ...lines.map((line) => `  ${line}`)].join('\n');

const CONFIGURED = sso(['issuer: https://id.example.org', 'clientId: redress', 'roleMapping: { complaints-team: [case_manager] }']);

describe('single sign-on configuration', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function fileWith(text: string): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'redress-sso-config-'));
    dirs.push(dir);
    const file = path.join(dir, 'organisation.yaml');
    writeFileSync(file, text);
    return file;
  }

  it('is off by default, with no secret needed', () => {
    const config = loadConfig({});
    expect(config.organisation.singleSignOn).toMatchObject({ issuer: null, clientId: null, rolesClaim: 'groups', emailClaim: 'email', createAccounts: false, allowInsecureHttp: false, roleMapping: {} });
    expect(config.singleSignOnClientSecret).toBeNull();
  });

  it('fails fast, naming REDRESS_OIDC_CLIENT_SECRET, when an issuer is set without the secret', () => {
    const problems = problemsOf(() => loadConfig({ REDRESS_CONFIG: fileWith(CONFIGURED) }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^REDRESS_OIDC_CLIENT_SECRET: required when singleSignOn.issuer is set/);
    expect(problemsOf(() => loadConfig({ REDRESS_CONFIG: fileWith(CONFIGURED), REDRESS_OIDC_CLIENT_SECRET: '' }))[0]).toMatch(/^REDRESS_OIDC_CLIENT_SECRET: /);
  });

  it('takes the secret from the environment into the frozen configuration', () => {
    const config = loadConfig({ REDRESS_CONFIG: fileWith(CONFIGURED), REDRESS_OIDC_CLIENT_SECRET: 's3cret' });
    expect(config.singleSignOnClientSecret).toBe('s3cret');
    expect(config.organisation.singleSignOn.roleMapping).toEqual({ 'complaints-team': ['case_manager'] });
    expect(Object.isFrozen(config.organisation.singleSignOn.roleMapping)).toBe(true);
    // With single sign-on off, a stray secret in the environment is not kept.
    expect(loadConfig({ REDRESS_OIDC_CLIENT_SECRET: 's3cret' }).singleSignOnClientSecret).toBeNull();
  });

  it('refuses the client secret in the organisation file', () => {
    expect(problemsOf(() => parseOrganisationConfig(`${CONFIGURED}\n  clientSecret: s3cret\n`, 'f'))[0]).toMatch(/^singleSignOn: .*clientSecret/);
  });

  it('accepts allowInsecureHttp only for an issuer on a loopback host, and http only with it', () => {
    const issuer = (url: string, insecure: boolean) => sso([`issuer: ${url}`, 'clientId: redress', `allowInsecureHttp: ${insecure}`, 'roleMapping: { g: [investigator] }']);
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:9000/realms/x', 'http://[::1]:8080']) {
      expect(parseOrganisationConfig(issuer(url, true), 'f').singleSignOn.issuer).toBe(url);
    }
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(issuer('http://id.example.org', true), 'f')))).toEqual(['singleSignOn.allowInsecureHttp']);
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(issuer('https://id.example.org', true), 'f')))).toEqual(['singleSignOn.allowInsecureHttp']);
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(issuer('http://127.0.0.1:8080', false), 'f')))).toEqual(['singleSignOn.issuer']);
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(sso(['allowInsecureHttp: true']), 'f')))).toEqual(['singleSignOn.allowInsecureHttp']);
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(issuer('ftp://id.example.org', false), 'f')))).toEqual(['singleSignOn.issuer']);
  });

  it('names a missing client id, an empty or unknown role mapping, and scopes without openid', () => {
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(sso(['issuer: https://id.example.org']), 'f')))).toEqual(['singleSignOn.clientId', 'singleSignOn.roleMapping']);
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(sso(['roleMapping: { staff: [king] }']), 'f')))).toEqual(['singleSignOn.roleMapping.staff.0']);
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(sso(['roleMapping: { staff: [] }']), 'f')))).toEqual(['singleSignOn.roleMapping.staff']);
    expect(fieldsOf(problemsOf(() => parseOrganisationConfig(sso(['scopes: [email, profile]']), 'f')))).toEqual(['singleSignOn.scopes']);
  });
});
