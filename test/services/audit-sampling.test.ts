import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { refusal } from '../helpers/refusal.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { drawSample } from '../../src/domain/oversight/audit.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { addCaseNote } from '../../src/services/cases/investigate.js';
import { drawAuditSample } from '../../src/services/oversight/draw-audit-sample.js';
import { getAuditSample } from '../../src/services/oversight/get-audit-sample.js';
import { listAuditSamples } from '../../src/services/oversight/list-audit-samples.js';
import { recordAuditReview } from '../../src/services/oversight/record-audit-review.js';
import { raiseAuditFinding } from '../../src/services/oversight/raise-audit-finding.js';
import { answerAuditFinding } from '../../src/services/oversight/answer-audit-finding.js';
import { decideAuditAnswer } from '../../src/services/oversight/decide-audit-answer.js';
import { listOpenAuditFindings } from '../../src/services/oversight/list-audit-findings.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';

const ANSWER = 'The acknowledgement was late because the inbox was not watched over the holiday.';
const ACTION = 'A second person now watches the inbox; from 1 April.';
const FINDING = 'The complaint was acknowledged after nine working days, beyond the limit of five.';

/** Every checklist item met, as the form sends it. */
function allMet(ctx: ServiceContext): Record<string, { result: string; note: string }> {
  return Object.fromEntries(ctx.config.organisation.oversight.auditChecklist.map((item) => [item.id, { result: 'met', note: '' }]));
}

for (const kind of testDatabaseKinds()) {
  describe(`audit sampling (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let intake: Staff;
    let manager: Staff & { email: string };
    let overseer: Staff;
    let leadership: Staff;

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      intake = await createStaff(ctx, ['intake_officer']);
      manager = await createStaff(ctx, ['case_manager']);
      overseer = await createStaff(ctx, ['overseer'], 'Olive Overseer');
      leadership = await createStaff(ctx, ['leadership']);
    });
    afterEach(async () => t.close());

    /** A complaint closed at triage as a duplicate. */
    async function closedCase(): Promise<string> {
      const { caseId } = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId });
      await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ outcome: 'close', closureReason: 'duplicate', explanation: 'A duplicate of a complaint already being handled.' }) });
      return caseId;
    }
    const tableRows = (table: 'audit_samples' | 'audit_reviews' | 'audit_findings' | 'audit_finding_answers' | 'case_assignments') => ctx.db.selectFrom(table).selectAll().execute();
    const eventTypes = async (caseId: string) => (await listCaseEvents(ctx.db, caseId)).map((event) => event.type);

    async function sampleOf(size: number, seed?: string) {
      return drawAuditSample({ ctx, staff: overseer, size, seed: seed ?? null });
    }

    it('draws a sample reproducible from its seed and recorded population, and another seed draws other cases', async () => {
      const closed = [];
      for (let index = 0; index < 8; index++) closed.push(await closedCase());
      const open = (await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' })).caseId;

      const drawn = await sampleOf(4);
      expect(drawn.seed).toMatch(/^[0-9a-f]{32}$/);
      const [row] = await tableRows('audit_samples');
      const population = JSON.parse((row as { population: string }).population) as string[];
      expect(population).toEqual([...closed].sort());
      expect(population).not.toContain(open);
      // The recorded seed and population give the same cases, in the same order.
      expect(drawSample({ seed: drawn.seed, population, size: 4 })).toEqual(drawn.caseIds);
      expect((await getAuditSample({ ctx, staff: overseer, sampleId: drawn.sampleId })).reproduction).toEqual({ matches: true, cases: 4 });
      // Drawn again from the same seed: the same cases; from other seeds: others.
      expect((await sampleOf(4, drawn.seed)).caseIds).toEqual(drawn.caseIds);
      const others = ['another-seed', 'seed-3', 'seed-4'].map((seed) => drawSample({ seed, population, size: 4 }));
      expect(others.some((cases) => cases.join() !== drawn.caseIds.join())).toBe(true);
      const reseeded = await sampleOf(4, 'another-seed');
      expect(reseeded.caseIds).toEqual(others[0]);

      // A recorded population altered after the draw (a drawn case taken out) no longer reproduces it.
      const altered = JSON.stringify(population.filter((id) => id !== drawn.caseIds[0]));
      await ctx.db.updateTable('audit_samples').set({ population: altered }).where('id', '=', drawn.sampleId).execute();
      expect((await getAuditSample({ ctx, staff: overseer, sampleId: drawn.sampleId })).reproduction.matches).toBe(false);
      expect((await listAuditSamples({ ctx, staff: overseer })).map((sample) => sample.number)).toEqual([3, 2, 1]);
    });

    it('draws only from cases closed in the range given, by the organisation’s calendar', async () => {
      const early = await closedCase();
      t.clock.set('2026-03-20T10:00:00Z');
      const late = await closedCase();
      const sample = await drawAuditSample({ ctx, staff: overseer, size: 5, closedFrom: '2026-03-10', closedTo: '2026-03-31' });
      expect(sample.caseIds).toEqual([late]);
      expect(sample.caseIds).not.toContain(early);
      const none = await refusal(() => drawAuditSample({ ctx, staff: overseer, size: 5, closedFrom: '2026-04-01' }));
      expect(none.code).toBe('rule_violated');
      expect(await tableRows('audit_samples')).toHaveLength(1);
    });

    it('refuses a sample asked for wrongly, naming each field, and writes nothing', async () => {
      await closedCase();
      const error = await refusal(() => drawAuditSample({ ctx, staff: overseer, size: 0, closedFrom: '2026-02-30', closedTo: null, seed: 'has a space' }));
      expect(error.code).toBe('validation_failed');
      expect(error.issues.map((issue) => issue.field)).toEqual(['size', 'closedFrom', 'seed']);
      const backwards = await refusal(() => drawAuditSample({ ctx, staff: overseer, size: 1, closedFrom: '2026-03-10', closedTo: '2026-03-01' }));
      expect(backwards.issues.map((issue) => issue.field)).toEqual(['closedTo']);
      expect(await tableRows('audit_samples')).toEqual([]);
    });

    it('makes the sampled cases readable by the overseer, read-only and every read recorded, while other cases stay refused', async () => {
      const cases = [await closedCase(), await closedCase(), await closedCase()];
      const before = await refusal(() => getCase({ ctx, staff: overseer, caseId: cases[0]! }));
      expect(before.code).toBe('forbidden');

      const { caseIds, number } = await sampleOf(2);
      const [sampled, other] = [caseIds[0]!, cases.find((caseId) => !caseIds.includes(caseId))!];
      expect(await eventTypes(sampled)).toContain('audit_sampled');
      expect((await listCaseEvents(ctx.db, sampled)).find((event) => event.type === 'audit_sampled')!.data).toContain(`"number":${number}`);
      const auditors = (await tableRows('case_assignments')).filter((row) => (row as { role: string }).role === 'auditor');
      expect(auditors.map((row) => (row as { case_id: string }).case_id).sort()).toEqual([...caseIds].sort());

      const detail = await getCase({ ctx, staff: overseer, caseId: sampled });
      expect(detail.caseRow.id).toBe(sampled);
      const viewed = (await listCaseEvents(ctx.db, sampled)).filter((event) => event.type === 'case_viewed');
      expect(JSON.parse(viewed.at(-1)!.actor)).toMatchObject({ kind: 'user', userId: overseer.userId });

      // Read-only: the overseer's role changes nothing in a case.
      const eventsBefore = await eventTypes(sampled);
      expect((await refusal(() => addCaseNote({ ctx, staff: overseer, caseId: sampled, text: 'An auditor should not write here.' }))).code).toBe('forbidden');
      expect(await eventTypes(sampled)).toEqual(eventsBefore);

      // A case not drawn stays refused, and the attempt is recorded on it.
      expect((await refusal(() => getCase({ ctx, staff: overseer, caseId: other }))).code).toBe('forbidden');
      expect(await eventTypes(other)).toContain('access_refused');

      // Sampled again in a later sample: the assignment is not doubled.
      await sampleOf(3, 'all-of-them');
      expect((await tableRows('case_assignments')).filter((row) => (row as { role: string }).role === 'auditor')).toHaveLength(3);
    });

    it('refuses an incomplete checklist and an item not met without a note, writing nothing, and records a complete review once', async () => {
      await closedCase();
      const { sampleId, caseIds } = await sampleOf(1);
      const caseId = caseIds[0]!;
      const eventsBefore = await eventTypes(caseId);
      const { acknowledged: _left, ...incomplete } = allMet(ctx);
      const missing = await refusal(() => recordAuditReview({ ctx, staff: overseer, sampleId, caseId, answers: incomplete }));
      expect(missing.code).toBe('validation_failed');
      expect(missing.issues.map((issue) => issue.field)).toEqual(['result.acknowledged']);
      const noNote = await refusal(() => recordAuditReview({ ctx, staff: overseer, sampleId, caseId, answers: { ...allMet(ctx), parties_told: { result: 'not_met', note: ' ' } } }));
      expect(noNote.issues.map((issue) => issue.field)).toEqual(['note.parties_told']);
      expect(await tableRows('audit_reviews')).toEqual([]);
      expect(await eventTypes(caseId)).toEqual(eventsBefore);

      // Someone without audits.conduct, and a case outside the sample, are refused too.
      expect((await refusal(() => recordAuditReview({ ctx, staff: manager, sampleId, caseId, answers: allMet(ctx) }))).code).toBe('forbidden');
      const outside = await closedCase();
      expect((await refusal(() => recordAuditReview({ ctx, staff: overseer, sampleId, caseId: outside, answers: allMet(ctx) }))).code).toBe('not_found');
      expect(await tableRows('audit_reviews')).toEqual([]);

      const answers = { ...allMet(ctx), acknowledged: { result: 'not_met', note: 'Acknowledged after nine working days.' }, panel_screened: { result: 'not_applicable', note: '' } };
      await recordAuditReview({ ctx, staff: overseer, sampleId, caseId, answers });
      expect(await tableRows('audit_reviews')).toHaveLength(8);
      const reviewed = (await listCaseEvents(ctx.db, caseId)).find((event) => event.type === 'audit_reviewed')!;
      expect(JSON.parse(reviewed.data)).toMatchObject({ met: 6, notMet: 1, notApplicable: 1 });
      const detail = await getAuditSample({ ctx, staff: overseer, sampleId });
      expect(detail.cases[0]!.review!.items[0]).toMatchObject({ itemId: 'acknowledged', result: 'not_met', note: 'Acknowledged after nine working days.' });
      expect(detail.status).toBe('Complete');
      expect((await refusal(() => recordAuditReview({ ctx, staff: overseer, sampleId, caseId, answers }))).code).toBe('conflict');
      expect(await tableRows('audit_reviews')).toHaveLength(8);
    });

    it('has a finding answered by a case manager, never by the overseer or leadership, and judged by the overseer', async () => {
      await closedCase();
      const { sampleId, caseIds } = await sampleOf(1);
      expect((await refusal(() => drawAuditSample({ ctx, staff: manager, size: 1 }))).code).toBe('forbidden');
      expect((await refusal(() => raiseAuditFinding({ ctx, staff: manager, sampleId, finding: { text: FINDING, severity: 'minor' } }))).code).toBe('forbidden');
      const tooShort = await refusal(() => raiseAuditFinding({ ctx, staff: overseer, sampleId, finding: { text: 'Late.', severity: 'dreadful' } }));
      expect(tooShort.issues.map((issue) => issue.field)).toEqual(['text', 'severity']);
      expect(await tableRows('audit_findings')).toEqual([]);

      const raised = await raiseAuditFinding({ ctx, staff: overseer, sampleId, finding: { caseId: caseIds[0]!, text: FINDING, severity: 'significant' } });
      // 20 working days from Monday 2 March 2026.
      expect(raised.answerDueOn).toBe('2026-03-30');
      const mail = (await listOutbox(ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; subject: string; text: string }).filter((message) => message.to === manager.email);
      expect(mail).toMatchObject([{ subject: `Audit finding ${raised.number}: an answer is due by 2026-03-30` }]);
      expect(mail[0]!.text).toContain(FINDING);
      expect(mail[0]!.text).toContain('/staff/audit-findings');

      for (const staff of [overseer, leadership]) {
        expect((await refusal(() => answerAuditFinding({ ctx, staff, findingId: raised.findingId, text: ANSWER, actionPromised: ACTION }))).code).toBe('forbidden');
        expect((await refusal(() => listOpenAuditFindings({ ctx, staff }))).code).toBe('forbidden');
      }
      expect((await refusal(() => answerAuditFinding({ ctx, staff: manager, findingId: raised.findingId, text: 'Sorry.', actionPromised: '' }))).issues.map((issue) => issue.field)).toEqual([
        'text',
        'actionPromised',
      ]);
      expect(await tableRows('audit_finding_answers')).toEqual([]);
      // Nothing to judge before an answer.
      expect((await refusal(() => decideAuditAnswer({ ctx, staff: overseer, findingId: raised.findingId, verdict: 'accepted', reason: '' }))).code).toBe('conflict');

      await answerAuditFinding({ ctx, staff: manager, findingId: raised.findingId, text: ANSWER, actionPromised: ACTION });
      expect((await refusal(() => answerAuditFinding({ ctx, staff: manager, findingId: raised.findingId, text: ANSWER, actionPromised: ACTION }))).code).toBe('conflict');
      expect((await listOpenAuditFindings({ ctx, staff: manager }))[0]).toMatchObject({ status: 'answered', answers: [{ text: ANSWER, actionPromised: ACTION, verdict: null }] });

      // The overseer reopens it, with a reason; a new answer is due and the case managers are told why.
      expect((await refusal(() => decideAuditAnswer({ ctx, staff: manager, findingId: raised.findingId, verdict: 'accepted', reason: '' }))).code).toBe('forbidden');
      expect((await refusal(() => decideAuditAnswer({ ctx, staff: overseer, findingId: raised.findingId, verdict: 'reopened', reason: 'No.' }))).issues.map((issue) => issue.field)).toEqual(['reason']);
      t.clock.set('2026-03-09T10:00:00Z');
      await decideAuditAnswer({ ctx, staff: overseer, findingId: raised.findingId, verdict: 'reopened', reason: 'The answer gives no date for the second person to start.' });
      const reopened = (await listOpenAuditFindings({ ctx, staff: manager }))[0]!;
      expect(reopened).toMatchObject({ status: 'awaiting_answer', answerDueOn: '2026-04-08', answers: [{ verdict: 'reopened', verdictBy: 'Olive Overseer' }] });
      const told = (await listOutbox(ctx.db)).map((row) => JSON.parse(row.payload) as { to: string; text: string }).filter((message) => message.to === manager.email);
      expect(told.at(-1)!.text).toContain('Why it was reopened: The answer gives no date for the second person to start.');

      t.clock.set('2026-03-10T10:00:00Z');
      await answerAuditFinding({ ctx, staff: manager, findingId: raised.findingId, text: ANSWER, actionPromised: 'A second person watches the inbox from 16 March 2026.' });
      await decideAuditAnswer({ ctx, staff: overseer, findingId: raised.findingId, verdict: 'accepted', reason: '' });
      expect(await listOpenAuditFindings({ ctx, staff: manager })).toEqual([]);
      const detail = await getAuditSample({ ctx, staff: overseer, sampleId });
      expect(detail.findings[0]).toMatchObject({ status: 'accepted', answers: [{ verdict: 'reopened' }, { verdict: 'accepted' }] });
    });

    it('flags a finding overdue once its answer date has passed without an answer', async () => {
      await closedCase();
      const { sampleId } = await sampleOf(1);
      const { findingId, answerDueOn } = await raiseAuditFinding({ ctx, staff: overseer, sampleId, finding: { text: FINDING, severity: 'minor' } });
      t.clock.set(`${answerDueOn}T16:00:00Z`);
      expect((await listOpenAuditFindings({ ctx, staff: manager }))[0]!.overdue).toBe(false);
      t.clock.set('2026-03-31T09:00:00Z');
      expect((await listOpenAuditFindings({ ctx, staff: manager }))[0]!.overdue).toBe(true);
      expect((await listAuditSamples({ ctx, staff: overseer }))[0]!.overdueFindings).toBe(1);
      await answerAuditFinding({ ctx, staff: manager, findingId, text: ANSWER, actionPromised: ACTION });
      expect((await listOpenAuditFindings({ ctx, staff: manager }))[0]!.overdue).toBe(false);
      expect((await listAuditSamples({ ctx, staff: overseer }))[0]!.overdueFindings).toBe(0);
    });
  });
}
