import type { ShownCount } from '../../../domain/oversight/small-numbers.js';
import type { AggregateStatistics } from '../../../services/oversight/get-aggregate-statistics.js';
import { Layout, type Viewer } from '../components/layout.js';

function Count({ count }: { count: ShownCount }) {
  return <>{count.kind === 'count' ? count.value : `fewer than ${count.below}`}</>;
}

function TallyTable(props: { caption: string; heading: string; rows: { label: string; count: ShownCount }[]; empty: string }) {
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.heading}</th>
          <th scope="col">Cases</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.length === 0 ? (
          <tr>
            <td colSpan={2}>{props.empty}</td>
          </tr>
        ) : (
          props.rows.map((row) => (
            <tr>
              <th scope="row">{row.label}</th>
              <td>
                <Count count={row.count} />
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** Aggregate figures for leadership: no case, no reference, no name. */
export function StatisticsPage(props: { organisation: string; viewer: NonNullable<Viewer>; statistics: AggregateStatistics }) {
  const { statistics } = props;
  return (
    <Layout title="Statistics" organisation={props.organisation} viewer={props.viewer}>
      <h1>Complaints in figures</h1>
      <p class="lead">
        Aggregate figures only. Cases themselves are read only by the people assigned to them; small numbers are hidden so that no case can be picked out.
      </p>
      <p>
        Complaints received in {statistics.year}: <strong><Count count={statistics.receivedThisYear} /></strong>
      </p>
      <TallyTable caption="Open cases by stage" heading="Stage" rows={statistics.openByStage} empty="No open cases." />
      <TallyTable caption={`Cases closed in ${statistics.year}, by outcome`} heading="Outcome" rows={statistics.closedThisYearByOutcome} empty="No case has closed this year." />
      <p>
        The published figures, by quarter and year, with charts and downloads: <a href="/statistics">complaints in figures</a>.
      </p>
      <p>
        If you have been in contact with anyone handling a case, <a href="/staff/contacts/new">declare the contact</a>.
      </p>
    </Layout>
  );
}
