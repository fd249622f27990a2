// What a run of a checked program costs before it runs: how many series it computes over how many bars.
// Every kernel and series operation is one pass over the bars writing a fresh series (no kernel's cost
// depends on its period), so work is bars × series and memory is that many 8-byte values. A call
// weighs as many series as it returns (macd: 3); identical calls are not merged, because each binding
// is also a named series of the result, sent whole to the workspace.
// htf(tf, x) adds, per timeframe, its resampled bars and the chart bars' index into them, and again the
// series of every binding x reads (each is evaluated on the higher bars too). Series on higher bars
// are counted as if over the chart's bars: an upper bound, since the estimate does not know the chart's
// timeframe (weekly bars of daily data are a fifth as many).
import { findTimeframe } from '../engine';
import type { Expr } from './ast';
import type { CheckedProgram, ValueType } from './checked';
import type { Diagnostic } from './diagnostics';
import { severityOf } from './diagnostics';

/** Series the simulation and statistics write besides the program's own: equity, cash, position, drawdown. */
export const SIMULATION_SERIES = 4;
/** Built-in names that are computed (once per run) rather than read from the bars. */
const COMPUTED_BUILTINS: ReadonlySet<string> = new Set(['hl2', 'hlc3', 'ohlc4', 'bar_index']);
/** What resampling to one higher timeframe writes: time, open, high, low, close, volume, the chart's index. */
export const RESAMPLE_SERIES = 7;

const isSeries = (t: ValueType | undefined) =>
  !!t && (t.t === 'tuple' || ((t.t === 'num' || t.t === 'bool') && t.series));
const weight = (t: ValueType | undefined) => (t?.t === 'tuple' ? t.outputs.length : 1);

export interface WorkEstimate {
  readonly bars: number;
  /** Series computed: the program's (indicator outputs, arithmetic, conditions) and the simulation's. */
  readonly series: number;
  /** Calls to registry functions (indicators, events, math on series). */
  readonly calls: number;
  /** bars × series: the unit of the budget. */
  readonly barCalls: number;
  /** Memory the series take: bars × series × 8 bytes. */
  readonly bytes: number;
}

export interface WorkBudget {
  /** Most bar-calls (bars × series) one run may take; memory is bounded with it (× 8 bytes). */
  readonly maxBarCalls: number;
  /** Where the budget is configured, named in the refusal (e.g. 'BACKTALK_MAX_WORK'). */
  readonly setting?: string;
}

/** Default budget: 50 series over a million bars, about 400 MB of series. */
export const DEFAULT_MAX_WORK = 50_000_000;
export const MAX_WORK_SETTING = 'BACKTALK_MAX_WORK';

/**
 * The budget from the environment: BACKTALK_MAX_WORK in bar-calls, e.g. 50000000, 5e7 or 50M.
 * Throws, naming the variable and an example, when it is not a positive number.
 */
export function workBudgetFromEnv(env: Readonly<Record<string, string | undefined>>): WorkBudget {
  const raw = env[MAX_WORK_SETTING]?.trim();
  if (!raw) return { maxBarCalls: DEFAULT_MAX_WORK, setting: MAX_WORK_SETTING };
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([kKmMgG]?)$/.exec(raw);
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[(m?.[2] ?? '').toLowerCase()] ?? 1;
  const value = m ? Number(m[1]) * scale : Number.NaN;
  if (!(value >= 1 && Number.isFinite(value))) {
    throw new RangeError(
      `${MAX_WORK_SETTING}=${raw} is not a number of bar-calls (bars × series a run may compute): ` +
        `set it like ${MAX_WORK_SETTING}=50M (the default) or 200000000`,
    );
  }
  return { maxBarCalls: Math.floor(value), setting: MAX_WORK_SETTING };
}

/** What `program` costs on `bars` bars. Pure: reads only the checker's types, never the data. */
export function estimateWork(checked: CheckedProgram, bars: number): WorkEstimate {
  let series = SIMULATION_SERIES;
  let calls = 0;
  const builtins = new Set<string>();
  for (const [e, t] of checked.types) {
    if (e.kind === 'Name') {
      // A binding's value is counted where it is computed; built-ins like close are the bars themselves.
      if (COMPUTED_BUILTINS.has(e.name) && !checked.bindings.has(e.name)) builtins.add(e.name);
      continue;
    }
    if (!isSeries(t)) continue;
    series += weight(t);
    if (e.kind !== 'Call') continue;
    const info = checked.calls.get(e);
    if (!info?.spec) continue;
    calls++;
    // A constant where the kernel takes a series is first broadcast to one.
    info.spec.args.forEach((a, i) => {
      const arg = info.args[i];
      if (a.kind === 'series' && arg && !isSeries(checked.types.get(arg))) series++;
    });
  }
  return done(bars, series + builtins.size + guardSeries(checked) + higherSeries(checked), calls);
}

/**
 * htf's own work: per timeframe, its resampled bars, and the series of the bindings its expressions read
 * (their nodes are counted once above, for the chart's bars; each timeframe computes them again).
 */
function higherSeries(checked: CheckedProgram): number {
  const frames = new Map<string, Set<Expr>>();
  const walk = (e: Expr, into: Set<Expr>, bound: boolean): void => {
    // Names are the bars or their binding's value (walked next), except the built-ins computed from the bars.
    const computed = e.kind !== 'Name' || (COMPUTED_BUILTINS.has(e.name) && !checked.bindings.has(e.name));
    if (bound && computed && isSeries(checked.types.get(e))) {
      if (into.has(e)) return;
      into.add(e);
    }
    if (e.kind === 'Name') {
      const b = checked.bindings.get(e.name);
      if (b && !b.input) walk(b.expr, into, true);
    } else if (e.kind === 'Unary') walk(e.operand, into, bound);
    else if (e.kind === 'Binary') {
      walk(e.left, into, bound);
      walk(e.right, into, bound);
    } else if (e.kind === 'Index') walk(e.target, into, bound);
    else if (e.kind === 'Call') for (const a of e.args) walk(a.value, into, bound);
  };
  for (const [call, info] of checked.calls) {
    const [tf, x] = info.args;
    if (call.callee.name !== 'htf' || tf?.kind !== 'String' || !x) continue;
    const label = findTimeframe(tf.value)?.label;
    if (!label) continue;
    const into = frames.get(label) ?? new Set<Expr>();
    frames.set(label, into);
    walk(x, into, false);
  }
  let n = 0;
  for (const nodes of frames.values()) {
    n += RESAMPLE_SERIES;
    for (const e of nodes) n += weight(checked.types.get(e));
  }
  return n;
}

/**
 * The masks the compiler builds for nested and chained conditions: an AND per added guard and a NOT
 * per negated one (an elif's earlier branches), shared between rules with the same leading guards
 * exactly as the compiler shares them.
 */
function guardSeries(checked: CheckedProgram): number {
  const ids = new Map<Expr, number>();
  const seen = new Set<string>();
  let n = 0;
  for (const r of checked.rules) {
    if (r.guards.length === 0) n++; // an unconditional order: a mask of ones
    let key = '';
    r.guards.forEach((g, i) => {
      if (!ids.has(g.expr)) ids.set(g.expr, ids.size);
      key += `${g.negate ? '!' : ''}${ids.get(g.expr)}&`;
      if (seen.has(key)) return;
      seen.add(key);
      n += (g.negate ? 1 : 0) + (i > 0 ? 1 : 0);
    });
  }
  return n;
}

function done(bars: number, series: number, calls: number): WorkEstimate {
  const barCalls = bars * series;
  return { bars, series, calls, barCalls, bytes: barCalls * 8 };
}

const count = (n: number) => Math.floor(n).toLocaleString('en-US');

/** 400_000_000 → "400 M"; small numbers as they are. */
export function formatQuantity(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toPrecision(3)} G`;
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)} M`;
  if (n >= 1e4) return `${+(n / 1e3).toPrecision(3)} k`;
  return count(n);
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${+(n / 2 ** 30).toPrecision(3)} GB`;
  if (n >= 2 ** 20) return `${+(n / 2 ** 20).toPrecision(3)} MB`;
  return `${+(n / 2 ** 10).toPrecision(3)} kB`;
}

/**
 * The refusal of a run past the budget, as a diagnostic ('too-much-work') naming the estimate, the
 * budget (work and memory) and how to get under it; undefined when the run fits.
 */
export function workProblem(est: WorkEstimate, budget: WorkBudget): Diagnostic | undefined {
  if (est.barCalls <= budget.maxBarCalls) return undefined;
  const setting = budget.setting ? ` (${budget.setting})` : '';
  const maxBars = Math.floor(budget.maxBarCalls / est.series);
  const maxSeries = Math.floor(budget.maxBarCalls / Math.max(1, est.bars));
  const message =
    `this program would compute ${count(est.series)} series (${count(est.calls)} indicator calls) over ` +
    `${count(est.bars)} bars (${formatQuantity(est.barCalls)} bar-calls, about ${formatBytes(est.bytes)}); ` +
    `the budget is ${formatQuantity(budget.maxBarCalls)} bar-calls, about ` +
    `${formatBytes(budget.maxBarCalls * 8)}${setting}`;
  const fewer =
    maxSeries > SIMULATION_SERIES
      ? `, or fewer indicators (at most ${count(maxSeries)} series over these bars)`
      : ', or fewer indicators';
  const hint = `use fewer bars (a date range or a larger timeframe: at most ${count(maxBars)} bars for this program)${fewer}`;
  return {
    code: 'too-much-work',
    severity: severityOf('too-much-work'),
    message,
    span: { line: 1, col: 1, offset: 0, length: 0 },
    hint,
  };
}
