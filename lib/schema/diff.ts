// diffSpecs(a, b): what a revision changed, one short line per change, for the chat to confirm
// ("stop loss 3% → 5%", "sma → ema for 'fast'", "fee none → 0.1%"). Deterministic, in a fixed order.
import { DEFAULT_SETTINGS } from '../engine';
import { DEFAULT_TIMEFRAME } from './compile';
import { indicatorFn } from './consts';
import { rangeText, ruleText, timeframeText } from './describe';
import { Phrases } from './phrases';
import { portfolioDiff } from './portfolio';
import { pricePhrase } from './price';
import type { Indicator, Input, Operand, Price, StrategySpec } from './spec';
import { groupDigits, money, numText, pctWords } from './text';

const opText = (o: Operand | undefined): string => {
  if (!o) return 'none';
  if ('field' in o) return o.offset ? `${o.field}[${o.offset}]` : o.field;
  if ('indicator' in o) return o.offset ? `${o.indicator}[${o.offset}]` : o.indicator;
  return 'value' in o ? numText(o.value) : `input ${o.input}`;
};

const pctOr = (v: number | undefined, none: string) => (v === undefined ? none : pctWords(v));
const fillText = (f: 'open' | 'close') => (f === 'open' ? "next bar's open" : "signal bar's close");
const callText = (i: Indicator) =>
  `${i.fn}(${i.args.map(opText).join(', ')})${i.output ? ` ${i.output}` : ''}${i.offset ? `[${i.offset}]` : ''}`;
const inputText = (i: Input) =>
  `${numText(i.value)}, ${numText(i.min)} to ${numText(i.max)} step ${numText(i.step)}${i.title ? `, "${i.title}"` : ''}`;

export function diffSpecs(a: StrategySpec, b: StrategySpec): string[] {
  const out: string[] = [];
  const change = (what: string, x: string, y: string) => {
    if (x !== y) out.push(`${what} ${x} → ${y}`);
  };
  change('name', JSON.stringify(a.name), JSON.stringify(b.name));

  const ma = a.market;
  const mb = b.market;
  change('data source', ma.source, mb.source);
  change('symbol', ma.symbol ?? 'none', mb.symbol ?? 'none');
  change('exchange', ma.exchange ?? 'none', mb.exchange ?? 'none');
  const tf = (t: string | undefined) =>
    t === undefined ? `${timeframeText(DEFAULT_TIMEFRAME)} (default)` : timeframeText(t);
  change('timeframe', tf(ma.timeframe), tf(mb.timeframe));
  change('date range', rangeText(ma), rangeText(mb));
  out.push(...portfolioDiff(a.portfolio, b.portfolio));

  const sa = a.settings;
  const sb = b.settings;
  const cap = (v: number | undefined) =>
    v === undefined ? `${money(DEFAULT_SETTINGS.capital)} (default)` : money(v);
  change('capital', cap(sa.capital), cap(sb.capital));
  change('fee', pctOr(sa.fee, 'none'), pctOr(sb.fee, 'none'));
  const cash = (v: number | undefined) => (v === undefined ? 'none' : money(v));
  change('commission per fill', cash(sa.commission), cash(sb.commission));
  change('slippage', pctOr(sa.slippage, 'none'), pctOr(sb.slippage, 'none'));
  const fill = (f: 'open' | 'close' | undefined) =>
    f === undefined ? `${fillText('open')} (default)` : fillText(f);
  change('fills at', fill(sa.fill), fill(sb.fill));
  const units = (u: string | undefined) => u ?? 'fractional (default)';
  change('quantities', units(sa.units), units(sb.units));
  const entries = (p: number | undefined) => (p === undefined ? '1 (default)' : `${p}`);
  change('entries per direction', entries(sa.pyramiding), entries(sb.pyramiding));

  change('stop loss', pctOr(a.risk.stopLoss, 'none'), pctOr(b.risk.stopLoss, 'none'));
  change('take profit', pctOr(a.risk.takeProfit, 'none'), pctOr(b.risk.takeProfit, 'none'));
  change('trailing stop', pctOr(a.risk.trailingStop, 'none'), pctOr(b.risk.trailingStop, 'none'));
  const pa = new Phrases(a);
  const pb = new Phrases(b);
  const at = (p: Price | undefined, ph: Phrases) => (p ? pricePhrase(p, ph) : 'none');
  change('stop loss at', at(a.risk.stopLossAt, pa), at(b.risk.stopLossAt, pb));
  change('take profit at', at(a.risk.takeProfitAt, pa), at(b.risk.takeProfitAt, pb));
  const bars = (v: number | undefined) => (v === undefined ? 'none' : `${v} bars`);
  change('exit after', bars(a.risk.exitAfter), bars(b.risk.exitAfter));

  const ia = new Map(a.inputs.map((i) => [i.name, i]));
  const ib = new Map(b.inputs.map((i) => [i.name, i]));
  for (const [n, x] of ia) {
    const y = ib.get(n);
    if (!y) out.push(`input '${n}' removed`);
    else {
      change(`input '${n}'`, groupDigits(x.value), groupDigits(y.value));
      change(
        `input '${n}' range`,
        `${numText(x.min)} to ${numText(x.max)} step ${numText(x.step)}`,
        `${numText(y.min)} to ${numText(y.max)} step ${numText(y.step)}`,
      );
      change(`input '${n}' title`, JSON.stringify(x.title ?? null), JSON.stringify(y.title ?? null));
    }
  }
  for (const [n, y] of ib) if (!ia.has(n)) out.push(`input '${n}' added (${inputText(y)})`);

  const da = new Map(a.indicators.map((i) => [i.id, i]));
  const db = new Map(b.indicators.map((i) => [i.id, i]));
  for (const [id, x] of da) {
    const y = db.get(id);
    if (!y) {
      out.push(`indicator '${id}' removed`);
      continue;
    }
    if (x.fn !== y.fn) out.push(`${x.fn} → ${y.fn} for '${id}'`);
    const names = indicatorFn(y.fn)?.args ?? [];
    for (let k = 0; k < Math.max(x.args.length, y.args.length); k++)
      change(`'${id}' ${names[k]?.name ?? `argument ${k + 1}`}`, opText(x.args[k]), opText(y.args[k]));
    change(`'${id}' output`, x.output ?? 'none', y.output ?? 'none');
    change(`'${id}' offset`, String(x.offset ?? 0), String(y.offset ?? 0));
  }
  for (const [id, y] of db) if (!da.has(id)) out.push(`indicator '${id}' added: ${callText(y)}`);

  const n = Math.max(a.rules.length, b.rules.length);
  for (let k = 0; k < n; k++) {
    const x = a.rules[k] && ruleText(a.rules[k], pa);
    const y = b.rules[k] && ruleText(b.rules[k], pb);
    if (x && !y) out.push(`rule ${k + 1} removed: ${x}`);
    else if (!x && y) out.push(`rule ${k + 1} added: ${y}`);
    // Same wording means the same meaning (e.g. 30 > r and r < 30, or a renamed but identical indicator).
    else if (x !== y) out.push(`rule ${k + 1}: ${x} → ${y}`);
  }
  return out;
}
