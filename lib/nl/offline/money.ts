// Risk and costs: stop loss / take profit / trailing stop, fee / slippage / capital / fill / units, found
// anywhere in the request (the tokens taken are marked used). Order sizes are in size.ts.
import type { StrategySettings } from '../../schema';
import { Cursor } from './cursor';
import type { Issue } from './ir';
import { list } from './list';
import { declare, type PhraseTable } from './phrases';
import { relation } from './relation';
import type { Tok } from './tokens';
import { WHEN } from './words';

/** The stops a percent gives (the ones at prices are read by stops.ts). */
type RiskKey = 'stopLoss' | 'takeProfit' | 'trailingStop';
type CostKey = 'fee' | 'slippage';

/** Risk phrases; `strong` ones are asked about when they come without a percent. */
export const RISK = declare<{ key: RiskKey; strong: boolean }>('stops and targets', [
  {
    phrases:
      'stop loss|stoploss|stop losses|protective stop|hard stop|max loss|maximum loss|loss limit|cut losses|' +
      'cut loss|cut my losses',
    yields: { key: 'stopLoss', strong: true },
    meaning: 'stop_loss(N%): exit when the price falls N% below the entry (rises, for a short)',
  },
  {
    phrases: 'stop|sl|stop out|stopped out|stops',
    yields: { key: 'stopLoss', strong: false },
    meaning: 'stop_loss(N%) when a percent is given ("sl 3%", "stop 4%")',
  },
  {
    phrases: 'take profit|takeprofit|profit target|target profit|profit taking|take gains|take profits',
    yields: { key: 'takeProfit', strong: true },
    meaning: 'take_profit(N%): exit N% above the entry',
  },
  {
    phrases: 'target|tp|targets|profit',
    yields: { key: 'takeProfit', strong: false },
    meaning: 'take_profit(N%) when a percent is given ("tp 6%", "a 7% target")',
  },
  {
    phrases: 'trailing stop|trailing stop loss|trailing stoploss|trail stop|trailing sl|trailing stops',
    yields: { key: 'trailingStop', strong: true },
    meaning: 'trailing_stop(N%): exit N% below the best price since entry',
  },
  {
    phrases: 'trailing|trail|trail by|trail it',
    yields: { key: 'trailingStop', strong: false },
    meaning: 'trailing_stop(N%) when a percent is given',
  },
]);

export const COSTS = declare<CostKey>('costs', [
  {
    phrases:
      'fee|fees|commission|commissions|comission|transaction cost|transaction costs|trading cost|' +
      'trading costs|trading fee|trading fees|costs|brokerage|cost',
    yields: 'fee',
    meaning: 'fee= per fill (each side), a percent of the traded value; "N bps" alone is a fee too',
  },
  { phrases: 'slippage|slip', yields: 'slippage', meaning: 'slippage= per fill, a percent of the price' },
]);

/** Words allowed between a keyword and its amount ("stop loss of 3%", "fee: 0.1%", "trail it by 5%"). */
const LINK = new Set(
  list(
    'of|at|to|=|:|is|set|be|a|an|by|around|about|with|per|trade|side|fill|each|way|roughly|' +
      'approximately|approx',
  ),
);
/** Words allowed after an amount and before its keyword ("3% stop loss", "0.1% per trade fee"). */
const PRE_LINK = new Set(['a', 'an', 'per', 'trade', 'side', 'in', 'of', 'round', 'trip']);
/** After a stop's percent: what it is measured from (the entry, the best price since). */
const REF = declare<true>('what a stop is measured from', [
  {
    phrases:
      'below entry|below the entry|below the entry price|below entry price|above entry|above the entry|' +
      'above the entry price|from entry|from the entry|from the entry price|from the high|from the peak|' +
      'from the highest price|below the high|below the highest price|of the entry price|per trade|on each trade',
    yields: true,
    meaning: 'stops are measured from each entry price (trailing stops from the best price since)',
  },
]);

/** After a fee: it is charged on each fill ("5bps per side", "0.1% each way"). */
const PER_FILL = declare<true>('fees per fill', [
  {
    phrases:
      'per side|each side|a side|per fill|each fill|each way|per trade|per order|on each trade|per transaction|' +
      'each trade|each leg|per leg|in and out|on entry and exit|on both sides|round trip each way',
    yields: true,
    meaning: 'the fee is charged on every fill (entry and exit each)',
  },
]);

/** "no fees", "zero slippage", "commission-free". */
const FREE = declare<true>('no cost', [
  { phrases: 'no|zero|without|without any|free of', yields: true, meaning: 'the cost after it is 0' },
]);

const FILLS = declare<'close' | 'open'>('fills', [
  {
    phrases:
      'fill at the close|fills at the close|fill on the close|fill at close|filled at the close|at the close|' +
      "on the close|on close|at close|at the signal bar's close|at the signal bar close|same bar close|same-bar close",
    yields: 'close',
    meaning: 'orders fill at the signal bar\'s close (fill="close")',
  },
  {
    phrases:
      'at the next bar open|next bar open|at the next open|next open|at the open|on the open|on the next open|' +
      'at the next bars open',
    yields: 'open',
    meaning: "orders fill at the next bar's open (the default)",
  },
]);

const QUANTITIES = declare<'whole' | 'fractional'>('quantities', [
  {
    phrases: 'whole shares|whole units|whole numbers of shares|integer shares|no fractional shares',
    yields: 'whole',
    meaning: 'quantities rounded down to whole units',
  },
  {
    phrases: 'fractional shares|fractional units|fractional quantities',
    yields: 'fractional',
    meaning: 'fractional quantities (the default)',
  },
]);

const amountOf = (t: Tok | undefined): number | undefined =>
  t?.kind === 'num' && t.unit === 'pct'
    ? t.n / 100
    : t?.kind === 'num' && t.unit === 'bps'
      ? t.n / 10_000
      : undefined;

/** Words before a stop or a fee that belong to it ("use a 3% stop loss", "with a 0.1% fee"). */
const BEFORE = new Set(list('a|an|with|use|using|plus|+|add|set|put|place|and a'));

/** Where a stop or cost phrase starting at `i` really starts: "with a", "use a" before it. */
function startOf(toks: Tok[], i: number): number {
  let k = i;
  while (k > 0 && !toks[k - 1].used && BEFORE.has(toks[k - 1].w) && i - k < 3) k--;
  return k;
}

function take(toks: Tok[], from: number, to: number, by?: string) {
  for (let k = from; k < to; k++) {
    toks[k].used = true;
    if (by) toks[k].by = by;
  }
}

/** Finds keyword + amount pairs of `table` in either order; returns [value, amount, start, end]. */
function pairs<T>(
  toks: Tok[],
  table: PhraseTable<T>,
  onBare: (v: T, i: number, end: number, kwEnd: number) => void,
): [T, number, number, number][] {
  const out: [T, number, number, number][] = [];
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].used) continue;
    // amount first: "3% stop loss"
    const amt = amountOf(toks[i]);
    if (amt !== undefined) {
      let j = i + 1;
      while (j < toks.length && PRE_LINK.has(toks[j].w) && j - i < 4) j++;
      const m = table.match(toks, j);
      if (m && !toks[j].used) {
        const c = new Cursor(toks, m.end);
        c.eatTable(PER_FILL);
        out.push([m.value, amt, i, c.i]);
        i = c.i - 1;
        continue;
      }
    }
    const m = table.match(toks, i);
    if (!m || toks[i].used) continue;
    let j = m.end;
    while (j < toks.length && LINK.has(toks[j].w) && j - m.end < 4) j++;
    const a = amountOf(toks[j]);
    if (a !== undefined && !toks[j].used) {
      let end = j + 1;
      const c = new Cursor(toks, end);
      if (c.eatTable(REF) || c.eatTable(PER_FILL)) end = c.i;
      out.push([m.value, a, i, end]);
      i = end - 1;
    } else onBare(m.value, i, j, m.end);
  }
  return out;
}

export interface CostFacts {
  risk: { readonly [K in RiskKey]?: number };
  settings: StrategySettings;
  issues: Issue[];
}

const pct = (v: number) => `${Number((v * 100).toPrecision(10))}%`;

/** Stops, costs, capital, fill and units. */
export function costsPass(toks: Tok[]): CostFacts {
  const risk: { -readonly [K in RiskKey]?: number } = {};
  const settings: { -readonly [K in keyof StrategySettings]: StrategySettings[K] } = {};
  const issues: Issue[] = [];
  const names = { stopLoss: 'stop loss', takeProfit: 'take profit', trailingStop: 'trailing stop' };

  // Stops in units the language has no word for: "2 ATR stop", "stop at the 20-day low".
  const riskPairs = pairs(toks, RISK, (v, i, j, kwEnd) => {
    // "take profits when RSI is above 70" is a sell rule, not a take-profit level.
    if (WHEN.match(toks, kwEnd)) return;
    const next = toks[j];
    const what = names[v.key];
    const near = [...toks.slice(Math.max(0, i - 3), i), ...toks.slice(kwEnd, j + 3)];
    if (near.some((t) => t.w === 'atr' || t.w === 'atrs')) {
      issues.push({
        kind: 'cannot',
        text: what,
        question: `A ${what} measured in ATR is not in the strategy language; stops are a percent from the entry price. How many percent should the ${what} be?`,
      });
      take(toks, Math.max(0, i - 3), kwEnd);
      return;
    }
    if (!v.strong) return;
    if (next?.kind === 'num' && next.unit === '') {
      issues.push({
        kind: 'missing',
        text: `${what} ${next.raw}`,
        question: `Is the ${what} ${next.raw}%? A ${what} is a percent from the entry price; say e.g. 'a ${next.raw}% ${what}'.`,
      });
      take(toks, i, j + 1);
    } else if (next?.kind === 'num' && next.unit === 'usd') {
      issues.push({
        kind: 'cannot',
        text: `${what} ${next.raw}`,
        question: `A ${what} in dollars is not in the strategy language; it is a percent from the entry price. How many percent should it be?`,
      });
      take(toks, i, j + 1);
    } else if (toks.slice(i, j + 3).some((t) => ['atr', 'x', 'times'].includes(t.w))) {
      issues.push({
        kind: 'cannot',
        text: what,
        question: `A ${what} measured in ATR is not in the strategy language; stops are a percent from the entry price. How many percent should the ${what} be?`,
      });
      take(toks, i, j);
    } else {
      issues.push({
        kind: 'missing',
        text: what,
        question: `How far from the entry should the ${what} be? Give a percent, e.g. 'a 5% ${what}'.`,
      });
      take(toks, i, j);
    }
  });
  for (const [v, amount, from, to] of riskPairs) {
    take(toks, startOf(toks, from), to, v.key);
    const hi = v.key === 'takeProfit' ? 9.99 : 0.999;
    if (amount <= 0 || amount > hi)
      issues.push({
        kind: 'missing',
        text: `${names[v.key]} ${pct(amount)}`,
        question: `A ${names[v.key]} of ${pct(amount)} is out of range: give a percent above 0 and up to ${pct(hi)}.`,
      });
    else risk[v.key] = amount;
  }

  const costPairs = pairs(toks, COSTS, (v, i, j) => {
    const next = toks[j];
    if (next?.kind === 'num' && next.unit === 'usd') {
      issues.push({
        kind: 'cannot',
        text: `${v} ${next.raw}`,
        question: `A ${v} in dollars per trade is not in the strategy language; it is a percent of the traded value. What percent (e.g. '0.1% ${v}' or '10 bps')?`,
      });
      take(toks, i, j + 1);
    }
  });
  for (const [key, amount, from, to] of costPairs) {
    take(toks, startOf(toks, from), to, key);
    if (amount < 0 || amount > 0.1)
      issues.push({
        kind: 'missing',
        text: `${key} ${pct(amount)}`,
        question: `A ${key} of ${pct(amount)} is out of range: give a percent from 0 to 10%.`,
      });
    else settings[key] = amount;
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.used) continue;
    const c = new Cursor(toks, i);
    // "no fees", "commission-free", "zero slippage"
    if (c.eatTable(FREE)) {
      const k = c.eatTable(COSTS);
      if (k) {
        settings[k] = 0;
        take(toks, i, c.i, k);
        continue;
      }
      c.i = i;
    }
    const k = c.eatTable(COSTS);
    if (k && c.eat('free')) {
      settings[k] = 0;
      take(toks, i, c.i, k);
      continue;
    }
    // "0.2% each way", "0.1% per side": a cost charged on each fill is a fee
    if (t.kind === 'num' && t.unit === 'pct' && settings.fee === undefined) {
      c.i = i + 1;
      if (c.eatTable(PER_FILL) && !/^(trade|order|transaction)$/.test(c.w(-1))) {
        settings.fee = t.n / 100;
        take(toks, i, c.i, 'fee');
        i = c.i - 1;
        continue;
      }
      c.i = i;
    }
    // A bare "10 bps" is a fee (nl-conventions.md).
    if (t.kind === 'num' && t.unit === 'bps' && settings.fee === undefined) {
      settings.fee = t.n / 10_000;
      c.i = i + 1;
      c.eatTable(PER_FILL);
      take(toks, i, c.i, 'fee');
      i = c.i - 1;
      continue;
    }
    c.i = i;
    // "fill at the close"; but "enter on close above the upper band" is a rule on the close
    const fill = c.eatTable(FILLS);
    // "the 20 day ma cross on the close": the series crossed, not the fill
    const crossed = /^(cross|crosses|crossed|crossing|crossover|crossovers)$/.test(toks[i - 1]?.w ?? '');
    if (fill && !crossed && !(fill === 'close' && relation(new Cursor(toks, c.i)))) {
      settings.fill = fill;
      take(toks, i, c.i, 'fill');
      continue;
    }
    c.i = i;
    const units = c.eatTable(QUANTITIES);
    if (units) {
      settings.units = units;
      take(toks, i, c.i, 'units');
      continue;
    }
    const cap = capitalAt(toks, i);
    if (cap) {
      settings.capital = cap.capital;
      take(toks, i, cap.end, 'capital');
      i = cap.end - 1;
    }
  }
  return { risk, settings, issues };
}

/** Before an amount: the starting capital ("start with 5000 USDT", "I have $25k", "capital 10k"). */
const CAPITAL_BEFORE = declare<true>('starting capital (before the amount)', [
  {
    phrases:
      'starting capital|initial capital|capital|starting balance|initial balance|account size|account|balance|' +
      'bankroll|starting equity|initial equity|starting cash|initial investment|starting with|start with|' +
      'begin with|beginning with|starting at|i have|have|i got|got|deposit|deposited|funded with|equity of|' +
      'start off with|starting off with|i start with|we start with|account of|capital of|portfolio of|' +
      'a portfolio of|an account of|with an account of|initial deposit|starting bankroll',
    yields: true,
    meaning: 'the starting capital (in the quote currency of the market)',
  },
]);

/** After an amount: it is the starting capital ("$25k to start", "$100k account"). */
const CAPITAL_AFTER = declare<true>('starting capital (after the amount)', [
  {
    phrases:
      'to start|to start with|to trade|to trade with|to begin with|account|capital|starting capital|portfolio|' +
      'bankroll|stake|starting balance|initial capital|in capital|in the account|balance|in my account|' +
      'account size|starting|initial|to play with|to work with',
    yields: true,
    meaning: 'the amount before it is the starting capital',
  },
]);

const ACTION_BEFORE = new Set(list('buy|short|invest|enter|long|purchase|spend|allocate|put|use|using'));

function capitalAt(toks: Tok[], i: number): { capital: number; end: number } | undefined {
  const c = new Cursor(toks, i);
  const money = (t: Tok | undefined) =>
    t?.kind === 'num' && (t.unit === 'usd' || (t.unit === '' && t.n >= 100)) ? t.n : undefined;
  if (toks[i].kind !== 'num' && CAPITAL_BEFORE.match(toks, i)) {
    c.eatTable(CAPITAL_BEFORE);
    c.eat('of', 'is', '=', ':', 'with', 'at', 'a', 'an', 'about', 'around', 'roughly');
    const v = money(c.tok());
    if (v === undefined || v < 1) return undefined;
    // "have 5 days": only an amount is capital; "account 10k" and "I have $25k (to start)" are
    if (/^(have|got|i)$/.test(toks[i].w) && c.tok()?.unit !== 'usd') return undefined;
    c.i++;
    c.eatTable(CAPITAL_AFTER);
    return { capital: v, end: c.i };
  }
  const t = toks[i];
  if (t.kind === 'num' && t.unit === 'usd') {
    c.i = i + 1;
    c.eat('in', 'of');
    if (c.eatTable(CAPITAL_AFTER)) return { capital: t.n, end: c.i };
    // "..., $25k": an amount on its own is the capital
    const prev = toks[i - 1];
    const alone = (x: Tok | undefined) => !x || (x.kind === 'sym' && /^[,.;:!-]$/.test(x.w));
    if (alone(prev) && alone(toks[i + 1])) return { capital: t.n, end: i + 1 };
    // "with $50,000": capital, unless it follows a buy ("buy with $5,000 when ...": a cash size).
    if (
      prev?.w === 'with' &&
      !ACTION_BEFORE.has(toks[i - 2]?.w ?? '') &&
      !/^(per|each|a|every)$/.test(toks[i + 1]?.w ?? '')
    )
      return { capital: t.n, end: i + 1 };
  }
  return undefined;
}

export const MONEY_TABLES = [
  RISK,
  COSTS,
  REF,
  PER_FILL,
  FREE,
  FILLS,
  QUANTITIES,
  CAPITAL_BEFORE,
  CAPITAL_AFTER,
];
