import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';
import { flagSpecialCategory } from '../../services/data-protection/flag-special-category.js';
import { list, text, type FormFields } from '../form-body.js';

type CaseAction = (options: { ctx: ServiceContext; staff: Staff; caseId: string; fields: FormFields }) => Promise<void>;

/** The case page's special-category form, turned into the use case's input. */
export const DATA_PROTECTION_ACTIONS: Record<string, CaseAction> = {
  'special-categories': async (o) => void (await flagSpecialCategory({ ...o, categories: list(o.fields, 'categories'), reason: text(o.fields, 'reason') ?? '' })),
};
