import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';
import { imposeInterimMeasure, reviewInterimMeasure } from '../../services/due-process/interim-measures.js';
import { list, text, type FormFields } from '../form-body.js';

type CaseAction = (options: { ctx: ServiceContext; staff: Staff; caseId: string; fields: FormFields }) => Promise<void>;

/** A whole number typed in a form; anything else (blank included) is NaN, for the use case to refuse by name. */
function wholeNumber(value: string | undefined): number {
  const trimmed = value?.trim() ?? '';
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The case page's interim-measure forms, turned into the use cases' inputs. */
export const INTERIM_MEASURE_ACTIONS: Record<string, CaseAction> = {
  'interim-measure': async (o) =>
    void (await imposeInterimMeasure({
      ...o,
      measure: { effects: list(o.fields, 'effects'), weeks: wholeNumber(text(o.fields, 'weeks')), reasons: text(o.fields, 'reasons') ?? '' },
    })),
  'interim-measure-review': async (o) =>
    void (await reviewInterimMeasure({
      ...o,
      review: { outcome: text(o.fields, 'outcome') ?? '', reasons: text(o.fields, 'reasons') ?? '', nextReviewOn: text(o.fields, 'nextReviewOn') ?? null },
    })),
};
