import { DomainError, type FieldIssue } from '../errors.js';

/**
 * Special categories of personal data (UK GDPR art. 9) and criminal-offence
 * data (art. 10). A case that holds any of them is flagged, so everyone who
 * opens it knows to handle it with the extra care those articles ask for.
 */
export const SPECIAL_CATEGORIES = [
  'racial_or_ethnic_origin',
  'political_opinions',
  'religious_or_philosophical_beliefs',
  'trade_union_membership',
  'genetic',
  'biometric',
  'health',
  'sex_life_or_sexual_orientation',
  'criminal_offences',
] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

export const SPECIAL_CATEGORY_LABELS: Record<SpecialCategory, string> = {
  racial_or_ethnic_origin: 'racial or ethnic origin',
  political_opinions: 'political opinions',
  religious_or_philosophical_beliefs: 'religious or philosophical beliefs',
  trade_union_membership: 'trade union membership',
  genetic: 'genetic data',
  biometric: 'biometric data',
  health: 'health',
  sex_life_or_sexual_orientation: 'sex life or sexual orientation',
  criminal_offences: 'criminal offences (art. 10)',
};

export const MIN_FLAG_REASON = 10;

export function isSpecialCategory(value: string): value is SpecialCategory {
  return (SPECIAL_CATEGORIES as readonly string[]).includes(value);
}

/** The flags as stored on the case (a JSON array, or null for none), in the list's order. */
export function parseSpecialCategories(stored: string | null): SpecialCategory[] {
  if (!stored) return [];
  const parsed = JSON.parse(stored) as unknown;
  return Array.isArray(parsed) ? SPECIAL_CATEGORIES.filter((category) => parsed.includes(category)) : [];
}

/** How the flags are stored: null when there are none. */
export function storedSpecialCategories(categories: readonly SpecialCategory[]): string | null {
  return categories.length > 0 ? JSON.stringify(categories) : null;
}

/**
 * Checks a change of flags: every category known, a reason given (clearing
 * every flag needs one too), and something actually changed. Returns the new
 * set in the list's order.
 */
export function checkSpecialCategoryChange(options: { current: readonly SpecialCategory[]; requested: readonly string[]; reason: string }): { categories: SpecialCategory[]; reason: string } {
  const issues: FieldIssue[] = [];
  const unknown = options.requested.filter((value) => !isSpecialCategory(value));
  if (unknown.length > 0) issues.push({ field: 'categories', message: 'Choose categories from the list.' });
  const reason = options.reason.trim();
  if (reason.length < MIN_FLAG_REASON) {
    issues.push({ field: 'reason', message: `Say why the flags are right for this case (at least ${MIN_FLAG_REASON} characters).` });
  }
  if (issues.length > 0) throw new DomainError('validation_failed', 'The special-category flags could not be saved.', issues);
  const categories = SPECIAL_CATEGORIES.filter((category) => options.requested.includes(category));
  if (categories.join() === options.current.join()) {
    throw new DomainError('rule_violated', 'Those are the flags the case already has: nothing to change.', [{ field: 'categories', message: 'Tick or untick at least one category.' }]);
  }
  return { categories, reason };
}

/** The flags in words, for the notice on the case: "health, religious or philosophical beliefs". */
export function describeSpecialCategories(categories: readonly string[]): string {
  return categories.map((category) => (isSpecialCategory(category) ? SPECIAL_CATEGORY_LABELS[category] : category)).join(', ');
}
