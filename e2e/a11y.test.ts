// Issue 12's accessibility check: axe-core (the npm package's own build, injected into the page) on
// every page state, in both themes, must find no serious or critical violation. States: login, chat
// empty, chat with a card, the strategies list, workspace with results, the editor open with its
// completion list, reports list empty and with a report, a report with a run, and its schedule form
// filled in. Every count goes to artifacts/e2e/axe-<theme>.json (the numbers the report
// quotes); screenshots beside it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, screenshot, skipReason, useSession } from './harness';
import { makeStrategy, themedPage, workspaceReady } from './pages';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WAIT = { timeout: 60_000 };
// Every WCAG 2.x A/AA rule and axe's best practices (landmarks, heading order, one h1).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface Found {
  id: string;
  impact: string | null;
  nodes: number;
  targets: string[];
}

async function axe(page: Page): Promise<Found[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          opts: object,
        ) => Promise<{
          violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
        }>;
      };
    };
    const r = await w.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => String(n.target[0])),
    }));
  }, TAGS);
}

describe.skipIf(skipReason !== null)('accessibility (axe-core)', () => {
  const session = useSession();

  for (const theme of ['dark', 'light'] as const)
    it(`finds no serious or critical violation on any page state, ${theme} theme`, async () => {
      const { app, browser } = session;
      const { page, errors, close } = await themedPage(browser, theme);
      const report: Record<string, Found[]> = {};
      const check = async (state: string) => {
        await page.waitForTimeout(400); // transitions and the first chart frame settle
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        report[state] = await axe(page);
        await screenshot(page, `axe-${theme}-${state}`);
      };
      try {
        await page.goto(`${app.url}/login`);
        await check('login');

        await page.goto(`${app.url}/`);
        await page.getByTestId('chat-input').waitFor(WAIT);
        await check('chat-empty');
        await page.getByTestId('suggestion').first().click();
        await page.getByTestId('understanding-card').waitFor(WAIT);
        await check('chat-card');

        const id = await makeStrategy(page, app.url);
        await page.reload();
        await page.locator('[data-testid="rename"]').first().waitFor(WAIT);
        await check('strategies');
        await page.goto(`${app.url}/strategies/${id}`);
        await workspaceReady(page);
        await check('workspace');
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\nx = sm');
        await page.locator('.cm-tooltip-autocomplete').waitFor(WAIT);
        await check('editor');

        // The reports list before any schedule, whose steps link to the strategies inside a sentence:
        // seen by the first (dark) pass only, since the session's server keeps the run made below.
        await page.goto(`${app.url}/reports`);
        if (theme === 'dark') {
          await page.getByTestId('reports-empty').waitFor(WAIT);
          await check('reports-empty');
        }

        // A schedule and one run of it, so the report has a row and a chart.
        const ran = await page.evaluate(async (strategyId) => {
          const post = (path: string, body?: object) =>
            fetch(path, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: body ? JSON.stringify(body) : undefined,
            }).then((r) => r.json());
          const s = (await post('/api/schedules', { strategyId, schedule: 'every day at 16:30' })) as {
            schedule: { id: string };
          };
          return post(`/api/schedules/${s.schedule.id}/run`);
        }, id);
        expect(ran).toMatchObject({ run: { status: 'ok' } });
        await page.reload();
        await page.locator(`[data-testid="report-${id}"]`).waitFor(WAIT);
        await check('reports');
        await page.goto(`${app.url}/reports/${id}`);
        await page.locator('[data-testid="runs-table"]').waitFor(WAIT);
        await check('report');
        await page.getByTestId('schedule-input').fill('weekdays at 9:00');
        await page.getByTestId('schedule-wording').waitFor(WAIT);
        await check('schedule-form');
      } finally {
        writeFileSync(join(ARTIFACTS, `axe-${theme}.json`), `${JSON.stringify(report, null, 2)}\n`);
        await close();
      }
      const serious = Object.entries(report).flatMap(([state, found]) =>
        found
          .filter((f) => f.impact === 'serious' || f.impact === 'critical')
          .map((f) => `${state}: ${f.id} (${f.impact}) ×${f.nodes} ${f.targets.join(' ')}`),
      );
      expect(serious).toEqual([]);
      expect(errors).toEqual([]);
    }, 400_000);
});
