import { describe, expect, it } from 'vitest';
import { checkSpecialCategoryChange, describeSpecialCategories, parseSpecialCategories, storedSpecialCategories } from './special-category.js';

const REASON = 'The complainant describes a disability in the complaint.';

describe('special-category flags', () => {
  it('keeps the list’s order, stores none as null, and reads back what it stored', () => {
    const { categories } = checkSpecialCategoryChange({ current: [], requested: ['religious_or_philosophical_beliefs', 'health'], reason: REASON });
    expect(categories).toEqual(['religious_or_philosophical_beliefs', 'health']);
    expect(parseSpecialCategories(storedSpecialCategories(categories))).toEqual(categories);
    expect(storedSpecialCategories([])).toBeNull();
    expect(parseSpecialCategories(null)).toEqual([]);
    expect(describeSpecialCategories(['health', 'criminal_offences'])).toBe('health, criminal offences (art. 10)');
  });

  it('refuses a change without a reason, clearing included, and names unknown categories', () => {
    const noReason = () => checkSpecialCategoryChange({ current: ['health'], requested: [], reason: '  ' });
    expect(noReason).toThrow(expect.objectContaining({ code: 'validation_failed', issues: [expect.objectContaining({ field: 'reason' })] }));
    expect(() => checkSpecialCategoryChange({ current: [], requested: ['shoe_size'], reason: REASON })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ field: 'categories' })] }));
    expect(checkSpecialCategoryChange({ current: ['health'], requested: [], reason: REASON }).categories).toEqual([]);
  });

  it('refuses a change that changes nothing', () => {
    expect(() => checkSpecialCategoryChange({ current: ['health'], requested: ['health'], reason: REASON })).toThrow(expect.objectContaining({ code: 'rule_violated' }));
    expect(() => checkSpecialCategoryChange({ current: [], requested: [], reason: REASON })).toThrow(expect.objectContaining({ code: 'rule_violated' }));
  });
});
