// Steps the accessibility, keyboard and layout browser tests share: a page in a theme (and a time zone),
// a strategy made through the API, and waiting for the workspace to show its answer.
import type { Browser, Page } from 'playwright-core';

const WAIT = { timeout: 60_000 };

export async function themedPage(
  browser: Browser,
  theme: 'light' | 'dark',
  width = 1280,
  height = 900,
  timezoneId?: string,
) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: theme, timezoneId });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, errors, close: () => context.close() };
}

/** A strategy from the SMA example, made through the API (JSON from the app's own origin). */
export async function makeStrategy(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/strategies`);
  return page.evaluate(async () => {
    const r = await fetch('/api/strategies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ exampleId: 'sma-cross' }),
    });
    const j = (await r.json()) as { strategy: { id: string } };
    return j.strategy.id;
  });
}

export async function workspaceReady(page: Page): Promise<void> {
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
