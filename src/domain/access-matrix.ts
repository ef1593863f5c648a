import { PERMISSIONS, PERMISSION_LABELS, ROLES, ROLE_LABELS, hasPermission } from './access.js';

/**
 * The access matrix as a Markdown document (docs/access-matrix.md), made from
 * the table in access.ts so the written matrix is the enforced one.
 */
export function accessMatrixMarkdown(): string {
  const header = `| Permission | ${ROLES.map((role) => ROLE_LABELS[role]).join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = PERMISSIONS.map((permission) => `| ${PERMISSION_LABELS[permission]} | ${ROLES.map((role) => (hasPermission([role], permission) ? '✔' : '')).join(' | ')} |`);
  return [
    '# Access matrix',
    '',
    'Generated from `src/domain/access.ts` by `redress access-matrix`; a test fails when the two differ. Every route is walked against every role by `test/http/access-matrix.test.ts`.',
    '',
    'Case content is read only through assignment to the case (a panel seat and an audit sample are assignments too), through the intake queue while a case is at intake (for roles that triage), or through emergency access, which needs a written reason, ends by itself and tells the overseer at once. Every read is recorded, and every refused attempt too.',
    '',
    header,
    rule,
    ...rows,
    '',
  ].join('\n');
}
