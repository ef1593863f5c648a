import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useBrowserJourney } from '../helpers/browser-journey.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';

/**
 * A member of the public, as a new user would, on the demonstration data:
 * from the home page to the figures, another period chosen, and the CSV
 * downloaded. Every page is checked with axe-core.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the public statistics in a browser (${kind})`, () => {
    const journey = useBrowserJourney(kind);
    const { person, checkAccessibility } = journey;

    it('opens the figures, reads the charts and tables, chooses a year and downloads the CSV', { timeout: 180_000 }, async () => {
      const t = journey.app();
      await loadDemo({ ctx: t.ctx, caseCount: 60 });

      const visitor = await person();
      await visitor.goto('/');
      await visitor.getByRole('link', { name: 'Complaints in figures' }).click();
      await visitor.getByRole('heading', { name: /^Complaints in figures: / , level: 1 }).waitFor();
      await expect(visitor.getByRole('img', { name: /Complaints received by quarter/ }).count()).resolves.toBe(1);
      await expect(visitor.getByRole('img', { name: /Time taken against the published limits/ }).count()).resolves.toBe(1);
      await expect(visitor.locator('caption', { hasText: 'Complaints received, by channel' }).count()).resolves.toBe(1);
      await expect(visitor.getByRole('heading', { name: 'About the figures' }).isVisible()).resolves.toBe(true);
      await checkAccessibility(visitor, 'the statistics page');

      const chooser = visitor.getByLabel('Show the figures for');
      const options = await chooser.locator('option').allInnerTexts();
      const year = options.find((option) => option.startsWith('Year: '));
      expect(year).toBeDefined();
      await chooser.selectOption({ label: year! });
      await visitor.getByRole('button', { name: 'Show' }).click();
      await visitor.getByRole('heading', { name: `Complaints in figures: the year ${year!.slice(6)}`, level: 1 }).waitFor();
      await checkAccessibility(visitor, 'the statistics page for a year');

      const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.getByRole('link', { name: 'CSV (spreadsheet)' }).click()]);
      expect(download.suggestedFilename()).toBe(`statistics-${year!.slice(6)}.csv`);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.split('\n')[0]).toBe('table,dimension,value,count');
      expect(csv).toContain('received_by_channel,Channel,Total,');
      expect(journey.cspViolations()).toEqual([]);
    });
  });
}
