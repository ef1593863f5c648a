import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, type TestApp } from '../helpers/test-app.js';

const VALID = {
  relation: 'witness',
  anonymous: 'yes',
  'respondent.name': 'A. Fictional Member',
  summary: 'Antisemitic post in the branch group',
  description: 'A member posted that “they” control the banks and the media, in the branch chat group, and others joined in.',
  onlinePlatform: 'Group chat',
  onlineUrl: 'https://chat.example/branch/123',
  clauses: ['ihra-wda@2016-05-26#ex-2', 'example-rulebook@1#R3'],
  'links.0.url': 'https://chat.example/branch/123/message/9',
};

for (const kind of testDatabaseKinds()) {
  describe(`public complaint pages (${kind})`, () => {
    let t: TestApp;
    let browser: PageClient;
    beforeEach(async () => {
      t = await createTestApp(kind);
      browser = new PageClient(t.app);
    });
    afterEach(async () => t.close());

    it('takes an anonymous complaint with a file, shows the receipt once, and the receipt opens the status page', async () => {
      const form = await browser.get('/complaints/new');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('ex-6: Accusing Jewish citizens of dual loyalty');
      const sent = await browser.postMultipart('/complaints', VALID, [{ name: 'evidence', filename: '../../etc/screenshot.txt', bytes: new TextEncoder().encode('they control the banks') }]);
      expect(sent.statusCode).toBe(201);
      expect(sent.body).toContain('RDR-2026-000001');
      const code = /data-testid="receipt-code">([\d ]+)</.exec(sent.body)?.[1];
      expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      // The hash of the file is shown, and the path in its name is gone.
      expect(sent.body).toContain('etc_screenshot.txt'.replace('etc_', ''));
      expect(sent.body).toMatch(/[0-9a-f]{64}/);

      await browser.get('/status');
      const status = await browser.post('/status', { receiptCode: code! });
      expect(status.statusCode).toBe(200);
      expect(status.body).toContain('RDR-2026-000001');
      expect(status.body).toContain('Received');
    });

    it('refuses an incomplete complaint with a 400 that keeps what was typed and names each problem', async () => {
      await browser.get('/complaints/new');
      const sent = await browser.postMultipart('/complaints', { ...VALID, anonymous: 'no', summary: 'ok', description: '<script>alert(1)</script> too short' });
      expect(sent.statusCode).toBe(400);
      expect(sent.body).toContain('There is a problem');
      expect(sent.body).toContain('Enter your name, or choose to complain anonymously.');
      expect(sent.body).toContain('Give a short summary of at least 5 characters.');
      expect(sent.body).toContain('&lt;script>alert(1)&lt;/script> too short');
      expect(sent.body).not.toContain('<script>alert(1)</script>');
      expect(await t.ctx.db.selectFrom('cases').select('id').execute()).toHaveLength(0);
    });

    it('refuses a file that is not an accepted type, whatever its name says, and saves nothing', async () => {
      await browser.get('/complaints/new');
      const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);
      const sent = await browser.postMultipart('/complaints', VALID, [{ name: 'evidence', filename: 'photo.png', bytes: exe, type: 'image/png' }]);
      expect(sent.statusCode).toBe(415);
      expect(sent.body).toContain('photo.png is not a file type we accept.');
      expect(await t.ctx.db.selectFrom('cases').select('id').execute()).toHaveLength(0);
    });

    it('refuses an oversized upload cleanly with 413', async () => {
      const small = await createTestApp(kind, { organisation: 'uploads:\n  maxFileBytes: 2048\n' });
      try {
        const client = new PageClient(small.app);
        await client.get('/complaints/new');
        const sent = await client.postMultipart('/complaints', VALID, [{ name: 'evidence', filename: 'big.txt', bytes: new Uint8Array(4096).fill(65) }]);
        expect(sent.statusCode).toBe(413);
        expect(await small.ctx.db.selectFrom('cases').select('id').execute()).toHaveLength(0);
      } finally {
        await small.close();
      }
    });

    it('refuses a form posted without its CSRF token', async () => {
      await browser.get('/complaints/new');
      const sent = await browser.post('/status', { receiptCode: '1234 5678 9012 3456' }, { csrf: false });
      expect(sent.statusCode).toBe(403);
      expect(sent.body).toContain('This form has expired');
    });

    it('answers a wrong receipt code with a 404 on the form, not an error page', async () => {
      await browser.get('/status');
      const status = await browser.post('/status', { receiptCode: '0000 0000 0000 0000' });
      expect(status.statusCode).toBe(404);
      expect(status.body).toContain('No complaint matches that receipt code');
      const malformed = await browser.post('/status', { receiptCode: '12' });
      expect(malformed.statusCode).toBe(400);
    });

    it('serves health, readiness and the OpenAPI document', async () => {
      expect((await t.app.inject('/healthz')).statusCode).toBe(200);
      expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
      const openapi = (await t.app.inject('/api/openapi.json')).json();
      expect(openapi.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.paths)).toContain('/api/v1/complaints');
      expect(Object.keys(openapi.paths).every((path: string) => path.startsWith('/api/v1'))).toBe(true);
    });
  });
}
