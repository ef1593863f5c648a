import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { axeViolations, describeFindings, launchBrowser, newPerson, serveTestApp, type AxeFinding, type ServedApp } from './browser.js';
import type { DatabaseKind } from '../../src/db/connection.js';
import { TEST_PASSWORD } from './factories.js';

/**
 * What a browser journey test needs, with its hooks registered: the served
 * app, a fresh browser context per person, axe on any page (serious and
 * critical findings fail the test softly, so every page is still checked),
 * and the Content-Security-Policy violations the pages reported.
 */
export function useBrowserJourney(kind: DatabaseKind) {
  // Launched in beforeEach (once), not beforeAll, so a missing browser fails each test rather than skipping it.
  let browser: Browser | undefined;
  let served: ServedApp | undefined;
  const contexts: BrowserContext[] = [];
  const cspViolations: string[][] = [];
  const findings: AxeFinding[] = [];

  beforeEach(async () => {
    browser ??= await launchBrowser();
    served = await serveTestApp(kind);
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await served?.close();
    const lesser = findings.filter((finding) => finding.impact !== 'serious' && finding.impact !== 'critical');
    if (lesser.length > 0) console.warn(`Accessibility findings below "serious" (${kind}):\n${describeFindings(lesser)}`);
    findings.length = 0;
    cspViolations.length = 0;
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    app: (): ServedApp => served!,
    async person(): Promise<Page> {
      const opened = await newPerson(browser!, served!.baseUrl);
      contexts.push(opened.context);
      cspViolations.push(opened.cspViolations);
      return opened.page;
    },
    async checkAccessibility(page: Page, name: string): Promise<void> {
      const found = await axeViolations(page, name);
      findings.push(...found);
      const serious = found.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
      expect.soft(serious, `serious or critical accessibility violations on ${name}:\n${describeFindings(serious)}`).toEqual([]);
    },
    cspViolations: (): string[] => cspViolations.flat(),
  };
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/staff');
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Sign out/ }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** Opens a case from the dashboard, as someone starting their day would. */
export async function openCaseFromDashboard(page: Page, reference: string): Promise<void> {
  await page.getByRole('link', { name: reference }).first().click();
  await page.getByText(reference, { exact: true }).first().waitFor();
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).innerText({ timeout: 5_000 })).trim();
}

/** A group of radios or checkboxes, found by its legend. */
export function group(within: Page | Locator, legend: string): Locator {
  return within.getByRole('group', { name: legend, exact: true });
}
