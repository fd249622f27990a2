// Issue 6's browser test: a strategy made from an example is scheduled through the report page's form
// (a cron with a seconds field, so it fires within seconds), the server's own scheduler runs it, and
// /reports shows the run with its figures; the run opens to its ECharts chart.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, useSession } from './harness';

const PCT = /^[-−]?[\d,]+\.\d+%$/; // the true minus sign of lib/engine/stats-format

/** Reloads `page` until `selector` matches, so a server-rendered page picks up what happened since. */
async function reloadUntil(page: Page, selector: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await page.locator(selector).first().waitFor({ state: 'attached', timeout: 2000 });
      return;
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(`'${selector}' did not appear within ${timeoutMs} ms`, { cause: e });
    }
    await page.reload({ waitUntil: 'domcontentloaded' });
  }
}

describe.skipIf(skipReason !== null)('reports', () => {
  // Schedules run at most once a minute by default; this test lowers it to see a run within seconds.
  const session = useSession({ BACKTALK_SCHEDULER: 'on', BACKTALK_MIN_SCHEDULE_SECONDS: '5' });

  it('schedules a strategy, runs it on its cron and shows the run and its chart', async () => {
    const { app, browser } = session;
    const { page, errors } = await newPage(browser);
    const failIfErrors = () => expect(errors, app.log()).toEqual([]);

    // A strategy from an example: the workspace opens on it and runs it.
    await page.goto(`${app.url}/strategies`);
    await page.locator('button[data-testid="example-sma-cross"]').click();
    await page.waitForURL(/\/strategies\/[A-Za-z0-9_-]+$/);
    const strategyId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.locator('[data-testid="chart"] canvas').first().waitFor();
    await screenshot(page, 'reports-1-workspace');

    // /reports has nothing yet and offers the saved strategy for scheduling.
    await page.goto(`${app.url}/reports`);
    await page.locator('[data-testid="reports-empty"]').waitFor();
    await expect(page.locator('[data-testid="schedule-strategy-picker"]').inputValue()).resolves.toBe(
      strategyId,
    );
    await screenshot(page, 'reports-2-empty');
    await page.getByRole('button', { name: 'Schedule a strategy…' }).click();
    await page.waitForURL(`${app.url}/reports/${strategyId}`);
    await page.locator('[data-testid="schedules-empty"]').waitFor();

    // The form reads the cron as the server's parser does: in words, with its next run times.
    await page.locator('[data-testid="schedule-input"]').fill('*/5 * * * * *');
    const wording = page.locator('[data-testid="schedule-wording"]');
    await wording.waitFor();
    await expect(wording.textContent()).resolves.toContain('every 5 seconds');
    const next = page.locator('[data-testid="schedule-next-runs"] li');
    await expect(next.count()).resolves.toBe(3);
    const times = await next.allTextContents();
    expect(new Set(times).size).toBe(3);
    await screenshot(page, 'reports-3-schedule-form');

    await page.locator('[data-testid="schedule-submit"]').click();
    const item = page.locator('[data-testid="schedule-list"] li[data-enabled="true"]');
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('every 5 seconds');

    // The scheduler ticks within 5 s; the run lands in the table once it finished.
    await reloadUntil(page, '[data-testid="runs-table"] tr[data-status="ok"]', 60_000);
    const okRun = page.locator('[data-testid="runs-table"] tr[data-status="ok"]').first();
    const runId = ((await okRun.getAttribute('data-testid')) ?? '').replace(/^run-/, '');
    expect(runId).not.toBe('');
    await expect(okRun.locator('td').nth(2).textContent()).resolves.toContain('schedule');
    await page.locator('[data-testid="history-chart-returnPct"] canvas').first().waitFor();
    await screenshot(page, 'reports-4-strategy-report');

    // /reports lists the strategy with its schedule, its latest run and its figures.
    await page.goto(`${app.url}/reports`);
    const row = page.locator(`[data-testid="report-${strategyId}"]`);
    await row.waitFor();
    await expect(row.locator('a').first().textContent()).resolves.toBe('SMA crossover');
    await expect(row.textContent()).resolves.toContain('every 5 seconds');
    await expect(row.locator('[data-status]').first().getAttribute('data-status')).resolves.toMatch(
      /^(ok|skipped)$/,
    );
    const cells = row.locator('td');
    const figure = async (i: number) =>
      ((await cells.nth(i).locator('span').first().textContent()) ?? '').trim();
    expect(await figure(3)).toMatch(PCT);
    expect(await figure(4)).toMatch(/^[-−]?\d+\.\d+$/);
    expect(await figure(5)).toMatch(PCT);
    await screenshot(page, 'reports-5-overview');

    // The run opens to its full chart, drawn from the stored equity curve.
    await page.goto(`${app.url}/reports/${strategyId}/runs/${runId}`);
    await page.locator('[data-testid="run-chart"] canvas').first().waitFor();
    const box = await page.locator('[data-testid="run-chart"]').boundingBox();
    expect(box?.height).toBeGreaterThan(300);
    await expect(page.locator('h1 [data-status]').first().getAttribute('data-status')).resolves.toBe('ok');
    const figures = page.locator('[data-testid="run-figures"]');
    await expect(figures.textContent()).resolves.toMatch(/Return[-−]?[\d,]+\.\d+%/);
    await expect(page.locator('[data-testid="run-stats"] tr').count()).resolves.toBeGreaterThan(5);
    await expect(page.locator('[data-testid="run-source"]').textContent()).resolves.toContain('sma');
    await page.waitForTimeout(300); // let ECharts finish its first animation frame before the picture
    await screenshot(page, 'reports-6-run');

    // The stored run agrees with what the page shows.
    const api = await page.request.get(`${app.url}/api/runs/${runId}`);
    expect(api.status()).toBe(200);
    const { run } = (await api.json()) as { run: { status: string; bars: number; trigger: string } };
    expect(run.status).toBe('ok');
    expect(run.trigger).toBe('schedule');
    expect(run.bars).toBeGreaterThan(100);
    failIfErrors();
  });
});
