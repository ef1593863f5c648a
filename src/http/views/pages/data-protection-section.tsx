import { hasPermission, isRole } from '../../../domain/access.js';
import { describeSpecialCategories, parseSpecialCategories, SPECIAL_CATEGORIES, SPECIAL_CATEGORY_LABELS } from '../../../domain/data-protection/special-category.js';
import type { CaseRow } from '../../../db/database.js';
import { ActionBox, type ActionForm } from '../components/action-box.js';
import { Choices, TextArea, emptyForm } from '../components/forms.js';
import { formatDateTime } from '../format.js';

const ACTION = 'special-categories';

const OPTIONS = SPECIAL_CATEGORIES.map((category) => ({ value: category, label: SPECIAL_CATEGORY_LABELS[category].replace(/^./, (first) => first.toUpperCase()) }));

/**
 * Near the top of the case page: the special categories of personal data the
 * case holds, flagged so everyone who opens it handles it with care; whether
 * its personal data was erased under the retention schedule; and, for those
 * who may, the form to set the flags (the current ones ticked).
 */
export function DataProtectionSection(props: { caseRow: CaseRow; viewer: { roles: string[]; csrfToken: string }; failed: ActionForm | null }) {
  const { caseRow } = props;
  const categories = parseSpecialCategories(caseRow.special_categories);
  const mayFlag = hasPermission(props.viewer.roles.filter(isRole), 'cases.flag_special_category') && caseRow.erased_at === null;
  const refused = props.failed?.action === ACTION;
  // Unless the form was just refused, it opens with the case's flags ticked.
  const failed = refused ? props.failed : { action: ACTION, form: emptyForm({ categories }) };
  if (categories.length === 0 && caseRow.erased_at === null && !mayFlag) return null;
  return (
    <section aria-label="Data protection" class="data-protection" data-testid="data-protection">
      {caseRow.erased_at !== null ? (
        <p class="warning" data-testid="erased-notice">
          The personal data of this case was erased under the retention schedule on {formatDateTime(caseRow.erased_at)}. What statistics need (stage, dates, outcome, clauses, sanction) is kept.
        </p>
      ) : null}
      {categories.length > 0 ? (
        <p data-testid="special-categories">
          <strong class="tag tag--overdue">{`Special-category data: ${describeSpecialCategories(categories)}`}</strong>{' '}
          <span class="hint">Share only what each person needs, and keep it out of letters and bundles unless it is needed there (UK GDPR art. 9 and 10).</span>
        </p>
      ) : null}
      {mayFlag ? (
        <details class="more-actions" open={refused}>
          <summary>{categories.length > 0 ? 'Change the special-category flags' : 'Flag special-category data'}</summary>
          <ActionBox failed={failed} viewer={props.viewer} caseId={caseRow.id} id={ACTION} action={ACTION} title="Special-category data on this case" submit="Save the flags">
            {(form) => (
              <>
                <Choices form={form} name="categories" label="The case holds personal data about" hint="Untick every box to clear the flags." multiple options={OPTIONS} />
                <TextArea form={form} name="reason" label="Reason" hint="Why these flags are right for the case, for the record." required rows={2} />
              </>
            )}
          </ActionBox>
        </details>
      ) : null}
    </section>
  );
}
