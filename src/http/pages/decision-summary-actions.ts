import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';
import { draftDecisionSummary } from '../../services/publication/draft-decision-summary.js';
import { text, type FormFields } from '../form-body.js';

type CaseAction = (options: { ctx: ServiceContext; staff: Staff; caseId: string; fields: FormFields }) => Promise<void>;

/** The case page's decision-summary form, turned into the use case's input. */
export const DECISION_SUMMARY_ACTIONS: Record<string, CaseAction> = {
  'decision-summary': async (o) => void (await draftDecisionSummary({ ...o, draft: { facts: text(o.fields, 'facts') ?? '', reasons: text(o.fields, 'reasons') ?? '' } })),
};
