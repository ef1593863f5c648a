import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { stringify } from 'csv-stringify/sync';
import { renderPdf, type DocumentBlock } from '../../documents/pdf-document.js';
import { parsePeriod, type CountTable, type StatisticsReport } from '../../domain/statistics/report.js';
import type { PublishedCell } from '../../domain/statistics/suppression.js';
import { getStatisticsReport, listStatisticsPeriods } from '../../services/statistics/get-statistics-report.js';
import type { ServiceContext } from '../../services/context.js';
import { NoStatisticsPage, PublicStatisticsPage } from '../views/pages/public-statistics-pages.js';
import { sendAttachment } from './attachment.js';
import { sendPage } from './public-routes.js';

type PeriodParams = { Params: { period: string } };

const countOrSuppressed = (cell: PublishedCell): number | 'suppressed' => (cell.kind === 'count' ? cell.value : 'suppressed');

/** The report as one tidy table: one row per published figure (table, dimension, value, count or "suppressed"). */
export type TidyRow = { table: string; dimension: string; value: string; count: number | string };

export function tidyRows(report: StatisticsReport): TidyRow[] {
  const list = (table: CountTable): TidyRow[] => [
    ...table.rows.map((row) => ({ table: table.id, dimension: table.dimension, value: row.label, count: countOrSuppressed(row.cell) })),
    ...(table.total ? [{ table: table.id, dimension: table.dimension, value: 'Total', count: countOrSuppressed(table.total) }] : []),
  ];
  const grid = report.findings;
  const dimension = `${grid.rowDimension} by ${grid.columnDimension.toLowerCase()}`;
  return [
    ...report.receivedByQuarter.map((entry) => ({ table: 'received_by_quarter', dimension: 'Quarter', value: entry.quarter, count: countOrSuppressed(entry.cell) })),
    ...list(report.received.byChannel),
    ...list(report.received.byRelation),
    ...list(report.received.byClause),
    ...list(report.closed),
    ...grid.rows.flatMap((row) => [
      ...row.cells.map((cell, index) => ({ table: grid.id, dimension, value: `${row.label} / ${grid.columns[index]!.label}`, count: countOrSuppressed(cell) })),
      { table: grid.id, dimension, value: `${row.label} / Total`, count: countOrSuppressed(row.total) },
    ]),
    ...grid.columnTotals.map((cell, index) => ({ table: grid.id, dimension, value: `Total / ${grid.columns[index]!.label}`, count: countOrSuppressed(cell) })),
    { table: grid.id, dimension, value: 'Total / Total', count: countOrSuppressed(grid.total) },
    ...list(report.sanctions),
    ...list(report.membershipEffects),
    { table: 'appeals_lodged', dimension: 'Appeals', value: 'Lodged', count: countOrSuppressed(report.appeals.lodged) },
    ...list(report.appeals.decided),
    ...report.timings.flatMap((timing) => [
      ...list(timing.withinLimit),
      { table: timing.id, dimension: 'Working days', value: 'Median', count: timing.medianWorkingDays ?? 'not shown' },
      { table: timing.id, dimension: 'Working days', value: '90th percentile', count: timing.percentile90WorkingDays ?? 'not shown' },
    ]),
    ...list(report.ageing),
    ...report.confidence.flatMap((quarter) =>
      quarter.roles.flatMap((role): TidyRow[] =>
        role.suppressed
          ? [{ table: 'confidence', dimension: `${quarter.quarter} ${role.role}`, value: 'Responses', count: 'suppressed' }]
          : [
              { table: 'confidence', dimension: `${quarter.quarter} ${role.role}`, value: 'Responses', count: role.responses },
              ...role.questions.map((question) => ({ table: 'confidence', dimension: `${quarter.quarter} ${role.role} (% agreeing)`, value: question.statement, count: question.agreeingPercent })),
            ],
      ),
    ),
  ];
}

const text = (cell: PublishedCell, threshold: number) => (cell.kind === 'count' ? String(cell.value) : `fewer than ${threshold}`);

/** The printable report: every table as label/value lines under its heading. */
function pdfBlocks(report: StatisticsReport): DocumentBlock[] {
  const t = report.suppression.threshold;
  const list = (table: CountTable): DocumentBlock[] => [
    { kind: 'heading', text: table.title, level: 3 },
    table.rows.length === 0
      ? { kind: 'paragraph', text: 'None in this period.' }
      : { kind: 'fields', rows: [...table.rows.map((row) => ({ label: row.label, value: text(row.cell, t) })), ...(table.total ? [{ label: 'Total', value: text(table.total, t) }] : [])] },
    ...(table.note ? [{ kind: 'paragraph' as const, text: table.note }] : []),
  ];
  const grid = report.findings;
  return [
    { kind: 'paragraph', text: `Complaints received: ${text(report.received.total, t)}. Cases closed: ${text(report.closed.total!, t)}.` },
    { kind: 'heading', text: 'Complaints received', level: 2, indexed: true },
    { kind: 'heading', text: 'Complaints received by quarter', level: 3 },
    { kind: 'fields', rows: report.receivedByQuarter.map((entry) => ({ label: entry.label, value: text(entry.cell, t) })) },
    ...list(report.received.byChannel),
    ...list(report.received.byRelation),
    ...list(report.received.byClause),
    { kind: 'heading', text: 'Cases closed', level: 2, indexed: true },
    ...list(report.closed),
    { kind: 'heading', text: 'Decisions, sanctions and appeals', level: 2, indexed: true },
    { kind: 'heading', text: grid.title, level: 3 },
    grid.rows.length === 0
      ? { kind: 'paragraph', text: 'No allegation was decided by a panel in this period.' }
      : {
          kind: 'fields',
          rows: [
            ...grid.rows.map((row) => ({ label: row.label, value: [...row.cells.map((cell, index) => `${grid.columns[index]!.label}: ${text(cell, t)}`), `total: ${text(row.total, t)}`].join('; ') })),
            { label: 'Total', value: [...grid.columnTotals.map((cell, index) => `${grid.columns[index]!.label}: ${text(cell, t)}`), `total: ${text(grid.total, t)}`].join('; ') },
          ],
        },
    ...list(report.sanctions),
    ...list(report.membershipEffects),
    { kind: 'fields', rows: [{ label: 'Appeals lodged', value: text(report.appeals.lodged, t) }] },
    ...list(report.appeals.decided),
    { kind: 'heading', text: 'Time taken (working days)', level: 2, indexed: true },
    {
      kind: 'fields',
      rows: report.timings.map((timing) => ({
        label: timing.title,
        value: `${text(timing.cases, t)} cases; median ${timing.medianWorkingDays ?? 'not shown'}; 90th percentile ${timing.percentile90WorkingDays ?? 'not shown'}; limit ${timing.limit}; within the limit ${text(timing.withinLimit.rows[0]!.cell, t)}`,
      })),
    },
    { kind: 'heading', text: 'Open cases', level: 2, indexed: true },
    ...list(report.ageing),
    { kind: 'heading', text: 'Confidence in the process', level: 2, indexed: true },
    ...(report.confidence.length === 0
      ? [{ kind: 'paragraph' as const, text: 'No survey responses were given in this period.' }]
      : report.confidence.map((quarter): DocumentBlock => ({
          kind: 'fields',
          rows: quarter.roles.flatMap((role) =>
            role.suppressed
              ? [{ label: `${quarter.label}, ${role.label}`, value: 'fewer than 5 responses: not shown' }]
              : [{ label: `${quarter.label}, ${role.label}`, value: `${role.responses} responses` }, ...role.questions.map((question) => ({ label: question.statement, value: `${question.agreeingPercent}% agree` }))],
          ),
        }))),
    { kind: 'heading', text: 'About the figures', level: 2, indexed: true },
    { kind: 'paragraph', text: report.suppression.rule },
  ];
}

/** The public statistics page and its downloads: no sign-in, rate-limited like every public route that computes. */
export function statisticsRoutes(app: FastifyInstance, options: { ctx: ServiceContext; publicRateLimit: { max: number; timeWindow: string } }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const config = { rateLimit: options.publicRateLimit };

  app.get<{ Querystring: { period?: string } }>('/statistics', { config }, async (request, reply) => {
    const periods = await listStatisticsPeriods({ ctx });
    const requested = typeof request.query.period === 'string' && request.query.period !== '' ? parsePeriod(request.query.period) : periods.latest;
    if (requested === null) return sendPage(reply, h(NoStatisticsPage, { organisation }));
    const report = await getStatisticsReport({ ctx, period: requested });
    return sendPage(reply, h(PublicStatisticsPage, { organisation, report, periods }));
  });

  app.get<PeriodParams>('/statistics/:period.csv', { config }, async (request, reply) => {
    const report = await getStatisticsReport({ ctx, period: parsePeriod(request.params.period) });
    const csv = stringify(tidyRows(report), { header: true, columns: ['table', 'dimension', 'value', 'count'] });
    return sendAttachment(reply, { filename: `statistics-${report.period.id}.csv`, mediaType: 'text/csv; charset=utf-8', bytes: Buffer.from(csv) });
  });

  app.get<PeriodParams>('/statistics/:period.json', { config }, async (request, reply) => {
    const report = await getStatisticsReport({ ctx, period: parsePeriod(request.params.period) });
    return sendAttachment(reply, { filename: `statistics-${report.period.id}.json`, mediaType: 'application/json; charset=utf-8', bytes: Buffer.from(JSON.stringify(report, null, 2)) });
  });

  app.get<PeriodParams>('/statistics/:period.pdf', { config }, async (request, reply) => {
    const report = await getStatisticsReport({ ctx, period: parsePeriod(request.params.period) });
    const pdf = await renderPdf({
      title: `Complaints in figures: ${report.period.label}`,
      subtitle: `${organisation}, ${report.period.from} to ${report.period.to}`,
      footer: `${organisation}: published statistics, ${report.period.id}`,
      index: true,
      blocks: pdfBlocks(report),
      createdAt: new Date(report.generatedAt),
      author: organisation,
    });
    return sendAttachment(reply, { filename: `statistics-${report.period.id}.pdf`, mediaType: 'application/pdf', bytes: pdf });
  });
}
