import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
