// Cross-reference checks of a spec that already has the right shape: names, the registry's arity and
// bounds, tuple outputs, indicator cycles, condition depth, entries and exits, market consistency.
// Messages say what is wrong and how to fix it, so that a model can act on them.
import { didYouMean } from '../dsl';
import type { ArgSpec, FunctionSpec } from '../engine';
import {
  DATE_RE,
  EXCHANGE_RE,
  eventFn,
  indicatorFn,
  LIMITS,
  PAIR_RE,
  PATH_RE,
  reservedName,
  TITLE_RE,
  YAHOO_RE,
} from './consts';
import { checkPortfolio } from './portfolio';
import type { Condition, Input, Operand, Price, StrategySpec } from './spec';

export interface SpecIssue {
  /** Where, e.g. `rules[1].when.args[0].b`; '' for the whole spec. */
  readonly path: string;
  readonly message: string;
}

const isSeries = (o: Operand) => 'field' in o || 'indicator' in o;

/** `sma(src, n)`, `change(src, n=1)`: for messages. */
export function signatureOf(f: FunctionSpec): string {
  return `${f.name}(${f.args.map((a) => (a.default === undefined ? a.name : `${a.name}=${a.default}`)).join(', ')})`;
}

function bounds(a: ArgSpec): string {
  const whole = a.kind === 'period' ? 'a whole number' : 'a number';
  return `${whole} from ${a.min ?? '-∞'} to ${a.max ?? '∞'}`;
}

function paramOk(a: ArgSpec, v: number): boolean {
  const lo = a.min ?? Number.NEGATIVE_INFINITY;
  const hi = a.max ?? Number.POSITIVE_INFINITY;
  return Number.isFinite(v) && v >= lo && v <= hi && (a.kind !== 'period' || Number.isInteger(v));
}

export function checkRefs(spec: StrategySpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const inputs = new Map<string, Input>();
  const ids = new Map<string, number>();
  const taken = (n: string) => inputs.has(n) || ids.has(n);
  const hasStop =
    spec.risk.stopLoss !== undefined ||
    spec.risk.stopLossAt !== undefined ||
    spec.risk.trailingStop !== undefined;

  const checkName = (n: string, path: string, what: string) => {
    const r = reservedName(n);
    if (r) add(path, `'${n}' is ${r} and cannot name ${what}; choose another, e.g. '${n}_1'`);
    else if (taken(n))
      add(path, `'${n}' is already used by another input or indicator; names must be unique`);
  };

  const oneLine = 'must be printable text on one line (no control characters)';
  if (!TITLE_RE.test(spec.name)) add('name', oneLine);
  spec.inputs.forEach((inp, i) => {
    const p = `inputs[${i}]`;
    if (inp.title !== undefined && !TITLE_RE.test(inp.title)) add(`${p}.title`, oneLine);
    checkName(inp.name, `${p}.name`, 'an input');
    inputs.set(inp.name, inp);
    if (inp.min > inp.max) add(p, `min ${inp.min} is above max ${inp.max}`);
    else if (inp.value < inp.min || inp.value > inp.max)
      add(`${p}.value`, `the default ${inp.value} is outside min ${inp.min} .. max ${inp.max}`);
  });
  spec.indicators.forEach((ind, i) => {
    checkName(ind.id, `indicators[${i}].id`, 'an indicator');
    if (!ids.has(ind.id)) ids.set(ind.id, i);
  });

  /** A constant argument: a number within the registry's bounds, or an input whose whole range is. */
  const param = (o: Operand, a: ArgSpec, fn: string, path: string) => {
    if ('value' in o) {
      if (!paramOk(a, o.value)) add(path, `'${a.name}' of ${fn} must be ${bounds(a)}, got ${o.value}`);
    } else if ('input' in o) {
      const inp = inputs.get(o.input);
      if (!inp) add(path, unknownInput(o.input, inputs));
      else if (
        ![inp.value, inp.min, inp.max].every((v) => paramOk(a, v)) ||
        (a.kind === 'period' && !Number.isInteger(inp.step))
      )
        add(
          path,
          `input '${o.input}' is the '${a.name}' of ${fn}: its value, min and max must each be ${bounds(a)}${a.kind === 'period' ? ', and its step whole' : ''}`,
        );
    } else add(path, `'${a.name}' of ${fn} is a constant: give {"value": n} or {"input": "<name>"}`);
  };

  /** A series operand: a field, or an indicator defined in the spec. */
  const series = (o: Operand, path: string, what: string) => {
    if ('indicator' in o) {
      if (!ids.has(o.indicator)) add(path, unknownIndicator(o.indicator, ids));
    } else if (!('field' in o))
      add(path, `${what} must be a series: {"field": "close"} or {"indicator": "<id>"}`);
  };

  spec.indicators.forEach((ind, i) => {
    const p = `indicators[${i}]`;
    const f = indicatorFn(ind.fn);
    if (!f) {
      add(`${p}.fn`, `'${ind.fn}' is not an indicator function`);
      return;
    }
    const required = f.args.filter((a) => a.default === undefined).length;
    if (ind.args.length < required || ind.args.length > f.args.length) {
      const range = required === f.args.length ? `${required}` : `${required} to ${f.args.length}`;
      add(`${p}.args`, `${f.name} takes ${range} argument(s), ${signatureOf(f)}, got ${ind.args.length}`);
    }
    ind.args.slice(0, f.args.length).forEach((o, k) => {
      const a = f.args[k];
      const ap = `${p}.args[${k}]`;
      if (a.kind !== 'series') {
        param(o, a, f.name, ap);
        return;
      }
      series(o, ap, `'${a.name}' of ${f.name}`);
      if ('indicator' in o && o.indicator === ind.id) add(ap, `indicator '${ind.id}' cannot read itself`);
    });
    if (f.outputs.length > 1) {
      if (ind.output === undefined || !f.outputs.includes(ind.output))
        add(
          `${p}.output`,
          `${f.name} returns several series: set output to one of ${f.outputs.map((o) => `'${o}'`).join(', ')}${ind.output === undefined ? '' : `, not '${ind.output}'`}`,
        );
      if (ind.offset)
        add(
          `${p}.offset`,
          `a ${f.name} output cannot take an offset here; put it where it is used: {"indicator": "${ind.id}", "offset": ${ind.offset}}`,
        );
    } else if (ind.output !== undefined) {
      add(`${p}.output`, `${f.name} returns one series: remove output '${ind.output}'`);
    }
  });
  cycles(spec, ids, add);

  spec.rules.forEach((r, i) => {
    const p = `rules[${i}]`;
    const count = { nodes: 0, deep: false };
    cond(r.when, `${p}.when`, 1, count);
    if (count.deep)
      add(`${p}.when`, `conditions nest at most ${LIMITS.conditionDepth} levels deep; simplify this one`);
    if (count.nodes > LIMITS.conditionNodes)
      add(`${p}.when`, `a condition has at most ${LIMITS.conditionNodes} parts, this one has ${count.nodes}`);
    if (r.action === 'exit' && r.size)
      add(`${p}.size`, 'exit closes whatever is open and takes no size: remove size');
    const entry = r.action === 'buy' || r.action === 'short';
    if (r.size && 'risk' in r.size && !entry)
      add(
        `${p}.size`,
        `a size by risk sizes an entry on its stop; ${r.action} reduces a position: use percent`,
      );
    else if (r.size && 'risk' in r.size && !hasStop)
      add(
        `${p}.size`,
        'sizing by risk needs a stop to size on: add risk.stopLoss (e.g. 0.02) or risk.stopLossAt (e.g. 2 ATR under the entry), or a risk.trailingStop',
      );
    if (r.order && !entry)
      add(
        `${p}.order`,
        `only entries (buy, short) rest at a price; ${r.action} fills at the next fill moment: remove order, or use risk.stopLossAt/takeProfitAt for exits at prices`,
      );
    else if (r.order) price(r.order.price, `${p}.order.price`, false);
  });
  if (spec.risk.stopLoss !== undefined && spec.risk.stopLossAt)
    add('risk.stopLossAt', 'give the stop as stopLoss (a percent) or stopLossAt (a price), not both');
  if (spec.risk.takeProfit !== undefined && spec.risk.takeProfitAt)
    add('risk.takeProfitAt', 'give the target as takeProfit (a percent) or takeProfitAt (a price), not both');
  if (spec.risk.stopLossAt) price(spec.risk.stopLossAt, 'risk.stopLossAt', true);
  if (spec.risk.takeProfitAt) price(spec.risk.takeProfitAt, 'risk.takeProfitAt', true);

  /** A price: a series, a positive number or an input, moved by a percent or a multiple of a series. */
  function price(x: Price, path: string, exit: boolean): void {
    const f = x.from;
    if ('position' in f) {
      if (!exit)
        add(
          `${path}.from`,
          'an entry order is placed before there is an entry price: measure it from a field or an indicator',
        );
    } else if ('value' in f) {
      if (!(f.value > 0)) add(`${path}.from`, `a price must be above 0, got ${f.value}`);
    } else if ('input' in f) {
      if (!inputs.has(f.input)) add(`${path}.from`, unknownInput(f.input, inputs));
    } else series(f, `${path}.from`, 'the price');
    if (x.percent !== undefined && x.add) add(path, 'move a price by percent or by add, not both: keep one');
    if (x.percent === 0) add(`${path}.percent`, 'a move of 0% is no move: remove percent');
    if (x.add) {
      series(x.add.of, `${path}.add.of`, 'what add multiplies');
      if (x.add.times === 0) add(`${path}.add.times`, 'a multiple of 0 is no move: remove add');
    }
  }

  function cond(
    c: Condition,
    path: string,
    depth: number,
    count: { nodes: number; deep: boolean },
    inHtf = false,
  ): void {
    count.nodes++;
    if (depth > LIMITS.conditionDepth) count.deep = true;
    if (count.deep || count.nodes > LIMITS.conditionNodes) return;
    switch (c.op) {
      case 'and':
      case 'or':
        c.args.forEach((x, k) => {
          cond(x, `${path}.args[${k}]`, depth + 1, count, inHtf);
        });
        return;
      case 'not':
        cond(c.arg, `${path}.arg`, depth + 1, count, inHtf);
        return;
      case 'htf':
        // the language refuses htf inside htf (htf-nested): one higher timeframe per condition
        if (inHtf) add(path, 'an htf inside another htf: give the inner condition the outer timeframe');
        cond(c.arg, `${path}.arg`, depth + 1, count, true);
        return;
      case 'rising':
      case 'falling':
        series(c.a, `${path}.a`, `the series of ${c.op}`);
        param(c.n, eventFn(c.op).args[1], c.op, `${path}.n`);
        return;
      default:
        for (const k of ['a', 'b'] as const) {
          const o = c[k];
          if ('indicator' in o && !ids.has(o.indicator))
            add(`${path}.${k}`, unknownIndicator(o.indicator, ids));
          if ('input' in o && !inputs.has(o.input)) add(`${path}.${k}`, unknownInput(o.input, inputs));
        }
        if (!isSeries(c.a) && !isSeries(c.b))
          add(
            path,
            `'${c.op}' compares two constants, so it is always true or always false; one side must be a field or an indicator`,
          );
    }
  }

  entriesAndExits(spec, add);
  market(spec, add);
  checkPortfolio(spec, new Set(ids.keys()), add);
  return issues;
}

function unknownIndicator(id: string, ids: ReadonlyMap<string, number>): string {
  const known = [...ids.keys()];
  const near = didYouMean(id, known);
  return `unknown indicator '${id}'${near ? ` (did you mean '${near}'?)` : ''}; ${known.length ? `the indicators are ${known.map((k) => `'${k}'`).join(', ')}` : 'define it in indicators first'}`;
}

function unknownInput(n: string, inputs: ReadonlyMap<string, Input>): string {
  const known = [...inputs.keys()];
  const near = didYouMean(n, known);
  return `unknown input '${n}'${near ? ` (did you mean '${near}'?)` : ''}; ${known.length ? `the inputs are ${known.map((k) => `'${k}'`).join(', ')}` : 'define it in inputs, or give {"value": n}'}`;
}

function cycles(spec: StrategySpec, ids: ReadonlyMap<string, number>, add: (p: string, m: string) => void) {
  const state = new Map<string, 1 | 2>();
  const deps = (i: number) =>
    spec.indicators[i].args.flatMap((o) => ('indicator' in o && ids.has(o.indicator) ? [o.indicator] : []));
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 2) return;
    if (state.get(id) === 1) {
      const loop = [...trail.slice(trail.indexOf(id)), id];
      add(
        `indicators[${ids.get(id)}].args`,
        `indicators ${loop.map((x) => `'${x}'`).join(' → ')} read each other in a cycle`,
      );
      return;
    }
    state.set(id, 1);
    for (const d of deps(ids.get(id)!)) if (d !== id) visit(d, [...trail, id]);
    state.set(id, 2);
  };
  for (const id of ids.keys()) visit(id, []);
}

/** The clarify rule of nl-conventions.md: an entry is required, and so is a way out of it. */
function entriesAndExits(spec: StrategySpec, add: (p: string, m: string) => void) {
  const has = (a: string) => spec.rules.some((r) => r.action === a);
  const risk = Object.values(spec.risk).some((v) => v !== undefined);
  if (!has('buy') && !has('short')) {
    add(
      'rules',
      'there is no entry rule: add a rule with action "buy" (or "short") saying when to open a position',
    );
    return;
  }
  if (has('buy') && !(has('sell') || has('exit') || has('short') || risk))
    add(
      'rules',
      'positions are bought but never closed: add a "sell" or "exit" rule, or a stopLoss/takeProfit/trailingStop in risk',
    );
  if (has('short') && !(has('cover') || has('exit') || has('buy') || risk))
    add('rules', 'short positions are never covered: add a "cover" or "exit" rule, or a stop in risk');
}

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1900;
}

function market(spec: StrategySpec, add: (p: string, m: string) => void) {
  const { source, symbol, exchange, range } = spec.market;
  const p = 'market';
  if (source === 'synthetic') {
    if (symbol !== undefined)
      add(
        `${p}.symbol`,
        'synthetic data has no symbol: remove it, or choose source "yahoo" (stocks) or "ccxt" (crypto)',
      );
  } else if (symbol === undefined) {
    add(`${p}.symbol`, `source "${source}" needs a symbol${source === 'csv' ? ' (the CSV file path)' : ''}`);
  } else if (source === 'yahoo' && !YAHOO_RE.test(symbol)) {
    add(
      `${p}.symbol`,
      `'${symbol}' is not a Yahoo ticker: e.g. AAPL, ^GSPC, EURUSD=X (crypto pairs use source "ccxt")`,
    );
  } else if (source === 'ccxt' && !PAIR_RE.test(symbol)) {
    add(`${p}.symbol`, `'${symbol}' is not a BASE/QUOTE pair such as BTC/USDT`);
  } else if (
    source === 'csv' &&
    (!PATH_RE.test(symbol) || symbol.startsWith('/') || symbol.split('/').includes('..'))
  ) {
    add(
      `${p}.symbol`,
      `'${symbol}' is not a relative CSV path such as data/GOOG.csv (no '..', no leading '/')`,
    );
  }
  if (exchange !== undefined) {
    if (source !== 'ccxt')
      add(`${p}.exchange`, 'only crypto pairs (source "ccxt") have an exchange: remove it');
    else if (!EXCHANGE_RE.test(exchange))
      add(`${p}.exchange`, `'${exchange}' is not a ccxt exchange id such as binance`);
  }
  if (range && 'lastYears' in range) return;
  const from = range?.from;
  const to = range?.to;
  for (const [k, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (v !== undefined && !validDate(v)) add(`${p}.range.${k}`, `'${v}' is not a calendar date YYYY-MM-DD`);
  if (from !== undefined && to !== undefined && validDate(from) && validDate(to) && from > to)
    add(`${p}.range`, `from ${from} is after to ${to}`);
}
