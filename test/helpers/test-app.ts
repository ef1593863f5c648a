import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { generateSigningKey, type SigningKey } from '../../src/ledger/checkpoint.js';
import type { DatabaseKind } from '../../src/db/connection.js';
import { createTestContext, type TestContext } from './test-context.js';
import { TEST_PASSWORD } from './factories.js';

export type TestApp = TestContext & { app: FastifyInstance; ledgerKey: SigningKey };

export async function createTestApp(kind: DatabaseKind, options: { organisation?: string; publicRequestsPerMinute?: number; singleSignOnClientSecret?: string } = {}): Promise<TestApp> {
  const context = await createTestContext(kind, options);
  const ledgerKey = generateSigningKey('redress.test/ledger');
  const app = await buildApp({ ctx: context.ctx, ledgerKey: () => ledgerKey, cookieSecret: 'test-cookie-secret-of-enough-length', publicRequestsPerMinute: options.publicRequestsPerMinute ?? 1000 });
  return {
    ...context,
    app,
    ledgerKey,
    close: async () => {
      await app.close();
      await context.close();
    },
  };
}

/**
 * A browser-like client over `inject`: it keeps cookies, and reads the CSRF
 * token from the last page, as a person's browser would.
 */
export class PageClient {
  private cookies = new Map<string, string>();
  private csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now())) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }));
  }

  /** Posts a url-encoded form, adding the page's CSRF token unless told not to. */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (options.csrf !== false) body.append('_csrf', this.csrf);
    for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    return this.remember(
      await this.app.inject({ method: 'POST', url, payload: body.toString(), headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } }),
    );
  }

  /** Posts a multipart form with files, as the complaint forms are sent. */
  async postMultipart(url: string, fields: Record<string, string | string[]>, files: { name: string; filename: string; bytes: Uint8Array; type?: string }[] = []): Promise<LightMyRequestResponse> {
    const form = new FormData();
    form.append('_csrf', this.csrf);
    for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
    for (const file of files) form.append(file.name, new Blob([Buffer.from(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.filename);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const payload = Buffer.from(await request.arrayBuffer());
    return this.remember(
      await this.app.inject({ method: 'POST', url, payload, headers: { cookie: this.cookieHeader(), 'content-type': request.headers.get('content-type')! } }),
    );
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/login');
    return this.post('/login', { email, password });
  }
}

/** A browser-like client signed in as the given member of staff (the test password), failing the test if sign-in does not succeed. */
export async function signedIn(app: FastifyInstance, email: string): Promise<PageClient> {
  const client = new PageClient(app);
  const response = await client.signIn(email, TEST_PASSWORD);
  if (response.statusCode !== 303) throw new Error(`signing in as ${email} answered ${response.statusCode}`);
  return client;
}
