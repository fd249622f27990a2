// Dev harness page (bundled by run.ts, never shipped): PriceChart on synthetic bars and a real backtest
// computed in the page, plus hooks the runner uses to simulate slider moves and zooms and time redraws.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { synthetic } from '../../../../lib/data';
import { runProgram } from '../../../../lib/dsl';
import type { SeriesCache } from '../../../../lib/engine';
import type { WireBars, WireSeries, WorkspaceResult } from '../../../../lib/transport';
import { echarts } from '../echarts';
import PriceChart from '../PriceChart';

const q = new URLSearchParams(location.search);
const n = Number(q.get('n') ?? 10_000);
// Fees would eat a minute-bar strategy alive; the large data sets run without them.
const SOURCE = `strategy("Harness", capital=10000, fee=${n > 50_000 ? 0 : 0.1}%)
fast = input(20, min=2, max=100, title="Fast")
slow = input(50, min=10, max=300, title="Slow")
f = sma(close, fast)
s = ema(close, slow)
[mid, upper, lower] = bb(close, 20, 2)
[m, sig, hist] = macd(close, 12, 26, 9)
r = rsi(close, 14)
up = crossover(f, s)
trend = close > s
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
if crossunder(r, 30) and close < lower:
    short(market, 50%)
if crossover(r, 50):
    cover(market, 100%)
stop_loss(4%)
`;

const theme = (q.get('theme') ?? 'dark') as 'dark' | 'light';
const tf = q.get('tf') ?? (n > 50_000 ? '1m' : '1d');
const bars = synthetic({ seed: 3, bars: n, timeframe: tf }) as WireBars;
const cache: SeriesCache = new Map();
let prev: Record<string, WireSeries> = {};
let seq = 0;

/** Runs the strategy like the server does and merges series like the client (unchanged keep identity). */
function run(params: Record<string, number>): WorkspaceResult {
  const r = runProgram(SOURCE, bars, { params, cache });
  if (!r.ok) throw new Error(r.report);
  const series: Record<string, WireSeries> = {};
  for (const [name, s] of Object.entries(r.eval.series)) {
    const old = prev[name];
    series[name] =
      old && old.values === s.values
        ? old
        : {
            pane: s.pane,
            kind: s.kind === 'boolean' ? 'bool' : 'number',
            fn: s.fn ?? undefined,
            output: s.output ?? undefined,
            values: s.values,
          };
  }
  prev = series;
  return {
    seq: ++seq,
    dataKey: 'harness',
    title: r.compiled.title,
    inputs: [],
    params: r.eval.params,
    settings: { ...r.eval.settings },
    stats: r.stats as unknown as Record<string, number>,
    trades: { ...r.sim.trades },
    equity: r.sim.equity,
    series,
    warmup: r.eval.warmup,
    warnings: [],
    levels: r.eval.levels,
    timing: { computeMs: 0, coalesced: 0 },
    receivedAt: performance.now(),
  };
}

type Rendered = { ms: number; seq: number | null };
const waiters: ((r: Rendered) => void)[] = [];
const h = {
  renders: [] as Rendered[],
  setResult: (_: WorkspaceResult | null) => {},
  next: () => new Promise<Rendered>((res) => waiters.push(res)),
  /** A slider move: a new result on the same bars; resolves with the redraw's onRendered info. */
  /** The ECharts instance (for instrumentation). */
  instance() {
    return echarts.getInstanceByDom(document.querySelector('[aria-label="Price chart"]') as HTMLElement);
  },
  /** Zooms through the chart's own dataZoom, as the mouse wheel or the slider would. */
  zoom(startValue: number, endValue: number) {
    const el = document.querySelector('[aria-label="Price chart"]') as HTMLElement;
    echarts.getInstanceByDom(el)?.dispatchAction({ type: 'dataZoom', startValue, endValue });
  },
  /** Resolves on ECharts' next 'finished' event. */
  finished() {
    const inst = h.instance();
    return new Promise<void>((res) => {
      const done = () => {
        inst?.off('finished', done);
        res();
      };
      inst?.on('finished', done);
    });
  },
  prepared: null as WorkspaceResult | null,
  /** Computes the result of a slider move without showing it (so its cost can be left out). */
  prepare(params: Record<string, number>) {
    h.prepared = run(params);
  },
  /** Shows the prepared result; resolves with the redraw's onRendered info. */
  show() {
    const p = h.next();
    h.setResult(h.prepared);
    return p;
  },
  /** A slider move: a new result on the same bars. */
  slide(params: Record<string, number>) {
    h.prepare(params);
    return h.show();
  },
};
(window as unknown as { harness: typeof h }).harness = h;

function App() {
  const [result, setResult] = useState<WorkspaceResult | null>(() =>
    q.get('result') === '0' ? null : run({}),
  );
  h.setResult = setResult;
  return (
    <div style={{ width: Number(q.get('w') ?? 1400), height: q.get('h') === 'auto' ? undefined : 900 }}>
      <PriceChart
        height={q.get('h') === 'auto' ? 400 : undefined}
        bars={q.get('empty') === '1' ? null : bars}
        result={result}
        theme={theme}
        onRendered={(info) => {
          h.renders.push(info);
          for (const w of waiters.splice(0)) w(info);
        }}
      />
    </div>
  );
}

document.body.style.margin = '0';
document.body.style.background = theme === 'dark' ? '#0b0e14' : '#f5f5f5';
createRoot(document.getElementById('root')!).render(<App />);
