import type { DomainErrorCode } from '../domain/errors.js';

/** The one table from domain error codes to HTTP statuses. */
export const HTTP_STATUS_OF: Record<DomainErrorCode, number> = {
  validation_failed: 400,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  account_locked: 423,
  second_factor_required: 401,
  transition_not_allowed: 409,
  rule_violated: 422,
  conflict: 409,
  upload_too_large: 413,
  upload_type_not_allowed: 415,
  rate_limited: 429,
};
