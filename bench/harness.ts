// Timing, configuration, bar generation and markdown tables for the benchmark.
import { cpus, loadavg } from 'node:os';
import type { Bars } from '../lib/engine';

export interface BenchConfig {
  /** Bars of the indicator, backtest and memory sections. */
  readonly bars: number;
  /** Bars of the sweep section. */
  readonly sweepBars: number;
  /** Untimed calls before measuring. */
  readonly warmup: number;
  /** Timed repetitions (the median is reported). */
  readonly reps: number;
  /** A peer whose one call is estimated above this is timed on fewer bars and scaled linearly. */
  readonly peerBudgetMs: number;
  readonly quick: boolean;
  /** 'wall' (default) or 'cpu': process CPU time, which leaves out time spent descheduled. */
  readonly clock: 'wall' | 'cpu';
  /** Sections to run (BENCH_ONLY, comma-separated); all of them when unset. */
  readonly only: ReadonlySet<BenchSection>;
  /** Rows of the indicators section to run (BENCH_KERNELS, comma-separated names); all when null. */
  readonly kernels: ReadonlySet<string> | null;
}

export const SECTIONS = [
  'indicators',
  'backtest',
  'sweep',
  'parallel',
  'memory',
  'orders',
  'portfolio',
] as const;
export type BenchSection = (typeof SECTIONS)[number];

function readSections(raw: string | undefined): ReadonlySet<BenchSection> {
  if (raw === undefined || raw.trim() === '') return new Set(SECTIONS);
  const names = raw.split(',').map((x) => x.trim());
  const bad = names.filter((x) => !(SECTIONS as readonly string[]).includes(x));
  if (bad.length)
    throw new RangeError(`BENCH_ONLY: unknown section '${bad.join("', '")}'; use ${SECTIONS.join(', ')}`);
  return new Set(names as BenchSection[]);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1';
  const raw = env.BENCH_BARS;
  const bars = raw === undefined || raw === '' ? (quick ? 100_000 : 1_000_000) : Number(raw);
  if (!Number.isInteger(bars) || bars < 1000 || bars > 10_000_000) {
    throw new RangeError(`BENCH_BARS must be an integer from 1000 to 10000000, got '${raw}'`);
  }
  const clock = env.BENCH_CLOCK ?? 'wall';
  if (clock !== 'wall' && clock !== 'cpu')
    throw new RangeError(`BENCH_CLOCK must be 'wall' or 'cpu', got '${clock}'`);
  return {
    clock,
    only: readSections(env.BENCH_ONLY),
    kernels: env.BENCH_KERNELS?.trim() ? new Set(env.BENCH_KERNELS.split(',').map((x) => x.trim())) : null,
    bars,
    sweepBars: 2500,
    warmup: quick ? 2 : 3,
    reps: quick ? 5 : 7,
    peerBudgetMs: quick ? 300 : 1000,
    quick,
  };
}

/** Anything a timed function returns is kept here so the JIT cannot drop the work. */
export const sink: unknown[] = [];

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let now: () => number = () => performance.now();

/** Selects the clock of every later measurement. */
export function selectClock(kind: 'wall' | 'cpu'): void {
  now = kind === 'cpu' ? cpuMs : () => performance.now();
}

function fullGc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

export function hasGc(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median wall time in ms of each function, measured in interleaved rounds (each round calls every
 * function once, in rotating order) so that a burst of load from other processes on a shared machine
 * hits all of them alike rather than one. A full GC runs before every call so that no measurement pays
 * for an earlier one's garbage. The first call of each is an untimed warm-up, followed by `warmup - 1`
 * more unless it took over 250 ms. Calls under 50 ms are timed twice as often (a scheduler time slice
 * lost to another process matters more to them); calls over a second only 3 times (slow peers would
 * otherwise take minutes). `forceGc = false` skips the GCs (see README: a full GC can discard
 * optimized code).
 */
export function compare(
  fns: readonly (() => unknown)[],
  warmup: number,
  reps: number,
  forceGc = true,
): number[] {
  const gc = forceGc ? fullGc : () => {};
  const limit = fns.map((fn) => {
    gc();
    const t0 = now();
    sink[0] = fn();
    const first = now() - t0;
    if (first <= 250) {
      for (let i = 1; i < warmup; i++) {
        gc();
        sink[0] = fn();
      }
    }
    return first > 1000 ? Math.min(3, reps) : first < 50 ? 2 * reps : reps;
  });
  const times: number[][] = fns.map(() => []);
  const rounds = Math.max(...limit);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < fns.length; j++) {
      const i = (r + j) % fns.length;
      if (r >= limit[i]) continue;
      gc();
      const t0 = now();
      sink[0] = fns[i]();
      times[i].push(now() - t0);
    }
  }
  sink[0] = undefined;
  return times.map(median);
}

/** Median wall time in ms of one function (see compare). */
export function time(fn: () => unknown, warmup: number, reps: number): number {
  return compare([fn], warmup, reps)[0];
}

// ---- seeded bars ---------------------------------------------------------------------------------

/** mulberry32: a tiny seeded generator, enough for benchmark prices. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded geometric Brownian motion OHLCV on 1-minute bars (the fallback when lib/data is absent). */
export function gbmBars(seed: number, n: number, stepMs = 60_000): Bars {
  const rnd = mulberry32(seed);
  const normal = () => {
    const u = 1 - rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const col = () => new Float64Array(n);
  const b = { time: col(), open: col(), high: col(), low: col(), close: col(), volume: col() };
  const start = Date.UTC(2024, 0, 1) - (n - 1) * stepMs;
  const sigma = 0.001;
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const o = prev * Math.exp(sigma * 0.3 * normal());
    const c = o * Math.exp(sigma * normal());
    b.time[i] = start + i * stepMs;
    b.open[i] = o;
    b.close[i] = c;
    b.high[i] = Math.max(o, c) * (1 + sigma * rnd());
    b.low[i] = Math.min(o, c) * (1 - sigma * rnd());
    b.volume[i] = Math.round(1000 + 9000 * rnd());
    prev = c;
  }
  return b;
}

type SyntheticFn = (o: { seed?: number; bars?: number; timeframe?: string }) => Bars;

/** Seeded bars from lib/data's generator when it is there, else the GBM above; says which. */
export async function seededBars(seed: number, n: number, timeframe: string): Promise<[Bars, string]> {
  try {
    const mod = (await import('../lib/data')) as { synthetic?: SyntheticFn };
    if (typeof mod.synthetic === 'function') {
      return [mod.synthetic({ seed, bars: n, timeframe }), `lib/data synthetic(seed ${seed}, ${timeframe})`];
    }
  } catch {
    // lib/data/synthetic is optional: fall back to the local generator below.
  }
  const step = timeframe === '1d' ? 86_400_000 : 60_000;
  return [gbmBars(seed, n, step), `bench GBM (seed ${seed}, ${timeframe})`];
}

// ---- output -------------------------------------------------------------------------------------

export function machineLine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const tun = process.env.GLIBC_TUNABLES;
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  return `Machine: ${model}, ${cpu.length} cores, Node ${process.version}${tun ? `, GLIBC_TUNABLES=${tun}` : ''}; load average ${load}`;
}

/** A markdown table with columns padded to equal width (right-aligned unless `left` says so). */
export function table(head: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
  const w = head.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const cell = (s: string, j: number) => (j < left ? s.padEnd(w[j]) : s.padStart(w[j]));
  const line = (r: readonly string[]) => `| ${r.map((s, j) => cell(s ?? '', j)).join(' | ')} |`;
  const rule = `|${w.map((x, j) => (j < left ? `:${'-'.repeat(x + 1)}` : `${'-'.repeat(x + 1)}:`)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 1000) return ms.toFixed(0);
  if (ms >= 100) return ms.toFixed(1);
  return ms.toFixed(2);
}

export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return '—';
  return r >= 100 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`;
}

export function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Largest relative difference over the last `k` values of two series aligned at their ends. */
export function tailDiff(a: ArrayLike<number>, b: ArrayLike<number>, k = 100): number {
  let worst = 0;
  const m = Math.min(k, a.length, b.length);
  for (let j = 1; j <= m; j++) {
    const x = a[a.length - j];
    const y = b[b.length - j];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y) / Math.max(1e-12, Math.abs(x), Math.abs(y));
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

/** Largest relative difference between two equity curves over every bar. */
export function maxRelDiff(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(1e-300, Math.abs(a[i]));
    if (!(d <= worst)) worst = d;
  }
  return worst;
}
