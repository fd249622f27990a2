// The card says where each line came from and what it did not use, and confirming opens the workspace on
// the bars the preview used: offline, AAPL cannot be loaded, so both run on labelled synthetic bars and
// the workspace offers to retry AAPL (and to go back when that fails again).
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, useSession } from './harness';

const REQUEST =
  'my strat: AAPL, buy when RSI(14) drops below 30, sell when it rises above 70, 3% stop, 0.1% fee pls';

async function say(page: Page, text: string): Promise<Locator> {
  const before = await page.locator('[data-role="assistant"]').count();
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-input').press('Enter');
  const answer = page.locator('[data-role="assistant"]').nth(before);
  await answer.getByTestId('understanding-card').waitFor({ timeout: 30_000 });
  return answer.getByTestId('understanding-card');
}

const marks = (card: Locator) => card.getByTestId('request').locator('mark').allTextContents();
const line = (card: Locator, text: RegExp) => card.getByTestId('summary').locator('li', { hasText: text });

/** WCAG contrast of the first mark's text on its background, in the page's current theme. */
function markContrast(page: Page): Promise<number> {
  return page.evaluate(() => {
    const mark = document.querySelector('[data-testid="request"] mark');
    if (!mark) return 0;
    const s = getComputedStyle(mark);
    const lum = (c: string) => {
      const [r, g, b] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => {
        const v = Number(x) / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
}

describe.skipIf(skipReason !== null)('where the card read each line from, and the data it ran on', () => {
  const s = useSession();

  it('marks the words of a hovered or focused line, lists the words not used, and keeps the preview bars', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    const card = await say(page, REQUEST);

    await expect(card.getByTestId('unused').textContent()).resolves.toBe("Not used: 'my strat', 'pls'");
    const assumed = await card.getByTestId('assumptions').textContent();
    expect(assumed).not.toMatch(/no fee|stop/);
    await expect(marks(card)).resolves.toEqual([]);

    await line(card, /^Buy /).hover();
    await expect(marks(card)).resolves.toEqual(['buy when RSI(14) drops below 30']);
    await screenshot(page, 'chat-sources-1-hover-buy');
    await line(card, /^Sell /).hover();
    await expect(marks(card)).resolves.toEqual(['sell when it rises above 70']);
    // Keyboard: focusing the stop line marks its words, as hovering does.
    await line(card, /stop loss/).focus();
    await expect(marks(card)).resolves.toEqual(['3% stop']);
    await screenshot(page, 'chat-sources-2-focus-stop');
    const settings = card.locator('dd[data-traced]', { hasText: /fee 0\.1%/ });
    await settings.focus();
    await expect(marks(card)).resolves.toEqual(['0.1% fee']);
    await card.locator('dd[data-traced]', { hasText: /AAPL/ }).focus();
    await expect(marks(card)).resolves.toEqual(['AAPL']);

    // The marks are readable in both themes (WCAG AA, 4.5:1).
    const theme = (t: string) =>
      page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
      }, t);
    const before = await page.evaluate(() => document.documentElement.dataset.theme ?? 'dark');
    await theme('dark');
    const dark = await markContrast(page);
    await screenshot(page, 'chat-sources-3-dark-theme');
    await theme('light');
    const light = await markContrast(page);
    await theme(before);
    expect(dark).toBeGreaterThanOrEqual(4.5);
    expect(light).toBeGreaterThanOrEqual(4.5);

    // AAPL cannot be downloaded here: the preview says so and runs on synthetic bars...
    await card.getByTestId('preview').waitFor({ timeout: 60_000 });
    const preview = await card.getByTestId('preview').textContent();
    expect(preview).toMatch(/AAPL could not be loaded/);
    const previewBars = /([\d,]+) bars/.exec(preview ?? '')?.[1];
    expect(previewBars).toBeDefined();

    // ...and the workspace opens on the same bars, labelled, not on a data error.
    await card.getByTestId('confirm').click();
    await page.waitForURL(/\/strategies\/[A-Za-z0-9_-]+/, { timeout: 30_000 });
    const note = page.getByTestId('data-fallback');
    await note.waitFor({ timeout: 60_000 });
    await expect(note.textContent()).resolves.toMatch(
      /^Synthetic bars: yahoo:AAPL could not be loaded \(yahoo:AAPL: .+\)/,
    );
    await page.locator('[data-testid="chart"] canvas').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('headline').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('data-error').count()).resolves.toBe(0);
    await expect(page.getByText('No data loaded.').count()).resolves.toBe(0);
    await expect(page.locator('body').textContent()).resolves.toContain(`${previewBars} bars`);
    await expect(page.getByTestId('clean').count()).resolves.toBe(1);
    await screenshot(page, 'chat-sources-4-workspace-fallback');

    // Retrying AAPL fails again offline: the error is shown with the way back to the stand-in bars.
    await page.getByTestId('retry-data').click();
    await page.getByTestId('data-error').waitFor({ timeout: 60_000 });
    await page.getByTestId('use-fallback').waitFor();
    await screenshot(page, 'chat-sources-5-retry-failed');
    await page.getByTestId('use-fallback').click();
    await page.getByTestId('retry-data').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="chart"] canvas').first().waitFor({ timeout: 60_000 });
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('the first suggested example opens on its preview data too', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    await page.getByTestId('suggestion').first().click();
    const card = page.getByTestId('understanding-card').last();
    await card.getByTestId('preview').waitFor({ timeout: 60_000 });
    await card.getByTestId('confirm').click();
    await page.waitForURL(/\/strategies\/[A-Za-z0-9_-]+/, { timeout: 30_000 });
    await page.getByTestId('data-fallback').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="chart"] canvas').first().waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('data-error').count()).resolves.toBe(0);
    await expect(page.getByTestId('trade-row').count()).resolves.toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
