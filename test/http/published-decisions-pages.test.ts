import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml2js, type ElementCompact } from 'xml-js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn as signInAs, type TestApp } from '../helpers/test-app.js';
import { createStaff } from '../helpers/factories.js';
import { decisionFor, sittingPanel } from '../helpers/due-process.js';
import { caseAtDecision, deskCast } from '../helpers/oversight-desk.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { findCaseById } from '../../src/db/repositories/case.repository.js';

const FACTS = 'A member of a branch sent messages to another member after a meeting, repeating a conspiracy theory about Jewish people.';
const REASONS = 'The panel found on the balance of probabilities that the messages repeated the theory the code names, and so breached the code.';

for (const kind of testDatabaseKinds()) {
  describe(`published decisions pages (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    async function decidedCase(cast: Awaited<ReturnType<typeof deskCast>>, sanctionId: string, sanctionMonths: number | null = null) {
      const receipt = await caseAtDecision(t.ctx, cast);
      const chair = (await sittingPanel(t.ctx, receipt.caseId, 'decision', cast.pool))[0]!;
      await recordPanelDecision({ ctx: t.ctx, staff: chair, caseId: receipt.caseId, decision: await decisionFor(t.ctx, receipt.caseId, { finding: 'upheld', sanctionId, sanctionMonths }) });
      return { caseId: receipt.caseId, reference: (await findCaseById(t.ctx.db, receipt.caseId))!.reference };
    }
    const summaries = () => t.ctx.db.selectFrom('decision_summaries').selectAll().orderBy('drafted_at').execute();

    it('drafts on the case page, is checked, returned and approved by the editor, and is published on the register, its page and the feed', async () => {
      const { ctx } = t;
      const cast = await deskCast(ctx);
      const editor = await createStaff(ctx, ['publications_editor'], 'Bea Editor');
      const decided = await decidedCase(cast, 'education_course');
      const casePath = `/staff/cases/${decided.caseId}`;

      const cara = await signInAs(t.app, cast.manager.email);
      const before = await cara.get(casePath);
      expect(before.body).toContain('Summary for publication');
      expect(before.body).toContain('Draft the summary');

      // Too short: refused on the case page with the problem named, nothing written.
      const short = await cara.post(`${casePath}/decision-summary`, { facts: 'Too short.', reasons: REASONS });
      expect(short.statusCode).toBe(400);
      expect(short.body).toContain('There is a problem');
      expect(short.body).toContain('Write the anonymised facts in at least 40 characters.');
      expect(await summaries()).toEqual([]);

      // With identifiers: saved, and the flags shown to the drafter.
      const flagged = await cara.post(`${casePath}/decision-summary`, { facts: `${FACTS} Councillor Fictional can be reached on 07700 900123.`, reasons: REASONS });
      expect(flagged.statusCode).toBe(303);
      const page = await cara.get(casePath);
      expect(page.body).toContain('data-testid="anonymity-flags"');
      expect(page.body).toContain('<mark title="Name of someone in the case">Councillor Fictional');
      expect(page.body).toContain('Phone number');
      expect(page.body).toContain('Waiting for the publications editor');
      expect(page.body).toContain('Drafted the anonymised summary of the decision for publication (2 anonymity flag(s)).');

      // The editor lands on the desk after signing in, and sees the draft, never the case.
      const bea = new PageClient(t.app);
      await bea.get('/login');
      const landing = await bea.post('/login', { email: editor.email, password: 'correct horse battery staple' });
      expect(landing.headers.location).toBe('/staff');
      expect((await bea.get('/staff')).headers.location).toBe('/staff/publications');
      const desk = await bea.get('/staff/publications');
      expect(desk.statusCode).toBe(200);
      expect(desk.body).toContain('data-testid="waiting"');
      expect(desk.body).not.toContain(decided.reference);
      const [summary] = await summaries();
      const draftPage = await bea.get(`/staff/publications/${summary!.id}`);
      expect(draftPage.body).toContain('Councillor Fictional');
      expect(draftPage.body).not.toContain(decided.reference);
      expect((await bea.get(casePath)).statusCode).toBe(403);

      // Approval refused while flags remain: the page again, with the problems, and nothing published.
      const refused = await bea.post(`/staff/publications/${summary!.id}/approve`, {});
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('remove it from the text, or mark it not identifying with a reason');
      expect((await summaries())[0]!.status).toBe('draft');

      // Returned with a reason; the drafter sees it and redrafts.
      expect((await bea.post(`/staff/publications/${summary!.id}/return`, { reason: 'Take out the name and the phone number.' })).statusCode).toBe(303);
      expect((await cara.get(casePath)).body).toContain('The editor asked for changes: Take out the name and the phone number.');
      expect((await cara.post(`${casePath}/decision-summary`, { facts: `${FACTS} The Mayor of Exampletown spoke at the meeting.`, reasons: REASONS })).statusCode).toBe(303);

      // The editor edits the text, then approves with nothing left flagged.
      const edited = await bea.post(`/staff/publications/${summary!.id}/edit`, { facts: FACTS, reasons: REASONS });
      expect(edited.statusCode).toBe(303);
      expect((await bea.get(`/staff/publications/${summary!.id}`)).body).toContain('The anonymity check found nothing');
      const approved = await bea.post(`/staff/publications/${summary!.id}/approve`, {});
      expect(approved.statusCode).toBe(303);
      expect((await bea.get(String(approved.headers.location))).body).toContain('Decision 2026/1 is published.');

      // The public register, a summary page and the feed.
      const visitor = new PageClient(t.app);
      const register = await visitor.get('/decisions');
      expect(register.statusCode).toBe(200);
      expect(register.body).toContain('<a href="/decisions/2026-1">2026/1</a>');
      expect(register.body).toContain('Mandatory education course');
      const one = await visitor.get('/decisions/2026-1');
      expect(one.statusCode).toBe(200);
      expect(one.body).toContain('Decision 2026/1');
      expect(one.body).toContain(FACTS);
      expect(one.body).toContain('Upheld');
      expect(one.body).not.toMatch(/Councillor|Fictional|Ruth Example|M-1001/);
      expect(one.body).not.toContain(decided.reference);

      const feed = await visitor.get('/decisions/feed.atom');
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['content-type']).toContain('application/atom+xml');
      const atom = xml2js(feed.body, { compact: true }) as ElementCompact;
      const root = atom.feed as ElementCompact;
      expect(root._attributes?.xmlns).toBe('http://www.w3.org/2005/Atom');
      const entries = [root.entry].flat() as ElementCompact[];
      expect(entries).toHaveLength(1);
      expect((entries[0]!.link as ElementCompact)._attributes?.href).toBe(`${ctx.config.publicUrl}/decisions/2026-1`);
      expect(JSON.stringify(entries[0]!.title)).toContain('Decision 2026/1');

      // Withdrawn: gone from the register, marked in the feed.
      expect((await bea.post(`/staff/publications/${summary!.id}/withdraw`, { reason: 'The respondent could be recognised from the facts.' })).statusCode).toBe(303);
      expect((await visitor.get('/decisions/2026-1')).statusCode).toBe(404);
      expect((await visitor.get('/decisions')).body).toContain('No decisions have been published yet.');
      expect((await visitor.get('/decisions/feed.atom')).body).toContain('Withdrawn: decision 2026/1');
    });

    it('searches the public register by clause and by sanction, and answers 404 for an unknown number', async () => {
      const { ctx } = t;
      const cast = await deskCast(ctx);
      const editor = await createStaff(ctx, ['publications_editor']);
      const bea = await signInAs(t.app, editor.email);
      const cara = await signInAs(t.app, cast.manager.email);
      for (const [sanctionId, months] of [['education_course', null], ['expulsion', 24]] as const) {
        const decided = await decidedCase(cast, sanctionId, months);
        await cara.get(`/staff/cases/${decided.caseId}`);
        expect((await cara.post(`/staff/cases/${decided.caseId}/decision-summary`, { facts: FACTS, reasons: REASONS })).statusCode).toBe(303);
      }
      for (const summary of await summaries()) {
        await bea.get(`/staff/publications/${summary.id}`);
        expect((await bea.post(`/staff/publications/${summary.id}/approve`, {})).statusCode).toBe(303);
      }
      const visitor = new PageClient(t.app);
      const all = await visitor.get('/decisions');
      expect(all.body).toContain('2 decisions published.');
      expect(all.body).toContain('<option value="ihra-wda#ex-2"');
      const bySanction = await visitor.get('/decisions?sanction=expulsion');
      expect(bySanction.body).toContain('1 decision match the search.');
      expect(bySanction.body).toContain('/decisions/2026-2');
      expect(bySanction.body).not.toContain('/decisions/2026-1"');
      const byClause = await visitor.get(`/decisions?clause=${encodeURIComponent('ihra-wda#ex-2')}`);
      expect(byClause.body).toContain('2 decisions match the search.');
      expect((await visitor.get(`/decisions?clause=${encodeURIComponent('ihra-wda#nope')}`)).body).toContain('No published decision matches the search.');
      expect((await visitor.get('/decisions?clause=a&clause=b&page=x')).statusCode).toBe(200);
      for (const unknown of ['2026-9', '2031-1', 'nothing', '2026-1x']) expect((await visitor.get(`/decisions/${unknown}`)).statusCode).toBe(404);
      // The editor's pages are the editor's alone.
      expect((await cara.get('/staff/publications')).statusCode).toBe(403);
    });

    it('approves a flagged summary once the editor marks each flag not identifying, with a reason, through the form', async () => {
      const { ctx } = t;
      const cast = await deskCast(ctx);
      const editor = await createStaff(ctx, ['publications_editor']);
      const decided = await decidedCase(cast, 'education_course');
      const cara = await signInAs(t.app, cast.manager.email);
      await cara.get(`/staff/cases/${decided.caseId}`);
      const facts = `${FACTS} The messages were signed @canal_friend.`;
      expect((await cara.post(`/staff/cases/${decided.caseId}/decision-summary`, { facts, reasons: REASONS })).statusCode).toBe(303);
      const [summary] = await summaries();
      const bea = await signInAs(t.app, editor.email);
      const page = await bea.get(`/staff/publications/${summary!.id}`);
      expect(page.body).toContain('name="flags.0" value="handle:@canal_friend"');
      expect(page.body).toContain('Social-media handle');

      const unreasoned = await bea.post(`/staff/publications/${summary!.id}/approve`, { 'flags.0': 'handle:@canal_friend', 'flags.0.reason': 'no' });
      expect(unreasoned.statusCode).toBe(422);
      expect(unreasoned.body).toContain('does not identify anyone (at least 10 characters)');
      expect(unreasoned.body).toContain('href="#field-approve-flags-0-reason"');
      expect((await summaries())[0]!.status).toBe('draft');

      const approved = await bea.post(`/staff/publications/${summary!.id}/approve`, { 'flags.0': 'handle:@canal_friend', 'flags.0.reason': 'A made-up handle that belongs to no one.' });
      expect(approved.statusCode).toBe(303);
      const [published] = await summaries();
      expect(published!.status).toBe('published');
      expect(JSON.parse(published!.flags_accepted)).toEqual([{ key: 'handle:@canal_friend', reason: 'A made-up handle that belongs to no one.', by: editor.name, at: expect.any(String) }]);
      expect((await new PageClient(t.app).get('/decisions/2026-1')).body).toContain('@canal_friend');
      const timeline = (await cara.get(`/staff/cases/${decided.caseId}`)).body;
      expect(timeline).toContain('approved the summary; published as decision 2026/1 with 1 flag(s) marked not identifying');
    });
  });
}
