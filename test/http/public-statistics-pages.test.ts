import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff } from '../helpers/factories.js';
import { readPdf } from '../helpers/read-pdf.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';

for (const kind of testDatabaseKinds()) {
  describe(`the public statistics pages (${kind})`, () => {
    let t: TestApp;
    let visitor: PageClient;
    beforeEach(async () => {
      t = await createTestApp(kind);
      visitor = new PageClient(t.app);
    });
    afterEach(async () => t.close());

    /** Seven complaints through the web form and two through the API in January to March 2026; then it is April. */
    async function receiveComplaints(): Promise<void> {
      for (let index = 0; index < 9; index += 1) {
        t.clock.set(`2026-02-${String(index + 2).padStart(2, '0')}T10:00:00Z`);
        await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: index < 7 ? 'web' : 'api' });
      }
      t.clock.set('2026-04-14T09:00:00Z');
    }

    it('says so when nothing is published yet', async () => {
      const page = await visitor.get('/statistics');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('No figures have been published yet');
    });

    it('shows the latest full quarter without signing in: figures in words, tables with captions, charts with text alternatives, and the suppression footnote', async () => {
      await receiveComplaints();
      const page = await visitor.get('/statistics');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Complaints in figures: January to March 2026');
      expect(page.body).toContain('we received <strong>9</strong> complaints');
      expect(page.body).toContain('<caption>Complaints received, by channel</caption>');
      expect(page.body).toContain('<th scope="row">Public web form</th>');
      // API (2) is hidden and web (7) with it, so neither can be worked out from the total of 9.
      expect(page.body).toMatch(/Public web form<\/th><td>fewer than 5/);
      expect(page.body).toMatch(/API<\/th><td>fewer than 5/);
      expect(page.body).toContain('role="img"');
      expect(page.body).toContain('<title id="chart-received-title">Complaints received by quarter</title>');
      expect(page.body).toContain('id="about-the-figures"');
      expect(page.body).toContain('complementary suppression');
      expect(page.body).toContain('href="/statistics/2026-Q1.csv"');
      expect(page.body).toContain('<option value="2026-Q1" selected');
    });

    it('shows a chosen period, and refuses a malformed one (400) or one not yet ended (404), naming it', async () => {
      await receiveComplaints();
      expect((await visitor.get('/statistics?period=2026-Q1')).statusCode).toBe(200);
      const malformed = await visitor.get('/statistics?period=spring-2026');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.body).toContain('spring-2026');
      const future = await visitor.get('/statistics?period=2026-Q2');
      expect(future.statusCode).toBe(404);
      expect(future.body).toContain('2026-Q2');
      for (const extension of ['csv', 'json', 'pdf']) {
        const bad = await visitor.get(`/statistics/2026-Q9.${extension}`);
        expect(bad.statusCode).toBe(400);
        expect(bad.body).toContain('2026-Q9');
        expect((await visitor.get(`/statistics/2027.${extension}`)).statusCode).toBe(404);
      }
    });

    it('downloads the figures as one tidy CSV table, as JSON stating the rule, and as a PDF', async () => {
      await receiveComplaints();
      const csv = await visitor.get('/statistics/2026-Q1.csv');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain('statistics-2026-Q1.csv');
      expect(csv.headers['x-content-type-options']).toBe('nosniff');
      expect(csv.headers['content-security-policy']).toContain('sandbox');
      const lines = csv.body.trim().split('\n');
      expect(lines[0]).toBe('table,dimension,value,count');
      expect(lines).toContain('received_by_channel,Channel,Public web form,suppressed');
      expect(lines).toContain('received_by_channel,Channel,API,suppressed');
      expect(lines).toContain('received_by_channel,Channel,Telephone,0');
      expect(lines).toContain('received_by_channel,Channel,Total,9');

      const json = await visitor.get('/statistics/2026-Q1.json');
      expect(json.statusCode).toBe(200);
      const report = JSON.parse(json.body);
      expect(report.version).toBe(2);
      expect(report.period).toMatchObject({ id: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
      expect(report.suppression.threshold).toBe(5);
      expect(report.suppression.rule).toContain('fewer than 5');
      expect(report.received.total).toEqual({ kind: 'count', value: 9 });
      // Nothing that names a case or a person leaves in the JSON.
      expect(json.body).not.toMatch(/RDR-2026|respondent_name|complainant_name/);

      const pdf = await visitor.get('/statistics/2026-Q1.pdf');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const text = (await readPdf(pdf.rawPayload)).pages.flat().map((line) => line.text).join('\n');
      expect(text).toContain('Complaints in figures: January to March 2026');
      expect(text).toContain('Complaints received, by channel');
      expect(text).toContain('About the figures');
    });

    it('shows the year too', async () => {
      await receiveComplaints();
      t.clock.set('2027-01-05T09:00:00Z');
      const page = await visitor.get('/statistics?period=2026');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Complaints in figures: the year 2026');
      expect(page.body).toContain('<option value="2026" selected');
    });

    it("links leadership's statistics to the public page", async () => {
      const leader = await createStaff(t.ctx, ['leadership']);
      const client = await signedIn(t.app, leader.email);
      const page = await client.get('/staff/statistics');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('href="/statistics"');
    });
  });
}
