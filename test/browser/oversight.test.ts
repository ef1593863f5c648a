import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserJourney } from '../helpers/browser-journey.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';
import { issueCheckpoint } from '../../src/services/ledger/issue-checkpoint.js';
import { today } from '../../src/services/cases/case-clock.js';

/**
 * The overseer, as a new user would, on the demonstration data: which cases
 * are late and why, who contacted whom about which case, whether any panel
 * member sat with a conflict, and whether the record is intact. Leadership,
 * signed in the same way, sees figures and no case. Every page is checked
 * with axe-core.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the overseer's desk in a browser (${kind})`, () => {
    const journey = useBrowserJourney(kind);
    const { person, checkAccessibility } = journey;

    async function signInAs(page: Page, email: string, password: string, landing: string): Promise<void> {
      await page.goto('/login');
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === landing);
    }

    it('answers the four questions from the desk, and shows leadership no case', { timeout: 180_000 }, async () => {
      const t = journey.app();
      const demo = await loadDemo({ ctx: t.ctx, caseCount: 60 });
      await issueCheckpoint({ ctx: t.ctx, key: t.ledgerKey, force: true });
      const overseerEmail = demo.accounts.find((account) => account.roles.includes('overseer'))!.email;
      const leaderEmail = demo.accounts.find((account) => account.roles.includes('leadership'))!.email;
      // Past a stage deadline, with the clock running; an appeal window is the parties' time, and closes by itself (see the timeliness page).
      const late = await t.ctx.db
        .selectFrom('cases')
        .select('reference')
        .where('closed_at', 'is', null)
        .where('paused_since', 'is', null)
        .where('stage', '!=', 'appeal_window')
        .where('stage_due_on', '<', today(t.ctx))
        .execute();
      expect(late.length).toBeGreaterThan(0);

      const overseer = await person();
      await signInAs(overseer, overseerEmail, demo.password, '/oversight');
      await overseer.getByRole('heading', { name: 'Overseer’s desk', level: 1 }).waitFor();
      await checkAccessibility(overseer, 'desk summary');

      // Which cases are late, and why?
      await overseer.getByRole('navigation', { name: 'Overseer’s desk' }).getByRole('link', { name: 'Timeliness' }).click();
      await overseer.getByRole('heading', { name: 'Cases late now' }).waitFor();
      for (const { reference } of late.slice(0, 3)) await expect(overseer.getByText(reference).first().isVisible()).resolves.toBe(true);
      await checkAccessibility(overseer, 'timeliness');

      // Who contacted whom about which case?
      await overseer.getByRole('navigation', { name: 'Overseer’s desk' }).getByRole('link', { name: 'Interference register' }).click();
      await overseer.getByRole('heading', { name: 'Interference register', level: 1 }).waitFor();
      await expect(overseer.getByTestId('contact-row').count()).resolves.toBeGreaterThanOrEqual(2);
      await expect(overseer.getByText('Harriet Dunmore, General Secretary').isVisible()).resolves.toBe(true);
      await expect(overseer.getByTestId('emergency-row').count()).resolves.toBe(1);
      await expect(overseer.getByTestId('refused-row').count()).resolves.toBeGreaterThanOrEqual(1);
      await checkAccessibility(overseer, 'interference register');

      // Did any panel member sit with a conflict?
      await overseer.getByRole('navigation', { name: 'Overseer’s desk' }).getByRole('link', { name: 'Fairness' }).click();
      await overseer.getByRole('heading', { name: 'Did anyone sit with a conflict?' }).waitFor();
      await checkAccessibility(overseer, 'fairness');

      // Is the record intact?
      await overseer.getByRole('navigation', { name: 'Overseer’s desk' }).getByRole('link', { name: 'The record' }).click();
      await overseer.getByRole('button', { name: 'Verify the record' }).click();
      await expect(overseer.getByTestId('verification').innerText()).resolves.toMatch(/^Verified:/);
      await overseer.getByRole('button', { name: 'Save the latest checkpoint as my state' }).click();
      await overseer.getByText('Intact since you saved it.').waitFor();
      await checkAccessibility(overseer, 'the record');

      // The overseer opens no case.
      const anyCase = await t.ctx.db.selectFrom('cases').select('id').limit(1).executeTakeFirstOrThrow();
      const refused = await overseer.goto(`/staff/cases/${anyCase.id}`);
      expect(refused?.status()).toBe(403);

      const leader = await person();
      await signInAs(leader, leaderEmail, demo.password, '/staff/statistics');
      await leader.getByRole('heading', { name: 'Complaints in figures' }).waitFor();
      await checkAccessibility(leader, 'statistics for leadership');
      expect(await leader.getByRole('link', { name: 'Cases' }).count()).toBe(0);
      expect((await leader.goto('/staff/cases'))?.status()).toBe(403);
      expect((await leader.goto(`/staff/cases/${anyCase.id}`))?.status()).toBe(403);
      expect(journey.cspViolations()).toEqual([]);
    });
  });
}
