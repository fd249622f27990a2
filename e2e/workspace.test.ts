// The live workspace end to end: create a strategy from an example, see it run (chart + statistics),
// tune it with a slider, break it and fix it in the editor, save a version and find it after a reload.
// One test, because each step starts from the screen the previous one left; a second one checks, on
// 100,000 bars, that a slider move's preview draws the very pixels the full data draws. Screenshots of
// every state go to artifacts/e2e/workspace-*.png.
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

  it('draws a slider move from a preview, pixel for pixel as from the full data, zoomed out and in', async () => {
    const { app, browser } = session;
    const res = await fetch(`${app.url}/api/strategies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({
        name: 'preview 100k',
        exampleId: 'sma-cross',
        data: { source: 'synthetic:1:100000:1m', symbol: 'SYNTH', timeframe: '1m' },
      }),
    });
    expect(res.ok).toBe(true);
    const { strategy } = (await res.json()) as { strategy: { id: string } };
    const { page, errors } = await newPage(browser);
    // Before the app's scripts: note each frame's type and seq (the type is the frame's first string
    // value, the seq in the timing messages is not needed) and snapshot the chart at every redraw.
    await page.addInitScript(() => {
      const w = window as unknown as {
        btFrames: { type: string; at: number }[];
        btShots: { seq: number | null; px: Uint32Array[] }[];
      };
      w.btFrames = [];
      w.btShots = [];
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener('message', (e) => {
            const head = new TextDecoder('latin1').decode(new Uint8Array(e.data as ArrayBuffer, 0, 24));
            w.btFrames.push({ type: /type.([a-z]+)/.exec(head)?.[1] ?? '?', at: performance.now() });
          });
        }
      };
      window.addEventListener('backtalk:chart-rendered', (e) => {
        const px: Uint32Array[] = [];
        for (const c of document.querySelectorAll<HTMLCanvasElement>('[data-testid="chart"] canvas')) {
          const ctx = c.getContext('2d');
          if (ctx && c.width > 0 && c.height > 0)
            px.push(new Uint32Array(ctx.getImageData(0, 0, c.width, c.height).data.buffer));
        }
        w.btShots.push({ seq: (e as CustomEvent<{ seq: number | null }>).detail.seq, px });
      });
    });
    type Win = {
      btFrames: { type: string; at: number }[];
      btShots: { seq: number | null; px: Uint32Array[] }[];
    };
    const shots = () => page.evaluate(() => (window as unknown as Win).btShots.length);
    const frameTypes = () => page.evaluate(() => (window as unknown as Win).btFrames.map((f) => f.type));
    /** Pixels that differ between redraw `a` and redraw `b` (indexes into the snapshots), and how many are inked. */
    const diff = (a: number, b: number) =>
      page.evaluate(
        ([i, j]) => {
          const s = (window as unknown as Win).btShots;
          let differ = 0;
          let inked = 0;
          s[i].px.forEach((x, k) => {
            const y = s[j].px[k];
            if (!y || y.length !== x.length) differ += x.length;
            else for (let p = 0; p < x.length; p++) if (x[p] !== y[p]) differ++;
            for (let p = 0; p < x.length; p++) if (x[p] !== x[0]) inked++;
          });
          return { differ, inked };
        },
        [a, b] as const,
      );
    const slider = page.getByTestId('param-fast');
    const editorLine1 = page.locator('.cm-content .cm-line').first();

    /** Moves the slider one step; returns the index of its redraw, after checking a preview drew it. */
    const moveAndCapture = async () => {
      const before = await shots();
      const framesBefore = (await frameTypes()).length;
      await slider.focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((n) => (window as unknown as Win).btShots.length > n, before, WAIT);
      const types = (await frameTypes()).slice(framesBefore);
      expect(types).toContain('preview');
      expect(types).not.toContain('result');
      // The full series follow once the move has settled, and are taken without a redraw.
      await page.waitForFunction(
        (n) => (window as unknown as Win).btFrames.slice(n).some((f) => f.type === 'full'),
        framesBefore,
        WAIT,
      );
      await settled(page);
      await page.waitForTimeout(300);
      expect(await shots()).toBe(before + 1);
      return before;
    };
    /** A no-op edit of the program's comment: answered by a full result, redrawn from full data. */
    let edits = 0;
    const redrawFromFull = async () => {
      const before = await shots();
      const framesBefore = (await frameTypes()).length;
      await editorLine1.click();
      await page.keyboard.press('End');
      await page.keyboard.type(` ${++edits}`);
      await page.waitForFunction((n) => (window as unknown as Win).btShots.length > n, before, WAIT);
      expect((await frameTypes()).slice(framesBefore)).toContain('result');
      await settled(page);
      return before;
    };

    try {
      await page.goto(`${app.url}/strategies/${strategy.id}`);
      await page.getByTestId('stats').waitFor(WAIT);
      await settled(page);
      expect(await text(page, 'data-summary')).toContain('100,000 bars');
      await expect.poll(async () => (await chartInk(page)).inked, WAIT).toBeGreaterThan(10_000);

      const previewShot = await moveAndCapture();
      expect(await slider.inputValue()).toBe('21');
      const previewHash = await page.evaluate(
        (shot) =>
          (window as unknown as Win).btShots[shot].px.map((x) => x.reduce((h, v) => (h * 31 + v) >>> 0, 7)),
        previewShot,
      );
      await screenshot(page, 'workspace-10-preview-100k');
      const fullShot = await redrawFromFull();
      const whole = await diff(previewShot, fullShot);
      expect(whole.inked).toBeGreaterThan(10_000);
      expect(whole.differ).toBe(0);
      // And as a chart built from scratch: saved, reloaded, drawn from the opening result.
      await page.getByTestId('save').click();
      await page.getByTestId('clean').waitFor(WAIT);
      await page.reload();
      await page.getByTestId('stats').waitFor(WAIT);
      await settled(page);
      await page.waitForFunction(
        () => (window as unknown as Win).btShots.some((x) => x.seq !== null),
        null,
        WAIT,
      );
      const fresh = await page.evaluate(() =>
        (window as unknown as Win).btShots.findLastIndex((x) => x.seq !== null),
      );
      // The previous page's snapshots are gone: compare hashes of snapshots taken the same way.
      const reloaded = await page.evaluate(
        (shot) =>
          (window as unknown as Win).btShots[shot].px.map((x) => x.reduce((h, v) => (h * 31 + v) >>> 0, 7)),
        fresh,
      );
      expect(reloaded.length).toBeGreaterThan(0);
      // The reported redraw is the picture that stays: drawn at the height the result's panes need, not
      // at the bars-only height the chart had a moment before (the container grows after the update).
      expect(reloaded).toEqual(previewHash);
      await screenshot(page, 'workspace-10b-reloaded-100k');

      // Zoomed in (mouse wheel over the price pane): the preview follows the view.
      const box = await page.getByTestId('chart').boundingBox();
      if (!box) throw new Error('no chart box');
      await page.mouse.move(box.x + box.width * 0.6, box.y + 120);
      for (let k = 0; k < 12; k++) {
        await page.mouse.wheel(0, -300);
        await page.waitForTimeout(120);
      }
      // Off the chart again: its crosshair is drawn on the canvas and would differ between snapshots.
      await page.mouse.move(box.x - 200, box.y + 600);
      await page.waitForTimeout(500);
      const zoomShot = await moveAndCapture();
      expect(await slider.inputValue()).toBe('22');
      await screenshot(page, 'workspace-11-preview-zoomed');
      const zoomFull = await redrawFromFull();
      const zoomed = await diff(zoomShot, zoomFull);
      expect(zoomed.inked).toBeGreaterThan(10_000);
      expect(zoomed.differ).toBe(0);
      // And it is a different picture from the whole range: the zoom took.
      expect((await diff(fresh, zoomShot)).differ).toBeGreaterThan(10_000);
      await screenshot(page, 'workspace-12-zoomed-full');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'workspace-failure-preview').catch(() => {});
      throw new Error(`${(e as Error).message}\npage errors: ${errors.join('\n') || 'none'}`, { cause: e });
    } finally {
      await page.close();
    }
  });
});
