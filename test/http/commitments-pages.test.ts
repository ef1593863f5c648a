import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml2js, type Element } from 'xml-js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn, type TestApp } from '../helpers/test-app.js';
import { createStaff } from '../helpers/factories.js';
import { trackedCommitment } from '../helpers/commitments.js';

const elements = (element: Element | undefined, name: string): Element[] => (element?.elements ?? []).filter((child) => child.name === name);
const textOf = (element: Element | undefined): string => (element?.elements ?? []).map((child) => child.text ?? child.cdata ?? '').join('');
const idOf = (body: string, pattern: RegExp): string => {
  const found = pattern.exec(body);
  if (!found) throw new Error(`not found: ${pattern}`);
  return found[1]!;
};

for (const kind of testDatabaseKinds()) {
  describe(`the commitments pages (${kind})`, () => {
    let t: TestApp;
    let leader: PageClient;
    let overseer: PageClient;

    beforeEach(async () => {
      t = await createTestApp(kind);
      leader = await signedIn(t.app, (await createStaff(t.ctx, ['leadership'], 'Harriet Dunmore')).email);
      overseer = await signedIn(t.app, (await createStaff(t.ctx, ['overseer'], 'Ngozi Whitlock')).email);
    });
    afterEach(async () => t.close());

    it('takes leadership through every form, the overseer through a rating, and publishes it all on the scorecard, its history and the feed', async () => {
      await leader.get('/staff/commitments');
      expect((await leader.post('/staff/commitments/stakeholders', { name: 'Community Safety Alliance', description: '' })).statusCode).toBe(303);
      let desk = (await leader.get('/staff/commitments')).body;
      const stakeholderId = idOf(desk, /name="stakeholderIds" value="([^"]+)"/);

      const refusedMeeting = await leader.post('/staff/commitments/meetings', { heldOn: '2026-02-10', title: 'Meeting', minutes: 'short' });
      expect(refusedMeeting.statusCode).toBe(400);
      expect(refusedMeeting.body).toContain('There is a problem');
      expect(refusedMeeting.body).toContain('href="#field-meeting-stakeholderIds"');
      expect(refusedMeeting.body).toContain('value="2026-02-10"');

      expect(
        (await leader.post('/staff/commitments/meetings', { heldOn: '2026-02-10', title: 'Meeting on complaints', minutes: 'The alliance set out its concerns.', stakeholderIds: [stakeholderId], otherAttendees: 'Harriet Dunmore' }))
          .statusCode,
      ).toBe(303);
      desk = (await leader.get('/staff/commitments')).body;
      const meetingId = idOf(desk, /<option value="([^"]+)">2026-02-10: Meeting on complaints/);
      expect((await leader.post('/staff/commitments/demands', { meetingId, raisedBy: stakeholderId, title: 'A fixed timetable', text: 'Publish a timetable for every stage.' })).statusCode).toBe(303);
      desk = (await leader.get('/staff/commitments')).body;
      const demandId = idOf(desk, /<option value="([^"]+)">A fixed timetable \(Community Safety Alliance\)/);

      const unknownStance = await leader.post('/staff/commitments/responses', { demandId, stance: 'maybe', statement: 'Perhaps.' });
      expect(unknownStance.statusCode).toBe(400);
      expect(unknownStance.body).toContain('href="#field-response-stance"');
      expect((await leader.post('/staff/commitments/responses', { demandId, stance: 'agreed_to_implement', statement: 'We will publish one.' })).statusCode).toBe(303);

      const noOwner = await leader.post('/staff/commitments/commitments', {
        demandId,
        title: 'Publish the timetable',
        description: 'A timetable for every stage, published.',
        'actions.0.deliverable': 'The timetable',
        'actions.0.owner': '',
        'actions.0.dueOn': '2026-04-01',
      });
      expect(noOwner.statusCode).toBe(400);
      expect(noOwner.body).toContain('href="#field-commitment-actions-0-owner"');
      expect(
        (
          await leader.post('/staff/commitments/commitments', {
            demandId,
            title: 'Publish the timetable',
            description: 'A timetable for every stage, published.',
            measureKind: 'share_closed_within_months',
            measureParameter: '4',
            measureTarget: '80',
            'actions.0.deliverable': 'The timetable',
            'actions.0.owner': 'Head of Governance',
            'actions.0.dueOn': '2026-04-01',
          })
        ).statusCode,
      ).toBe(303);
      desk = (await leader.get('/staff/commitments')).body;
      const actionId = idOf(desk, /<option value="([^"]+)">The timetable \(Publish the timetable\)/);
      const commitmentId = idOf(desk, /<option value="([^"]+)">Publish the timetable<\/option>/);
      expect(
        (await leader.post('/staff/commitments/deliveries', { actionId, deliveredOn: '2026-03-01', note: 'Published on the website.', 'evidence.0.url': 'https://org.example/timetable', 'evidence.0.title': 'Timetable' }))
          .statusCode,
      ).toBe(303);
      expect((await leader.post('/staff/commitments/status', { commitmentId, status: 'completed', reason: 'The timetable is published.' })).statusCode).toBe(303);
      // Leadership has no rating form, and may not rate.
      expect(desk).not.toContain('/rate"');
      expect((await leader.post(`/staff/commitments/${commitmentId}/rate`, { rating: 'kept', reasons: 'We kept it, in our own view.' })).statusCode).toBe(403);

      const overseerDesk = await overseer.get('/staff/commitments');
      expect(overseerDesk.statusCode).toBe(200);
      expect(overseerDesk.body).not.toContain('action="/staff/commitments/status"');
      expect((await overseer.post('/staff/commitments/status', { commitmentId, status: 'withdrawn', reason: 'The overseer tries to change it.' })).statusCode).toBe(403);
      const ratePage = await overseer.get(`/staff/commitments/${commitmentId}/rate`);
      expect(ratePage.statusCode).toBe(200);
      const noReasons = await overseer.post(`/staff/commitments/${commitmentId}/rate`, { rating: 'kept', reasons: '' });
      expect(noReasons.statusCode).toBe(400);
      expect(noReasons.body).toContain('href="#field-rating-reasons"');
      const rated = await overseer.post(`/staff/commitments/${commitmentId}/rate`, { rating: 'kept', reasons: 'The timetable is published and the link works.' });
      expect(rated.statusCode).toBe(303);
      expect((await overseer.get(String(rated.headers.location))).body).toContain('Your rating is recorded and published.');

      const scorecard = await t.app.inject({ url: '/commitments' });
      expect(scorecard.statusCode).toBe(200);
      for (const expected of ['A fixed timetable', 'Raised by <strong>Community Safety Alliance</strong>', 'Agreed to implement', 'We will publish one.', 'href="https://org.example/timetable"', 'What the independent ratings mean']) {
        expect(scorecard.body).toContain(expected);
      }
      expect(scorecard.body).toMatch(/data-testid="status">Completed</);
      expect(scorecard.body).toMatch(/data-testid="rating">Kept</);
      expect(scorecard.body).toContain('Independent rating by Ngozi Whitlock');
      expect(scorecard.body).toContain('share of cases closed within 4 months of receipt, each quarter, against the target of at least 80%');

      const history = await t.app.inject({ url: `/commitments/${commitmentId}` });
      expect(history.statusCode).toBe(200);
      const headings = [...history.body.matchAll(/data-testid="history-entry"><p><strong>[^<]*<\/strong>: ([^<]*)</g)].map((match) => match[1]);
      expect(headings).toEqual([
        'Demand raised by Community Safety Alliance: A fixed timetable',
        'The organisation’s response: Agreed to implement',
        'Commitment made: Publish the timetable',
        'Action planned: The timetable',
        'Action delivered: The timetable',
        'The organisation’s status: Planned → Completed',
        'Independent rating: Kept (was Not yet rated), by Ngozi Whitlock',
      ]);
      expect((await t.app.inject({ url: '/commitments/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);

      const feed = await t.app.inject({ url: '/commitments/feed.atom' });
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['content-type']).toContain('application/atom+xml');
      const root = (xml2js(feed.body) as Element).elements!.find((element) => element.name === 'feed')!;
      expect(root.attributes?.xmlns).toBe('http://www.w3.org/2005/Atom');
      const entries = elements(root, 'entry');
      expect(entries).toHaveLength(9);
      expect(textOf(elements(entries[0], 'title')[0])).toBe('Independent rating: Kept (was Not yet rated), by Ngozi Whitlock');
      expect(elements(entries[0], 'link')[0]!.attributes?.href).toMatch(new RegExp(`/commitments/${commitmentId}$`));
    });

    it('takes documents as evidence through the delivery form, refusing a bad file whole, and publishes them for download', async () => {
      const harriet = await createStaff(t.ctx, ['leadership'], 'Harriet Dunmore');
      const client = await signedIn(t.app, harriet.email);
      const { actionIds } = await trackedCommitment(t.ctx, harriet);
      const actionId = actionIds[0]!;
      const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n% the published timetable\n%%EOF\n'));
      const csv = new Uint8Array(Buffer.from('stage,working days\nacknowledge,5\ntriage,10\n'));
      const delivery = { actionId, deliveredOn: '2026-02-18', note: 'The timetable is on the website.', 'evidence.0.url': 'https://org.example/timetable', 'evidence.0.title': 'Timetable page' };
      const nothingWritten = async () => {
        expect(await t.ctx.db.selectFrom('commitment_documents').select('id').execute()).toEqual([]);
        expect(await t.ctx.db.selectFrom('commitment_evidence').select('id').execute()).toEqual([]);
        expect((await t.ctx.db.selectFrom('commitment_actions').select('status').where('id', '=', actionId).executeTakeFirstOrThrow()).status).toBe('open');
      };

      const desk = await client.get('/staff/commitments');
      expect(desk.body).toContain('action="/staff/commitments/deliveries" enctype="multipart/form-data"');
      expect(desk.body).toContain('name="documents.0.file" type="file"');

      // An executable named .pdf (and claimed by the browser to be a PDF) refuses the whole delivery, naming the file.
      const exe = await client.postMultipart('/staff/commitments/deliveries', { ...delivery, 'documents.1.title': 'Figures' }, [
        { name: 'documents.0.file', filename: 'timetable.pdf', bytes: pdf, type: 'application/pdf' },
        { name: 'documents.1.file', filename: 'report.pdf', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), type: 'application/pdf' },
      ]);
      expect(exe.statusCode).toBe(415);
      expect(exe.body).toContain('report.pdf is not a file type we accept. Attach a PDF, a PNG or JPEG image, plain text or CSV instead.');
      expect(exe.body).toContain('href="#field-delivery-documents-1-file"');
      expect(exe.body).toContain('value="Figures"');
      await nothingWritten();
      // A web page, sent as text.
      const page = await client.postMultipart('/staff/commitments/deliveries', delivery, [{ name: 'documents.0.file', filename: 'notes.txt', bytes: new Uint8Array(Buffer.from('<html><script>alert(1)</script></html>')), type: 'text/plain' }]);
      expect(page.statusCode).toBe(415);
      expect(page.body).toContain('notes.txt is not a file type we accept.');
      await nothingWritten();
      // A title with no file.
      const noFile = await client.postMultipart('/staff/commitments/deliveries', { ...delivery, 'documents.1.title': 'The report' }, [{ name: 'documents.0.file', filename: 'timetable.pdf', bytes: pdf }]);
      expect(noFile.statusCode).toBe(400);
      expect(noFile.body).toContain('Choose the file for “The report”, or clear its title.');
      expect(noFile.body).toContain('href="#field-delivery-documents-1-file"');
      await nothingWritten();
      // Without the CSRF token, nothing.
      expect((await client.post('/staff/commitments/deliveries', delivery, { csrf: false })).statusCode).toBe(403);
      await client.get('/staff/commitments');
      await nothingWritten();

      const sent = await client.postMultipart('/staff/commitments/deliveries', { ...delivery, 'documents.0.title': 'The timetable as published' }, [
        { name: 'documents.0.file', filename: 'timetable.pdf', bytes: pdf, type: 'text/html' },
        { name: 'documents.1.file', filename: 'Zeitplan über Fristen.csv', bytes: csv },
      ]);
      expect(sent.statusCode).toBe(303);
      const rows = await t.ctx.db.selectFrom('commitment_documents').selectAll().orderBy('position').execute();
      expect(rows.map((row) => [row.title, row.filename, row.media_type])).toEqual([
        ['The timetable as published', 'timetable.pdf', 'application/pdf'],
        ['Zeitplan über Fristen.csv', 'Zeitplan über Fristen.csv', 'text/csv'],
      ]);

      const scorecard = await t.app.inject({ url: '/commitments' });
      expect(scorecard.body).toContain('href="https://org.example/timetable"');
      expect(scorecard.body).toContain(`href="/commitments/documents/${rows[0]!.id}" download="timetable.pdf">The timetable as published</a>`);
      expect(scorecard.body).toContain(`<code class="hash">${createHash('sha256').update(pdf).digest('hex')}</code>`);
      expect(scorecard.body).toContain(`(PDF, ${pdf.byteLength} bytes, file timetable.pdf)`);
      expect(scorecard.body).toContain(`<code class="hash">${createHash('sha256').update(csv).digest('hex')}</code>`);
      expect((await client.get('/staff/commitments')).body).toMatch(new RegExp(`data-testid="desk-delivered-action"[\\s\\S]*href="/commitments/documents/${rows[1]!.id}"`));

      const download = await t.app.inject({ url: `/commitments/documents/${rows[0]!.id}` });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(Buffer.from(pdf))).toBe(true);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toBe(`attachment; filename="timetable.pdf"; filename*=UTF-8''timetable.pdf`);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-security-policy']).toMatch(/^sandbox/);
      const table = await t.app.inject({ url: `/commitments/documents/${rows[1]!.id}` });
      expect(table.rawPayload.equals(Buffer.from(csv))).toBe(true);
      expect(table.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(table.headers['content-disposition']).toBe(`attachment; filename="Zeitplan _ber Fristen.csv"; filename*=UTF-8''Zeitplan%20%C3%BCber%20Fristen.csv`);

      const unknown = await t.app.inject({ url: '/commitments/documents/00000000-0000-4000-8000-000000000000' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers['content-type']).toContain('text/html');
    });

    it('refuses the tracker to staff without a part in it', async () => {
      const manager = await signedIn(t.app, (await createStaff(t.ctx, ['case_manager'])).email);
      expect((await manager.get('/staff/commitments')).statusCode).toBe(403);
      await manager.get('/staff/account');
      expect((await manager.post('/staff/commitments/stakeholders', { name: 'Someone' })).statusCode).toBe(403);
      expect(await t.ctx.db.selectFrom('stakeholders').selectAll().execute()).toEqual([]);
    });
  });
}
