// Issue 12 by keyboard and at three sizes: the skip link, chat replies in a live region, the editor's
// announced way out (Escape then Tab), focus rings of 3:1 or more, saving a program with errors (it asks,
// keeps the focus, and the version menu marks the version), the version menu's keys, the schedule switch
// keeping the focus, schedules in the browser's time zone; then workspace, chat and reports at 390 px,
// 1280×720 and 1440×900 in both themes, screenshots in artifacts/e2e/layout-*.png.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, skipReason, useSession } from './harness';
import { makeStrategy, themedPage, workspaceReady } from './pages';

const WAIT = { timeout: 60_000 };

/** What has the focus: its data-testid, else its tag and class. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return a?.dataset.testid ?? `${a?.tagName.toLowerCase()}.${a?.className}`;
  });

/** Contrast of the focused element's outline against the page background (WCAG's ratio). */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    const cs = getComputedStyle(a);
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bg = rgb(getComputedStyle(document.body).backgroundColor);
    const ring = rgb(cs.outlineColor);
    const [hi, lo] = [lum(ring), lum(bg)].sort((x, y) => y - x);
    return {
      style: cs.outlineStyle,
      width: Number.parseFloat(cs.outlineWidth),
      ratio: (hi + 0.05) / (lo + 0.05),
    };
  });

describe.skipIf(skipReason !== null)('keyboard and layout', () => {
  const session = useSession();

  for (const theme of ['dark', 'light'] as const)
    it(`works by keyboard with visible focus, ${theme} theme`, async () => {
      const { app, browser } = session;
      const { page, errors, close } = await themedPage(browser, theme, 1280, 800, 'Asia/Tokyo');
      try {
        // The first Tab lands on the skip link, which goes straight to the chat box.
        await page.goto(`${app.url}/`);
        await page.getByTestId('chat-input').waitFor(WAIT);
        await page.keyboard.press('Tab');
        expect(await focused(page)).toBe('skip-link');
        expect((await page.getByTestId('skip-link').boundingBox())?.y).toBeGreaterThanOrEqual(0);
        const ring = await focusRing(page);
        expect(ring.style).toBe('solid');
        expect(ring.width).toBeGreaterThanOrEqual(2);
        expect(ring.ratio).toBeGreaterThanOrEqual(3);
        await page.keyboard.press('Enter');
        expect(await focused(page)).toBe('chat-input');

        // A reply is read out once, in the live region: the card's name, not the whole thread.
        await page.keyboard.type(
          'Buy when the 20-day SMA crosses above the 50-day SMA, sell when it crosses below',
        );
        await page.keyboard.press('Enter');
        await page.getByTestId('understanding-card').waitFor(WAIT);
        const live = page.getByTestId('chat-announcer');
        await expect.poll(() => live.textContent(), WAIT).toMatch(/^.*Understood: .+\. Review the card/);
        expect(await live.getAttribute('role')).toBe('status');
        // Only the latest reply, not the thread (which also holds the request and the whole card).
        const thread = (await page.getByTestId('thread').textContent()) ?? '';
        expect(((await live.textContent()) ?? '').length).toBeLessThan(thread.length / 2);
        expect(await page.locator('h1').count()).toBe(1);

        // The workspace: the editor keeps Tab for indenting and says how to leave; Escape then Tab leaves.
        const id = await makeStrategy(page, app.url);
        await page.goto(`${app.url}/strategies/${id}`);
        await workspaceReady(page);
        const content = page.locator('.cm-content');
        const hint = await content.getAttribute('aria-describedby');
        expect(hint).toBe('editor-keys');
        await expect(page.locator(`#${hint}`).textContent()).resolves.toMatch(
          /Esc then Tab leaves the editor/,
        );
        await content.click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Tab');
        expect(await focused(page)).toMatch(/^div\.cm-content/);
        await page.keyboard.press('Escape');
        await page.keyboard.press('Tab');
        expect(await focused(page)).not.toMatch(/cm-content/);

        // A program with errors: Ctrl+S asks first; Escape keeps editing, nothing saved.
        await content.click();
        await page.keyboard.press('Control+End');
        await page.keyboard.insertText('\nx = nosuch(close)\n');
        await page.waitForFunction(
          () => document.querySelector('[data-testid="status"]')?.textContent === '1 error',
        );
        await page.keyboard.press('Control+s');
        const dialog = page.getByTestId('save-confirm');
        await dialog.waitFor({ state: 'visible' });
        await expect(page.getByTestId('save-confirm-text').textContent()).resolves.toMatch(
          /^This program has 1 error; save anyway\? The last good version keeps running/,
        );
        await screenshot(page, `keyboard-${theme}-save-confirm`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        expect(await focused(page)).toMatch(/cm-content/);
        // Save by keyboard from the button: the dialog again; "Save anyway"; the focus stays on Save.
        await page.getByTestId('save').focus();
        expect((await focusRing(page)).ratio).toBeGreaterThanOrEqual(3);
        await page.keyboard.press('Enter');
        await dialog.waitFor({ state: 'visible' });
        await page.getByTestId('save-anyway').focus();
        await page.keyboard.press('Enter');
        await expect
          .poll(() => page.getByTestId('notice').textContent(), WAIT)
          .toMatch(/Saved as v2, with errors/);
        expect(await focused(page)).toBe('save');

        // The version menu by keyboard: arrows, Home/End, Escape back to its button; v2 marked.
        await page.getByTestId('versions').focus();
        expect((await focusRing(page)).ratio).toBeGreaterThanOrEqual(3);
        await page.keyboard.press('ArrowDown');
        await page.getByTestId('version-2').waitFor();
        expect(await focused(page)).toBe('version-2');
        await expect(page.getByTestId('version-errors-2').textContent()).resolves.toBe('1 error');
        expect(await page.getByTestId('version-errors-1').count()).toBe(0);
        await screenshot(page, `keyboard-${theme}-versions`);
        await page.keyboard.press('ArrowDown');
        expect(await focused(page)).toBe('version-1');
        await page.keyboard.press('ArrowDown');
        expect(await focused(page)).toBe('version-2'); // wraps
        await page.keyboard.press('End');
        expect(await focused(page)).toBe('version-1');
        await page.keyboard.press('Home');
        expect(await focused(page)).toBe('version-2');
        await page.keyboard.press('Escape');
        expect(await page.getByTestId('versions-menu').count()).toBe(0);
        expect(await focused(page)).toBe('versions');
        // Picking v1 loads it; the focus returns to the menu's button.
        await page.keyboard.press('ArrowUp');
        expect(await focused(page)).toBe('version-1');
        await page.keyboard.press('Enter');
        await expect.poll(() => page.getByTestId('notice').textContent(), WAIT).toMatch(/Loaded v1/);
        expect(await focused(page)).toBe('versions');
        const saved = await page.evaluate(
          (sid) => fetch(`/api/strategies/${sid}/versions`).then((r) => r.json()),
          id,
        );
        expect(saved.versions.map((v: { version: number; errors: number }) => [v.version, v.errors])).toEqual(
          [
            [2, 1],
            [1, 0],
          ],
        );

        // Schedules: the form starts in the browser's zone; the switch keeps the focus when toggled.
        await page.goto(`${app.url}/reports/${id}`);
        // The zone is read after hydration (the server cannot know it), so wait for it.
        await expect.poll(() => page.getByTestId('schedule-timezone').inputValue(), WAIT).toBe('Asia/Tokyo');
        await page.getByTestId('schedule-input').fill('weekdays at 9:00');
        await page.getByTestId('schedule-wording').waitFor(WAIT);
        await page.getByTestId('schedule-submit').click();
        const item = page.locator('[data-testid="schedule-list"] li[data-enabled="true"]');
        await item.waitFor(WAIT);
        await expect(item.textContent()).resolves.toContain('Asia/Tokyo');
        const toggle = item.locator('[role="switch"]');
        await toggle.focus();
        expect((await focusRing(page)).ratio).toBeGreaterThanOrEqual(3);
        await page.keyboard.press('Space');
        await page.locator('[data-testid="schedule-list"] li[data-enabled="false"]').waitFor(WAIT);
        expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('switch');
      } finally {
        await close();
      }
      expect(errors).toEqual([]);
    }, 300_000);

  it('fits 390 px, 1280×720 and 1440×900 in both themes, Save always on screen', async () => {
    const { app, browser } = session;
    const setup = await themedPage(browser, 'dark');
    const id = await makeStrategy(setup.page, app.url);
    await setup.close();
    for (const [width, height] of [
      [390, 844],
      [1280, 720],
      [1440, 900],
    ])
      for (const theme of ['light', 'dark'] as const) {
        const { page, errors, close } = await themedPage(browser, theme, width, height);
        try {
          const name = `layout-${width}x${height}-${theme}`;
          const noSideScroll = async (where: string) =>
            expect(
              await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
              `${where} scrolls sideways at ${width}px`,
            ).toBeLessThanOrEqual(0);

          await page.goto(`${app.url}/strategies/${id}`);
          await workspaceReady(page);
          await page.waitForTimeout(300);
          await screenshot(page, `${name}-workspace`);
          await noSideScroll('the workspace');
          const save = await page.getByTestId('save').boundingBox();
          expect(save, 'Save is laid out').not.toBeNull();
          expect(save!.x + save!.width).toBeLessThanOrEqual(width);
          expect(save!.y + save!.height).toBeLessThanOrEqual(height);
          const more = page.getByTestId('more-actions');
          if (width < 720) {
            await more.click();
            await page.getByTestId('more-menu').getByRole('menuitem', { name: 'Format' }).waitFor();
            await screenshot(page, `${name}-workspace-menu`);
            await page.keyboard.press('Escape');
          } else expect(await more.isVisible()).toBe(false);

          await page.goto(`${app.url}/`);
          await page.getByTestId('chat-input').waitFor(WAIT);
          await screenshot(page, `${name}-chat`);
          await noSideScroll('the chat');

          await page.goto(`${app.url}/reports`);
          await page.locator('main').waitFor(WAIT);
          await screenshot(page, `${name}-reports`);
          await noSideScroll('the reports');
        } finally {
          await close();
        }
        expect(errors).toEqual([]);
      }
  }, 400_000);
});
