// Paper trading end to end: a strategy deployed from the workspace's "Run on paper" on its replayed
// synthetic bars (BACKTALK_REPLAY_MS small), the dashboard updating live over the socket, then paused
// and stopped. Screenshots go to artifacts/e2e/dashboard-*.png.
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, useSession } from './harness';

const WAIT = { timeout: 30_000 };

describe.skipIf(skipReason !== null)('dashboard', () => {
  const session = useSession({ BACKTALK_REPLAY_MS: '250' });

  it('deploys a strategy to paper, sees it update live, pauses and stops it', async () => {
    const { app, browser } = session;
    const { page, errors } = await newPage(browser);
    const made = await fetch(`${app.url}/api/strategies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ exampleId: 'sma-cross' }),
    });
    expect(made.status).toBe(201);
    const { strategy } = (await made.json()) as { strategy: { id: string; name: string } };
    await page.goto(`${app.url}/strategies/${strategy.id}`);
    await page.getByTestId('run-on-paper').click();
    const dialog = page.getByTestId('paper-dialog');
    await dialog.getByTestId('paper-start').waitFor(WAIT);
    await screenshot(page, 'dashboard-01-run-on-paper');
    await dialog.getByTestId('paper-start').click();
    await expect
      .poll(async () => (await dialog.getByTestId('paper-result').textContent()) ?? '', WAIT)
      .toMatch(/is trading on paper/);

    await page.goto(`${app.url}/dashboard`);
    const card = page.locator('[data-testid^="paper-run-"]').first();
    await card.waitFor(WAIT);
    const lastBar = () => card.getByTestId('paper-last-bar').textContent();
    await expect.poll(lastBar, WAIT).not.toBe('—');
    const first = await lastBar();
    // Live: without a reload the last bar moves on and the live region speaks.
    await expect.poll(lastBar, WAIT).not.toBe(first);
    await expect
      .poll(async () => (await page.getByTestId('paper-live').textContent()) ?? '', WAIT)
      .toMatch(/equity/);
    expect(await page.getByTestId('paper-prices').textContent()).toContain('replay:');
    await screenshot(page, 'dashboard-02-live');

    await card.getByRole('button', { name: /^Pause / }).click();
    await expect.poll(() => card.getByTestId('paper-status').textContent(), WAIT).toBe('paused');
    const paused = await lastBar();
    await page.waitForTimeout(1500);
    expect(await lastBar()).toBe(paused);
    await screenshot(page, 'dashboard-03-paused');
    await card.getByRole('button', { name: /^Stop / }).click();
    await expect.poll(() => card.getByTestId('paper-status').textContent(), WAIT).toBe('stopped');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'dashboard-04-stopped-390');
    // At 390 px nothing makes the page scroll sideways (the header's nav scrolls within itself).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: /theme/i }).first().click();
    await screenshot(page, 'dashboard-05-stopped-390-other-theme');
    expect(errors).toEqual([]);
  });
});
