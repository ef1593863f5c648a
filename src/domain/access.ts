import { DomainError } from './errors.js';

/**
 * Roles and what they may do. Administering the system and reading case
 * content are deliberately separate: an administrator with no case role
 * cannot open a single case.
 */
export const ROLES = ['system_admin', 'intake_officer', 'case_manager', 'investigator', 'panel_member', 'independent_reviewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: 'System administrator',
  intake_officer: 'Intake officer',
  case_manager: 'Case manager',
  investigator: 'Investigator',
  panel_member: 'Panel member',
  independent_reviewer: 'Independent reviewer',
};

export const PERMISSIONS = [
  'users.manage',
  'cases.record',
  'cases.view_intake_queue',
  'cases.triage',
  'cases.assign',
  'cases.manage_clock',
  'cases.investigate',
  'cases.decide',
  'cases.close',
  'cases.link',
  'ledger.read_entries',
  'cases.give_notice',
  'cases.convene_panel',
  'cases.sit_on_panel',
  'panels.manage',
  'sanctions.read',
  'cases.review_decision',
  'cases.message',
  'templates.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // The organisation's words (e-mail templates) are administration too: they open no case.
  system_admin: ['users.manage', 'templates.manage'],
  intake_officer: ['cases.record', 'cases.view_intake_queue', 'cases.triage', 'cases.assign', 'cases.link', 'cases.close', 'sanctions.read', 'cases.message'],
  case_manager: [
    'cases.record',
    'cases.view_intake_queue',
    'cases.triage',
    'cases.assign',
    'cases.manage_clock',
    'cases.close',
    'cases.link',
    'ledger.read_entries',
    'cases.give_notice',
    'cases.convene_panel',
    'panels.manage',
    'sanctions.read',
    'cases.message',
  ],
  investigator: ['cases.investigate', 'cases.give_notice', 'cases.message'],
  // A panel member reads only the cases whose panel they were drawn onto, through assignment.
  panel_member: ['cases.sit_on_panel', 'cases.message'],
  // Reads only the cases assigned to them for review, and confirms or vetoes the decision.
  independent_reviewer: ['cases.review_decision'],
};

/** Roles a person can be assigned to one case in by hand; panel seats come from a draw, never by hand. */
export const CASE_ROLES = ['case_manager', 'investigator', 'independent_reviewer'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

/** Stages whose unassigned cases form the intake queue. */
export const INTAKE_QUEUE_STAGES = ['received', 'triage'] as const;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export function requirePermission(roles: readonly Role[], permission: Permission): void {
  if (!hasPermission(roles, permission)) {
    throw new DomainError('forbidden', 'Your role does not allow this action.');
  }
}

/** True when the person may read any case at all (so the case list is worth showing). */
export function hasCaseRole(roles: readonly Role[]): boolean {
  return roles.some((role) => role !== 'system_admin');
}

/**
 * Whether a person may read one case: through assignment, or through the
 * intake queue while the case is still at intake.
 */
export function canReadCase(options: { roles: readonly Role[]; assigned: boolean; stage: string }): boolean {
  if (options.assigned) return true;
  return hasPermission(options.roles, 'cases.view_intake_queue') && (INTAKE_QUEUE_STAGES as readonly string[]).includes(options.stage);
}
