import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { createStaff } from '../helpers/factories.js';
import { decisionFor, sittingPanel } from '../helpers/due-process.js';
import { caseAtDecision, deskCast } from '../helpers/oversight-desk.js';
import { refusal } from '../helpers/refusal.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { decideAppeal, lodgeAppeal } from '../../src/services/due-process/appeals.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { findCaseById } from '../../src/db/repositories/case.repository.js';
import { flagKey } from '../../src/domain/publication/anonymity.js';
import { draftDecisionSummary } from '../../src/services/publication/draft-decision-summary.js';
import { getCaseDecisionSummary } from '../../src/services/publication/get-case-decision-summary.js';
import { listSummariesForEditor } from '../../src/services/publication/list-summaries-for-editor.js';
import { getSummaryForEditor } from '../../src/services/publication/get-summary-for-editor.js';
import { editDecisionSummary } from '../../src/services/publication/edit-decision-summary.js';
import { approveDecisionSummary } from '../../src/services/publication/approve-decision-summary.js';
import { returnDecisionSummary } from '../../src/services/publication/return-decision-summary.js';
import { withdrawDecisionSummary } from '../../src/services/publication/withdraw-decision-summary.js';
import { searchPublishedDecisions } from '../../src/services/publication/search-published-decisions.js';
import { getPublishedDecision } from '../../src/services/publication/get-published-decision.js';
import { decisionFeed } from '../../src/services/publication/decision-feed.js';
import { blankPersonalData } from '../../src/db/repositories/retention.repository.js';

const FACTS = 'A member of a branch sent messages to another member after a meeting, repeating a conspiracy theory about Jewish people.';
const REASONS = 'The panel found on the balance of probabilities that the messages repeated the theory the code names, and so breached the code.';

for (const kind of testDatabaseKinds()) {
  describe(`published decisions (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let cast: Awaited<ReturnType<typeof deskCast>>;
    let editor: Staff;

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      cast = await deskCast(ctx);
      editor = await createStaff(ctx, ['publications_editor'], 'Bea Editor');
    });
    afterEach(async () => t.close());

    /** A case decided by its panel (upheld, education course): open to appeal. */
    async function decidedCase(sanctionId = 'education_course', sanctionMonths: number | null = null) {
      const receipt = await caseAtDecision(ctx, cast);
      const chair = (await sittingPanel(ctx, receipt.caseId, 'decision', cast.pool))[0]!;
      await recordPanelDecision({ ctx, staff: chair, caseId: receipt.caseId, decision: await decisionFor(ctx, receipt.caseId, { finding: 'upheld', sanctionId, sanctionMonths }) });
      return { ...receipt, reference: (await findCaseById(ctx.db, receipt.caseId))!.reference, chair };
    }

    const draft = (caseId: string, facts = FACTS, reasons = REASONS, staff: Staff = cast.manager) => draftDecisionSummary({ ctx, staff, caseId, draft: { facts, reasons } });
    const summaryRows = () => ctx.db.selectFrom('decision_summaries').selectAll().execute();
    const eventTypes = async (caseId: string) => (await ctx.db.selectFrom('case_events').select('type').where('case_id', '=', caseId).orderBy('sequence').execute()).map((row) => row.type);
    const ledgerTypes = async (caseId: string) => (await ctx.db.selectFrom('ledger_entries').select('type').where('case_id', '=', caseId).execute()).map((row) => row.type);

    it('takes a summary from draft through the anonymity check to approval, the public register and the feed', async () => {
      const decided = await decidedCase();
      const drafted = await draft(decided.caseId);
      expect(drafted.status).toBe('draft');
      expect(drafted.flags, JSON.stringify(drafted.flags)).toEqual([]);
      expect(drafted.clauses).toEqual([{ packId: 'ihra-wda', clauseId: 'ex-2', title: expect.any(String), finding: 'upheld' }]);
      expect([drafted.finding, drafted.sanctionId, drafted.sanctionLabel]).toEqual(['upheld', 'education_course', expect.stringMatching(/education/i)]);
      expect(await eventTypes(decided.caseId)).toContain('decision_summary_drafted');
      expect(await ledgerTypes(decided.caseId)).toContain('decision_summary_drafted');

      const desk = await listSummariesForEditor({ ctx, staff: editor });
      expect(desk.waiting.map((entry) => entry.id)).toEqual([drafted.id]);
      expect(JSON.stringify(desk)).not.toContain(decided.reference);
      const opened = await getSummaryForEditor({ ctx, staff: editor, summaryId: drafted.id });
      expect(opened.facts).toBe(FACTS);
      // Reading the draft is not reading the case: no access is recorded on the case.
      expect(await eventTypes(decided.caseId)).not.toContain('case_viewed');

      const published = await approveDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, acceptances: [] });
      expect(published.number).toBe('2026/1');
      expect(await ledgerTypes(decided.caseId)).toContain('decision_summary_published');
      const event = await ctx.db.selectFrom('case_events').select(['data', 'actor']).where('case_id', '=', decided.caseId).where('type', '=', 'decision_summary_published').executeTakeFirstOrThrow();
      expect(JSON.parse(event.actor)).toMatchObject({ kind: 'user', userId: editor.userId, name: 'Bea Editor' });

      const register = await searchPublishedDecisions({ ctx, query: {} });
      expect(register.total).toBe(1);
      const entry = register.decisions[0]!;
      expect(entry).toEqual({
        number: '2026/1',
        slug: '2026-1',
        publishedOn: '2026-03-02',
        facts: FACTS,
        clauses: [{ packId: 'ihra-wda', clauseId: 'ex-2', title: expect.any(String), finding: 'Upheld' }],
        finding: 'Upheld',
        reasons: REASONS,
        sanctionId: 'education_course',
        sanction: drafted.sanctionLabel,
      });
      expect(await getPublishedDecision({ ctx, slug: '2026-1' })).toEqual(entry);
      expect(JSON.stringify(entry)).not.toMatch(/Councillor|Fictional|Ruth|M-1001|RDR-/);

      const atom = await decisionFeed({ ctx });
      expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
      expect(atom).toContain(`${ctx.config.publicUrl}/decisions/2026-1`);
      expect(atom).toContain('Decision 2026/1');

      // A second approval takes the next number.
      const second = await decidedCase('education_course');
      const secondDraft = await draft(second.caseId);
      expect((await approveDecisionSummary({ ctx, staff: editor, summaryId: secondDraft.id, acceptances: [] })).number).toBe('2026/2');
      expect((await searchPublishedDecisions({ ctx, query: {} })).decisions.map((decision) => decision.number)).toEqual(['2026/2', '2026/1']);
    });

    it('catches the seeded identifiers, refuses approval while any is unresolved, and accepts each marked not identifying with a reason', async () => {
      const decided = await decidedCase();
      const facts = `Councillor Fictional (membership M-1001), known as FICTIONAL in the branch, wrote from fictional@example.org and 07700 900123, and posted at https://social.example/p/1 as @canal_friend.`;
      const reasons = `In case ${decided.reference} the panel heard from Ruth Example. Fictional accepted sending the messages.`;
      const drafted = await draft(decided.caseId, facts, reasons);
      const found = drafted.flags.map((flag) => [flag.kind, flag.text]);
      expect(found).toEqual(
        expect.arrayContaining([
          ['name', 'Councillor Fictional'],
          ['membership_number', 'M-1001'],
          ['name', 'FICTIONAL'],
          ['email', 'fictional@example.org'],
          ['phone', '07700 900123'],
          ['url', 'https://social.example/p/1'],
          ['handle', '@canal_friend'],
          ['case_reference', decided.reference],
          ['name', 'Ruth Example'],
          ['name', 'Fictional'],
        ]),
      );
      for (const flag of drafted.flags) expect((flag.field === 'facts' ? facts : reasons).slice(flag.start, flag.end)).toBe(flag.text);
      const cleanBefore = JSON.stringify(await summaryRows());

      const refused = await refusal(() => approveDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, acceptances: [] }));
      expect(refused.code).toBe('rule_violated');
      expect(refused.issues.length).toBe(drafted.distinctFlags.length);
      // A mark without a reason does not count either.
      const unreasoned = drafted.distinctFlags.map((flag) => ({ key: flag.key, reason: ' ' }));
      expect((await refusal(() => approveDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, acceptances: unreasoned }))).code).toBe('rule_violated');
      // All but one marked: still refused.
      const marks = drafted.distinctFlags.map((flag) => ({ key: flag.key, reason: 'Fictional test data, identifies no one.' }));
      expect((await refusal(() => approveDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, acceptances: marks.slice(1) }))).code).toBe('rule_violated');
      expect(JSON.stringify(await summaryRows())).toBe(cleanBefore);
      expect(await eventTypes(decided.caseId)).not.toContain('decision_summary_published');

      const published = await approveDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, acceptances: marks });
      expect(published.number).toBe('2026/1');
      const stored = JSON.parse((await summaryRows())[0]!.flags_accepted) as { key: string; reason: string; by: string }[];
      expect(stored.map((entry) => entry.key).sort()).toEqual(marks.map((mark) => mark.key).sort());
      expect(stored.every((entry) => entry.by === 'Bea Editor')).toBe(true);
      expect(flagKey({ kind: 'name', text: ' fictional ' })).toBe(stored.find((entry) => entry.key.startsWith('name:fictional'))?.key);
    });

    it('lets the editor edit and return a draft, and the drafter redraft it', async () => {
      const decided = await decidedCase();
      const drafted = await draft(decided.caseId, `${FACTS} Call 07700 900123.`);
      expect(drafted.flags.map((flag) => flag.kind)).toEqual(['phone']);
      const edited = await editDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, texts: { facts: FACTS, reasons: REASONS } });
      expect(edited.flags).toEqual([]);
      await returnDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, reason: 'Say which meeting, without the date.' });
      expect((await refusal(() => approveDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, acceptances: [] }))).code).toBe('conflict');
      const onCase = await getCaseDecisionSummary({ ctx, staff: cast.manager, caseId: decided.caseId });
      expect([onCase.summary?.status, onCase.summary?.returnReason, onCase.mayDraft]).toEqual(['returned', 'Say which meeting, without the date.', true]);
      const redrafted = await draft(decided.caseId);
      expect(redrafted.status).toBe('draft');
      expect(redrafted.id).toBe(drafted.id);
      expect(await eventTypes(decided.caseId)).toEqual(expect.arrayContaining(['decision_summary_edited', 'decision_summary_returned']));
      const drafts = (await eventTypes(decided.caseId)).filter((type) => type === 'decision_summary_drafted');
      expect(drafts).toHaveLength(2);
      const returned = await ctx.db.selectFrom('case_events').select('data').where('case_id', '=', decided.caseId).where('type', '=', 'decision_summary_returned').executeTakeFirstOrThrow();
      expect(JSON.parse(returned.data)).toMatchObject({ editorName: 'Bea Editor', reason: 'Say which meeting, without the date.' });
    });

    it('refuses drafting to roles without the permission, to a manager not on the case, and on an undecided case, writing nothing', async () => {
      const decided = await decidedCase();
      const before = await eventTypes(decided.caseId);
      for (const staff of [editor, cast.investigator, decided.chair, cast.overseer]) {
        expect((await refusal(() => draft(decided.caseId, FACTS, REASONS, staff))).code).toBe('forbidden');
      }
      const otherManager = await createStaff(ctx, ['case_manager']);
      expect((await refusal(() => draft(decided.caseId, FACTS, REASONS, otherManager))).code).toBe('forbidden');
      expect((await eventTypes(decided.caseId)).filter((type) => type !== 'access_refused')).toEqual(before);

      const undecided = await caseAtDecision(ctx, cast);
      const undecidedBefore = await eventTypes(undecided.caseId);
      expect((await refusal(() => draft(undecided.caseId))).code).toBe('transition_not_allowed');
      expect((await refusal(() => draft(decided.caseId, 'Too short.', REASONS))).issues.map((issue) => issue.field)).toEqual(['facts']);
      expect(await eventTypes(undecided.caseId)).toEqual(undecidedBefore);
      expect(await summaryRows()).toEqual([]);

      // The editor's use cases are the editor's alone.
      const drafted = await draft(decided.caseId);
      for (const staff of [cast.manager, cast.overseer]) {
        expect((await refusal(() => listSummariesForEditor({ ctx, staff }))).code).toBe('forbidden');
        expect((await refusal(() => getSummaryForEditor({ ctx, staff, summaryId: drafted.id }))).code).toBe('forbidden');
        expect((await refusal(() => approveDecisionSummary({ ctx, staff, summaryId: drafted.id, acceptances: [] }))).code).toBe('forbidden');
        expect((await refusal(() => returnDecisionSummary({ ctx, staff, summaryId: drafted.id, reason: 'Not for you to return.' }))).code).toBe('forbidden');
      }
      expect((await summaryRows())[0]!.status).toBe('draft');
    });

    it('refuses to publish a summary of a decision set aside on appeal after it was drafted, and to draft one again', async () => {
      const decided = await decidedCase();
      const drafted = await draft(decided.caseId);
      await lodgeAppeal({ ctx, token: decided.token, appeal: { grounds: ['procedure'], statement: 'The panel relied on a statement that was never shown to me, so I could not answer it.' } });
      await drawPanel({ ctx, staff: cast.manager, caseId: decided.caseId });
      const appealPanel = await sittingPanel(ctx, decided.caseId, 'appeal', cast.pool);
      await decideAppeal({
        ctx,
        staff: appealPanel[0]!,
        caseId: decided.caseId,
        decision: { outcome: 'allowed', reasons: 'The statement relied on was never disclosed to the respondent, so the hearing was unfair and the decision cannot stand.', sanctionId: null, sanctionMonths: null },
      });
      expect((await refusal(() => approveDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, acceptances: [] }))).code).toBe('conflict');
      expect((await summaryRows())[0]!.status).toBe('draft');
      expect((await refusal(() => draft(decided.caseId))).code).toBe('transition_not_allowed');
      expect((await getCaseDecisionSummary({ ctx, staff: cast.manager, caseId: decided.caseId })).mayDraft).toBe(false);
    });

    it('withdraws a published summary: gone from the register, marked withdrawn in the feed, and no longer redraftable', async () => {
      const decided = await decidedCase();
      const drafted = await draft(decided.caseId);
      expect((await refusal(() => withdrawDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, reason: 'Not yet published at all.' }))).code).toBe('conflict');
      await approveDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, acceptances: [] });
      expect((await refusal(() => withdrawDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, reason: '' }))).issues.map((issue) => issue.field)).toEqual(['reason']);
      expect((await refusal(() => withdrawDecisionSummary({ ctx, staff: cast.manager, summaryId: drafted.id, reason: 'The respondent could be recognised.' }))).code).toBe('forbidden');
      await withdrawDecisionSummary({ ctx, staff: editor, summaryId: drafted.id, reason: 'The respondent could be recognised from the facts.' });
      expect((await searchPublishedDecisions({ ctx, query: {} })).total).toBe(0);
      expect((await refusal(() => getPublishedDecision({ ctx, slug: '2026-1' }))).code).toBe('not_found');
      const atom = await decisionFeed({ ctx });
      expect(atom).toContain('Withdrawn: decision 2026/1');
      expect(atom).not.toContain(FACTS);
      expect((await refusal(() => draft(decided.caseId))).code).toBe('conflict');
      expect(await ledgerTypes(decided.caseId)).toContain('decision_summary_withdrawn');
    });

    it('searches the register by clause and by sanction, and pages it', async () => {
      const first = await decidedCase('education_course');
      await approveDecisionSummary({ ctx, staff: editor, summaryId: (await draft(first.caseId)).id, acceptances: [] });
      const second = await decidedCase('expulsion', 24);
      await approveDecisionSummary({ ctx, staff: editor, summaryId: (await draft(second.caseId)).id, acceptances: [] });
      const all = await searchPublishedDecisions({ ctx, query: {} });
      expect(all.clauseOptions.map((option) => option.value)).toEqual(['ihra-wda#ex-2']);
      expect(all.sanctionOptions.map((option) => option.value).sort()).toEqual(['education_course', 'expulsion']);
      expect((await searchPublishedDecisions({ ctx, query: { sanction: 'expulsion' } })).decisions.map((decision) => decision.number)).toEqual(['2026/2']);
      expect((await searchPublishedDecisions({ ctx, query: { clause: 'ihra-wda#ex-2' } })).total).toBe(2);
      expect((await searchPublishedDecisions({ ctx, query: { clause: 'ihra-wda#ex-9' } })).total).toBe(0);
      expect((await searchPublishedDecisions({ ctx, query: { page: '7' } })).page).toBe(1);
    });

    it('keeps a published summary when the case is erased under retention, and blanks a draft never published', async () => {
      const published = await decidedCase();
      await approveDecisionSummary({ ctx, staff: editor, summaryId: (await draft(published.caseId)).id, acceptances: [] });
      const drafted = await decidedCase();
      await draft(drafted.caseId);
      for (const caseId of [published.caseId, drafted.caseId]) await blankPersonalData(ctx.db, { caseId, marker: 'Erased', at: '2033-03-02T10:00:00Z' });
      const rows = await summaryRows();
      expect(rows.find((row) => row.case_id === published.caseId)?.facts).toBe(FACTS);
      expect(rows.find((row) => row.case_id === drafted.caseId)?.facts).toBe('Erased');
    });
  });
}
