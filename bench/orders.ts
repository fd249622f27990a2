// Section 6 of `npm run bench` (BENCH_ONLY=orders): programs with orders at prices and programs that read
// the position state, against the SMA crossover .bt program on the same bars. Their conditions that read
// the position run as closures inside the simulation (lib/dsl/residual.ts, lib/engine/walk-orders.ts);
// the target is at most 1.5× the crossover's time.
import { runProgram } from '../lib/dsl';
import type { Bars } from '../lib/engine';
import { BT_SOURCE } from './backtest';
import { type BenchConfig, compare, fmtMs, fmtRatio, table } from './harness';

/** A limit entry 0.1% under the close, cancelled after 5 bars, with a stop 2 ATR under the entry. */
export const LIMIT_ATR_SOURCE = `strategy("Limit entry, ATR stop", capital=10000, fee=0.1%)
f = sma(close, 10)
s = sma(close, 50)
if crossover(f, s):
    buy(limit=close * 0.999, cancel_after=5)
if crossunder(f, s):
    sell(market, 100%)
stop_loss(price=position_avg_price - 2 * atr(14))
`;

/** The crossover, entered only when flat, left on the cross back, after 500 bars or 2% down. */
export const POSITION_SOURCE = `strategy("Position state", capital=10000, fee=0.1%)
f = sma(close, 10)
s = sma(close, 50)
if crossover(f, s) and position_size == 0:
    buy(market, 100%)
if crossunder(f, s) or bars_since_entry >= 500 or open_profit < -2%:
    sell(market, 100%)
`;

/**
 * The crossover (BT_SOURCE) gated by a higher-timeframe trend filter, lib/dsl/htf-run.test.ts's weekly
 * filter moved down to fit minute bars: "1d" (1,440 bars a bucket; ~694 daily bars in 1M minutes).
 */
export const HTF_SOURCE = BT_SOURCE.replace(
  'strategy("SMA cross"',
  'strategy("SMA cross, daily filter"',
).replace(
  'if crossover(f, s):',
  'daily_up = htf("1d", close) > htf("1d", sma(close, 20))\nif crossover(f, s) and daily_up:',
);

const TARGET = 1.5;
/** The section's bars are one-minute bars (gbmBars); declared, as the data layer would. */
const RUN = { timeframe: '1m' } as const;

export function orders(
  cfg: BenchConfig,
  bars: Bars,
  verify: (what: string, ok: boolean, detail: string) => void,
) {
  const len = bars.close.length;
  const programs: [string, string][] = [
    ['SMA(10)/SMA(50) crossover (.bt)', BT_SOURCE],
    ['limit entry + stop 2 ATR under the entry', LIMIT_ATR_SOURCE],
    ['conditions on position_size, bars_since_entry, open_profit', POSITION_SOURCE],
    ['crossover gated by htf("1d", close) > htf("1d", sma(close, 20))', HTF_SOURCE],
  ];
  const facts: string[] = [];
  for (const [name, src] of programs) {
    const r = runProgram(src, bars, RUN);
    if (!r.ok) throw new Error(`the ${name} program failed:\n${r.report}`);
    verify(`${name} trades`, r.sim.trades.count > 0, 'the program made no trade: it measures nothing');
    const reasons = new Map<number, number>();
    for (let i = 0; i < r.sim.trades.count; i++)
      reasons.set(r.sim.trades.exitReason[i], (reasons.get(r.sim.trades.exitReason[i]) ?? 0) + 1);
    facts.push(`${name}: ${r.stats['# Trades']} closed trades, ${reasons.get(1) ?? 0} by the stop`);
  }
  const times = compare(
    programs.map(
      ([, src]) =>
        () =>
          runProgram(src, bars, RUN),
    ),
    cfg.warmup,
    cfg.reps,
  );
  const perM = (ms: number) => fmtMs((ms * 1e6) / len);
  const rows = programs.map(([name], i) => {
    const ratio = times[i] / times[0];
    const target = i === 0 ? '' : `≤ ${TARGET}× crossover`;
    const result = i === 0 ? '' : ratio <= TARGET ? 'PASS' : 'FAIL';
    return [name, fmtMs(times[i]), perM(times[i]), i === 0 ? '1.00×' : fmtRatio(ratio), target, result];
  });
  return [
    table(['.bt program via runProgram', 'ms', 'ms per 1M bars', '× crossover', 'target', 'result'], rows),
    '',
    `Each is the whole run: parse, check, compile, indicators, simulation and statistics. ${facts.join('; ')}.`,
  ].join('\n');
}
