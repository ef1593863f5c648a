/**
 * Every failure the domain can report, as a stable code. Adapters (HTTP, CLI)
 * translate codes into their own vocabulary through one table each; the
 * domain never knows about HTTP statuses.
 */
export const DOMAIN_ERROR_CODES = [
  'validation_failed',
  'not_found',
  'unauthenticated',
  'forbidden',
  'account_locked',
  'second_factor_required',
  'transition_not_allowed',
  'rule_violated',
  'conflict',
  'upload_too_large',
  'upload_type_not_allowed',
  'rate_limited',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** One problem with one input field, named by its path (for example `respondent.name`). */
export type FieldIssue = { field: string; message: string };

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: DomainErrorCode, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.issues = issues;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Throws `validation_failed` carrying every issue when the list is not empty. */
export function assertNoIssues(issues: FieldIssue[], message = 'Some of the information given needs correcting.'): void {
  if (issues.length > 0) throw new DomainError('validation_failed', message, issues);
}

/** Field issues from a schema's refusal (zod's issues: a path and a message each). */
export function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): FieldIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'form', message: issue.message }));
}
