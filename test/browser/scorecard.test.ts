import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserJourney } from '../helpers/browser-journey.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';

/**
 * A member of the public, as a new user would, on the demonstration data:
 * the scorecard shows each demand, what the organisation said and did, its
 * own status beside the independent rating, the legend, and the live measure;
 * a commitment's history lists every change. Leadership and the overseer see
 * the staff tracker. Every page is checked with axe-core.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the commitments scorecard in a browser (${kind})`, () => {
    const journey = useBrowserJourney(kind);
    const { person, checkAccessibility } = journey;

    async function signInAs(page: Page, email: string, password: string): Promise<void> {
      await page.goto('/login');
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
    }

    it('shows the public what was asked, said and done, with the independent rating, and a commitment’s history', { timeout: 180_000 }, async () => {
      const t = journey.app();
      const demo = await loadDemo({ ctx: t.ctx, caseCount: 60 });

      const visitor = await person();
      await visitor.goto('/');
      await visitor.getByRole('link', { name: /commitments/i }).first().click();
      await visitor.getByRole('heading', { name: 'Commitments scorecard', level: 1 }).waitFor();
      await expect(visitor.getByTestId('demand').count()).resolves.toBe(6);
      await expect(visitor.getByText('Raised by Northfield Jewish Representative Council', { exact: false }).first().isVisible()).resolves.toBe(true);
      await expect(visitor.getByTestId('stance').allInnerTexts()).resolves.toEqual(expect.arrayContaining(['Agreed to implement', 'Agreed to consider', 'Declined']));
      await expect(visitor.getByTestId('rating').allInnerTexts()).resolves.toEqual(expect.arrayContaining(['Kept', 'In the works', 'Stalled']));
      await expect(visitor.getByText('Overdue', { exact: true }).count()).resolves.toBe(1);
      await expect(visitor.getByRole('heading', { name: 'What the independent ratings mean' }).isVisible()).resolves.toBe(true);
      await expect(visitor.locator('caption', { hasText: 'share of cases closed within 4 months of receipt' }).count()).resolves.toBe(1);
      await checkAccessibility(visitor, 'the scorecard');

      await visitor.getByRole('link', { name: 'Full history of “An independent overseer”' }).click();
      await visitor.getByRole('heading', { name: 'Commitment: An independent overseer', level: 1 }).waitFor();
      const history = await visitor.getByTestId('history-entry').allInnerTexts();
      expect(history[0]).toContain('Demand raised by Community Safety Alliance');
      expect(history.at(-1)).toContain('Independent rating: Kept (was In the works), by Ngozi Whitlock');
      await checkAccessibility(visitor, 'a commitment’s history');

      const leaderEmail = demo.accounts.find((account) => account.roles.includes('leadership'))!.email;
      const leader = await person();
      await signInAs(leader, leaderEmail, demo.password);
      await leader.goto('/staff/commitments');
      await leader.getByRole('heading', { name: 'Commitments tracker', level: 1 }).waitFor();
      await expect(leader.getByTestId('desk-commitment').count()).resolves.toBe(5);
      await checkAccessibility(leader, 'the staff tracker');

      const overseerEmail = demo.accounts.find((account) => account.roles.includes('overseer'))!.email;
      const overseer = await person();
      await signInAs(overseer, overseerEmail, demo.password);
      await overseer.goto('/staff/commitments');
      await overseer.getByRole('link', { name: 'rate Guidance on shared platforms' }).click();
      await overseer.getByRole('heading', { name: 'Rate: Guidance on shared platforms', level: 1 }).waitFor();
      await checkAccessibility(overseer, 'the rating form');
      expect(journey.cspViolations()).toEqual([]);
    });
  });
}
