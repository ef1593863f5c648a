import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessMatrixMarkdown } from './access-matrix.js';
import { hasCaseRole, hasPermission, ROLES } from './access.js';

describe('the access matrix', () => {
  it('is written down in docs/access-matrix.md exactly as the code enforces it (regenerate with `redress access-matrix > docs/access-matrix.md`)', () => {
    expect(readFileSync(path.resolve(import.meta.dirname, '../../docs/access-matrix.md'), 'utf8')).toBe(accessMatrixMarkdown());
  });

  it('keeps leadership, the overseer, the data protection officer and the administrator away from case handling', () => {
    for (const role of ['leadership', 'overseer', 'data_protection_officer', 'system_admin', 'publications_editor'] as const) {
      expect(hasCaseRole([role]), role).toBe(false);
      for (const permission of ['cases.view_intake_queue', 'cases.triage', 'cases.assign', 'cases.break_glass', 'cases.sit_on_panel'] as const) expect(hasPermission([role], permission), `${role} ${permission}`).toBe(false);
    }
  });

  it('gives leadership aggregate statistics, the declaration of its own contacts and its commitments, and nothing else', () => {
    expect(ROLES.includes('leadership')).toBe(true);
    expect(accessMatrixMarkdown().split('\n').filter((line) => line.startsWith('| ') && line.split('|')[9]?.includes('✔')).map((line) => line.split('|')[1]!.trim())).toEqual([
      'Declare a contact one made about a case',
      'Read aggregate statistics (no case)',
      'Record meetings, demands, the organisation’s responses, commitments and their delivery',
    ]);
  });
});
