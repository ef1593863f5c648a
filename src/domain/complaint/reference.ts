/** A case's readable reference, for example `RDR-2026-000123`. */
export function formatCaseReference(prefix: string, year: number, number: number): string {
  return `${prefix}-${year}-${String(number).padStart(6, '0')}`;
}

export const CASE_REFERENCE_PATTERN = /^[A-Z]{2,8}-\d{4}-\d{6,}$/;
