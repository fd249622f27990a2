// The data picker against the real server: a CSV chosen in the browser is uploaded into the data folder
// (BACKTALK_DATA_DIR) and the workspace runs on it; a path outside the folder is refused without the
// file's content reaching the page. Screenshots go to artifacts/e2e/data-upload-*.png.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, useSession } from './harness';

const WAIT = { timeout: 30_000 };
const DATA_DIR = mkdtempSync(join(tmpdir(), 'backtalk-e2e-data-'));

/** 400 daily bars of a gentle zig-zag, so that the example's moving averages cross. */
function csv(bars: number): string {
  const rows = ['Date,Open,High,Low,Close,Volume'];
  for (let i = 0; i < bars; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const c = 100 + 10 * Math.sin(i / 15);
    rows.push(`${day},${c.toFixed(2)},${(c + 1).toFixed(2)},${(c - 1).toFixed(2)},${c.toFixed(2)},1000`);
  }
  return `${rows.join('\n')}\n`;
}

describe.skipIf(skipReason !== null)('data picker uploads', () => {
  const session = useSession({ BACKTALK_DATA_DIR: DATA_DIR });

  it('uploads a CSV, runs on it, replaces it when confirmed, and refuses /etc/passwd', async () => {
    const { app, browser } = session;
    const res = await fetch(`${app.url}/api/strategies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ name: 'upload', exampleId: 'sma-cross' }),
    });
    expect(res.ok).toBe(true);
    const { strategy } = (await res.json()) as { strategy: { id: string } };
    const { page, errors } = await newPage(browser);
    try {
      await page.goto(`${app.url}/strategies/${strategy.id}`);
      await page.getByTestId('stats').waitFor(WAIT);
      await page.getByTestId('data-kind').selectOption('csv');
      await page.getByTestId('data-upload').waitFor(WAIT);

      await page.getByTestId('data-upload-input').setInputFiles({
        name: 'My prices.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv(400)),
      });
      await page.waitForFunction(
        () => document.querySelector('[data-testid="data-summary"]')?.textContent?.includes('1d · 400 bars'),
        null,
        WAIT,
      );
      expect(await page.getByTestId('data-path').inputValue()).toBe('My_prices.csv');
      expect(await page.getByTestId('data-summary').textContent()).toContain(
        'uploaded My_prices.csv (400 bars)',
      );
      expect(readFileSync(join(DATA_DIR, 'My_prices.csv'), 'utf8')).toBe(csv(400));
      await screenshot(page, 'data-upload-01-uploaded');

      // The same name again: the page asks before replacing.
      const asked: string[] = [];
      page.once('dialog', (d) => {
        asked.push(d.message());
        void d.accept();
      });
      await page.getByTestId('data-upload-input').setInputFiles({
        name: 'My prices.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv(450)),
      });
      await page.waitForFunction(
        () => document.querySelector('[data-testid="data-summary"]')?.textContent?.includes('replaced'),
        null,
        WAIT,
      );
      expect(asked[0]).toMatch(/My_prices\.csv is already in the data folder/);
      expect(readFileSync(join(DATA_DIR, 'My_prices.csv'), 'utf8')).toBe(csv(450));

      // Not a CSV of bars: refused, nothing stored.
      await page.getByTestId('data-upload-input').setInputFiles({
        name: 'notes.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('root:x:0:0:root:/root:/bin/bash\n'),
      });
      await page.getByTestId('data-upload-error').waitFor(WAIT);
      expect(await page.getByTestId('data-upload-error').textContent()).toMatch(
        /notes\.csv: the first line has a single column/,
      );
      expect(existsSync(join(DATA_DIR, 'notes.csv'))).toBe(false);

      // A path outside the folder: the socket answers with the rule, not with the file.
      await page.getByTestId('data-path').fill('/etc/passwd');
      await page.getByTestId('data-path').press('Enter');
      expect(await page.getByTestId('data-upload-error').count()).toBe(0);
      await page.getByTestId('data-error').waitFor(WAIT);
      const shown = (await page.getByTestId('data-error').textContent()) ?? '';
      expect(shown).toMatch(/outside the data folder/);
      expect(shown).not.toMatch(/root:/);
      await screenshot(page, 'data-upload-02-refused');
      // The refused uploads (409, 400) are logged by Chromium as failed resources; nothing else may be.
      expect(errors.filter((e) => !/status of 40[09]/.test(e))).toEqual([]);
    } catch (e) {
      await screenshot(page, 'data-upload-failure').catch(() => {});
      throw new Error(`${(e as Error).message}\npage errors: ${errors.join('\n') || 'none'}`, { cause: e });
    } finally {
      await page.close();
    }
  });
});
