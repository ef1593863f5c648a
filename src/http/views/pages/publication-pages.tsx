import type { ComponentChildren } from 'preact';
import { FLAG_KIND_LABELS } from '../../../domain/publication/anonymity.js';
import type { SummaryView } from '../../../services/publication/decision-summary-facts.js';
import { findingLabel } from '../../../services/publication/decision-summary-facts.js';
import type { EditorDesk, EditorListEntry } from '../../../services/publication/list-summaries-for-editor.js';
import type { ActionForm } from '../components/action-box.js';
import { FlagTable, MarkedText } from '../components/anonymity-flags.js';
import { FormBox } from '../components/form-box.js';
import { TextArea, TextInput, emptyForm, fieldId, type FormState } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';
import { formatDate, formatDateTime } from '../format.js';
import { ClauseFindings } from './published-decisions-pages.js';

type EditorProps = { organisation: string; viewer: NonNullable<Viewer> };

const STATUS_LABELS: Record<string, string> = {
  draft: 'Waiting for your review',
  returned: 'Returned to the drafter',
  published: 'Published',
  withdrawn: 'Withdrawn',
};

export const editorUrl = (summaryId: string, action?: string) => `/staff/publications/${summaryId}${action ? `/${action}` : ''}`;

function SummaryTable(props: { id: string; caption: string; entries: EditorListEntry[]; empty: string; published?: boolean }) {
  if (props.entries.length === 0) return <p data-testid={`${props.id}-empty`}>{props.empty}</p>;
  return (
    <table data-testid={props.id}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.published ? 'Number' : 'Drafted'}</th>
          <th scope="col">Clauses</th>
          <th scope="col">Finding</th>
          <th scope="col">Sanction</th>
          <th scope="col">{props.published ? 'Published' : 'Drafted by'}</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((entry) => (
          <tr>
            <th scope="row">
              <a href={editorUrl(entry.id)}>{props.published ? `Decision ${entry.number}` : `Draft of ${formatDateTime(entry.draftedAt)}`}</a>
            </th>
            <td>{entry.clauses.join('; ')}</td>
            <td>{entry.finding}</td>
            <td>{entry.sanctionLabel}</td>
            <td>{props.published ? formatDate(entry.publishedAt?.slice(0, 10)) : entry.drafterName}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The publications editor's desk: drafts waiting for review, those returned, and what is published. */
export function PublicationsDeskPage(props: EditorProps & { desk: EditorDesk; notice: string | null }) {
  const { desk } = props;
  return (
    <Layout title="Publications" organisation={props.organisation} viewer={props.viewer}>
      <h1>Decision summaries for publication</h1>
      <p class="lead">
        Case managers draft anonymised summaries of decided cases. Check each one, edit it if needed, and approve it for the public register at <a href="/decisions">/decisions</a>, or return it
        to the drafter. You see the drafts only, never the case.
      </p>
      {props.notice ? (
        <p class="notice" role="status" data-testid="notice">
          {props.notice}
        </p>
      ) : null}
      <h2>Waiting for review</h2>
      <SummaryTable id="waiting" caption="Drafts waiting for review, oldest first" entries={desk.waiting} empty="No drafts are waiting." />
      <h2>Returned to the drafter</h2>
      <SummaryTable id="returned" caption="Drafts returned, waiting for the drafter" entries={desk.returned} empty="None returned." />
      <h2>Published</h2>
      <SummaryTable id="published" caption="Published decisions, newest first" entries={desk.published} empty="Nothing is published yet." published />
      {desk.withdrawn.length > 0 ? (
        <>
          <h2>Withdrawn</h2>
          <SummaryTable id="withdrawn" caption="Decisions withdrawn from the register" entries={desk.withdrawn} empty="" published />
        </>
      ) : null}
    </Layout>
  );
}

function EditorForm(props: { summaryId: string; action: string; title: string; failed: ActionForm | null; initial?: FormState; csrfToken: string; submit: string; children: (form: FormState) => ComponentChildren }) {
  const failed = props.failed?.action === props.action ? props.failed.form : (props.initial ?? null);
  return (
    <FormBox id={props.action} title={props.title} url={editorUrl(props.summaryId, props.action)} failed={failed} csrfToken={props.csrfToken} submit={props.submit}>
      {props.children}
    </FormBox>
  );
}

/** The approval form: each flag still to resolve gets a "not identifying" box and a reason. */
function ApproveFields(props: { form: FormState; summary: SummaryView }) {
  const flags = props.summary.distinctFlags;
  if (flags.length === 0) return <p>The anonymity check found nothing: the summary can be approved as it stands.</p>;
  return (
    <>
      <p>
        The anonymity check flagged {flags.length} item(s). Remove each from the text (edit above), or, where it identifies no one (for example, the title of a public office), mark it not identifying
        and say why.
      </p>
      {flags.map((flag, index) => {
        const name = `flags.${index}`;
        const issue = props.form.issues.find((candidate) => candidate.field === name)?.message;
        const checked = props.form.values[name] === flag.key || (props.form.values[name] === undefined && flag.accepted !== null);
        const id = fieldId(name, props.form.idPrefix);
        return (
          <fieldset class={`field${issue ? ' field--error' : ''}`} id={id}>
            <legend>
              {FLAG_KIND_LABELS[flag.kind]}: “{flag.text}”
            </legend>
            {issue ? (
              <p class="error-message">
                <span class="visually-hidden">Error: </span>
                {issue}
              </p>
            ) : null}
            <div class="choice">
              <input type="checkbox" id={`${id}-check`} name={name} value={flag.key} checked={checked} />
              <label for={`${id}-check`}>Not identifying</label>
            </div>
            <TextInput form={props.form} name={`${name}.reason`} label="Why it identifies no one" />
          </fieldset>
        );
      })}
    </>
  );
}

/** One summary for the editor: the texts with the flags marked, the decision's clauses and sanction, and what may be done with it now. */
export function PublicationSummaryPage(props: EditorProps & { summary: SummaryView; failed: ActionForm | null }) {
  const { summary } = props;
  const csrf = props.viewer.csrfToken;
  const title = summary.number ? `Decision ${summary.number}` : 'Draft summary';
  const acceptedValues = Object.fromEntries(summary.distinctFlags.flatMap((flag, index) => (flag.accepted ? [[`flags.${index}.reason`, flag.accepted.reason]] : [])));
  return (
    <Layout title={title} organisation={props.organisation} viewer={props.viewer}>
      <p class="caption">
        <a href="/staff/publications">Publications</a>
      </p>
      <h1>{title}</h1>
      <p>
        <strong data-testid="summary-status">{STATUS_LABELS[summary.status] ?? summary.status}</strong>. Drafted {formatDateTime(summary.draftedAt)}
        {summary.drafterName ? ` by ${summary.drafterName}` : ''}
        {summary.publishedAt ? `; published ${formatDateTime(summary.publishedAt)}` : ''}
        {summary.withdrawnAt ? `; withdrawn ${formatDateTime(summary.withdrawnAt)} (${summary.withdrawReason})` : ''}.
      </p>
      {summary.status === 'returned' && summary.returnReason ? <p class="warning">You returned it: {summary.returnReason}</p> : null}
      <h2>The decision</h2>
      <ClauseFindings clauses={summary.clauses.map((clause) => ({ ...clause, finding: findingLabel(clause.finding) }))} />
      <dl class="summary-list">
        <dt>Overall finding</dt>
        <dd>{findingLabel(summary.finding)}</dd>
        <dt>Sanction</dt>
        <dd>{summary.sanctionLabel}</dd>
      </dl>
      <h2>The facts</h2>
      <MarkedText text={summary.facts} flags={summary.flags.filter((flag) => flag.field === 'facts')} />
      <h2>The reasons</h2>
      <MarkedText text={summary.reasons} flags={summary.flags.filter((flag) => flag.field === 'reasons')} />
      <h2>Anonymity check</h2>
      <FlagTable flags={summary.flags} caption="What the anonymity check flagged" />
      {summary.status === 'draft' ? (
        <>
          <EditorForm summaryId={summary.id} action="edit" title="Edit the facts and reasons" failed={props.failed} initial={emptyForm({ facts: summary.facts, reasons: summary.reasons })} csrfToken={csrf} submit="Save and check again">
            {(form) => (
              <>
                <TextArea form={form} name="facts" label="The facts" required rows={6} />
                <TextArea form={form} name="reasons" label="The reasons" required rows={6} />
              </>
            )}
          </EditorForm>
          <EditorForm summaryId={summary.id} action="approve" title="Approve and publish" failed={props.failed} initial={emptyForm(acceptedValues)} csrfToken={csrf} submit="Approve and publish">
            {(form) => <ApproveFields form={form} summary={summary} />}
          </EditorForm>
          <EditorForm summaryId={summary.id} action="return" title="Return to the drafter" failed={props.failed} csrfToken={csrf} submit="Return the summary">
            {(form) => <TextArea form={form} name="reason" label="What the drafter should change" required rows={3} />}
          </EditorForm>
        </>
      ) : null}
      {summary.status === 'published' ? (
        <>
          <p>
            <a href={`/decisions/${summary.number!.replace('/', '-')}`}>Read it on the public register</a>.
          </p>
          <EditorForm summaryId={summary.id} action="withdraw" title="Withdraw from publication" failed={props.failed} csrfToken={csrf} submit="Withdraw the decision">
            {(form) => <TextArea form={form} name="reason" label="Why it is withdrawn" hint="Shown in the feed in place of the summary." required rows={3} />}
          </EditorForm>
        </>
      ) : null}
    </Layout>
  );
}
