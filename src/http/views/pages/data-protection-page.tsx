import type { RetentionOverview, RetentionRunView } from '../../../services/data-protection/get-retention-overview.js';
import { CsrfField } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';
import { formatDate, formatDateTime } from '../format.js';

type Props = {
  organisation: string;
  viewer: NonNullable<Viewer>;
  overview: RetentionOverview;
  dueSoonDays: number;
  /** The run just made from this page, to report at the top. */
  justRan: RetentionRunView | null;
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

function RunReport({ run }: { run: RetentionRunView }) {
  const what = `${plural(run.casesErased, 'case', 'cases')} (${plural(run.payloadsErased, 'timeline entry', 'timeline entries')}, ${plural(run.filesRemoved, 'evidence file', 'evidence files')})`;
  return (
    <div class="receipt" role="status" data-testid="run-report">
      <h2>{run.dryRun ? 'Dry run: nothing was changed' : 'Retention run finished'}</h2>
      <p>{run.casesErased === 0 ? (run.dryRun ? 'No case would be erased today.' : 'No case was due: nothing was erased.') : run.dryRun ? `Would erase ${what}.` : `Erased ${what}.`}</p>
      {run.references.length > 0 ? <p>{run.references.join(', ')}</p> : null}
    </div>
  );
}

/**
 * The data protection officer's page: the retention schedule in words, the
 * cases falling due soon (references and dates only), the history of runs,
 * and the buttons to run the schedule now or to see what a run would do.
 */
export function DataProtectionPage(props: Props) {
  const { overview } = props;
  const csrf = props.viewer.csrfToken;
  return (
    <Layout title="Data protection" organisation={props.organisation} viewer={props.viewer}>
      <h1>Data protection</h1>
      {props.justRan ? <RunReport run={props.justRan} /> : null}
      <p>
        <a href="/staff/data-protection/subject-access">Subject access requests</a>: export everything held about a person.
      </p>

      <section aria-labelledby="schedule-title">
        <h2 id="schedule-title">The retention schedule</h2>
        <ul data-testid="schedule">
          {overview.schedule.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
        <p>
          {overview.enabled
            ? 'Redress runs the schedule every hour and erases what has fallen due.'
            : 'The hourly run is switched off in the configuration (retention.enabled): cases are erased only when a run is started here or with redress retention run.'}{' '}
          Erasure removes the people’s details, the complaint’s words, notes, messages, answers, reasons and evidence files; every timeline entry’s details are erased in the ledger, which
          keeps their fingerprints, so the ledger still verifies. {plural(overview.keptIndefinitely, 'closed case is', 'closed cases are')} kept indefinitely.
        </p>
        <div class="actions">
          <form method="post" action="/staff/data-protection/retention/dry-run" class="inline">
            <CsrfField token={csrf} />
            <button type="submit" class="button">
              Dry run: show what would be erased
            </button>
          </form>{' '}
          <form method="post" action="/staff/data-protection/retention/run" class="inline">
            <CsrfField token={csrf} />
            <button type="submit" class="button">
              Run the schedule now
            </button>
          </form>
        </div>
      </section>

      <section aria-labelledby="due-title">
        <h2 id="due-title">Falling due in the next {props.dueSoonDays} days</h2>
        {overview.dueSoon.length === 0 ? (
          <p>No closed case falls due in the next {props.dueSoonDays} days.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Closed cases falling due for erasure</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Closed</th>
                <th scope="col">Falls due</th>
              </tr>
            </thead>
            <tbody data-testid="due-soon">
              {overview.dueSoon.map((entry) => (
                <tr>
                  <td>{entry.reference}</td>
                  <td>{formatDate(entry.closedOn)}</td>
                  <td>
                    {formatDate(entry.dueOn)}
                    {entry.dueNow ? <span class="tag tag--overdue"> Due now</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Past runs</h2>
        {overview.runs.length === 0 ? (
          <p>The schedule has not erased anything yet, and nobody has run it by hand.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Runs of the retention schedule, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">By</th>
                <th scope="col">Kind</th>
                <th scope="col">Cases</th>
                <th scope="col">Timeline entries</th>
                <th scope="col">Files deleted</th>
                <th scope="col">References</th>
              </tr>
            </thead>
            <tbody data-testid="runs">
              {overview.runs.map((run) => (
                <tr>
                  <td>{formatDateTime(run.ranAt)}</td>
                  <td>{run.actor}</td>
                  <td>{run.dryRun ? 'Dry run' : 'Erasure'}</td>
                  <td>{run.casesErased}</td>
                  <td>{run.payloadsErased}</td>
                  <td>{run.filesRemoved}</td>
                  <td>{run.references.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
