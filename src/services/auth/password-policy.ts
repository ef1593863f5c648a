import type { FieldIssue } from '../../domain/errors.js';

export const MIN_PASSWORD_LENGTH = 12;

/** Length over composition rules, as NIST SP 800-63B advises. */
export function passwordIssues(password: string, field = 'password'): FieldIssue[] {
  if (password.length < MIN_PASSWORD_LENGTH) return [{ field, message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` }];
  if (password.length > 256) return [{ field, message: 'Use at most 256 characters.' }];
  return [];
}
