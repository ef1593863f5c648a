import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { DatabaseKind } from '../../src/db/connection.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Helpers for the browser tests: a real Chromium (Debian's, driven by
 * playwright-core) against the app listening on a real port, with axe-core for
 * accessibility checks.
 */

const require = createRequire(import.meta.url);

const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Chromium; a missing browser fails the run with what to do, it never skips. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.REDRESS_BROWSER ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `The browser tests need Chromium at ${executablePath}, and it is not there. Install it (apt-get install -y chromium) or set REDRESS_BROWSER to a Chromium executable.`,
    );
  }
  return chromium.launch({ executablePath, args: BROWSER_ARGS });
}

export type ServedApp = TestApp & { baseUrl: string };

/** The test app on a fresh database of the given kind, really listening on a free local port. */
export async function serveTestApp(kind: DatabaseKind): Promise<ServedApp> {
  const t = await createTestApp(kind);
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await t.close();
    throw error;
  }
  const { port } = t.app.server.address() as AddressInfo;
  return { ...t, baseUrl: `http://127.0.0.1:${port}` };
}

/**
 * A browser context (a fresh cookie jar: one person at one computer) that
 * records every Content-Security-Policy violation its pages report.
 */
export async function newPerson(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page; cspViolations: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB' });
  const cspViolations: string[] = [];
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(`${message.location().url}: ${message.text()}`);
  });
  return { context, page: await context.newPage(), cspViolations };
}

export type AxeFinding = { page: string; id: string; impact: string; help: string; targets: string[] };

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
let axeSource: string | null = null;

/**
 * Runs axe-core on the page as it stands and returns every violation, one
 * finding per rule. axe is evaluated through the DevTools protocol rather than
 * added as an inline <script>, so the pages keep their strict CSP.
 */
export async function axeViolations(page: Page, name: string): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
    const scope = globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResult> }; document: unknown };
    const result = await scope.axe.run(scope.document, { runOnly: tags, resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  }, AXE_TAGS);
  return violations.map((violation) => ({ page: name, ...violation }));
}

export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((finding) => `[${finding.impact}] ${finding.page}: ${finding.id} (${finding.help}) at ${finding.targets.join(', ')}`).join('\n');
}
