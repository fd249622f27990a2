// Example strategies a newcomer can start from (the workspace's "New from example" list).
export interface Example {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly source: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'sma-cross',
    name: 'SMA crossover',
    description: 'Long when the fast moving average crosses above the slow one; out when it crosses back.',
    source: `// Trend following: two simple moving averages
strategy("SMA crossover", capital=10000, fee=0.1%)

fast = input(20, min=2, max=100, step=1, title="Fast SMA")
slow = input(50, min=10, max=300, step=5, title="Slow SMA")

f = sma(close, fast)
s = sma(close, slow)

if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
`,
  },
  {
    id: 'rsi-reversion',
    name: 'RSI mean reversion',
    description: 'Buy when RSI dips below an oversold level, sell when it recovers; with a stop loss.',
    source: `// Mean reversion on the relative strength index
strategy("RSI reversion", capital=10000, fee=0.05%)

length = input(14, min=2, max=50, title="RSI length")
oversold = input(30, min=5, max=50, title="Oversold")
overbought = input(70, min=50, max=95, title="Overbought")

r = rsi(close, length)

if crossunder(r, oversold):
    buy(market, 100%)
if crossover(r, overbought):
    sell(market, 100%)

stop_loss(5%)
`,
  },
  {
    id: 'bollinger-breakout',
    name: 'Bollinger breakout',
    description: 'Buy a close above the upper band, exit below the middle band.',
    source: `// Volatility breakout with Bollinger bands
strategy("Bollinger breakout", capital=10000, fee=0.1%)

length = input(20, min=5, max=100, title="Length")
width = input(2, min=0.5, max=4, step=0.1, title="Width (std devs)")

[mid, upper, lower] = bb(close, length, width)

if close > upper:
    buy(market, 100%)
if close < mid:
    sell(market, 100%)

stop_loss(3%)
`,
  },
  {
    id: 'macd-long-short',
    name: 'MACD long/short',
    description: 'Long on a MACD signal-line cross up, short on a cross down.',
    source: `// Always in the market: long or short on MACD signal-line crosses
strategy("MACD long/short", capital=10000, fee=0.1%, slippage=0.02%)

fast = input(12, min=2, max=50, title="Fast EMA")
slow = input(26, min=5, max=100, title="Slow EMA")
signal = input(9, min=2, max=30, title="Signal")

[m, sig, hist] = macd(close, fast, slow, signal)

if crossover(m, sig):
    buy(market, 100%)
if crossunder(m, sig):
    short(market, 100%)
`,
  },
  {
    id: 'donchian-trend',
    name: 'Donchian breakout',
    description: 'Buy a new N-bar high, trail a stop, exit on a new M-bar low (the Turtle idea).',
    source: `// Channel breakout with a trailing stop
strategy("Donchian breakout", capital=10000, fee=0.1%, units="whole")

entry = input(20, min=5, max=100, title="Breakout bars")
exit_len = input(10, min=2, max=60, title="Exit bars")
trail = input(8, min=1, max=30, title="Trailing stop %")

hh = highest(high, entry)[1]
ll = lowest(low, exit_len)[1]

if close > hh:
    buy(market, 100%)
if crossunder(close, ll):
    sell(market, 100%)

trailing_stop(trail / 100)
`,
  },
];

export function getExample(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
