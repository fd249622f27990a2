// compile(spec): the `.bt` program of a spec, canonical (through the language's formatter) and
// deterministic. settingsOf(spec): the engine settings and the data choice, with the defaults of
// nl-conventions.md applied to everything the user left unstated.
import { format } from '../dsl';
import type { Settings } from '../engine';
import { DEFAULT_SETTINGS } from '../engine';
import { indicatorFn } from './consts';
import { groupIndicators, normalize } from './normalize';
import { priceText } from './price';
import type { Condition, Operand, Rule, StrategySpec } from './spec';
import { numText, pctText, strText } from './text';
import { validateSpec } from './validate';

function operand(o: Operand): string {
  if ('field' in o) return o.offset ? `${o.field}[${o.offset}]` : o.field;
  if ('indicator' in o) return o.offset ? `${o.indicator}[${o.offset}]` : o.indicator;
  if ('value' in o) return numText(o.value);
  return o.input;
}

/** Fully parenthesised; the formatter then keeps only the parentheses the grammar needs. */
function condition(c: Condition): string {
  const wrap = (x: Condition) =>
    x.op === 'and' || x.op === 'or' || x.op === 'not' ? `(${condition(x)})` : condition(x);
  switch (c.op) {
    case 'and':
    case 'or':
      return c.args.map(wrap).join(` ${c.op} `);
    case 'not':
      return `not ${wrap(c.arg)}`;
    case 'htf':
      return `htf(${strText(c.timeframe)}, ${condition(c.arg)})`;
    case 'rising':
    case 'falling':
      return `${c.op}(${operand(c.a)}, ${operand(c.n)})`;
    case 'crossover':
    case 'crossunder':
    case 'cross':
      return `${c.op}(${operand(c.a)}, ${operand(c.b)})`;
    default:
      return `${operand(c.a)} ${c.op} ${operand(c.b)}`;
  }
}

function order(r: Rule): string {
  if (r.action === 'exit') return 'exit()';
  const s = r.size;
  const o = r.order;
  // After limit=/stop= the first positional argument would be the size: a keyword reads plainer.
  const size = !s
    ? ''
    : 'percent' in s
      ? o
        ? `size=${pctText(s.percent)}`
        : pctText(s.percent)
      : 'units' in s
        ? `units=${numText(s.units)}`
        : 'cash' in s
          ? `cash=${numText(s.cash)}`
          : `size=risk(${pctText(s.risk)})`;
  const args = o
    ? [`${o.type}=${priceText(o.price)}`, size, o.cancelAfter ? `cancel_after=${numText(o.cancelAfter)}` : '']
    : ['market', size];
  return `${r.action}(${args.filter(Boolean).join(', ')})`;
}

function header(spec: StrategySpec): string {
  const s = spec.settings;
  const kw: string[] = [];
  if (s.capital !== undefined) kw.push(`capital=${numText(s.capital)}`);
  if (s.fee !== undefined) kw.push(`fee=${pctText(s.fee)}`);
  if (s.commission !== undefined) kw.push(`commission=${numText(s.commission)}`);
  if (s.slippage !== undefined) kw.push(`slippage=${pctText(s.slippage)}`);
  if (s.fill !== undefined) kw.push(`fill=${strText(s.fill)}`);
  if (s.units !== undefined) kw.push(`units=${strText(s.units)}`);
  if (s.pyramiding !== undefined) kw.push(`pyramiding=${numText(s.pyramiding)}`);
  return `strategy(${[strText(spec.name), ...kw].join(', ')})`;
}

function indicators(spec: StrategySpec): string[] {
  const used = new Set<string>([...spec.inputs.map((i) => i.name), ...spec.indicators.map((i) => i.id)]);
  const placeholder = (output: string) => {
    let name = `_${output}`;
    for (let k = 2; used.has(name); k++) name = `_${output}_${k}`;
    used.add(name);
    return name;
  };
  return groupIndicators(spec.indicators).map((g) => {
    const first = g.members[0];
    const call = `${g.fn}(${first.args.map(operand).join(', ')})`;
    const f = indicatorFn(g.fn);
    if (!f || f.outputs.length < 2) return `${first.id} = ${call}${first.offset ? `[${first.offset}]` : ''}`;
    // Every output needs a name in a destructuring; the ones the spec does not name get a '_' name.
    const names = f.outputs.map((o) => g.members.find((m) => m.output === o)?.id ?? placeholder(o));
    return `[${names.join(', ')}] = ${call}`;
  });
}

function riskLines({ risk }: StrategySpec): string[] {
  return [
    risk.stopLoss !== undefined ? `stop_loss(${pctText(risk.stopLoss)})` : '',
    risk.stopLossAt ? `stop_loss(price=${priceText(risk.stopLossAt)})` : '',
    risk.takeProfit !== undefined ? `take_profit(${pctText(risk.takeProfit)})` : '',
    risk.takeProfitAt ? `take_profit(price=${priceText(risk.takeProfitAt)})` : '',
    risk.trailingStop !== undefined ? `trailing_stop(${pctText(risk.trailingStop)})` : '',
    risk.exitAfter !== undefined ? `exit(after=${numText(risk.exitAfter)})` : '',
  ].filter(Boolean);
}

/** The program of a spec. Throws when the spec is invalid (validate it first and show the issues). */
export function compile(input: StrategySpec): string {
  const v = validateSpec(input);
  if (!v.ok) {
    const list = v.issues.map((i) => `${i.path || 'spec'}: ${i.message}`).join('; ');
    throw new Error(`compile: the strategy spec is not valid: ${list}`);
  }
  const spec = normalize(v.spec);
  const sections: string[][] = [
    [header(spec)],
    spec.inputs.map((i) => {
      const kw = [`min=${numText(i.min)}`, `max=${numText(i.max)}`, `step=${numText(i.step)}`];
      if (i.title !== undefined) kw.push(`title=${strText(i.title)}`);
      return `${i.name} = input(${[numText(i.value), ...kw].join(', ')})`;
    }),
    indicators(spec),
    spec.rules.map((r) => `if ${condition(r.when)}:\n    ${order(r)}`),
    riskLines(spec),
  ];
  const source = `${sections
    .filter((s) => s.length)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
  const formatted = format(source);
  if (formatted.diagnostics.some((d) => d.severity === 'error')) {
    const first = formatted.diagnostics[0];
    throw new Error(
      `compile: internal error, the generated program does not parse: ${first.message}\n${source}`,
    );
  }
  return formatted.text;
}

/** Where the bars come from: a data-source spec string of lib/data (parseSource) and the range. */
export interface DataChoice {
  /** 'yahoo:AAPL', 'ccxt:binance:BTC/USDT', 'csv:data/GOOG.csv' or 'synthetic:1:2500:1d'. */
  readonly source: string;
  readonly timeframe: string;
  /** YYYY-MM-DD, inclusive. */
  readonly from?: string;
  readonly to?: string;
  /** Keep the last N years of the data (the loader computes the cut from the last bar). */
  readonly lastYears?: number;
}

export const DEFAULT_TIMEFRAME = '1d';
export const DEFAULT_EXCHANGE = 'binance';

/** Engine settings (defaults filled in, risk included) and the data choice of a spec. */
export function settingsOf(spec: StrategySpec): { settings: Settings; data: DataChoice } {
  const s = spec.settings;
  const settings: Settings = {
    capital: s.capital ?? DEFAULT_SETTINGS.capital,
    fee: s.fee ?? DEFAULT_SETTINGS.fee,
    ...(s.commission !== undefined && { commission: s.commission }),
    slippage: s.slippage ?? DEFAULT_SETTINGS.slippage,
    fill: s.fill ?? DEFAULT_SETTINGS.fill,
    units: s.units ?? DEFAULT_SETTINGS.units,
    ...(s.pyramiding !== undefined && { pyramiding: s.pyramiding }),
    ...(spec.risk.stopLoss !== undefined && { stopLoss: spec.risk.stopLoss }),
    ...(spec.risk.takeProfit !== undefined && { takeProfit: spec.risk.takeProfit }),
    ...(spec.risk.trailingStop !== undefined && { trailingStop: spec.risk.trailingStop }),
  };
  const m = spec.market;
  const timeframe = m.timeframe ?? DEFAULT_TIMEFRAME;
  const source =
    m.source === 'synthetic'
      ? `synthetic:1:2500:${timeframe}`
      : m.source === 'ccxt'
        ? `ccxt:${m.exchange ?? DEFAULT_EXCHANGE}:${m.symbol}`
        : `${m.source}:${m.symbol}`;
  const r = m.range;
  const data: DataChoice = {
    source,
    timeframe,
    ...(r && 'lastYears' in r
      ? { lastYears: r.lastYears }
      : { ...(r?.from && { from: r.from }), ...(r?.to && { to: r.to }) }),
  };
  return { settings, data };
}
