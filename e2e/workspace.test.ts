// The live workspace end to end: create a strategy from an example, see it run (chart + statistics),
// tune it with a slider, break it and fix it in the editor, save a version and find it after a reload.
// One test, because each step starts from the screen the previous one left. Screenshots of every state
// go to artifacts/e2e/workspace-*.png.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, useSession } from './harness';

const WAIT = { timeout: 30_000 };

/** Pixels of the chart's canvases that differ from their most common colour (the background). */
async function chartInk(page: Page): Promise<{ inked: number; total: number; colors: number }> {
  return page.evaluate(() => {
    let inked = 0;
    let total = 0;
    const colors = new Set<number>();
    for (const c of document.querySelectorAll<HTMLCanvasElement>('[data-testid="chart"] canvas')) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const px = new Uint32Array(ctx.getImageData(0, 0, c.width, c.height).data.buffer);
      const counts = new Map<number, number>();
      for (let i = 0; i < px.length; i += 7) counts.set(px[i], (counts.get(px[i]) ?? 0) + 1);
      let bg = 0;
      let most = -1;
      for (const [color, n] of counts) {
        colors.add(color);
        if (n > most) {
          most = n;
          bg = color;
        }
      }
      for (let i = 0; i < px.length; i++) if (px[i] !== bg) inked++;
      total += px.length;
    }
    return { inked, total, colors: colors.size };
  });
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim();

/** Waits until the workspace has answered everything it asked for and every part shows that answer. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const status = document.querySelector<HTMLElement>('[data-testid="status"]');
      const results = document.querySelector<HTMLElement>('[data-testid="results"]');
      return (
        status?.dataset.state === 'ready' &&
        results?.dataset.seq !== undefined &&
        results.dataset.seq === results.dataset.tablesSeq
      );
    },
    null,
    WAIT,
  );
}

describe.skipIf(skipReason !== null)('workspace', () => {
  const session = useSession();

  it('creates, runs, tunes, diagnoses and saves a strategy', async () => {
    const { app, browser } = session;
    const { page, errors } = await newPage(browser);
    try {
      // The list starts empty (fresh database) and offers the examples.
      await page.goto(`${app.url}/strategies`);
      await page.getByTestId('empty-state').waitFor(WAIT);
      await screenshot(page, 'workspace-01-empty-list');
      await page.getByTestId('new-from-example').click();
      const dialog = page.getByTestId('example-dialog');
      await dialog.getByTestId('example-sma-cross').waitFor(WAIT);
      await screenshot(page, 'workspace-02-example-picker');
      await dialog.getByTestId('example-sma-cross').click();

      // The new strategy opens and runs at once: statistics, the chart drawn, the sliders of its inputs.
      await page.waitForURL(/\/strategies\/[A-Za-z0-9_-]+$/, WAIT);
      const id = new URL(page.url()).pathname.split('/').pop() as string;
      await page.getByTestId('stats').waitFor(WAIT);
      await settled(page);
      await page.getByTestId('headline-return-pct').waitFor(WAIT);
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="chart"] canvas').length > 0,
        null,
        WAIT,
      );
      // The ink check polls: ECharts paints after the result arrives.
      await expect.poll(async () => (await chartInk(page)).inked, WAIT).toBeGreaterThan(10_000);
      const ink = await chartInk(page);
      expect(ink.colors).toBeGreaterThan(8); // candles up/down, volume, lines, grid, labels
      expect(await text(page, 'data-summary')).toContain('2,500 bars');
      expect(await page.getByTestId('diagnostics').getAttribute('data-errors')).toBe('0');
      expect(Number((await text(page, 'stat-num-trades')).replace(/,/g, ''))).toBeGreaterThan(0);
      expect(await page.getByTestId('param-fast').inputValue()).toBe('20');
      expect(await page.getByTestId('param-slow').inputValue()).toBe('50');
      expect(await page.getByTestId('clean').isVisible()).toBe(true);
      await screenshot(page, 'workspace-03-first-run');

      // A slider move re-runs the backtest and the statistics change.
      const before = await text(page, 'stats');
      const beforeRaw = await page.getByTestId('stats').textContent();
      const slider = page.getByTestId('param-fast');
      await slider.focus();
      for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowRight');
      expect(await slider.inputValue()).toBe('30');
      await expect.poll(() => page.getByTestId('param-fast-value').inputValue(), WAIT).toBe('30');
      await page.waitForFunction(
        (prev) => document.querySelector('[data-testid="stats"]')?.textContent !== prev,
        beforeRaw,
        WAIT,
      );
      await settled(page);
      const tuned = await text(page, 'stats');
      const tunedHeadline = await text(page, 'headline');
      expect(tuned).not.toBe(before);
      expect(await page.getByTestId('dirty').isVisible()).toBe(true);
      await screenshot(page, 'workspace-04-slider-moved');

      // An error typed into the editor shows at its line, inline and in the list; the last good run stays.
      const line8 = page.locator('.cm-content .cm-line').nth(7);
      expect((await line8.textContent()) ?? '').toBe('s = sma(close, slow)');
      await line8.click();
      await page.keyboard.press('End');
      await page.keyboard.type(' * bogus');
      await page.keyboard.press('Escape'); // close the completion popup, if any
      const diag = page.getByTestId('diagnostic').first();
      await diag.waitFor(WAIT);
      expect(await page.getByTestId('diagnostics').getAttribute('data-errors')).toBe('1');
      expect(await diag.getAttribute('data-code')).toBe('unknown-name');
      expect((await diag.textContent()) ?? '').toContain('8:24');
      expect((await diag.textContent()) ?? '').toContain("unknown name 'bogus'");
      const marker = page.locator('.cm-line [data-testid="diagnostic-marker"]');
      await marker.waitFor(WAIT);
      expect((await marker.textContent()) ?? '').toBe('bogus');
      // The marker sits on the eighth line of the editor.
      expect(await line8.locator('[data-testid="diagnostic-marker"]').count()).toBe(1);
      expect(await page.locator('.cm-gutter-lint .cm-lint-marker-error').count()).toBe(1);
      await page.waitForSelector('[data-testid="status"][data-state="error"]', WAIT);
      expect(await text(page, 'banner-stale')).toContain('Showing the last successful run');
      expect(await text(page, 'stats')).toBe(tuned);
      expect(await text(page, 'headline')).toBe(tunedHeadline);
      expect((await chartInk(page)).inked).toBeGreaterThan(10_000);
      await screenshot(page, 'workspace-05-error');

      // Fixed: the program runs again, with the tuned parameter kept.
      for (let k = 0; k < 'bogus'.length; k++) await page.keyboard.press('Backspace');
      await page.keyboard.type('1');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="diagnostics"][data-errors="0"]', WAIT);
      await settled(page);
      expect(await page.getByTestId('banner-stale').count()).toBe(0);
      expect((await line8.textContent()) ?? '').toBe('s = sma(close, slow) * 1');
      expect(await text(page, 'stats')).toBe(tuned);
      expect(await page.getByTestId('param-fast').inputValue()).toBe('30');
      await screenshot(page, 'workspace-06-fixed');

      // Saving makes version 2 with the edited program and the tuned parameter.
      await page.getByTestId('save').click();
      await page.waitForSelector('[data-testid="notice"]:has-text("Saved as v2")', WAIT);
      await page.getByTestId('clean').waitFor(WAIT);
      expect(await text(page, 'versions')).toContain('v2');
      await screenshot(page, 'workspace-07-saved');

      const res = await page.request.get(`${app.url}/api/strategies/${id}/versions`);
      expect(res.ok()).toBe(true);
      const { versions } = (await res.json()) as { versions: { version: number }[] };
      expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);

      // After a reload the saved version is what opens, and it runs to the same statistics.
      await page.reload();
      await page.getByTestId('stats').waitFor(WAIT);
      await settled(page);
      expect((await page.locator('.cm-content .cm-line').nth(7).textContent()) ?? '').toBe(
        's = sma(close, slow) * 1',
      );
      expect(await page.getByTestId('param-fast').inputValue()).toBe('30');
      expect(await text(page, 'stats')).toBe(tuned);
      expect(await page.getByTestId('clean').isVisible()).toBe(true);
      await expect.poll(async () => (await chartInk(page)).inked, WAIT).toBeGreaterThan(10_000);
      await page.getByTestId('versions').click();
      await page.getByTestId('version-2').waitFor(WAIT);
      expect(await page.getByTestId('version-1').count()).toBe(1);
      expect((await page.getByTestId('version-2').textContent()) ?? '').toContain('head');
      await screenshot(page, 'workspace-08-reloaded');
      await page.keyboard.press('Escape');
      await page.getByTestId('versions-menu').waitFor({ state: 'detached', ...WAIT });

      // The trade list below the chart: the closed trades the statistics count, and the open one (if any)
      // marked to the last close.
      const trades = page.getByTestId('trades');
      await trades.scrollIntoViewIfNeeded();
      const closed = Number((await text(page, 'stat-num-trades')).replace(/,/g, ''));
      const foot = ((await page.getByText(/\d+ closed/).textContent()) ?? '').replace(/,/g, '');
      expect(foot).toMatch(new RegExp(`^${closed} closed`));
      const open = Number(/(\d+) open/.exec(foot)?.[1] ?? 0);
      await expect
        .poll(() => trades.getByTestId('trade-row').count(), WAIT)
        .toBe(Math.min(closed + open, 50));
      expect(await trades.locator('[data-testid="trade-row"][data-open]').count()).toBe(Math.min(open, 50));
      await screenshot(page, 'workspace-09-trades');

      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'workspace-failure').catch(() => {});
      throw new Error(`${(e as Error).message}\npage errors: ${errors.join('\n') || 'none'}`, { cause: e });
    } finally {
      await page.close();
    }
  });
});
