/**
 * For zod refinements that check one answer against another: run them even
 * when a basic answer is missing or invalid as well, so a form shows every
 * problem at once rather than one round at a time. The refinement must cope
 * with fields that are absent.
 */
export const SHOW_WITH_OTHER_ISSUES = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };
