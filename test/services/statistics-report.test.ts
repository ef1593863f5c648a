import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Insertable } from 'kysely';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput } from '../helpers/factories.js';
import { refusal } from '../helpers/refusal.js';
import type { CaseTable, Database } from '../../src/db/database.js';
import type { ServiceContext } from '../../src/services/context.js';
import { toLocalDate } from '../../src/domain/calendar/local-date.js';
import { workingDaysBetween } from '../../src/domain/calendar/working-days.js';
import { median } from '../../src/domain/oversight/timeliness.js';
import { findDeterminedCell, type PublishedCell } from '../../src/domain/statistics/suppression.js';
import type { CountTable, StatisticsReport } from '../../src/domain/statistics/report.js';
import { getStatisticsReport, listStatisticsPeriods } from '../../src/services/statistics/get-statistics-report.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';

/*
 * A data set of known composition, written straight into the tables (the
 * counts are what is under test, not the use cases that write them):
 *
 * Received in January to March 2026 (20): web 12, e-mail 6, phone 2;
 *   targeted 14, witness 6; 7 cite rule R1, 3 cite R2 (one cites both).
 *   The last web case arrives at 22:30 UTC on 31 March: 23:30 in London
 *   (summer time began on 29 March), so still the last day of the quarter.
 * Received at 23:30 UTC on 31 March (00:30 on 1 April in London): 1 by API,
 *   counted in April to June.
 * Closed in the quarter (12), each 14 calendar days (10 working days) after
 *   receipt: 6 at triage as outside jurisdiction, 5 resolved informally,
 *   1 withdrawn.
 * Received in November 2025 (6), decided by a panel in February 2026 and
 *   still open: 5 formal warnings (finding upheld on R1), 1 suspension
 *   (partly upheld on R1); one appeal lodged in March 2026.
 */
const Q1 = { kind: 'quarter', year: 2026, quarter: 1 } as const;
const Q2 = { kind: 'quarter', year: 2026, quarter: 2 } as const;

const DAY = 86_400_000;
const at = (iso: string, days = 0) => new Date(Date.parse(iso) + days * DAY).toISOString();

function caseRow(id: string, fields: Partial<Insertable<CaseTable>> & { received_at: string }): Insertable<CaseTable> {
  return {
    id,
    reference: `RDR-T-${id}`,
    channel: 'web',
    recorded_by: null,
    anonymous: 0,
    receipt_hash: null,
    complainant_relation: 'targeted',
    complainant_name: 'A Person',
    complainant_email: null,
    complainant_phone: null,
    complainant_perception: null,
    respondent_name: 'Another Person',
    respondent_membership_number: null,
    respondent_unit: null,
    summary: 'A complaint written for the statistics test',
    description: 'A complaint written for the statistics test, with enough words.',
    incident_date: null,
    incident_location: null,
    online_platform: null,
    online_url: null,
    acknowledged_at: fields.received_at,
    acknowledgement_due_on: fields.received_at.slice(0, 10),
    stage: fields.closed_at ? 'closed' : 'triage',
    stage_entered_at: fields.received_at,
    stage_due_on: null,
    paused_since: null,
    overall_due_on: '2027-01-01',
    outcome: null,
    closure_reason: null,
    closed_at: null,
    merged_into: null,
    risk_level: null,
    urgent: 0,
    updated_at: fields.received_at,
    special_categories: null,
    erased_at: null,
    ...fields,
  };
}

async function seed(ctx: ServiceContext): Promise<{ decisionDurations: number[] }> {
  const db = ctx.db;
  const cases: Insertable<CaseTable>[] = [];
  const allegations: Insertable<Database['case_allegations']>[] = [];
  const allege = (caseId: string, clauseId: string) =>
    allegations.push({ id: `${caseId}-${clauseId}`, case_id: caseId, pack_id: 'example-rulebook', pack_version: '1', clause_id: clauseId, source: 'complainant', created_at: '2026-01-01T00:00:00.000Z' });

  const channels = [...Array<string>(12).fill('web'), ...Array<string>(6).fill('email'), ...Array<string>(2).fill('phone')];
  const closures = [...Array(6).fill({ outcome: 'closed_at_triage', closure_reason: 'outside_jurisdiction' }), ...Array(5).fill({ outcome: 'resolved_informally' }), { outcome: 'withdrawn' }];
  channels.forEach((channel, index) => {
    const id = `q1-${String(index).padStart(2, '0')}`;
    // Case 11 (a web case) is the one received late on the last day of the quarter; the others from 5 January.
    const received = index === 11 ? '2026-03-31T22:30:00.000Z' : at('2026-01-05T10:00:00.000Z', index < 11 ? index : index - 1);
    const closure = index < 11 ? closures[index] : index >= 12 && index < 13 ? closures[11] : undefined;
    cases.push(caseRow(id, { channel, complainant_relation: index < 14 ? 'targeted' : 'witness', received_at: received, ...(closure ? { ...closure, closed_at: at(received, 14) } : {}) }));
    if (index < 7) allege(id, 'R1');
    if (index >= 6 && index < 9) allege(id, 'R2');
  });
  cases.push(caseRow('q2-boundary', { channel: 'api', received_at: '2026-03-31T23:30:00.000Z' }));

  await db.insertInto('users').values({ id: 'u-panel', email: 'panel@example.test', display_name: 'Panel Chair', password_hash: 'x', totp_secret: null, totp_enabled: 0, totp_last_step: null, failed_logins: 0, locked_until: null, disabled_at: null, created_at: '2025-01-01T00:00:00.000Z', oidc_issuer: null, oidc_subject: null }).execute();
  const decisionDurations: number[] = [];
  const decided: { caseId: string; sanction: string; finding: string; received: string; decidedAt: string }[] = [];
  for (let index = 0; index < 6; index += 1) {
    const caseId = `q4-${index}`;
    const received = at('2025-11-03T10:00:00.000Z', index);
    const decidedAt = at('2026-02-02T10:00:00.000Z', index);
    cases.push(caseRow(caseId, { channel: 'web', received_at: received, stage: 'appeal_window' }));
    allege(caseId, 'R1');
    decided.push({ caseId, sanction: index < 5 ? 'formal_warning' : 'suspension', finding: index < 5 ? 'upheld' : 'partly_upheld', received, decidedAt });
    const zone = ctx.config.organisation.organisation.timeZone;
    decisionDurations.push(workingDaysBetween(toLocalDate(new Date(received), zone), toLocalDate(new Date(decidedAt), zone), ctx.calendar));
  }
  await db.insertInto('cases').values(cases).execute();
  await db.insertInto('case_allegations').values(allegations).execute();
  for (const decision of decided) {
    await db
      .insertInto('panels')
      .values({ id: `p-${decision.caseId}`, case_id: decision.caseId, purpose: 'decision', method: 'draw', seed: 's', candidates: '[]', drawn_at: decision.received, drawn_by: 'u-panel', dissolved_at: null, dissolved_reason: null })
      .execute();
    await db
      .insertInto('decisions')
      .values({
        id: `d-${decision.caseId}`,
        case_id: decision.caseId,
        panel_id: `p-${decision.caseId}`,
        kind: 'panel',
        outcome: decision.finding,
        reasons: 'Reasons given in full.',
        sanction_id: decision.sanction,
        sanction_months: decision.sanction === 'suspension' ? 6 : null,
        justification: null,
        outside_usual_range: 0,
        precedents: '{}',
        status: 'in_force',
        decided_at: decision.decidedAt,
        decided_by: 'u-panel',
      })
      .execute();
    await db
      .insertInto('decision_findings')
      .values({ decision_id: `d-${decision.caseId}`, allegation_id: `${decision.caseId}-R1`, pack_id: 'example-rulebook', clause_id: 'R1', finding: decision.finding, reasons: 'Reasons for the finding.', examples: '[]' })
      .execute();
  }
  await db
    .insertInto('case_parties')
    .values({ id: 'party-1', case_id: 'q4-5', role: 'respondent', represents_party_id: null, name: 'Another Person', email: null, membership_number: null, unit: null, affiliations: '[]', created_at: '2025-11-08T10:00:00.000Z' })
    .execute();
  await db
    .insertInto('appeals')
    .values({ id: 'appeal-1', case_id: 'q4-5', decision_id: 'd-q4-5', appellant_party_id: 'party-1', lodged_at: '2026-03-02T10:00:00.000Z', grounds: '["procedure"]', statement: 'The appeal statement.', outcome: null, reasons: null, decided_at: null })
    .execute();
  return { decisionDurations };
}

const shown = (value: number): PublishedCell => ({ kind: 'count', value });
const hidden: PublishedCell = { kind: 'suppressed' };
const cellsOf = (table: CountTable) => Object.fromEntries(table.rows.map((row) => [row.key, row.cell]));

for (const kind of testDatabaseKinds()) {
  describe(`the public statistics report (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let decisionDurations: number[];

    beforeEach(async () => {
      t = await createTestContext(kind, { start: '2026-07-15T10:00:00Z' });
      ctx = t.ctx;
      ({ decisionDurations } = await seed(ctx));
    });
    afterEach(async () => t.close());

    it('counts what was received in the quarter exactly, by channel, relation and clause, hiding small cells and one more beside each', async () => {
      const report = await getStatisticsReport({ ctx, period: Q1 });
      expect(report.period).toMatchObject({ id: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
      expect(report.received.total).toEqual(shown(20));
      // Phone (2) is hidden, and e-mail (6), the smallest other, with it; web is published.
      expect(cellsOf(report.received.byChannel)).toMatchObject({ web: shown(12), email: hidden, phone: hidden, letter: shown(0), api: shown(0) });
      expect(cellsOf(report.received.byRelation)).toMatchObject({ targeted: shown(14), witness: shown(6), third_party: shown(0) });
      // Clauses have no total, so only the small count is hidden.
      expect(cellsOf(report.received.byClause)).toEqual({ 'example-rulebook/R1': shown(7), 'example-rulebook/R2': hidden });
      expect(report.received.byClause.total).toBeNull();
    });

    it('counts a complaint in the quarter of its local calendar day: 22:30 UTC on 31 March in Q1, 23:30 UTC in Q2', async () => {
      const q2 = await getStatisticsReport({ ctx, period: Q2 });
      expect(q2.received.total).toEqual(hidden);
      expect(cellsOf(q2.received.byChannel)).toMatchObject({ api: hidden, web: shown(0) });
      const q1 = await getStatisticsReport({ ctx, period: Q1 });
      expect(cellsOf(q1.received.byChannel).api).toEqual(shown(0));
      expect(q1.receivedByQuarter.map((entry) => [entry.quarter, entry.cell])).toEqual([
        ['2025-Q4', shown(6)],
        ['2026-Q1', shown(20)],
      ]);
    });

    it('counts closures by how they ended, decisions, findings, sanctions and appeals, suppressing so nothing can be worked out', async () => {
      const report = await getStatisticsReport({ ctx, period: Q1 });
      expect(report.closed.total).toEqual(shown(12));
      // Withdrawn (1) is hidden, and resolved informally (5), the smallest other non-zero, with it.
      expect(cellsOf(report.closed)).toMatchObject({ 'closed_at_triage:outside_jurisdiction': shown(6), resolved_informally: hidden, withdrawn: hidden, merged: shown(0), upheld: shown(0) });
      expect(report.sanctions.total).toEqual(shown(6));
      expect(cellsOf(report.sanctions)).toMatchObject({ formal_warning: hidden, suspension: hidden, no_action: shown(0), expulsion: shown(0) });
      expect(cellsOf(report.membershipEffects)).toEqual({ suspended: hidden, expelled: shown(0) });
      expect(report.appeals.lodged).toEqual(hidden);
      // Findings: R1 upheld 5, partly upheld 1. The 1 is hidden, and enough beside it that no hidden cell is determined.
      const grid = report.findings;
      expect(grid.rows.map((row) => row.key)).toEqual(['example-rulebook/R1']);
      expect(grid.columns.map((column) => column.key)).toEqual(['upheld', 'partly_upheld', 'not_upheld']);
      expect(grid.rows[0]!.cells[1]).toEqual(hidden);
      expect(grid.rows[0]!.cells[2]).toEqual(shown(0));
      const pattern = [...grid.rows.map((row) => [...row.cells, row.total]), [...grid.columnTotals, grid.total]].map((row) => row.map((cell) => cell.kind === 'suppressed'));
      const values = [
        [5, 1, 0, 6],
        [5, 1, 0, 6],
      ];
      expect(findDeterminedCell(values, pattern)).toBeNull();
    });

    it('gives the median and 90th percentile in working days against the limits, and the open cases by age at the end of the quarter', async () => {
      const report: StatisticsReport = await getStatisticsReport({ ctx, period: Q1 });
      const timing = (id: string) => report.timings.find((entry) => entry.id === id)!;
      expect(timing('time_to_acknowledgement')).toMatchObject({ cases: shown(20), medianWorkingDays: 0, percentile90WorkingDays: 0, limitWorkingDays: 5 });
      expect(timing('time_to_closure')).toMatchObject({ cases: shown(12), medianWorkingDays: 10, percentile90WorkingDays: 10, limit: '4 months' });
      expect(cellsOf(timing('time_to_closure').withinLimit)).toEqual({ within: shown(12), beyond: shown(0) });
      const sorted = [...decisionDurations].sort((a, b) => a - b);
      expect(timing('time_to_decision')).toMatchObject({ cases: shown(6), medianWorkingDays: median(decisionDurations), percentile90WorkingDays: sorted[Math.ceil(0.9 * 6) - 1], limitWorkingDays: 85 });
      // Open on 31 March: the boundary case (under a month), 7 January cases (2 to 4 months), the 6 decided November cases (over 4 months).
      expect(report.ageing.asOf).toBe('2026-03-31');
      expect(report.ageing.rows.map((row) => [row.key, row.cell])).toEqual([
        ['under_1m', hidden],
        ['1m_to_2m', shown(0)],
        ['2m_to_4m', shown(7)],
        ['over_4m', hidden],
      ]);
      expect(report.ageing.total).toEqual(shown(14));
    });

    it('hides medians computed over fewer cases than the threshold', async () => {
      const q2 = await getStatisticsReport({ ctx, period: Q2 });
      const acknowledgement = q2.timings.find((entry) => entry.id === 'time_to_acknowledgement')!;
      expect(acknowledgement.cases).toEqual(hidden);
      expect(acknowledgement.medianWorkingDays).toBeNull();
      expect(acknowledgement.percentile90WorkingDays).toBeNull();
    });

    it('offers every ended quarter and year from the first complaint, newest first, and refuses a period not yet ended, naming it', async () => {
      const periods = await listStatisticsPeriods({ ctx });
      expect(periods.quarters.map((period) => (period.kind === 'quarter' ? `${period.year}-Q${period.quarter}` : '')).join(' ')).toBe('2026-Q2 2026-Q1 2025-Q4');
      expect(periods.years.map((period) => period.year)).toEqual([2025]);
      expect(periods.latest).toEqual(Q2);
      for (const period of [{ kind: 'quarter', year: 2026, quarter: 3 } as const, { kind: 'year', year: 2026 } as const, { kind: 'quarter', year: 2025, quarter: 3 } as const]) {
        const refused = await refusal(() => getStatisticsReport({ ctx, period }));
        expect(refused.code).toBe('not_found');
        expect(refused.message).toContain(period.kind === 'year' ? '2026' : `${period.year}-Q${period.quarter}`);
      }
    });

    it('uses the configured threshold', async () => {
      const other = await createTestContext(kind, { start: '2026-07-15T10:00:00Z', organisation: 'transparency:\n  suppressBelow: 2\n' });
      try {
        await seed(other.ctx);
        const report = await getStatisticsReport({ ctx: other.ctx, period: Q1 });
        expect(cellsOf(report.received.byChannel)).toMatchObject({ web: shown(12), email: shown(6), phone: shown(2) });
        expect(report.suppression.rule).toContain('fewer than 2');
      } finally {
        await other.close();
      }
    });

    it('counts a complaint made through the use case in the quarter it was received', async () => {
      t.clock.set('2026-05-12T09:00:00Z');
      await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      t.clock.set('2026-07-15T10:00:00Z');
      const q2 = await getStatisticsReport({ ctx, period: Q2 });
      // Now 2 in the quarter (the API boundary case and this one): both hidden, and the total with them.
      expect(cellsOf(q2.received.byChannel)).toMatchObject({ web: hidden, api: hidden });
      expect(q2.received.total).toEqual(hidden);
    });
  });

  describe(`a year's statistics, linked to its quarters (${kind})`, () => {
    /** Every count of the additive tables, by where it is: the cells a year shares with its quarters. */
    function additiveCells(report: StatisticsReport): Map<string, PublishedCell> {
      const cells = new Map<string, PublishedCell>();
      const lists = [report.received.byChannel, report.received.byRelation, report.received.byClause, report.closed, report.sanctions, report.appeals.decided, ...report.timings.map((timing) => timing.withinLimit)];
      for (const table of lists) {
        for (const row of table.rows) cells.set(`${table.id}/${row.key}`, row.cell);
        if (table.total) cells.set(`${table.id}/total`, table.total);
      }
      for (const row of report.findings.rows) {
        row.cells.forEach((cell, c) => cells.set(`findings/${row.key}/${report.findings.columns[c]!.key}`, cell));
        cells.set(`findings/${row.key}/total`, row.total);
      }
      report.findings.columnTotals.forEach((cell, c) => cells.set(`findings/total/${report.findings.columns[c]!.key}`, cell));
      cells.set('findings/total', report.findings.total);
      cells.set('appeals_lodged', report.appeals.lodged);
      return cells;
    }

    it('hides a year count wherever a quarter hid it, so a small quarter cannot be worked out from the year less the other three', async () => {
      const year = await createTestContext(kind, { start: '2026-02-10T10:00:00Z' });
      try {
        // Web 10 in every quarter of 2025; e-mail 6, 7 and 8, then 2 in the fourth quarter.
        const rows: Insertable<CaseTable>[] = [];
        ['2025-02-10', '2025-05-12', '2025-08-11', '2025-11-10'].forEach((day, quarter) => {
          const email = [6, 7, 8, 2][quarter]!;
          for (let index = 0; index < 10 + email; index += 1) {
            rows.push(caseRow(`y${quarter}-${index}`, { channel: index < 10 ? 'web' : 'email', received_at: at(`${day}T10:00:00.000Z`, index % 5) }));
          }
        });
        await year.ctx.db.insertInto('cases').values(rows).execute();

        const quarters = await Promise.all(([1, 2, 3, 4] as const).map((quarter) => getStatisticsReport({ ctx: year.ctx, period: { kind: 'quarter', year: 2025, quarter } })));
        const report = await getStatisticsReport({ ctx: year.ctx, period: { kind: 'year', year: 2025 } });
        // The fourth quarter hides its 2 e-mails and its 10 web complaints beside them; the first three show both.
        expect(cellsOf(quarters[3]!.received.byChannel)).toMatchObject({ web: hidden, email: hidden });
        expect(quarters.slice(0, 3).map((quarter) => cellsOf(quarter.received.byChannel).email)).toEqual([shown(6), shown(7), shown(8)]);
        // On its own the year would show e-mail 23 and web 40, and 23 - 6 - 7 - 8 = 2. Linked, it hides both.
        expect(cellsOf(report.received.byChannel)).toMatchObject({ web: hidden, email: hidden, phone: shown(0) });
        expect(report.received.total).toEqual(shown(63));
        expect(report.receivedByQuarter.map((entry) => entry.cell)).toEqual([shown(16), shown(17), shown(18), shown(12)]);
        expect(report.suppression.rule).toContain('hidden wherever the same count was hidden in any of its quarters');

        // And in general: a year's count is shown exactly where all four quarters show it, as their sum.
        const byQuarter = quarters.map(additiveCells);
        for (const [where, cell] of additiveCells(report)) {
          const inQuarters = byQuarter.map((cells) => cells.get(where) ?? shown(0));
          expect(cell.kind === 'count', where).toBe(inQuarters.every((quarter) => quarter.kind === 'count'));
          if (cell.kind === 'count') expect(cell.value, where).toBe(inQuarters.reduce((acc, quarter) => acc + (quarter.kind === 'count' ? quarter.value : 0), 0));
        }
      } finally {
        await year.close();
      }
    });
  });
}
