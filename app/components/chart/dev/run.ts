// Dev tool: bundles harness.tsx, opens it in headless Chromium, takes screenshots and times redraws.
//   npx tsx app/components/chart/dev/run.ts [shots|perf|all]   (output in /tmp/backtalk-chart)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

const OUT = '/tmp/backtalk-chart';
const here = dirname(fileURLToPath(import.meta.url));
const mode = process.argv[2] ?? 'all';

interface Harness {
  renders: { ms: number; seq: number | null }[];
  next(): Promise<{ ms: number; seq: number | null }>;
  slide(params: Record<string, number>): Promise<{ ms: number; seq: number | null }>;
  prepare(params: Record<string, number>): void;
  show(): Promise<{ ms: number; seq: number | null }>;
  zoom(startValue: number, endValue: number): void;
  finished(): Promise<void>;
}
declare const window: { harness: Harness };

async function bundle(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [join(here, 'harness.tsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile: join(OUT, 'harness.js'),
    logLevel: 'warning',
  });
  writeFileSync(
    join(OUT, 'index.html'),
    '<!doctype html><meta charset="utf-8"><div id="root"></div><script src="harness.js"></script>',
  );
}

async function open(browser: Browser, query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('[console]', m.text()));
  await page.goto(`file://${OUT}/index.html?${query}`);
  await page.waitForFunction(() => window.harness?.renders.length > 0, null, { timeout: 180_000 });
  return page;
}

async function zoom(page: Page, startValue: number, endValue: number): Promise<void> {
  await page.evaluate(([s, e]) => window.harness.zoom(s, e), [startValue, endValue]);
  await page.waitForTimeout(400);
}

async function shots(browser: Browser): Promise<void> {
  for (const n of [10_000, 1_000_000]) {
    for (const theme of ['dark', 'light']) {
      const page = await open(browser, `n=${n}&theme=${theme}`);
      await page.waitForTimeout(300);
      const file = join(OUT, `chart-${n}-${theme}.png`);
      await page.screenshot({ path: file });
      console.log('screenshot', file);
      await zoom(page, n - 180, n - 1);
      await page.mouse.move(1000, 300);
      await page.waitForTimeout(200);
      const zfile = join(OUT, `chart-${n}-${theme}-zoom.png`);
      await page.screenshot({ path: zfile });
      console.log('screenshot', zfile);
      await page.close();
    }
  }
  const empty = await (async () => {
    const page = await browser.newPage({ viewport: { width: 700, height: 400 } });
    await page.goto(`file://${OUT}/index.html?n=100&empty=1`);
    await page.waitForTimeout(500);
    return page;
  })();
  await empty.screenshot({ path: join(OUT, 'chart-empty.png') });
  await empty.close();
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))].toFixed(1);
  return `min ${q(0)} / median ${q(0.5)} / p90 ${q(0.9)} ms (${xs.length} runs)`;
}

/** Times `count` slider moves (a new result on the same bars), after two warm-up moves. */
async function slides(page: Page, count: number, base: number): Promise<number[]> {
  return page.evaluate(
    async ([count, base]) => {
      const out: number[] = [];
      for (let k = -2; k < count; k++) {
        const r = await window.harness.slide({ fast: base + (k & 7) });
        if (k >= 0) out.push(r.ms);
      }
      return out;
    },
    [count, base],
  );
}

/** Times zoom steps: dispatch a dataZoom, wait for ECharts' 'finished'. */
async function zooms(page: Page, n: number, steps: number): Promise<number[]> {
  return page.evaluate(
    async ([n, steps]) => {
      const out: number[] = [];
      for (let k = 0; k < steps; k++) {
        const span = Math.max(200, Math.round(n / 1.5 ** k));
        const t0 = performance.now();
        const done = window.harness.finished();
        window.harness.zoom(n - span, n - 1);
        await done;
        out.push(performance.now() - t0);
      }
      return out;
    },
    [n, steps],
  );
}

/** CPU time (ms) used so far by Chromium's processes: unlike wall time, not inflated by other load. */
function chromiumCpuMs(_browser: Browser): number {
  // playwright-core's Browser hides its process; Chromium is a descendant of this one.
  const root = process.pid;
  const tick = 10; // USER_HZ is 100 on Linux
  let total = 0;
  const kids = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ');
      const ppid = Number(f[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      // the process ended while we looked
    }
  }
  const stack = [...(kids.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(f[11]) + Number(f[12])) * tick;
    } catch {
      // gone
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** CPU ms per slider move, the strategy's own run excluded (prepared before each measured redraw). */
async function cpuPerSlide(browser: Browser, page: Page, count: number, base: number): Promise<number> {
  let cpu = 0;
  for (let k = 0; k < count; k++) {
    await page.evaluate((fast) => window.harness.prepare({ fast }), base + (k & 7));
    await page.waitForTimeout(50);
    const c0 = chromiumCpuMs(browser);
    await page.evaluate(() => window.harness.show());
    await page.waitForTimeout(30);
    cpu += chromiumCpuMs(browser) - c0;
  }
  return cpu / count;
}

async function perf(browser: Browser): Promise<void> {
  for (const n of [100_000, 1_000_000]) {
    const page = await open(browser, `n=${n}&theme=dark`);
    const first = await page.evaluate(() => window.harness.renders[0].ms);
    console.log(`${n} bars: first draw ${first.toFixed(0)} ms`);
    console.log(`${n} bars: slider move, whole range in view: ${stats(await slides(page, 15, 10))}`);
    const idle = chromiumCpuMs(browser);
    await page.waitForTimeout(1000);
    const idlePerSec = chromiumCpuMs(browser) - idle;
    const cpu = await cpuPerSlide(browser, page, 20, 10);
    console.log(
      `${n} bars: slider move, whole range: CPU ${cpu.toFixed(0)} ms per redraw (Chromium idles at ${idlePerSec} ms/s)`,
    );
    console.log(`${n} bars: zoom steps from all to 200 bars: ${stats(await zooms(page, n, 16))}`);
    await zoom(page, n - 500, n - 1);
    console.log(`${n} bars: slider move, last 500 bars in view: ${stats(await slides(page, 15, 30))}`);
    console.log(
      `${n} bars: slider move, last 500 bars: CPU ${(await cpuPerSlide(browser, page, 20, 30)).toFixed(0)} ms per redraw`,
    );
    await page.close();
  }
}

await bundle();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  if (mode === 'shots' || mode === 'all') await shots(browser);
  if (mode === 'perf' || mode === 'all') await perf(browser);
} finally {
  await browser.close();
}
