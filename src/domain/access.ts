import { DomainError } from './errors.js';

/**
 * Roles and what they may do: the access matrix, written down once. Every
 * route and use case checks a permission from this table; the role-by-route
 * test (test/http/access-matrix.test.ts) walks every route as every role.
 *
 * Three separations are deliberate:
 * - administering the system opens no case;
 * - leadership (a political or executive office) sees aggregate statistics
 *   only, never a case, and can declare a contact it made;
 * - the overseer reads everything about how cases are handled (the desk, the
 *   interference register, the ledger) but case content only for cases drawn
 *   into its audit sample, and changes nothing in a case.
 */
export const ROLES = [
  'system_admin',
  'intake_officer',
  'case_manager',
  'investigator',
  'panel_member',
  'independent_reviewer',
  'overseer',
  'leadership',
  'data_protection_officer',
  'publications_editor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: 'System administrator',
  intake_officer: 'Intake officer',
  case_manager: 'Case manager',
  investigator: 'Investigator',
  panel_member: 'Panel member',
  independent_reviewer: 'Independent reviewer',
  overseer: 'Independent overseer',
  leadership: 'Leadership (political or executive office)',
  data_protection_officer: 'Data protection officer',
  publications_editor: 'Publications editor',
};

export const PERMISSIONS = [
  'users.manage',
  'cases.record',
  'cases.view_intake_queue',
  'cases.triage',
  'cases.assign',
  'cases.manage_clock',
  'cases.investigate',
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
  'cases.break_glass',
  'cases.flag_special_category',
  'contacts.record',
  'contacts.declare_own',
  'oversight.read',
  'audits.conduct',
  'audits.answer',
  'statistics.read',
  'data_protection.manage',
  'decisions.draft_summary',
  'publications.edit',
  'commitments.manage',
  'commitments.rate',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<Permission, string> = {
  'users.manage': 'Manage user accounts and roles',
  'cases.record': 'Record a complaint received by phone, post or in person',
  'cases.view_intake_queue': 'Read unassigned cases at intake (received, triage)',
  'cases.triage': 'Triage a case',
  'cases.assign': 'Assign people to a case',
  'cases.manage_clock': 'Pause, resume and extend a case’s timetable',
  'cases.investigate': 'Investigate: notes and the investigation report',
  'cases.close': 'Close or withdraw a case',
  'cases.link': 'Link and merge cases',
  'ledger.read_entries': 'Read ledger entries and proofs through the API',
  'cases.give_notice': 'Give the respondent notice of the allegations',
  'cases.convene_panel': 'Convene a panel and manage hearings',
  'cases.sit_on_panel': 'Sit on a panel it was drawn onto',
  'panels.manage': 'Manage the panel pool, training and interests',
  'sanctions.read': 'Search the register of sanctions',
  'cases.review_decision': 'Review a decision independently',
  'cases.message': 'Exchange secure messages with the parties',
  'templates.manage': 'Edit e-mail templates',
  'cases.break_glass': 'Open a case in an emergency, with a reason, for a limited time (the overseer is told)',
  'cases.flag_special_category': 'Flag special-category personal data on a case',
  'contacts.record': 'Record a contact about a case from outside the process',
  'contacts.declare_own': 'Declare a contact one made about a case',
  'oversight.read': 'Read the overseer’s desk and the interference register',
  'audits.conduct': 'Draw audit samples and review the sampled cases',
  'audits.answer': 'Answer audit findings for the organisation',
  'statistics.read': 'Read aggregate statistics (no case)',
  'data_protection.manage': 'Subject access exports and the retention schedule',
  'decisions.draft_summary': 'Draft the anonymised summary of a decided case for publication',
  'publications.edit': 'Check and approve anonymised decision summaries for publication (reads the drafts, never the case)',
  'commitments.manage': 'Record meetings, demands, the organisation’s responses, commitments and their delivery',
  'commitments.rate': 'Rate the organisation’s commitments independently',
};

/** Everyone who works on cases records contacts from outside the process. */
const CASE_WORK: readonly Permission[] = ['contacts.record'];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // The organisation's words (e-mail templates) are administration too: they open no case.
  system_admin: ['users.manage', 'templates.manage'],
  intake_officer: [
    ...CASE_WORK,
    'cases.record',
    'cases.view_intake_queue',
    'cases.triage',
    'cases.assign',
    'cases.link',
    'cases.close',
    'sanctions.read',
    'cases.message',
    'cases.flag_special_category',
  ],
  case_manager: [
    ...CASE_WORK,
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
    'cases.break_glass',
    'cases.flag_special_category',
    'audits.answer',
    'decisions.draft_summary',
  ],
  investigator: [...CASE_WORK, 'cases.investigate', 'cases.give_notice', 'cases.message'],
  // A panel member reads only the cases whose panel they were drawn onto, through assignment.
  panel_member: [...CASE_WORK, 'cases.sit_on_panel', 'cases.message'],
  // Reads only the cases assigned to them for review, and confirms or vetoes the decision.
  independent_reviewer: [...CASE_WORK, 'cases.review_decision'],
  overseer: ['oversight.read', 'audits.conduct', 'ledger.read_entries', 'statistics.read', 'commitments.rate'],
  // The organisation's promises are leadership's to make and to account for; the rating is the overseer's.
  leadership: ['statistics.read', 'contacts.declare_own', 'commitments.manage'],
  data_protection_officer: ['data_protection.manage'],
  // Reads only the drafts put to them, never a case.
  publications_editor: ['publications.edit'],
};

/** Roles that handle cases: only these ever see a case list or open a case through assignment. */
export const CASE_HANDLING_ROLES = ['intake_officer', 'case_manager', 'investigator', 'panel_member', 'independent_reviewer'] as const satisfies readonly Role[];

/** Roles a person can be assigned to one case in by hand; panel seats come from a draw, never by hand. */
export const CASE_ROLES = ['case_manager', 'investigator', 'independent_reviewer'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

/** Stages whose unassigned cases form the intake queue. */
export const INTAKE_QUEUE_STAGES = ['received', 'triage'] as const;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export function requirePermission(roles: readonly Role[], permission: Permission): void {
  if (!hasPermission(roles, permission)) {
    throw new DomainError('forbidden', 'Your role does not allow this action.');
  }
}

/** True when the person handles cases at all (so the case list is worth showing). */
export function hasCaseRole(roles: readonly Role[]): boolean {
  return roles.some((role) => (CASE_HANDLING_ROLES as readonly Role[]).includes(role));
}

/**
 * Whether a person may read one case: through assignment (which includes a
 * seat on its panel and an audit sample it was drawn into), an unexpired
 * emergency grant, or the intake queue while the case is still at intake.
 * Only case-handling roles ever read a case through the queue.
 */
export function canReadCase(options: { roles: readonly Role[]; assigned: boolean; emergencyGrant: boolean; stage: string }): boolean {
  if (options.assigned || options.emergencyGrant) return true;
  return hasPermission(options.roles, 'cases.view_intake_queue') && (INTAKE_QUEUE_STAGES as readonly string[]).includes(options.stage);
}

/**
 * A refusal to let someone open a case. It is recorded (see
 * recordingRefusedAccess in src/services/cases/refused-access.ts) after the refused transaction has rolled back, so
 * the attempt leaves a trace and nothing else.
 */
export class CaseAccessRefused extends DomainError {
  constructor(
    readonly caseId: string,
    readonly reference: string,
    readonly stage: string,
  ) {
    super('forbidden', 'You are not assigned to this case, so you cannot open it. The attempt has been recorded for the overseer.');
  }
}

/** Where a role starts after sign-in: the first page its permissions open. */
export function homePageOf(roles: readonly Role[]): string {
  if (hasCaseRole(roles)) return '/staff';
  if (hasPermission(roles, 'oversight.read')) return '/oversight';
  if (hasPermission(roles, 'data_protection.manage')) return '/staff/data-protection';
  if (hasPermission(roles, 'statistics.read')) return '/staff/statistics';
  if (hasPermission(roles, 'publications.edit')) return '/staff/publications';
  if (hasPermission(roles, 'users.manage')) return '/staff/users';
  return '/staff/account';
}
