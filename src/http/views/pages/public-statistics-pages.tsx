import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { MIN_CELL } from '../../../domain/oversight/confidence.js';
import type { PublishedCell } from '../../../domain/statistics/suppression.js';
import { periodId, type CountTable, type GridTable, type Period, type StatisticsReport, type Timing } from '../../../domain/statistics/report.js';
import { emptyForm, Select } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { formatDate } from '../format.js';

/**
 * The public statistics: figures in words, tables with captions, and charts
 * drawn on the server as SVG (geometry from d3-scale and d3-shape, elements
 * from Preact), each followed by the table it draws as its text alternative.
 */
type Periods = { quarters: Period[]; years: Period[] };

const BAR = '#1d4f91';
const BAR_LIGHT = '#7a9cc6';
const INK = '#111111';
const MUTED = '#555555';
const LIMIT = '#b3261e';

function cellText(cell: PublishedCell, threshold: number): string {
  return cell.kind === 'count' ? cell.value.toLocaleString('en-GB') : `fewer than ${threshold}`;
}

function Cell({ cell, threshold }: { cell: PublishedCell; threshold: number }) {
  return cell.kind === 'count' ? (
    <>{cell.value.toLocaleString('en-GB')}</>
  ) : (
    <>
      fewer than {threshold}
      <a href="#about-the-figures" aria-label="why this number is hidden">
        *
      </a>
    </>
  );
}

function ListTable({ table, threshold, countHeading = 'Cases' }: { table: CountTable; threshold: number; countHeading?: string }) {
  return (
    <table>
      <caption>{table.title}</caption>
      <thead>
        <tr>
          <th scope="col">{table.dimension}</th>
          <th scope="col">{countHeading}</th>
        </tr>
      </thead>
      <tbody>
        {table.rows.length === 0 ? (
          <tr>
            <td colSpan={2}>None in this period.</td>
          </tr>
        ) : (
          table.rows.map((row) => (
            <tr>
              <th scope="row">{row.label}</th>
              <td>
                <Cell cell={row.cell} threshold={threshold} />
              </td>
            </tr>
          ))
        )}
        {table.total ? (
          <tr>
            <th scope="row">Total</th>
            <td>
              <strong>
                <Cell cell={table.total} threshold={threshold} />
              </strong>
            </td>
          </tr>
        ) : null}
      </tbody>
      {table.note ? (
        <tfoot>
          <tr>
            <td colSpan={2} class="small">
              {table.note}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

function Grid({ table, threshold }: { table: GridTable; threshold: number }) {
  if (table.rows.length === 0) return <p>No allegation was decided by a panel in this period.</p>;
  return (
    <table>
      <caption>{table.title}</caption>
      <thead>
        <tr>
          <th scope="col">{table.rowDimension}</th>
          {table.columns.map((column) => (
            <th scope="col">{column.label}</th>
          ))}
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr>
            <th scope="row">{row.label}</th>
            {row.cells.map((cell) => (
              <td>
                <Cell cell={cell} threshold={threshold} />
              </td>
            ))}
            <td>
              <Cell cell={row.total} threshold={threshold} />
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row">Total</th>
          {table.columnTotals.map((cell) => (
            <td>
              <Cell cell={cell} threshold={threshold} />
            </td>
          ))}
          <td>
            <strong>
              <Cell cell={table.total} threshold={threshold} />
            </strong>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** A vertical bar chart; a hidden count is drawn as a short hatched stub labelled "fewer than N". */
export function BarChart(props: { id: string; title: string; description: string; bars: { label: string; cell: PublishedCell }[]; threshold: number }) {
  const width = 640;
  const height = 260;
  const margin = { top: 24, right: 16, bottom: 48, left: 48 };
  const x = scaleBand<string>()
    .domain(props.bars.map((bar) => bar.label))
    .range([margin.left, width - margin.right])
    .padding(0.25);
  const max = Math.max(props.threshold, ...props.bars.map((bar) => (bar.cell.kind === 'count' ? bar.cell.value : 0)));
  const y = scaleLinear().domain([0, max]).nice().range([height - margin.bottom, margin.top]);
  const ticks = y.ticks(5);
  return (
    <svg role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} viewBox={`0 0 ${width} ${height}`} width="100%">
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {ticks.map((tick) => (
        <g>
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke="#dddddd" />
          <text x={margin.left - 6} y={y(tick)} dy="0.32em" text-anchor="end" font-size="12" fill={MUTED}>
            {tick.toLocaleString('en-GB')}
          </text>
        </g>
      ))}
      {props.bars.map((bar) => {
        const left = x(bar.label) ?? 0;
        const value = bar.cell.kind === 'count' ? bar.cell.value : null;
        const top = value === null ? y(props.threshold / 2) : y(value);
        return (
          <g>
            <rect x={left} y={top} width={x.bandwidth()} height={Math.max(0, y(0) - top)} fill={value === null ? 'none' : BAR} stroke={BAR} stroke-dasharray={value === null ? '4 3' : undefined} />
            <text x={left + x.bandwidth() / 2} y={top - 6} text-anchor="middle" font-size="12" fill={INK}>
              {cellText(bar.cell, props.threshold)}
            </text>
            <text x={left + x.bandwidth() / 2} y={height - margin.bottom + 18} text-anchor="middle" font-size="12" fill={INK}>
              {bar.label}
            </text>
          </g>
        );
      })}
      <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} stroke={INK} />
    </svg>
  );
}

/** Median and 90th percentile of each time in working days as horizontal bars, with the limit marked by a line. */
export function TimingChart(props: { id: string; timings: Timing[] }) {
  const shown = props.timings.filter((timing) => timing.limitWorkingDays !== null);
  const width = 640;
  const rowHeight = 92;
  const margin = { top: 8, right: 48, bottom: 56, left: 16 };
  const height = margin.top + margin.bottom + rowHeight * shown.length;
  const max = Math.max(1, ...shown.flatMap((timing) => [timing.limitWorkingDays ?? 0, timing.percentile90WorkingDays ?? 0, timing.medianWorkingDays ?? 0]));
  const x = scaleLinear().domain([0, max]).nice().range([margin.left, width - margin.right]);
  const band = scaleBand<string>()
    .domain(shown.map((timing) => timing.id))
    .range([margin.top, height - margin.bottom])
    .paddingInner(0.1);
  const limitPath = line<[number, number]>()
    .x((point) => point[0])
    .y((point) => point[1]);
  const describe = (timing: Timing) =>
    `${timing.title}: ${timing.medianWorkingDays === null ? 'too few cases to show a median' : `median ${timing.medianWorkingDays} working days, 90th percentile ${timing.percentile90WorkingDays} working days`}; the limit is ${timing.limit}.`;
  const bar = (value: number, top: number, barHeight: number, fill: string, label: string) => (
    <g>
      <rect x={x(0)} y={top} width={Math.max(0, x(value) - x(0))} height={barHeight} fill={fill} />
      <text x={x(value) + 4} y={top + barHeight / 2} dy="0.32em" font-size="11" fill={INK}>
        {label} {value}
      </text>
    </g>
  );
  return (
    <svg role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} viewBox={`0 0 ${width} ${height}`} width="100%">
      <title id={`${props.id}-title`}>Time taken against the published limits, in working days</title>
      <desc id={`${props.id}-desc`}>{shown.map(describe).join(' ')}</desc>
      {x.ticks(6).map((tick) => (
        <text x={x(tick)} y={height - margin.bottom + 16} text-anchor="middle" font-size="12" fill={MUTED}>
          {tick}
        </text>
      ))}
      {shown.map((timing) => {
        const top = band(timing.id) ?? 0;
        // The title on the first line of the band, then the two bars.
        const barHeight = (band.bandwidth() - 34) / 2;
        const barsTop = top + 18;
        const limitX = x(timing.limitWorkingDays ?? 0);
        return (
          <g>
            <text x={margin.left} y={top + 12} font-size="13" font-weight="bold" fill={INK}>
              {timing.title}
            </text>
            {timing.percentile90WorkingDays !== null && timing.medianWorkingDays !== null ? (
              <>
                {bar(timing.percentile90WorkingDays, barsTop, barHeight - 1, BAR_LIGHT, '90th percentile')}
                {bar(timing.medianWorkingDays, barsTop + barHeight, barHeight - 1, BAR, 'median')}
              </>
            ) : (
              <text x={x(0) + 4} y={barsTop + barHeight} dy="0.32em" font-size="12" fill={MUTED}>
                Too few cases to show
              </text>
            )}
            <path
              d={
                limitPath([
                  [limitX, barsTop - 2],
                  [limitX, barsTop + 2 * barHeight + 2],
                ]) ?? ''
              }
              stroke={LIMIT}
              stroke-width="2"
              fill="none"
            />
            <text x={limitX + 4} y={barsTop + 2 * barHeight + 12} font-size="11" fill={LIMIT}>
              limit {timing.limitWorkingDays}
            </text>
          </g>
        );
      })}
      <g font-size="12" fill={INK}>
        <rect x={margin.left} y={height - 20} width="10" height="10" fill={BAR} />
        <text x={margin.left + 14} y={height - 11}>
          median
        </text>
        <rect x={margin.left + 80} y={height - 20} width="10" height="10" fill={BAR_LIGHT} />
        <text x={margin.left + 94} y={height - 11}>
          90th percentile
        </text>
        <rect x={margin.left + 210} y={height - 20} width="3" height="10" fill={LIMIT} />
        <text x={margin.left + 218} y={height - 11}>
          published limit (working days)
        </text>
      </g>
    </svg>
  );
}

function PeriodChooser({ periods, current }: { periods: Periods; current: string }) {
  const options = [
    ...periods.quarters.map((period) => ({ value: periodId(period), label: `Quarter: ${periodId(period)}` })),
    ...periods.years.map((period) => ({ value: periodId(period), label: `Year: ${periodId(period)}` })),
  ];
  return (
    <form method="get" action="/statistics" class="inline-form">
      <Select form={emptyForm({ period: current })} name="period" label="Show the figures for" required options={options} />
      <button type="submit" class="button">Show</button>
    </form>
  );
}

function Headline({ report }: { report: StatisticsReport }) {
  const t = report.suppression.threshold;
  const closure = report.timings.find((timing) => timing.id === 'time_to_closure')!;
  const within = closure.withinLimit.rows.find((row) => row.key === 'within')!.cell;
  return (
    <ul class="lead">
      <li>
        In {report.period.label} we received <strong>{cellText(report.received.total, t)}</strong> complaints and closed{' '}
        <strong>{cellText(report.closed.total!, t)}</strong> cases.
      </li>
      <li>
        {closure.medianWorkingDays === null
          ? 'Too few cases closed in the period to show how long they usually took.'
          : `Half of the cases closed took ${closure.medianWorkingDays} working days or less from receipt; nine in ten took ${closure.percentile90WorkingDays} or less.`}{' '}
        {within.kind === 'count' ? `${cellText(within, t)} of them were closed within our target of ${closure.limit}.` : null}
      </li>
      <li>
        Panels decided <strong>{cellText(report.sanctions.total!, t)}</strong> cases; <strong>{cellText(report.appeals.lodged, t)}</strong> appeals were lodged.
      </li>
      <li>
        At the end of the period <strong>{cellText(report.ageing.total!, t)}</strong> cases were still open.
      </li>
    </ul>
  );
}

function Confidence({ report }: { report: StatisticsReport }) {
  if (report.confidence.length === 0) return <p>No survey responses were given in this period.</p>;
  return (
    <>
      {report.confidence.map((quarter) => (
        <table>
          <caption>Confidence in the process, {quarter.label}: share agreeing with each statement</caption>
          <thead>
            <tr>
              <th scope="col">Statement</th>
              {quarter.roles.map((role) => (
                <th scope="col">{role.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Responses</th>
              {quarter.roles.map((role) => (
                <td>{role.suppressed ? `fewer than ${MIN_CELL}` : role.responses}</td>
              ))}
            </tr>
            {(quarter.roles.find((role) => !role.suppressed) as Extract<(typeof quarter.roles)[number], { suppressed: false }> | undefined)?.questions.map((question, index) => (
              <tr>
                <th scope="row">{question.statement}</th>
                {quarter.roles.map((role) => (
                  <td>{role.suppressed ? 'not shown' : `${role.questions[index]!.agreeingPercent}% agree (average ${role.questions[index]!.mean} out of 5)`}</td>
                ))}
              </tr>
            )) ?? null}
          </tbody>
        </table>
      ))}
    </>
  );
}

export function PublicStatisticsPage(props: { organisation: string; report: StatisticsReport; periods: Periods }) {
  const { report } = props;
  const t = report.suppression.threshold;
  const id = report.period.id;
  return (
    <Layout title={`Complaints in figures: ${report.period.label}`} organisation={props.organisation}>
      <h1>Complaints in figures: {report.period.label}</h1>
      <p>
        How many complaints {props.organisation} received, how they were handled and how long they took, from {formatDate(report.period.from)} to {formatDate(report.period.to)}. No
        case or person can be picked out: small numbers are hidden (<a href="#about-the-figures">why</a>).
      </p>
      <PeriodChooser periods={props.periods} current={id} />
      <p>
        Download these figures: <a href={`/statistics/${id}.csv`}>CSV (spreadsheet)</a>, <a href={`/statistics/${id}.json`}>JSON</a>, <a href={`/statistics/${id}.pdf`}>PDF (printable)</a>.
      </p>
      <h2>In brief</h2>
      <Headline report={report} />

      <h2>Complaints received</h2>
      <figure>
        <BarChart
          id="chart-received"
          title="Complaints received by quarter"
          description={report.receivedByQuarter.map((entry) => `${entry.label}: ${cellText(entry.cell, t)}`).join('; ') + '.'}
          bars={report.receivedByQuarter.map((entry) => ({ label: entry.quarter, cell: entry.cell }))}
          threshold={t}
        />
        <figcaption>Complaints received by quarter. The same figures are in the table below.</figcaption>
      </figure>
      <ListTable
        table={{ id: 'received_by_quarter', title: 'Complaints received by quarter', dimension: 'Quarter', rows: report.receivedByQuarter.map((entry) => ({ key: entry.quarter, label: entry.label, cell: entry.cell })), total: null }}
        threshold={t}
        countHeading="Complaints"
      />
      <ListTable table={report.received.byChannel} threshold={t} countHeading="Complaints" />
      <ListTable table={report.received.byRelation} threshold={t} countHeading="Complaints" />
      <ListTable table={report.received.byClause} threshold={t} countHeading="Complaints" />

      <h2>Cases closed</h2>
      <ListTable table={report.closed} threshold={t} />

      <h2>Decisions, sanctions and appeals</h2>
      <Grid table={report.findings} threshold={t} />
      <ListTable table={report.sanctions} threshold={t} countHeading="Decisions" />
      <ListTable table={report.membershipEffects} threshold={t} countHeading="Decisions" />
      <p>
        Appeals lodged: <strong>{cellText(report.appeals.lodged, t)}</strong>.
      </p>
      <ListTable table={report.appeals.decided} threshold={t} countHeading="Appeals" />

      <h2>Time taken</h2>
      <p>Working days exclude weekends and public holidays; the day a complaint arrives does not count.</p>
      <figure>
        <TimingChart id="chart-timing" timings={report.timings} />
        <figcaption>Median and 90th percentile of the time taken, against the published limit. The same figures are in the table below.</figcaption>
      </figure>
      <table>
        <caption>Time taken, in working days, against the published limits</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Cases</th>
            <th scope="col">Median</th>
            <th scope="col">90th percentile</th>
            <th scope="col">Published limit</th>
            <th scope="col">Within the limit</th>
          </tr>
        </thead>
        <tbody>
          {report.timings.map((timing) => (
            <tr>
              <th scope="row">{timing.title}</th>
              <td>
                <Cell cell={timing.cases} threshold={t} />
              </td>
              <td>{timing.medianWorkingDays ?? 'not shown'}</td>
              <td>{timing.percentile90WorkingDays ?? 'not shown'}</td>
              <td>{timing.limit}</td>
              <td>
                <Cell cell={timing.withinLimit.rows[0]!.cell} threshold={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Open cases</h2>
      <ListTable table={{ ...report.ageing, title: `Cases open on ${formatDate(report.ageing.asOf)}, by time since the complaint was received` }} threshold={t} />

      <h2>Confidence in the process</h2>
      <p>Complainants and respondents are invited to a short anonymous survey when their case closes. Results of fewer than {MIN_CELL} responses are not shown; comments are not published.</p>
      <Confidence report={report} />

      <h2 id="about-the-figures">About the figures</h2>
      <p>* {report.suppression.rule}</p>
      <p class="small">
        Complaints are counted in the period they were received; closures, decisions and appeals in the period they happened. Report version {report.version}, produced{' '}
        {formatDate(report.generatedAt)}.
      </p>
    </Layout>
  );
}

export function NoStatisticsPage(props: { organisation: string }) {
  return (
    <Layout title="Complaints in figures" organisation={props.organisation}>
      <h1>Complaints in figures</h1>
      <p>No figures have been published yet: they are published once the first full quarter with complaints has ended.</p>
    </Layout>
  );
}
