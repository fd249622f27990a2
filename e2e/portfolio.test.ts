// Issue 14's browser test: a portfolio of three offline (synthetic) markets made on /portfolios, run with
// equal weight and at most 2 positions ranked by momentum, then edited to fixed weights with monthly
// rebalancing and run again. Each run's figures on the page equal lib/portfolio run directly on the same
// bars; axe-core finds no serious or critical violation on the results in either theme; a market is added
// and removed with the keyboard. Screenshots in artifacts/e2e/portfolio-*.png.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { STARTER_SOURCE } from '../app/portfolios/shared';
import { loadSource } from '../lib/data/server';
import { formatStat } from '../lib/engine';
import {
  type Allocation,
  compileProgram,
  portfolioFigures,
  portfolioInputs,
  type Rebalance,
  simulatePortfolio,
} from '../lib/portfolio';
import { ARTIFACTS, skipReason, useSession } from './harness';
import { themedPage } from './pages';

const WAIT = { timeout: 90_000 };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Different lengths, so the union clock has days where only some of the markets trade.
const SPECS = ['synthetic:1:900:1d', 'synthetic:2:700:1d', 'synthetic:3:800:1d'];
async function expected(opts: {
  allocation: Allocation;
  maxPositions?: number;
  rankBy?: string;
  rebalance?: Rebalance;
}) {
  const markets = await Promise.all(
    SPECS.map(async (s) => ({ symbol: s, bars: (await loadSource(s)).bars })),
  );
  const { inputs, settings, warmup } = portfolioInputs(compileProgram(STARTER_SOURCE), markets, opts);
  const r = simulatePortfolio(inputs, settings);
  return portfolioFigures(inputs, r, settings.capital, { warmupBars: warmup });
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `portfolio-${name}.png`), fullPage });
}

async function serious(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          d: Document,
          o: object,
        ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }>;
      };
    };
    const r = await w.axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => String(n.target[0])).join(', ')}`);
  });
}

/** The page's figures: headline by statistic, and each market's row of the table. */
async function shown(page: Page) {
  const head = async (stat: string) =>
    ((await page.locator(`[data-testid="headline"] [data-stat="${stat}"] dd`).textContent()) ?? '').trim();
  const rows = page.locator('[data-testid="market-stats"] tbody tr');
  const markets: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++)
    markets.push((await rows.nth(i).locator('th, td').allTextContents()).map((s) => s.trim()));
  const corr = (
    await page.locator('[data-testid="correlation"] tbody tr').first().locator('td').allTextContents()
  ).map((s) => s.trim());
  return { head, markets, corr };
}

async function runAndWait(page: Page, version: number): Promise<void> {
  await page.locator('[data-testid="run-portfolio"]').click();
  await page.locator(`[data-testid="portfolio-results"][data-version="${version}"]`).waitFor(WAIT);
  await page.locator('[data-testid="stacked-chart"] canvas').first().waitFor(WAIT);
  await page.waitForTimeout(300); // ECharts' first frame before the picture
}

describe.skipIf(skipReason !== null)('portfolios', () => {
  const session = useSession();

  it('creates a portfolio of three offline markets, runs it, edits weights, runs again; figures equal lib/portfolio', async () => {
    const { app, browser } = session;
    const { page, errors, close } = await themedPage(browser, 'dark', 1280, 900);
    const failIfErrors = () => expect(errors, app.log()).toEqual([]);

    // The header links the page; it starts empty and says what to do.
    await page.goto(`${app.url}/strategies`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolios' }).click();
    await page.waitForURL(`${app.url}/portfolios`);
    await page.locator('[data-testid="portfolios-empty"]').waitFor();
    await expect(page.getByRole('link', { name: 'Portfolios' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );

    // A bad list is refused in words before anything is sent.
    await page.getByLabel('Name').fill('Three samples');
    await page.getByLabel('Markets').fill('AAPL, MSFT');
    await page.locator('[data-testid="create-portfolio"]').click();
    await expect(page.locator('[data-testid="portfolio-error"]').textContent()).resolves.toContain(
      'does not say where its data comes from',
    );
    await page.getByLabel('Markets').fill(SPECS.join(', '));
    await shot(page, '1-new');
    await page.locator('[data-testid="create-portfolio"]').click();
    await page.waitForURL(/\/portfolios\/[A-Za-z0-9_-]+$/, WAIT);
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect(page.locator('[data-testid="market-row"]').count()).resolves.toBe(3);

    // Equal weight, at most 2 positions, ranked by the program's momentum line.
    await page.getByLabel('At most this many positions').fill('2');
    await page.getByLabel('When more signal than fit, prefer the highest').fill('momentum');
    await expect(page.locator('[data-testid="run-portfolio"]').textContent()).resolves.toBe('Save and run');
    await runAndWait(page, 2);
    await expect(page.locator('[data-testid="portfolio-status"]').textContent()).resolves.toBe(
      'Ran version 2.',
    );

    const f1 = await expected({ allocation: { kind: 'equal' }, maxPositions: 2, rankBy: 'momentum' });
    const s1 = await shown(page);
    for (const stat of [
      'Return [%]',
      'Sharpe Ratio',
      'Max. Drawdown [%]',
      '# Trades',
      'Buy & Hold Return [%]',
    ])
      expect(await s1.head(stat), stat).toBe(
        formatStat(stat, f1.stats[stat as keyof typeof f1.stats] as number),
      );
    expect(s1.markets.map((r) => r[0])).toEqual(SPECS);
    expect(s1.markets.map((r) => r[1])).toEqual(f1.markets.map((m) => formatStat('# Trades', m['# Trades'])));
    expect(s1.markets.map((r) => r[4])).toEqual(
      f1.markets.map((m) => formatStat('Contribution [%]', m['Contribution [%]'])),
    );
    expect(f1.stats['# Trades']).toBeGreaterThan(0);
    expect(s1.corr.slice(1)).toEqual(f1.correlation[0].slice(1).map((v) => v.toFixed(2).replace('-', '−')));
    await shot(page, '2-results-equal', true);

    // Fixed weights 50/30/20 with monthly rebalancing: the editor says what stays in cash.
    await page.locator('[data-testid="weighting-fixed"]').check();
    const w = page.locator('[data-testid="market-weight"]');
    for (const [i, v] of ['50', '30', '20'].entries()) await w.nth(i).fill(v);
    await page.getByLabel('At most this many positions').fill('');
    await page.getByLabel('When more signal than fit, prefer the highest').fill('');
    await page.getByLabel('Rebalance to the weights').selectOption('monthly');
    await expect(page.locator('[data-testid="weights-sum"]').textContent()).resolves.toContain(
      '100%; 0% stays in cash',
    );
    // Over 100 %: the server refuses the save and says why.
    await w.nth(0).fill('70');
    await page.locator('[data-testid="save-portfolio"]').click();
    await expect(page.locator('[data-testid="portfolio-error"]').textContent()).resolves.toMatch(
      /120%.*no leverage/,
    );
    await w.nth(0).fill('50');
    await runAndWait(page, 3);
    const f2 = await expected({
      allocation: { kind: 'weights', weights: [0.5, 0.3, 0.2] },
      rebalance: 'monthly',
    });
    const s2 = await shown(page);
    expect(await s2.head('Return [%]')).toBe(formatStat('Return [%]', f2.stats['Return [%]']));
    expect(await s2.head('# Trades')).toBe(formatStat('# Trades', f2.stats['# Trades']));
    expect(s2.markets.map((r) => r[1])).toEqual(f2.markets.map((m) => formatStat('# Trades', m['# Trades'])));
    expect(f2.stats['Return [%]']).not.toBe(f1.stats['Return [%]']);
    await shot(page, '3-results-weights', true);
    expect(await serious(page), 'axe, dark').toEqual([]);

    // The stored versions: 1 (created), 2 (equal, cap 2), 3 (weights).
    const api = await page.request.get(`${app.url}/api/portfolios/${id}`);
    const body = (await api.json()) as { portfolio: { headVersion: number; head: { allocation: object } } };
    expect(body.portfolio.headVersion).toBe(3);
    expect(body.portfolio.head.allocation).toEqual({
      weighting: 'weights',
      maxPositions: null,
      rankBy: null,
      rebalance: 'monthly',
    });

    // Keyboard: add a market by typing and Enter, remove it with its button.
    await page.locator('[data-testid="add-market"]').focus();
    await page.keyboard.type('synthetic:4:600:1d');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="market-row"]').count()).resolves.toBe(4);
    await page.getByRole('button', { name: 'Remove synthetic:4:600:1d' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="market-row"]').count()).resolves.toBe(3);

    // Both runs are kept: the page lists them, and /reports shows the latest with its figures.
    await expect(page.locator('[data-testid="run-history"] li[data-status="ok"]').count()).resolves.toBe(2);
    await page.goto(`${app.url}/reports`);
    const report = page.locator(`[data-testid="portfolio-report-${id}"]`);
    await report.waitFor(WAIT);
    const cells = (await report.locator('td').allTextContents()).map((c) => c.trim());
    expect(cells[2]).toBe(formatStat('Return [%]', f2.stats['Return [%]']));
    expect(cells[5]).toBe(formatStat('# Trades', f2.stats['# Trades']));
    await shot(page, '4-reports');

    // The list shows it, with its version.
    await page.goto(`${app.url}/portfolios`);
    const row = page.locator(`[data-testid="portfolio-row"][data-id="${id}"]`);
    await expect(row.textContent()).resolves.toContain('v3');
    await shot(page, '5-list');
    failIfErrors();
    await close();
  });

  it('reads well in the light theme (axe: no serious or critical violation)', async () => {
    const { app, browser } = session;
    const { page, errors, close } = await themedPage(browser, 'light', 1280, 900);
    await page.goto(`${app.url}/portfolios`);
    const link = page.locator('[data-testid="portfolio-row"] a').first();
    await link.click();
    await page.waitForURL(/\/portfolios\/[A-Za-z0-9_-]+$/, WAIT);
    await runAndWait(page, 3);
    await shot(page, '6-results-light', true);
    expect(await serious(page), 'axe, light').toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});
