import type { TemplateText } from '../../../domain/mail/mail-templates.js';
import type { MailTemplateDetail, MailTemplateSummary, MailTemplateVariableView } from '../../../services/mail/manage-mail-templates.js';
import { CsrfField, ErrorSummary, TextArea, TextInput, type FormState } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';
import { formatDateTime } from '../format.js';

type Staffed = { organisation: string; viewer: NonNullable<Viewer> };

/** Every e-mail Redress sends, marked where the organisation has its own wording. */
export function TemplateListPage(props: Staffed & { templates: MailTemplateSummary[] }) {
  return (
    <Layout title="E-mail templates" organisation={props.organisation} viewer={props.viewer}>
      <h1>E-mail templates</h1>
      <p>
        These are the e-mails Redress sends to complainants, respondents, panel members and staff. Each has a default wording; you can write your own subject and body, with
        placeholders such as <code>{'{{reference}}'}</code> filled in for each e-mail. Every change is recorded with who made it and when.
      </p>
      <table>
        <caption class="visually-hidden">E-mail templates</caption>
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Sent to</th>
            <th scope="col">When</th>
            <th scope="col">Wording</th>
          </tr>
        </thead>
        <tbody data-testid="templates">
          {props.templates.map((template) => (
            <tr>
              <td>
                <a href={`/staff/templates/${template.id}`}>{template.name}</a>
              </td>
              <td>{template.recipient}</td>
              <td>{template.sentWhen}</td>
              <td data-testid={`wording-${template.id}`}>
                {template.customised ? (
                  <>
                    <span class="tag tag--paused">Customised</span> {formatDateTime(template.updatedAt)} by {template.updatedBy}
                  </>
                ) : (
                  'Default'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function kindNote(variable: MailTemplateVariableView): string {
  const name = variable.name;
  const notes = [
    variable.kind === 'optional' ? `May be empty: write {{#${name}}}…{{/${name}}} around what needs it, and {{^${name}}}…{{/${name}}} for what to say without it.` : '',
    variable.kind === 'list' ? `A list: write {{#${name}}}- {{.}}{{/${name}}}, one item per line.` : '',
    variable.required ? 'The e-mail must include it.' : '',
  ];
  return notes.filter(Boolean).join(' ');
}

function Rendered(props: { text: TemplateText; testId: string }) {
  return (
    <div data-testid={props.testId}>
      <p>
        <strong>Subject:</strong> {props.text.subject}
      </p>
      <pre class="prewrap">{props.text.body}</pre>
    </div>
  );
}

export type TemplatePageProps = Staffed & {
  template: MailTemplateDetail;
  form: FormState;
  /** What the preview shows: the draft just checked, or the wording in use. */
  preview: { text: TemplateText; draft: boolean };
  notice: 'saved' | 'reset' | null;
};

/** One template: its placeholders, the form to change its wording, a preview, the default and the history of changes. */
export function TemplatePage(props: TemplatePageProps) {
  const { template } = props;
  const csrf = props.viewer.csrfToken;
  const form = { ...props.form, idPrefix: 'template' };
  const action = `/staff/templates/${template.id}`;
  return (
    <Layout title={`E-mail template: ${template.name}`} organisation={props.organisation} viewer={props.viewer}>
      <p>
        <a href="/staff/templates">All e-mail templates</a>
      </p>
      <h1>{template.name}</h1>
      <p>
        Sent to: {template.recipient}. {template.sentWhen}
      </p>
      {props.notice ? (
        <div class="panel panel--confirmation" role="status">
          <p>{props.notice === 'saved' ? 'Saved. The next e-mail of this kind uses the new wording.' : 'Reset. The next e-mail of this kind uses the default wording.'}</p>
        </div>
      ) : null}
      <p data-testid="template-status">
        {template.customised ? `Your organisation's wording, last changed ${formatDateTime(template.updatedAt)} by ${template.updatedBy}.` : 'The default wording is in use.'}
      </p>

      <h2>Placeholders</h2>
      <table>
        <caption class="visually-hidden">Placeholders of this e-mail</caption>
        <thead>
          <tr>
            <th scope="col">Placeholder</th>
            <th scope="col">What it holds</th>
          </tr>
        </thead>
        <tbody data-testid="placeholders">
          {template.variables.map((variable) => (
            <tr>
              <td>
                <code>{`{{${variable.name}}}`}</code>
              </td>
              <td>
                {variable.description} {kindNote(variable)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section class="action" aria-labelledby="edit-title">
        <h2 id="edit-title">Wording</h2>
        <ErrorSummary form={form} />
        <form method="post" action={action} novalidate>
          <CsrfField token={csrf} />
          <TextInput form={form} name="subject" label="Subject" required />
          <TextArea
            form={form}
            name="body"
            label="Body"
            rows={18}
            hint="Plain text. Only the placeholders listed above can be used; anything else is refused when you save, so that no e-mail goes out with a gap."
            required
          />
          <button type="submit" name="action" value="preview" class="button button--secondary">
            Preview
          </button>{' '}
          <button type="submit" name="action" value="save" class="button">
            Save
          </button>
        </form>
      </section>

      <section aria-labelledby="preview-title">
        <h2 id="preview-title">{props.preview.draft ? 'Preview of your draft (not saved)' : 'Preview'}</h2>
        <p class="hint">With example values; the organisation's name and contact address are your own.</p>
        <Rendered text={props.preview.text} testId="preview" />
      </section>

      {template.customised ? (
        <section class="action" aria-labelledby="reset-title">
          <h2 id="reset-title">Go back to the default</h2>
          <form method="post" action={`${action}/reset`}>
            <CsrfField token={csrf} />
            <button type="submit" class="button button--secondary">
              Reset to the default wording
            </button>
          </form>
        </section>
      ) : null}

      <details>
        <summary>The default wording</summary>
        <p>
          <strong>Subject:</strong> <code>{template.defaults.subject}</code>
        </p>
        <pre class="prewrap" data-testid="default-body">
          {template.defaults.body}
        </pre>
      </details>

      <h2>History</h2>
      {template.history.length === 0 ? (
        <p data-testid="history-empty">Never changed: the default wording has always been used.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Changes to this template, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody data-testid="history">
            {template.history.map((change) => (
              <tr>
                <td>{formatDateTime(change.changedAt)}</td>
                <td>{change.changedBy}</td>
                <td>
                  <details>
                    <summary>{change.action === 'reset' ? 'Reset to the default' : 'Saved a new wording'}</summary>
                    <p>
                      <strong>Subject:</strong> <code>{change.subject}</code>
                    </p>
                    <pre class="prewrap">{change.body}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
