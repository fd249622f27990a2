// The robustness lab in the workspace, end to end: a small sweep of the SMA example (heatmap, table,
// overfitting odds), a heatmap cell clicked loads its parameters into the sliders, a walk-forward and
// both Monte Carlo methods run and show their charts and tables, and a long sweep is cancelled from its
// progress bar. Then the lab at 390 px in the light theme. Screenshots: artifacts/e2e/lab-*.png.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, useSession } from './harness';

const WAIT = { timeout: 60_000 };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical WCAG 2.x A/AA findings inside the lab panel. */
async function labAxe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            c: object,
            o: object,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(
      { include: [['[data-testid="lab"]']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        resultTypes: ['violations'],
      },
    );
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.nodes.length})`);
  });
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const status = document.querySelector<HTMLElement>('[data-testid="status"]');
      const results = document.querySelector<HTMLElement>('[data-testid="results"]');
      return status?.dataset.state === 'ready' && results?.dataset.seq !== undefined;
    },
    null,
    WAIT,
  );
}

async function fillRange(page: Page, name: string, from: number, to: number, step: number) {
  await page.getByTestId(`lab-${name}-from`).fill(String(from));
  await page.getByTestId(`lab-${name}-to`).fill(String(to));
  await page.getByTestId(`lab-${name}-step`).fill(String(step));
}

const labState = (page: Page) => page.getByTestId('lab-status').getAttribute('data-state');

/** Clicks the heatmap cell of x index ix and y index iy (y grows upwards, as ECharts draws it). */
async function clickCell(page: Page, ix: number, iy: number) {
  const heat = page.getByTestId('sweep-heatmap');
  const box = await heat.boundingBox();
  if (!box) throw new Error('the heatmap is not on screen');
  const [gl, gt, gr, gb] = ((await heat.getAttribute('data-grid')) ?? '').split(',').map(Number);
  const nx = ((await heat.getAttribute('data-xs')) ?? '').split(',').length;
  const ny = ((await heat.getAttribute('data-ys')) ?? '').split(',').length;
  const w = box.width - gl - gr;
  const h = box.height - gt - gb;
  await page.mouse.click(box.x + gl + ((ix + 0.5) * w) / nx, box.y + gt + ((ny - iy - 0.5) * h) / ny);
}

describe.skipIf(skipReason !== null)('robustness lab', () => {
  const session = useSession();

  it('sweeps, loads a cell into the sliders, walks forward, runs Monte Carlo and cancels', async () => {
    const { app, browser } = session;
    const { page, errors } = await newPage(browser);
    try {
      await page.goto(`${app.url}/strategies`);
      await page.getByTestId('new-from-example').click();
      await page.getByTestId('example-dialog').getByTestId('example-sma-cross').click();
      await page.waitForURL(/\/strategies\/[A-Za-z0-9_-]+$/, WAIT);
      await settled(page);
      const lab = page.getByTestId('lab');
      await lab.waitFor(WAIT);
      await lab.scrollIntoViewIfNeeded();

      // A 3 × 3 sweep: fast 10, 20, 30 × slow 40, 50, 60.
      await fillRange(page, 'fast', 10, 30, 10);
      await fillRange(page, 'slow', 40, 60, 10);
      expect(await page.getByTestId('lab-grid-count').textContent()).toContain('9 combinations');
      await page.getByTestId('lab-run').click();
      await page.getByTestId('sweep-results').waitFor(WAIT);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="sweep-odds"]')?.getAttribute('data-verdict'),
        null,
        WAIT,
      );
      expect(await page.getByTestId('sweep-row').count()).toBe(9);
      expect(await page.getByTestId('sweep-heatmap').getAttribute('data-xs')).toBe('10,20,30');
      expect(await page.getByTestId('sweep-heatmap').getAttribute('data-ys')).toBe('40,50,60');
      const reading = (await page.getByTestId('odds-reading').textContent()) ?? '';
      expect(reading).toMatch(/^(Likely overfit|Doubtful|Holds up): .*9 trials/);
      expect(await labState(page)).toBe('done');
      await page.getByTestId('sweep-heatmap').scrollIntoViewIfNeeded();
      await screenshot(page, 'lab-01-sweep');
      expect(await labAxe(page)).toEqual([]);

      // The cell fast 30 × slow 40 (x index 2, y index 0) goes into the sliders.
      await clickCell(page, 2, 0);
      await expect.poll(() => page.getByTestId('param-fast').inputValue(), WAIT).toBe('30');
      expect(await page.getByTestId('param-slow').inputValue()).toBe('40');
      await settled(page);

      // Sorting the table by a column orders its rows.
      await page.getByTestId('sweep-sort-Return [%]').click();
      const returns = await page
        .getByTestId('sweep-row')
        .evaluateAll((rows) =>
          rows.map((r) =>
            Number((r.children[3].textContent ?? '').replace(/[−–]/g, '-').replace(/[^0-9.-]/g, '')),
          ),
        );
      expect(returns).toEqual([...returns].sort((a, b) => b - a));

      // Walk-forward: 3 rolling windows at 70 % in sample, each optimised over the same grid.
      await page.getByTestId('lab-tab-walkforward').click();
      await page.getByTestId('wf-windows').fill('3');
      await page.getByTestId('wf-fraction').fill('0.7');
      await page.getByTestId('lab-run').click();
      await page.getByTestId('wf-results').waitFor(WAIT);
      expect(await page.getByTestId('wf-row').count()).toBe(3);
      const chosen = await page.getByTestId('wf-param-fast').allTextContents();
      for (const v of chosen) expect(['10', '20', '30']).toContain(v);
      expect(await page.getByTestId('wf-efficiency').textContent()).toMatch(/^(−|-)?\d+\.\d\d$|^—$/);
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="wf-chart"] canvas').length > 0,
      );
      await page.getByTestId('wf-results').scrollIntoViewIfNeeded();
      await screenshot(page, 'lab-02-walkforward');

      // Monte Carlo: bootstrap bands, then reshuffled trades; 5th ≤ 50th ≤ 95th in the table.
      await page.getByTestId('lab-tab-montecarlo').click();
      await page.getByTestId('mc-runs').fill('300');
      await page.getByTestId('lab-run').click();
      await page.getByTestId('mc-results').waitFor(WAIT);
      expect(await page.getByTestId('mc-row').count()).toBe(2);
      await page.getByTestId('mc-results').scrollIntoViewIfNeeded();
      await screenshot(page, 'lab-03-bootstrap');
      await page.getByTestId('mc-method').selectOption('reshuffle');
      await page.getByTestId('lab-run').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="mc-results"] p')?.textContent?.includes('random orders'),
        null,
        WAIT,
      );
      await page.getByTestId('mc-results').scrollIntoViewIfNeeded();
      await screenshot(page, 'lab-04-reshuffle');

      // A long sweep on 200,000 bars, cancelled while its progress bar runs.
      await page.getByTestId('data-bars').fill('200000');
      await page.getByTestId('data-bars').press('Enter');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="data-summary"]')?.textContent?.includes('200,000 bars'),
        null,
        WAIT,
      );
      await settled(page);
      await page.getByTestId('lab-tab-sweep').click();
      await fillRange(page, 'fast', 5, 100, 1);
      await fillRange(page, 'slow', 100, 300, 10);
      await page.getByTestId('lab-run').click();
      await page.getByTestId('lab-progress').waitFor(WAIT);
      expect(await labState(page)).toBe('running');
      await page.getByTestId('lab-progress').scrollIntoViewIfNeeded();
      await screenshot(page, 'lab-05-running');
      await page.getByTestId('lab-cancel').click();
      await expect.poll(() => labState(page), WAIT).toBe('cancelled');
      expect(await page.getByTestId('lab-status').textContent()).toBe('Sweep cancelled');
      expect(await page.getByTestId('sweep-results').count()).toBe(0);
      await page.getByTestId('lab-status').scrollIntoViewIfNeeded();
      await screenshot(page, 'lab-06-cancelled');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 300_000);

  it('fits 390 px in the light theme, keyboard first', async () => {
    const { app, browser } = session;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });
    try {
      await page.goto(`${app.url}/strategies`);
      await page.getByTestId('new-from-example').click();
      await page.getByTestId('example-dialog').getByTestId('example-sma-cross').click();
      await page.waitForURL(/\/strategies\/[A-Za-z0-9_-]+$/, WAIT);
      await settled(page);
      await fillRange(page, 'fast', 10, 30, 10);
      await fillRange(page, 'slow', 40, 60, 10);
      // Keyboard: the run button by focus and Enter, the tabs by arrow keys.
      await page.getByTestId('lab-run').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('sweep-results').waitFor(WAIT);
      await page.getByTestId('lab-tab-sweep').focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByTestId('lab-tab-walkforward').getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('ArrowLeft');
      await page.getByTestId('sweep-heatmap').scrollIntoViewIfNeeded();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'lab-07-390-light');
      expect(await labAxe(page)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);
});
