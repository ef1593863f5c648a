import { describe, expect, it } from 'vitest';
import { useBrowserJourney } from '../helpers/browser-journey.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';

/**
 * A member of the public, as a new user would, on the demonstration data:
 * from the home page to the register of published decisions, a search by
 * clause, one decision read in full, and on to the scorecard of the
 * organisation's commitments. Every page is checked with axe-core.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the published decisions in a browser (${kind})`, () => {
    const journey = useBrowserJourney(kind);
    const { person, checkAccessibility } = journey;

    it('finds decisions by clause, reads one, and goes on to the commitments', { timeout: 180_000 }, async () => {
      const t = journey.app();
      await loadDemo({ ctx: t.ctx, caseCount: 60 });
      const published = await t.ctx.db.selectFrom('decision_summaries').select(['number', 'facts']).where('status', '=', 'published').execute();
      expect(published.length).toBeGreaterThan(0);

      const visitor = await person();
      await visitor.goto('/');
      await visitor.getByRole('link', { name: 'Published decisions' }).click();
      await visitor.getByRole('heading', { name: 'Published decisions', level: 1 }).waitFor();
      await checkAccessibility(visitor, 'the register of decisions');

      const clause = visitor.getByLabel('Clause of the code');
      const choices = (await clause.locator('option').allInnerTexts()).filter((label) => label !== 'Any clause');
      expect(choices.length).toBeGreaterThan(0);
      await clause.selectOption({ label: choices[0]! });
      await visitor.getByRole('button', { name: /Search/ }).click();
      await visitor.waitForURL((url) => url.searchParams.has('clause'));
      await checkAccessibility(visitor, 'the register searched by clause');

      const first = visitor.getByRole('link', { name: /^\d{4}\/\d+$/ }).first();
      const number = await first.innerText();
      await first.click();
      await visitor.getByRole('heading', { name: `Decision ${number}`, level: 1 }).waitFor();
      await visitor.getByRole('heading', { name: 'The reasons' }).waitFor();
      await checkAccessibility(visitor, 'a published decision');

      await visitor.goto('/');
      await visitor.getByRole('link', { name: 'Our commitments' }).click();
      await visitor.waitForURL((url) => url.pathname === '/commitments');
      await checkAccessibility(visitor, 'the scorecard');
      expect(journey.cspViolations()).toEqual([]);
    });
  });
}
