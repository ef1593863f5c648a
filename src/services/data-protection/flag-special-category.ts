import { checkSpecialCategoryChange, parseSpecialCategories, storedSpecialCategories, type SpecialCategory } from '../../domain/data-protection/special-category.js';
import { DomainError } from '../../domain/errors.js';
import { updateCase } from '../../db/repositories/case.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { changeCase } from '../cases/change-case.js';

/**
 * Sets the special categories of personal data a case holds (UK GDPR art. 9,
 * and criminal-offence data under art. 10), with the reason, so everyone who
 * opens the case sees the flags. An empty list clears them, with a reason too.
 */
export async function flagSpecialCategory(options: { ctx: ServiceContext; staff: Staff; caseId: string; categories: readonly string[]; reason: string }): Promise<{ categories: SpecialCategory[] }> {
  const { ctx } = options;
  return changeCase({
    ctx,
    staff: options.staff,
    caseId: options.caseId,
    permission: 'cases.flag_special_category',
    what: 'flag special-category data',
    change: async ({ trx, caseRow, record }) => {
      if (caseRow.erased_at !== null) throw new DomainError('rule_violated', 'The case’s personal data has been erased under the retention schedule: there is nothing left to flag.');
      const { categories, reason } = checkSpecialCategoryChange({ current: parseSpecialCategories(caseRow.special_categories), requested: options.categories, reason: options.reason });
      await updateCase(trx, caseRow.id, { special_categories: storedSpecialCategories(categories), updated_at: ctx.clock.now().toISOString() });
      record({ type: 'special_category_flagged', categories, reason });
      return { categories };
    },
  });
}
