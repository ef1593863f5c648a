import type { CaseDecisionSummary } from '../../../services/publication/get-case-decision-summary.js';
import { ActionBox, type ActionForm } from '../components/action-box.js';
import { FlagTable, MarkedText } from '../components/anonymity-flags.js';
import { TextArea, emptyForm } from '../components/forms.js';
import { formatDate, formatDateTime } from '../format.js';

const ACTION = 'decision-summary';

const STATUS_LABELS: Record<string, string> = {
  draft: 'Waiting for the publications editor',
  returned: 'Returned by the publications editor',
  published: 'Published',
  withdrawn: 'Withdrawn from publication',
};

/**
 * On a decided case: the anonymised summary of its decision for publication.
 * The assigned case manager drafts it (the clauses, findings and sanction
 * come from the decision); the anonymity check's flags are shown against
 * the text after every save.
 */
export function DecisionSummarySection(props: { caseId: string; view: CaseDecisionSummary | undefined; viewer: { roles: string[]; csrfToken: string }; failed: ActionForm | null }) {
  const view = props.view;
  if (!view || (!view.summary && !view.mayDraft)) return null;
  const summary = view.summary;
  const refused = props.failed?.action === ACTION;
  const failed = refused ? props.failed : { action: ACTION, form: emptyForm({ facts: summary?.facts ?? '', reasons: summary?.reasons ?? '' }) };
  return (
    <section aria-labelledby="decision-summary-title" class="decision-summary" data-testid="decision-summary">
      <h2 id="decision-summary-title">Summary for publication</h2>
      {summary ? (
        <>
          <p>
            <strong data-testid="decision-summary-status">{STATUS_LABELS[summary.status] ?? summary.status}</strong>
            {summary.number ? ` — decision ${summary.number}${summary.publishedAt ? `, published ${formatDate(summary.publishedAt.slice(0, 10))}` : ''}` : ''}. Last drafted {formatDateTime(summary.draftedAt)}
            {summary.drafterName ? ` by ${summary.drafterName}` : ''}.
          </p>
          {summary.status === 'published' ? (
            <p>
              <a href={`/decisions/${summary.number!.replace('/', '-')}`}>Read it on the public register</a>.
            </p>
          ) : null}
          {summary.returnReason && summary.status === 'returned' ? <p class="warning" data-testid="decision-summary-returned">The editor asked for changes: {summary.returnReason}</p> : null}
          {summary.withdrawReason ? <p class="warning">Withdrawn: {summary.withdrawReason}</p> : null}
          <h3>The facts, as drafted</h3>
          <MarkedText text={summary.facts} flags={summary.flags.filter((flag) => flag.field === 'facts')} />
          <h3>The reasons, as drafted</h3>
          <MarkedText text={summary.reasons} flags={summary.flags.filter((flag) => flag.field === 'reasons')} />
          <FlagTable flags={summary.flags} caption="What the anonymity check flagged" />
        </>
      ) : (
        <p>The decision can be published as an anonymised summary once you draft one. The clauses, findings and sanction are taken from the decision; write the facts and the reasons without anything that identifies anyone.</p>
      )}
      {view.mayDraft ? (
        <ActionBox failed={failed} viewer={props.viewer} caseId={props.caseId} id={ACTION} action={ACTION} title={summary ? 'Redraft the summary' : 'Draft the summary'} submit="Save and check the summary">
          {(form) => (
            <>
              <TextArea form={form} name="facts" label="The facts, anonymised" hint="What happened, in your own words: no names, membership numbers, contact details, places that identify, dates of birth or case references." required rows={6} />
              <TextArea form={form} name="reasons" label="The reasons, anonymised" hint="Why the panel decided as it did, in your own words and anonymised." required rows={6} />
            </>
          )}
        </ActionBox>
      ) : null}
    </section>
  );
}
