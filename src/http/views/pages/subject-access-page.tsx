import type { SubjectAccessExport, SubjectAccessSections } from '../../../services/data-protection/collect-subject-data.js';
import { describeSubjectQuery, SECTION_TITLES } from '../../../services/data-protection/subject-access-documents.js';
import type { PastExport } from '../../../services/data-protection/list-subject-access-exports.js';
import { CsrfField, ErrorSummary, TextInput, type FormState } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';
import { formatDateTime, humanise } from '../format.js';

export const SUBJECT_ACCESS_PATH = '/staff/data-protection/subject-access';

type Props = {
  organisation: string;
  viewer: NonNullable<Viewer>;
  /** The search as typed, and its problems after a refusal. */
  form: FormState;
  /** What an export would hold, after a search; null before one. */
  preview: SubjectAccessExport | null;
  exports: PastExport[];
};

const QUERY_FIELDS = ['email', 'membershipNumber', 'name'] as const;

/** One download: the search again, as hidden fields, posted to make and record the export. */
function DownloadForm(props: { format: 'json' | 'pdf'; label: string; preview: SubjectAccessExport; csrfToken: string }) {
  return (
    <form method="post" action={`${SUBJECT_ACCESS_PATH}/export.${props.format}`} class="inline">
      <CsrfField token={props.csrfToken} />
      {QUERY_FIELDS.map((name) => (
        <input type="hidden" name={name} value={props.preview.query[name] ?? ''} />
      ))}
      <button type="submit" class="button">
        {props.label}
      </button>
    </form>
  );
}

function Found({ preview, csrfToken }: { preview: SubjectAccessExport; csrfToken: string }) {
  const counts = (Object.keys(SECTION_TITLES) as (keyof SubjectAccessSections)[]).map((key) => ({ key, title: SECTION_TITLES[key], count: preview.sections[key].length }));
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  return (
    <section aria-labelledby="found-title" data-testid="subject-access-found">
      <h2 id="found-title">Records about {describeSubjectQuery(preview.query)}</h2>
      <p>{preview.matching}</p>
      {total === 0 ? (
        <p data-testid="subject-access-none">No record about this person was found. Check the spelling, or search by another detail.</p>
      ) : (
        <>
          <table>
            <caption>What an export would hold</caption>
            <thead>
              <tr>
                <th scope="col">Records</th>
                <th scope="col">Number</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((entry) => (
                <tr>
                  <th scope="row">{entry.title}</th>
                  <td>{entry.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.sections.cases.length > 0 ? (
            <table>
              <caption>Cases the export draws on</caption>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Their part</th>
                  <th scope="col">Stage</th>
                </tr>
              </thead>
              <tbody data-testid="subject-access-cases">
                {preview.sections.cases.map((entry) => (
                  <tr>
                    <th scope="row">{entry.reference}</th>
                    <td>{entry.roles.map(humanise).join(', ')}</td>
                    <td>{entry.stage}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p>Check that these are the person’s records before downloading. Each download is an export: it is listed below, and recorded on every case it draws on.</p>
          <div class="actions">
            <DownloadForm format="pdf" label="Download the export (PDF)" preview={preview} csrfToken={csrfToken} />
            <DownloadForm format="json" label="Download the export (JSON)" preview={preview} csrfToken={csrfToken} />
          </div>
        </>
      )}
    </section>
  );
}

/** The data protection officer's subject access page: find a person's records, download them, and the exports made so far. */
export function SubjectAccessPage(props: Props) {
  const form = { ...props.form, idPrefix: 'subject' };
  return (
    <Layout title="Subject access requests" organisation={props.organisation} viewer={props.viewer}>
      <h1>Subject access requests</h1>
      <p>
        Find every record held about a person who has asked for a copy of their personal data: as a complainant or respondent, a representative or companion, on the register, and as a member of
        staff. Other people in their cases are named by their role. Give at least one detail; an e-mail address or a membership number identifies a person better than a name.
      </p>
      <ErrorSummary form={form} />
      <form method="post" action={SUBJECT_ACCESS_PATH} novalidate>
        <CsrfField token={props.viewer.csrfToken} />
        <TextInput form={form} name="email" label="E-mail address" type="email" autocomplete="off" />
        <TextInput form={form} name="membershipNumber" label="Membership number" width="short" autocomplete="off" />
        <TextInput form={form} name="name" label="Full name" autocomplete="off" />
        <button type="submit" class="button">
          Find their records
        </button>
      </form>
      {props.preview ? <Found preview={props.preview} csrfToken={props.viewer.csrfToken} /> : null}
      <section aria-labelledby="past-title">
        <h2 id="past-title">Past exports</h2>
        {props.exports.length === 0 ? (
          <p data-testid="subject-access-no-exports">No subject access export has been made yet.</p>
        ) : (
          <table>
            <caption>Subject access exports, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Made</th>
                <th scope="col">By</th>
                <th scope="col">About</th>
                <th scope="col">File</th>
                <th scope="col">Cases</th>
                <th scope="col">SHA-256 of the JSON</th>
              </tr>
            </thead>
            <tbody data-testid="subject-access-exports">
              {props.exports.map((entry) => (
                <tr>
                  <td>{formatDateTime(entry.generatedAt)}</td>
                  <td>{entry.requestedBy}</td>
                  <td>{describeSubjectQuery(entry.query)}</td>
                  <td>{entry.format.toUpperCase()}</td>
                  <td>{entry.caseCount}</td>
                  <td>
                    <code title={entry.sha256}>{entry.sha256.slice(0, 16)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
