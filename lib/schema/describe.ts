// describe(spec): the confirmation the chat shows before running a strategy: one plain sentence per
// rule, the market, the settings, and every default the user did not state (nl-conventions.md).
// Deterministic: no locale, no clock, no randomness.
import { DEFAULT_SETTINGS } from '../engine';
import { DEFAULT_EXCHANGE, DEFAULT_TIMEFRAME } from './compile';
import { Phrases } from './phrases';
import { portfolioAssumptions, portfolioText } from './portfolio';
import { pricePhrase } from './price';
import type { Condition, Market, Operand, Risk, Rule, StrategySpec } from './spec';
import { groupDigits, money, pctWords } from './text';

export interface Description {
  /** One sentence per rule, then one per risk rule, then one per adjustable input. */
  readonly summary: string[];
  readonly market: string;
  readonly settings: string;
  /** Defaults applied because the user did not state them. */
  readonly assumptions: string[];
}

const isSeries = (o: Operand) => 'field' in o || 'indicator' in o;
const FLIP = { '>': '<', '<': '>', '>=': '<=', '<=': '>=' } as const;
const IS = { '>': 'is above', '<': 'is below', '>=': 'is at or above', '<=': 'is at or below' } as const;

function list(parts: string[], joiner: 'and' | 'or'): string {
  return parts.length <= 2
    ? parts.join(` ${joiner} `)
    : `${parts.slice(0, -1).join(', ')} ${joiner} ${parts.at(-1)}`;
}

export function conditionText(c: Condition, ph: Phrases, nested = false): string {
  switch (c.op) {
    case 'and':
    case 'or': {
      const parts = c.args.map((x) => conditionText(x, ph, true));
      const lead = !nested
        ? ''
        : c.op === 'and'
          ? parts.length > 2
            ? 'all of '
            : 'both '
          : parts.length > 2
            ? 'any of '
            : 'either ';
      return lead + list(parts, c.op);
    }
    case 'not':
      return `it is not the case that ${conditionText(c.arg, ph, true)}`;
    case 'htf':
      return htfText(c.timeframe, conditionText(c.arg, ph, nested));
    case 'rising':
    case 'falling':
      return `${ph.operand(c.a)} is ${c.op === 'rising' ? 'above' : 'below'} each of its previous ${ph.constant(c.n)} values`;
    default: {
      // A constant on the left reads better on the right: 30 > r is "r is below 30".
      const flip = !isSeries(c.a) && isSeries(c.b);
      const [a, b] = flip ? [c.b, c.a] : [c.a, c.b];
      const A = ph.operand(a);
      const B = isSeries(b) ? ph.operand(b) : ph.constant(b);
      const level = !isSeries(b);
      switch (c.op) {
        case 'crossover':
        case 'crossunder': {
          const up = (c.op === 'crossover') !== flip;
          if (level) return `${A} ${up ? 'rises above' : 'falls below'} ${B}`;
          return `${A} crosses ${up ? 'above' : 'below'} ${B}`;
        }
        case 'cross':
          return `${A} crosses ${B}`;
        default:
          return `${A} ${IS[flip ? FLIP[c.op] : c.op]} ${B}`;
      }
    }
  }
}

const HTF_UNIT: Record<string, string> = { '1w': 'week', '1M': 'month', '1d': 'day' };

/** Periods inside htf count higher bars: "the 20-bar SMA" on weekly bars is the 20-week SMA. */
function htfText(tf: string, inner: string): string {
  const unit = HTF_UNIT[tf];
  const text = unit ? inner.replace(/-bar\b/g, `-${unit}`).replace(/\bbars\b/g, `${unit}s`) : inner;
  return `${text} (${timeframeText(tf)}, seen once each ${unit ?? `${tf} bar`} has closed)`;
}

function sizeText(r: Rule): string {
  const s = r.size;
  const entry = r.action === 'buy' || r.action === 'short';
  if (!s || ('percent' in s && s.percent === 1 && !entry)) {
    if (entry) return '100% of equity';
    return r.action === 'cover' ? 'the whole short position' : 'the whole position';
  }
  if ('percent' in s)
    return `${pctWords(s.percent)} of ${entry ? 'equity' : r.action === 'cover' ? 'the short position' : 'the position'}`;
  if ('units' in s) return `${groupDigits(s.units)} unit${s.units === 1 ? '' : 's'}`;
  if ('risk' in s) return `a size that loses ${pctWords(s.risk)} of equity if the stop is hit`;
  return `${money(s.cash)} worth`;
}

/** How an entry fills: ", with a limit order at 1% below the close (cancelled after 5 bars)". */
function orderText(r: Rule, ph: Phrases): string {
  const o = r.order;
  if (!o) return '';
  const wait = o.cancelAfter
    ? ` (cancelled after ${o.cancelAfter} bar${o.cancelAfter === 1 ? '' : 's'} if not filled)`
    : '';
  return `, with a ${o.type} order at ${pricePhrase(o.price, ph)}${wait}`;
}

export function ruleText(r: Rule, ph: Phrases): string {
  const when = conditionText(r.when, ph);
  switch (r.action) {
    case 'buy':
      return `Buy with ${sizeText(r)} when ${when}${orderText(r, ph)}.`;
    case 'short':
      return `Short with ${sizeText(r)} when ${when}${orderText(r, ph)}.`;
    case 'sell':
      return `Sell ${sizeText(r)} when ${when}.`;
    case 'cover':
      return `Cover ${sizeText(r)} when ${when}.`;
    case 'exit':
      return `Close any open position when ${when}.`;
  }
}

/**
 * What happens to an entry signal while a position is open: ignored by default (one position at a
 * time), or added up to `pyramiding` entries, each its own lot with its own stop and target.
 */
export function entryRuleText(spec: StrategySpec): string {
  const p = spec.settings.pyramiding ?? 1;
  if (p > 1) return `up to ${p} entries in one direction, each with its own stop and target`;
  const long = spec.rules.some((r) => r.action === 'buy');
  const short = spec.rules.some((r) => r.action === 'short');
  const ignored =
    long && short
      ? 'a buy while long or a short while short is ignored'
      : short
        ? 'a short while already short is ignored'
        : 'a buy while already long is ignored';
  return `one position at a time: ${ignored}`;
}

function riskTexts(risk: Risk, rules: readonly Rule[], pyramiding: number, ph: Phrases): string[] {
  const long = rules.some((r) => r.action === 'buy');
  const short = rules.some((r) => r.action === 'short');
  const side = (l: string, s: string, both: string) => (long && short ? both : short ? s : l);
  // With several entries, each is measured from its own price (the engine keeps a stop per entry).
  const entry = pyramiding > 1 ? "each entry's price" : 'the entry price';
  const since = pyramiding > 1 ? 'since each entry' : 'since entry';
  const setAt = ', set when the entry fills';
  const out: string[] = [];
  if (risk.stopLoss !== undefined)
    out.push(
      `Exit with a ${pctWords(risk.stopLoss)} stop loss ${side('below', 'above', 'away from')} ${entry}.`,
    );
  if (risk.stopLossAt) out.push(`Exit with a stop loss at ${pricePhrase(risk.stopLossAt, ph)}${setAt}.`);
  if (risk.takeProfit !== undefined)
    out.push(
      `Exit with a ${pctWords(risk.takeProfit)} take profit ${side('above', 'below', 'away from')} ${entry}.`,
    );
  if (risk.takeProfitAt)
    out.push(`Exit with a take profit at ${pricePhrase(risk.takeProfitAt, ph)}${setAt}.`);
  if (risk.trailingStop !== undefined)
    out.push(
      `Exit with a ${pctWords(risk.trailingStop)} trailing stop ${side('below the highest', 'above the lowest', 'away from the best')} price ${since}.`,
    );
  if (risk.exitAfter !== undefined)
    out.push(
      `Close ${pyramiding > 1 ? 'each entry' : 'the position'} ${risk.exitAfter} bar${risk.exitAfter === 1 ? '' : 's'} after ${pyramiding > 1 ? 'its' : 'the'} entry bar.`,
    );
  return out;
}

const TF_WORDS: Record<string, string> = {
  '1m': '1-minute bars',
  '1h': 'hourly bars',
  '1d': 'daily bars',
  '1w': 'weekly bars',
  '1M': 'monthly bars',
};

export function timeframeText(tf: string): string {
  if (TF_WORDS[tf]) return TF_WORDS[tf];
  const unit = { m: 'minute', h: 'hour', d: 'day', w: 'week', M: 'month' }[tf.slice(-1)] ?? tf;
  return `${tf.slice(0, -1)}-${unit} bars`;
}

export function rangeText(m: Market): string {
  const r = m.range;
  if (!r) return 'the whole available history';
  if ('lastYears' in r) return r.lastYears === 1 ? 'the last year' : `the last ${r.lastYears} years`;
  if (r.from && r.to) return `from ${r.from} to ${r.to}`;
  if (r.from) return `since ${r.from}`;
  if (r.to) return `up to ${r.to}`;
  return 'the whole available history';
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function marketText(m: Market): string {
  const where =
    m.source === 'synthetic'
      ? 'synthetic data'
      : m.source === 'ccxt'
        ? `${m.symbol} on ${capitalize(m.exchange ?? DEFAULT_EXCHANGE)}`
        : m.source === 'csv'
          ? `the file ${m.symbol}`
          : (m.symbol ?? '');
  return `${where}, ${timeframeText(m.timeframe ?? DEFAULT_TIMEFRAME)}, ${rangeText(m)}`;
}

/** The markets of a portfolio, how the account shares them, then the bars they all use. */
function portfolioMarketText(spec: StrategySpec, ph: Phrases): string {
  const m = spec.market;
  const pf = spec.portfolio!;
  const rank = pf.rankBy !== undefined ? ph.indicator(pf.rankBy) : undefined;
  const where = m.source === 'ccxt' ? ` on ${capitalize(m.exchange ?? DEFAULT_EXCHANGE)}` : '';
  return `${portfolioText(pf, rank)}${where}; ${timeframeText(m.timeframe ?? DEFAULT_TIMEFRAME)}, ${rangeText(m)}`;
}

export function settingsText(spec: StrategySpec): string {
  const s = spec.settings;
  const fee = s.fee ?? DEFAULT_SETTINGS.fee;
  const slip = s.slippage ?? DEFAULT_SETTINGS.slippage;
  const parts = [
    `Starting capital ${money(s.capital ?? DEFAULT_SETTINGS.capital)}`,
    fee ? `fee ${pctWords(fee)} per trade` : 'no fee',
    ...(s.commission ? [`${money(s.commission)} commission per fill`] : []),
    slip ? `slippage ${pctWords(slip)}` : 'no slippage',
    (s.fill ?? DEFAULT_SETTINGS.fill) === 'open'
      ? "orders fill at the next bar's open"
      : "orders fill at the signal bar's close",
  ];
  if (s.units === 'whole') parts.push('quantities rounded down to whole units');
  if (s.units === 'fractional') parts.push('fractional quantities');
  if (s.pyramiding !== undefined) parts.push(entryRuleText(spec));
  return parts.join('; ');
}

function assumptions(spec: StrategySpec): string[] {
  const out: string[] = [];
  const rules = spec.rules;
  const s = spec.settings;
  if (!rules.some((r) => r.action === 'short')) out.push('long only');
  if (!spec.portfolio && rules.some((r) => (r.action === 'buy' || r.action === 'short') && !r.size))
    out.push('100% of equity per entry');
  for (const type of ['limit', 'stop'] as const)
    if (rules.some((r) => r.order?.type === type && r.order.cancelAfter === undefined))
      out.push(
        `a ${type} order rests until it fills (a new signal of its rule replaces it); say "cancel after N bars" to limit it`,
      );
  if (rules.some((r) => r.order) && (spec.risk.stopLossAt || spec.risk.takeProfitAt))
    out.push('an entry filled inside a bar has its stop and target checked from the next bar');
  if (rules.some((r) => r.action === 'sell' && !r.size)) out.push('each sell closes the whole position');
  if (rules.some((r) => r.action === 'cover' && !r.size))
    out.push('each cover closes the whole short position');
  if (s.capital === undefined) out.push(`capital ${money(DEFAULT_SETTINGS.capital)}`);
  if (s.fee === undefined) out.push('no fee');
  if (s.slippage === undefined) out.push('no slippage');
  if (s.fill === undefined) out.push("fills at the next bar's open");
  if (s.units === undefined) out.push('fractional quantities');
  if (s.pyramiding === undefined) out.push(entryRuleText(spec));
  const m = spec.market;
  if (m.timeframe === undefined) out.push(timeframeText(DEFAULT_TIMEFRAME));
  if (m.range === undefined) out.push('the whole available history');
  if (m.source === 'synthetic') out.push('synthetic data unless a symbol is given');
  if (m.source === 'ccxt' && m.exchange === undefined) out.push(`exchange ${capitalize(DEFAULT_EXCHANGE)}`);
  return out;
}

export function describe(spec: StrategySpec): Description {
  const ph = new Phrases(spec);
  const inputs = spec.inputs.map(
    (i) =>
      `Adjustable: ${i.title === undefined ? i.name : `${i.title} (${i.name})`} = ${groupDigits(i.value)}, from ${groupDigits(i.min)} to ${groupDigits(i.max)} in steps of ${groupDigits(i.step)}.`,
  );
  return {
    summary: [
      ...spec.rules.map((r) => ruleText(r, ph)),
      ...riskTexts(spec.risk, spec.rules, spec.settings.pyramiding ?? 1, ph),
      ...inputs,
    ],
    market: spec.portfolio ? portfolioMarketText(spec, ph) : marketText(spec.market),
    settings: settingsText(spec),
    assumptions: [...assumptions(spec), ...(spec.portfolio ? portfolioAssumptions(spec.portfolio) : [])],
  };
}
