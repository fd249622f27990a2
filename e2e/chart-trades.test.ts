// The chart and the trades of the RSI example at 1440×900, as a trader reads them: the price pane at
// least half the chart, every bar a candle once the visible bars fit the pixels, the 30/70 lines on the
// RSI pane, buy and hold on the equity pane; a trade picked in the list (click, or Enter) brought into
// view; the trade list downloaded as CSV; the monthly returns table. The chart states what it drew as
// data-* attributes (controller.ts stamp). Screenshots: artifacts/e2e/chart-trades-*.png.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, skipReason, useSession } from './harness';

const WAIT = { timeout: 60_000 };

/** What the chart says it drew. */
async function drawn(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const d = document.querySelector<HTMLElement>('[aria-label="Price chart"]')?.dataset ?? {};
    return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v ?? '']));
  });
}

/** Waits until the chart's visible range changes from `before`, then returns what it drew. */
async function viewChanged(page: Page, before: Record<string, string>): Promise<Record<string, string>> {
  await page.waitForFunction(
    ([from, to]) => {
      const d = document.querySelector<HTMLElement>('[aria-label="Price chart"]')?.dataset;
      return d !== undefined && (d.viewFrom !== from || d.viewTo !== to);
    },
    [before.viewFrom, before.viewTo],
    WAIT,
  );
  await page.waitForTimeout(300);
  return drawn(page);
}

describe.skipIf(skipReason !== null)('chart and trades', () => {
  const session = useSession();

  it('draws the RSI example readably and ties the trade list to the chart', async () => {
    const { app, browser } = session;
    const res = await fetch(`${app.url}/api/strategies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ name: 'RSI chart', exampleId: 'rsi-reversion' }),
    });
    expect(res.ok).toBe(true);
    const { strategy } = (await res.json()) as { strategy: { id: string } };
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    try {
      await page.goto(`${app.url}/strategies/${strategy.id}`);
      await page.getByTestId('stats').waitFor(WAIT);
      await page.waitForFunction(
        () => {
          const d = document.querySelector<HTMLElement>('[aria-label="Price chart"]')?.dataset;
          return (
            d?.series?.includes('buyhold') && document.querySelector('[data-testid="trade-row"]') !== null
          );
        },
        null,
        WAIT,
      );
      expect((await page.getByTestId('data-summary').textContent()) ?? '').toContain('2,500 bars');
      await page.waitForTimeout(500);
      await screenshot(page, 'chart-trades-01-rsi-1440');
      const full = await drawn(page);

      // The price pane is half the chart or more.
      expect(Number(full.priceHeight) * 2).toBeGreaterThanOrEqual(Number(full.chartHeight));
      // Level lines at the RSI example's 30 and 70, on the RSI pane; buy and hold on the equity pane.
      expect(JSON.parse(full.levels)).toEqual({ 'ind:fn:rsi': [30, 70] });
      const series = full.series.split(' ');
      expect(series).toEqual(expect.arrayContaining(['level:ind:fn:rsi:0', 'level:ind:fn:rsi:1', 'buyhold']));
      // All 2,500 bars in view: aggregated only if they outnumber the plot's pixel columns, and then into
      // the smallest power-of-two buckets that fit.
      const width = Number(full.plotWidth);
      const bars = Number(full.viewTo) - Number(full.viewFrom) + 1;
      expect(bars).toBe(2500);
      const bucket = bars <= width ? 1 : 2 ** Math.ceil(Math.log2(bars / width));
      expect(Number(full.bucket)).toBe(bucket);

      // Zoomed to as many bars as the plot has pixel columns: one candle per bar.
      const span = Math.floor((width - 12) * 0.6);
      await page.evaluate(
        ([from, to]) =>
          window.dispatchEvent(new CustomEvent('backtalk:chart-focus', { detail: { from, to } })),
        [2499 - span, 2499],
      );
      const fit = await viewChanged(page, full);
      const visible = Number(fit.viewTo) - Number(fit.viewFrom) + 1;
      expect(visible).toBeLessThanOrEqual(width);
      expect(visible).toBeGreaterThan(width / 2);
      expect(fit.bucket).toBe('1');
      expect(Number(fit.candles)).toBe(visible);
      await screenshot(page, 'chart-trades-02-every-bar-a-candle');

      // A trade clicked in the list: the chart's view holds its entry and exit.
      const rows = page.getByTestId('trade-row');
      const row = rows.nth(1);
      await row.scrollIntoViewIfNeeded();
      const [entry, exit] = ((await row.getAttribute('data-bars')) ?? '').split('-').map(Number);
      const before = await drawn(page);
      await row.click();
      const clicked = await viewChanged(page, before);
      expect(Number(clicked.viewFrom)).toBeLessThanOrEqual(entry);
      expect(Number(clicked.viewTo)).toBeGreaterThanOrEqual(exit);
      expect(Number(clicked.viewTo) - Number(clicked.viewFrom)).toBeLessThan(400);
      expect(await row.getAttribute('aria-selected')).toBe('true');
      await screenshot(page, 'chart-trades-03-trade-clicked');

      // And by keyboard: Enter on another row.
      const other = rows.nth(4);
      const [entry2, exit2] = ((await other.getAttribute('data-bars')) ?? '').split('-').map(Number);
      await other.focus();
      await page.keyboard.press('Enter');
      const keyed = await viewChanged(page, clicked);
      expect(Number(keyed.viewFrom)).toBeLessThanOrEqual(entry2);
      expect(Number(keyed.viewTo)).toBeGreaterThanOrEqual(exit2);

      // The trade list as CSV: a header with units, one record per trade.
      const count = Number(
        ((await page.getByTestId('stat-num-trades').textContent()) ?? '').replace(/,/g, ''),
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('trades-csv').click(),
      ]);
      expect(download.suggestedFilename()).toBe('trades.csv');
      const csv = readFileSync((await download.path())!, 'utf8');
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toContain('Entry time (UTC, ISO 8601)');
      expect(lines[0]).toContain('MAE (%)');
      expect(lines[0]).toContain('P&L (cash)');
      expect(lines.length - 1).toBeGreaterThanOrEqual(count); // closed trades, and the open one if any
      expect(lines[1]).toMatch(/^1,long,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);

      // MAE and MFE in the table.
      const firstRow = await rows.first().textContent();
      expect(firstRow).toMatch(/%/);

      // The monthly returns table: a row per year, a cell per month, each with its text.
      const table = page.getByTestId('monthly-returns');
      await table.scrollIntoViewIfNeeded();
      const years = await table.locator('tbody tr').count();
      expect(years).toBeGreaterThanOrEqual(6);
      expect(await table.locator('tbody tr').first().locator('td').count()).toBe(13);
      const cells = await table.locator('tbody td').allTextContents();
      expect(cells.filter((t) => /^[+−]?\d+\.\d\d%$/.test(t.trim())).length).toBeGreaterThan(years * 6);
      await screenshot(page, 'chart-trades-04-monthly');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'chart-trades-failure').catch(() => {});
      throw new Error(`${(e as Error).message}\npage errors: ${errors.join('\n') || 'none'}`, { cause: e });
    } finally {
      await page.close();
    }
  });
});
