// npm run bench:live — the live workspace against the production server, in headless Chromium:
//  - time to the first full chart (price, series, trades, equity drawn) on opening a strategy;
//  - slider-to-redraw: from a slider's input event to ECharts' 'finished' for the result it caused (a
//    preview decimated to the chart's view, lib/transport/preview.ts), and when the full-resolution
//    series of the last move arrived after the drag;
//  - the server's compute + encode per slider move (from its own result and timing messages), answered
//    in full (no view) and as previews (with the view the page's chart reported);
//  - a result's MessagePack frame against JSON for the same result: bytes and decode time in Chromium.
// Prints markdown. Missed targets are FAIL in the tables; the exit code is 1 only if the run itself fails.
//   BENCH_LIVE_BARS=100000,1000000   bar counts (synthetic, 1-minute bars)
//   BENCH_LIVE_MOVES=100             slider moves per bar count
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { ensureBuild, launchBrowser, ROOT, skipReason, startApp } from '../e2e/harness';
import { getExample } from '../lib/examples';
import type { ViewRequest } from '../lib/transport';
import type { FrameCost, LiveBench, Move, Slide } from './live/page';
import { type ServerTimes, serverTimes } from './live/server';

declare const btLive: LiveBench;

const SLIDER_TARGET: Record<number, number> = { 100000: 50, 1000000: 150 };
const SERVER_TARGET = { bars: 100_000, ms: 15 };
const PARAM = 'fast';
const WARMUP_MOVES = 3;

function readList(raw: string | undefined, fallback: number[], name: string, min: number, max: number) {
  if (raw === undefined || raw.trim() === '') return fallback;
  const xs = raw.split(',').map((x) => Number(x.trim()));
  const bad = xs.find((x) => !Number.isInteger(x) || x < min || x > max);
  if (bad !== undefined)
    throw new RangeError(
      `${name} must be whole numbers from ${min} to ${max}, comma-separated; got '${raw}'`,
    );
  return xs;
}

const BARS = readList(process.env.BENCH_LIVE_BARS, [100_000, 1_000_000], 'BENCH_LIVE_BARS', 1000, 5_000_000);
const [MOVES] = readList(process.env.BENCH_LIVE_MOVES, [100], 'BENCH_LIVE_MOVES', 5, 10_000);

/** Slider positions: a sweep of the input's range (mostly values the server has not cached), 1 apart. */
function moveValues(count: number, offset = 0): number[] {
  return Array.from({ length: count }, (_, k) => 5 + ((k + offset) % 96));
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}
const median = (xs: number[]) => pct(xs, 0.5);
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const kb = (b: number) =>
  b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MB` : `${(b / 1024).toFixed(1)} KB`;
const verdict = (x: number, target: number | undefined) =>
  target === undefined ? '' : x <= target ? 'pass' : 'FAIL';
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

async function pageBundle(): Promise<string> {
  const r = await build({
    entryPoints: [join(ROOT, 'bench', 'live', 'page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return r.outputFiles[0].text;
}

interface BrowserRun {
  bars: number;
  firstCold: number;
  firstWarm: number;
  moves: Move[];
  settle: Slide['settle'];
  fullsDuring: number;
  /** The view the chart's parameter changes carried. */
  view: ViewRequest | null;
  payload: { full: FrameCost; move: FrameCost; preview: FrameCost };
}

async function createStrategy(url: string, bars: number): Promise<{ id: string; source: string }> {
  const source = `synthetic:1:${bars}:1m`;
  const res = await fetch(`${url}/api/strategies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({
      name: `bench ${bars}`,
      exampleId: 'sma-cross',
      data: { source, symbol: 'SYNTH', timeframe: '1m' },
    }),
  });
  if (!res.ok) throw new Error(`creating the benchmark strategy failed: ${res.status} ${await res.text()}`);
  const { strategy } = (await res.json()) as { strategy: { id: string } };
  return { id: strategy.id, source };
}

async function browserRun(browser: Browser, url: string, bundle: string, bars: number): Promise<BrowserRun> {
  const { id, source } = await createStrategy(url, bars);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript({ content: bundle });
  const firstChart = async () => {
    await page.waitForFunction(() => btLive.firstFullChart() !== null, null, { timeout: 300_000 });
    return page.evaluate(() => btLive.firstFullChart()?.at ?? Number.NaN);
  };
  try {
    await page.goto(`${url}/strategies/${id}`);
    const firstCold = await firstChart();
    await page.reload();
    const firstWarm = await firstChart();
    const values = moveValues(WARMUP_MOVES + MOVES, 96 - WARMUP_MOVES);
    const all = await page.evaluate(([p, v]) => btLive.slide(`param-${p}`, v, 120_000), [
      PARAM,
      values,
    ] as const);
    const program = getExample('sma-cross')?.source ?? '';
    const view = await page.evaluate(() => btLive.sentView());
    const payload = await page.evaluate(
      ([prog, src, p, reps, v]) => btLive.payload(prog, { source: src }, { name: p, value: 21 }, reps, v),
      [
        program,
        source,
        PARAM,
        bars >= 1_000_000 ? 7 : 15,
        view ?? { from: 0, to: bars - 1, width: 1000 },
      ] as const,
    );
    if (errors.length) throw new Error(`the page reported errors:\n${errors.join('\n')}`);
    return {
      bars,
      firstCold,
      firstWarm,
      moves: all.moves.slice(WARMUP_MOVES),
      settle: all.settle,
      fullsDuring: all.fullsDuring,
      view,
      payload,
    };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  if (skipReason) throw new Error(skipReason);
  const loadStart = load();
  ensureBuild();
  const bundle = await pageBundle();
  const app = await startApp({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  const browser = await launchBrowser();
  const runs: BrowserRun[] = [];
  const server: { bars: number; answer: 'full' | 'preview'; t: ServerTimes }[] = [];
  try {
    for (const bars of BARS) {
      console.error(`bench:live: ${bars.toLocaleString('en-US')} bars in Chromium…`);
      runs.push(await browserRun(browser, app.url, bundle, bars));
      console.error(`bench:live: ${bars.toLocaleString('en-US')} bars, server side…`);
      const program = getExample('sma-cross')?.source ?? '';
      const data = { source: `synthetic:1:${bars}:1m` };
      const full = await serverTimes(app.url, program, data, PARAM, moveValues(MOVES));
      server.push({ bars, answer: 'full', t: full });
      const view = runs.at(-1)?.view ?? { from: 0, to: bars - 1, width: 1000 };
      const preview = await serverTimes(app.url, program, data, PARAM, moveValues(MOVES), view);
      server.push({ bars, answer: 'preview', t: preview });
    }
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- server log (tail) ---\n${app.log().slice(-3000)}`, {
      cause: e,
    });
  } finally {
    const version = browser.version();
    await browser.close();
    await app.stop();
    report(runs, server, { loadStart, chromium: version });
  }
}

function report(
  runs: BrowserRun[],
  server: { bars: number; answer: 'full' | 'preview'; t: ServerTimes }[],
  env: { loadStart: string; chromium: string },
): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const out: string[] = [];
  out.push('## Live workspace benchmark (`npm run bench:live`)', '');
  out.push(
    `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} · Node ${process.version} · Chromium ${env.chromium} (headless, software rendering) · ` +
      `cache ${server[0]?.t.cache ?? '?'} · strategy: SMA crossover example on synthetic 1-minute bars, slider '${PARAM}' swept 5→100`,
  );
  out.push('', `Load average (1/5/15 min): ${env.loadStart} at start, ${load()} at the end.`, '');
  out.push('### Slider to redraw (input event → ECharts `finished` for its result)', '');
  out.push(
    'The split: input event → arrival of the result frame (server + network), and from there to the ' +
      'redraw (decode, React, chart update, the next frame, ECharts render).',
    '',
  );
  out.push(
    table(
      [
        'bars',
        'first full chart, cold',
        'warm',
        'moves',
        'p50 ms',
        'p95 ms',
        'max ms',
        'target p95',
        '',
        'to frame p50 / p95',
        'frame to redraw p50 / p95',
        'frame p50',
        'full series in after last move',
      ],
      runs.map((r) => {
        const total = r.moves.map((m) => m.total);
        const toFrame = r.moves.map((m) => m.toFrame);
        const inPage = r.moves.map((m) => m.total - m.toFrame);
        const p95 = pct(total, 0.95);
        const target = SLIDER_TARGET[r.bars];
        return [
          n(r.bars),
          `${ms(r.firstCold)} ms`,
          `${ms(r.firstWarm)} ms`,
          String(r.moves.length),
          ms(median(total)),
          ms(p95),
          ms(Math.max(...total)),
          target === undefined ? '—' : `≤ ${target} ms`,
          verdict(p95, target),
          `${ms(median(toFrame))} / ${ms(pct(toFrame, 0.95))}`,
          `${ms(median(inPage))} / ${ms(pct(inPage, 0.95))}`,
          `${kb(median(r.moves.map((m) => m.bytes)))} (${[...new Set(r.moves.map((m) => m.type))].join(', ')})`,
          `${r.settle ? `${ms(r.settle.at)} ms (${kb(r.settle.bytes)})` : '—'}; ${r.fullsDuring} during the moves`,
        ];
      }),
    ),
  );
  out.push(
    '',
    '### Server per slider move (compute = evaluate + simulate + stats, + decimation for a preview; encode = MessagePack)',
    '',
  );
  out.push(
    table(
      [
        'bars',
        'compute p50',
        'compute p95',
        'encode p95',
        'compute+encode p50',
        'p95',
        'frame',
        'target p95',
        '',
      ],
      server.map(({ bars, answer, t }) => {
        const sum = t.computeMs.map((c, i) => c + t.encodeMs[i]);
        const target = bars === SERVER_TARGET.bars ? SERVER_TARGET.ms : undefined;
        return [
          `${n(bars)}, ${answer === 'full' ? 'in full' : 'preview'}`,
          ms(median(t.computeMs)),
          ms(pct(t.computeMs, 0.95)),
          ms(pct(t.encodeMs, 0.95)),
          ms(median(sum)),
          ms(pct(sum, 0.95)),
          kb(median(t.bytes)),
          target === undefined ? '—' : `≤ ${target} ms`,
          verdict(pct(sum, 0.95), target),
        ];
      }),
    ),
  );
  out.push('', '### A result as MessagePack vs JSON (same result; decoded in Chromium, median)', '');
  out.push(
    table(
      ['bars', 'result', 'MessagePack', 'decode ms', 'JSON', 'JSON.parse ms', '+ typed arrays ms', 'size ×'],
      runs.flatMap((r) =>
        (['full', 'move', 'preview'] as const).map((k) => {
          const c = r.payload[k];
          return [
            n(r.bars),
            {
              full: 'first (all series)',
              move: 'slider move (changed series)',
              preview: `slider move, preview (${r.view ? `${n(r.view.to - r.view.from + 1)} bars in ${r.view.width} px` : 'view of 1000 px'})`,
            }[k],
            kb(c.msgpackBytes),
            c.msgpackDecodeMs.toFixed(3),
            kb(c.jsonBytes),
            ms(c.jsonParseMs),
            ms(c.jsonToTypedMs),
            (c.jsonBytes / c.msgpackBytes).toFixed(2),
          ];
        }),
      ),
    ),
  );
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
