// Helpers for the language's tests (not part of the public surface): seeded bars, spans, spec examples.
import { readShared } from '../../testing/shared';
import type { Bars } from '../engine';
import { rng } from '../engine/testkit';
import type { Span } from './diagnostics';

export { rng };

/**
 * ../shared/data/GOOG.csv as bars (the parity reference data), read without lib/data, which the language
 * sits below. Fails with what to do when ../shared is missing (testing/shared.ts): never skipped.
 */
export function readGoog(): Bars {
  const rows = readShared('data/GOOG.csv').trim().split('\n').slice(1);
  const col = () => new Float64Array(rows.length);
  const b = { time: col(), open: col(), high: col(), low: col(), close: col(), volume: col() };
  rows.forEach((line, i) => {
    const [d, o, h, l, c, v] = line.split(',');
    b.time[i] = Date.parse(`${d}T00:00:00Z`);
    b.open[i] = +o;
    b.high[i] = +h;
    b.low[i] = +l;
    b.close[i] = +c;
    b.volume[i] = +v;
  });
  return b;
}

/** A seeded random walk of daily bars, consistent OHLC (low <= open, close <= high). */
export function randomBars(n: number, seed = 7): Bars {
  const r = rng(seed);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = o * Math.exp((r() - 0.5) * 0.04);
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + r() * 0.01);
    low[i] = Math.min(o, c) * (1 - r() * 0.01);
    volume[i] = 1000 + Math.floor(r() * 1000);
    time[i] = Date.UTC(2020, 0, 1) + i * 86_400_000;
    p = c;
  }
  return { time, open, high, low, close, volume };
}

/** The span of the `nth` occurrence of `needle` in `source`, computed by plain string search. */
export function spanOf(source: string, needle: string, nth = 0): Span {
  let offset = -1;
  for (let k = 0; k <= nth; k++) {
    offset = source.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`spanOf: occurrence ${nth} of ${JSON.stringify(needle)} not found`);
  }
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, col, offset, length: needle.length };
}

/** Fenced code blocks of a markdown text that look like programs (they contain a call or binding). */
function codeBlocks(text: string): string[] {
  const out: string[] = [];
  // Program blocks only: parity.md also holds a ```json block of figures.
  const re = /```([a-z]*)\n([\s\S]*?)```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1] !== 'json') out.push(m[2]);
  return out;
}

/**
 * Every program of the shared spec: dsl.md and parity.md blocks, and the `dsl` fields of nl-examples.
 * Throws when ../shared is missing (see testing/shared.ts), so the tests built on it fail, not vanish.
 */
export function specPrograms(): { name: string; source: string }[] {
  const out: { name: string; source: string }[] = [];
  for (const f of ['dsl.md', 'parity.md']) {
    codeBlocks(readShared(`spec/${f}`)).forEach((source, i) => {
      out.push({ name: `${f} #${i + 1}`, source });
    });
  }
  readShared('spec/nl-examples.jsonl')
    .split('\n')
    .filter((l) => l.trim())
    .forEach((l, i) => {
      const row = JSON.parse(l) as { dsl?: string };
      if (row.dsl) out.push({ name: `nl-examples line ${i + 1}`, source: row.dsl });
    });
  return out;
}

/** Hand-written programs in canonical form (format leaves them unchanged). */
export const SAMPLES: readonly string[] = [
  `// SMA crossover with a filter
strategy("Cross", capital=25000, fee=0.1%, slippage=0.05%, size=50%, fill="close", units="whole")

fast = input(10, min=2, max=50, step=1, title="Fast")
slow = input(30, min=10, max=200)
f = ema(close, fast)
s = ema(close, slow)
trend = close > sma(close, 200)  # long-term filter

if crossover(f, s) and trend:
    buy(market, 100%)
elif crossunder(f, s):
    sell(market, 100%)
else:
    if rsi(close, 14) > 80:
        sell(market, 50%)
stop_loss(5%)
take_profit(20%)
trailing_stop(3%)
`,
  `[m, sig, hist] = macd(close, 12, 26, 9)
[mid, up, lo] = bb(hl2, 20, mult=2.5)
x = (m - sig) / abs(sig) * 100
y = -(close - open) % 3 + 1e-3
z = iff(close > open, high, low)[2]
if hist > 0 and not (close < lo or close > up):
    buy(market, units=10)
    short(market, cash=1000)
if x < -5 or bar_index == 100:
    exit()
    cover(market)
`,
  `strategy("Orders", commission=1.5, pyramiding=2)
a = atr(14)
hi = highest(high, 20)
if close > hi[1] and position_size == 0:
    buy(stop=hi, size=risk(1%), cancel_after=3)
elif close < open and open_profit > 5%:
    sell(market, 50%)
if bars_since_entry >= 10 or close < position_avg_price - a:
    exit()
if crossunder(close, sma(close, 20)):
    short(limit=close * 1.01, units=5)
stop_loss(price=position_avg_price - 2 * a)
take_profit(price=position_avg_price + 3 * a)
exit(after=30)
`,
  `// A weekly trend filter
strategy("Weekly")
fast = sma(close, 50)
weekly = htf("1w", close)
weekly_up = weekly > htf("1w", sma(close, 20)) and htf("1M", close > open)
if crossover(close, fast) and weekly_up:
    buy(market, 100%)
if crossunder(close, fast) or htf("1w", rsi(close, 14))[1] > 70:
    sell(market, 100%)
`,
];

/** Issue 9's heavy program: `lines` rsi bindings (400 is under the 500-statement limit) and two orders. */
export function manyRsi(lines = 400): string {
  const out = ['strategy("many")'];
  for (let i = 1; i <= lines; i++) out.push(`r${i} = rsi(close, ${i + 1})`);
  out.push('if r1 < 30:', '    buy(market)', 'if r1 > 70:', '    sell(market)', '');
  return out.join('\n');
}

/**
 * A random program that trades on the position state and with orders at prices: market, limit and
 * stop entries, brackets, trailing stops and timed exits (the look-ahead and paper-trading properties).
 */
export function randomProgram(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const lines = [
    `strategy("random", fill="${pick(['open', 'close'])}", units="${pick(['whole', 'fractional'])}", ` +
      `fee=${pick(['0', '0.1%'])}, commission=${pick(['0', '1'])}, pyramiding=${int(1, 3)})`,
    `f = ema(close, ${int(3, 10)})`,
    `s = sma(close, ${int(12, 30)})`,
    `a = atr(${int(5, 20)})`,
  ];
  const position = () =>
    pick([
      'position_size == 0',
      'position_size > 0',
      'position_size < 0',
      `bars_since_entry >= ${int(1, 10)}`,
      `open_profit > ${int(1, 5)}%`,
      `open_profit < -${int(1, 5)}%`,
      'close > position_avg_price',
      `abs(position_size) * close < ${int(2000, 9000)}`,
    ]);
  const market = () => pick(['close > f', 'close < f', 'crossover(f, s)', 'crossunder(f, s)', 'high > s[1]']);
  const condition = () => {
    const c = r();
    if (c < 0.35) return `${market()} and ${position()}`;
    if (c < 0.55) return `${market()} or ${position()}`;
    if (c < 0.7) return `not (${position()})`;
    return market();
  };
  const risk = r() < 0.4;
  const price = (side: number) =>
    pick([
      `close * ${side > 0 ? 0.99 : 1.01}`,
      `close ${side > 0 ? '-' : '+'} a`,
      `highest(high, 5)`,
      `lowest(low, 5)`,
      `iff(position_size == 0, close, close * ${side > 0 ? 0.98 : 1.02})`,
    ]);
  for (let i = int(2, 4); i > 0; i--) {
    const action = pick(['buy', 'buy', 'short', 'sell', 'cover', 'exit']);
    lines.push(`if ${condition()}:`);
    if (action === 'exit') lines.push('    exit()');
    else if (action === 'buy' || action === 'short') {
      const side = action === 'buy' ? 1 : -1;
      const size = risk ? 'size=risk(1%)' : pick(['size=100%', 'size=50%', 'units=3']);
      const how = pick(['market, ', `limit=${price(side)}, `, `stop=${price(-side)}, `]);
      const wait = how.startsWith('market') || r() < 0.5 ? '' : `, cancel_after=${int(1, 4)}`;
      lines.push(`    ${action}(${how}${size}${wait})`);
    } else lines.push(`    ${action}(market, ${pick(['100%', '50%'])})`);
  }
  if (risk || r() < 0.5) lines.push(`stop_loss(price=position_avg_price - ${int(1, 3)} * a)`);
  else if (r() < 0.3) lines.push(`stop_loss(${int(1, 8)}%)`);
  if (r() < 0.4) lines.push(`take_profit(price=close + ${int(1, 4)} * a)`);
  if (r() < 0.3) lines.push(`trailing_stop(${int(1, 8)}%)`);
  if (r() < 0.4) lines.push(`exit(after=${int(1, 12)})`);
  return `${lines.join('\n')}\n`;
}
