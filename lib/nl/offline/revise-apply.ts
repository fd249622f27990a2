// Applying a revision's edits to a copy of the pending spec: market, removals, indicator kinds, numbers
// (through their inputs, widening the slider when needed), thresholds; then pruning what nothing reads.
import { getFunction } from '../../engine';
import type { Action, Condition, Operand, StrategySpec } from '../../schema';
import { specIR } from './build';
import type { Issue, Opnd } from './ir';
import { isMovingAverage } from './lexicon';
import type { Reading } from './read';
import type { Edits } from './revise-ops';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
export type Spec = Mutable<StrategySpec>;

export function applyMarket(spec: Spec, r: Reading): boolean {
  const m = r.market;
  const mk = spec.market;
  if (m.symbol) {
    if (m.symbol.source !== 'ccxt' || mk.source !== 'ccxt') delete mk.exchange;
    mk.source = m.symbol.source;
    mk.symbol = m.symbol.symbol;
  }
  if (m.exchange && mk.source === 'ccxt') mk.exchange = m.exchange;
  if (m.timeframe) mk.timeframe = m.timeframe;
  if (m.range) mk.range = m.range;
  return !!(m.symbol || m.exchange || m.timeframe || m.range);
}

/** Sets a constant argument of an indicator: through its input (widening the slider) or its value. */
function setParam(spec: Spec, id: string, k: number, v: number): void {
  const ind = spec.indicators.find((i) => i.id === id);
  if (!ind) return;
  const a = ind.args[k];
  if (a && 'input' in a) {
    const inp = spec.inputs.find((i) => i.name === a.input);
    if (inp) {
      inp.value = v;
      inp.min = Math.min(inp.min, v);
      inp.max = Math.max(inp.max, v);
      return;
    }
  }
  while (ind.args.length < k)
    ind.args.push({ value: getFunction(ind.fn)?.args[ind.args.length]?.default ?? 1 });
  ind.args[k] = { value: v };
}

const constIdx = (fn: string) =>
  (getFunction(fn)?.args ?? []).flatMap((a, k) => (a.kind === 'series' ? [] : [k]));

export function applyEdits(spec: Spec, e: Edits, issues: Issue[]): void {
  for (const what of e.remove) {
    if (what === 'stopLoss' || what === 'takeProfit' || what === 'trailingStop') delete spec.risk[what];
    else if (what === 'fee' || what === 'slippage' || what === 'capital') delete spec.settings[what];
    else if (what === 'range') delete spec.market.range;
    else spec.rules = spec.rules.filter((r) => r.action !== 'short' && r.action !== 'cover');
  }
  const ir = specIR(spec as StrategySpec);
  const uses = (c: Condition, fn: string): boolean => {
    if ('args' in c) return c.args.some((x) => uses(x, fn));
    if ('arg' in c) return uses(c.arg, fn);
    const ops = 'b' in c ? [c.a, c.b] : [c.a];
    return ops.some((o) => 'indicator' in o && reads(ir.get(o.indicator), fn));
  };
  for (const fn of e.removeFilters) {
    const before = spec.rules.length;
    spec.rules = spec.rules.flatMap((r) => {
      if (r.when.op === 'and') {
        const args = r.when.args.filter((x) => !uses(x as Condition, fn));
        if (args.length && args.length < r.when.args.length)
          return [{ ...r, when: (args.length === 1 ? args[0] : { op: 'and', args }) as Condition }];
      }
      return uses(r.when as Condition, fn) ? [] : [r];
    }) as Spec['rules'];
    if (spec.rules.length === before && !spec.indicators.some((i) => i.fn === fn))
      issues.push({
        kind: 'unknown',
        text: fn,
        question: `The strategy does not use ${fn.toUpperCase()}, so there is nothing to remove. Which part should go?`,
      });
  }
  const mas = () => spec.indicators.filter((i) => isMovingAverage(i.fn));
  const period = (id: string) =>
    ir.get(id)?.k === 'ind' ? (ir.get(id) as Opnd & { k: 'ind' }).params[0] : Number.NaN;
  if (e.maKind?.to) {
    const from = e.maKind.from;
    const oldPeriods = new Set(e.replace.map(([o]) => o));
    const hit = mas().filter(
      (i) => (!from || i.fn === from) && (!oldPeriods.size || oldPeriods.has(period(i.id))),
    );
    if (!hit.length)
      issues.push({
        kind: 'unknown',
        text: from ?? 'moving average',
        question: `The strategy has no ${from ? from.toUpperCase() : 'moving average'} to change. Which indicator should change?`,
      });
    for (const i of hit) i.fn = e.maKind.to;
  }
  for (const [o, n] of e.replace) {
    let hit = 0;
    for (const inp of spec.inputs)
      if (inp.value === o) {
        inp.value = n;
        inp.min = Math.min(inp.min, n);
        inp.max = Math.max(inp.max, n);
        hit++;
      }
    for (const ind of spec.indicators)
      ind.args.forEach((a, k) => {
        if ('value' in a && a.value === o && getFunction(ind.fn)?.args[k]?.kind !== 'series') {
          ind.args[k] = { value: n };
          hit++;
        }
      });
    const swap = (c: Mutable<Condition>): void => {
      if (c.op === 'and' || c.op === 'or') for (const x of c.args) swap(x as Mutable<Condition>);
      else if (c.op === 'not' || c.op === 'htf') swap(c.arg as Mutable<Condition>);
      else if ('b' in c) {
        if ('value' in c.a && c.a.value === o) {
          c.a = { value: n };
          hit++;
        }
        if ('value' in c.b && c.b.value === o) {
          c.b = { value: n };
          hit++;
        }
      }
    };
    for (const r of spec.rules) swap(r.when as Mutable<Condition>);
    if (!hit)
      issues.push({
        kind: 'unknown',
        text: String(o),
        question: `The strategy has no ${o} to change. Which number should become ${n}?`,
      });
  }
  for (const { which, value } of e.role) {
    const list = mas().sort((a, b) => period(a.id) - period(b.id));
    if (list.length < 2) {
      issues.push({
        kind: 'unknown',
        text: which,
        question: `The strategy has ${list.length ? 'one moving average' : 'no moving average'}, so there is no ${which} one. Which period should change?`,
      });
      continue;
    }
    const target = which === 'fast' ? list[0] : list[list.length - 1];
    setParam(spec, target.id, constIdx(target.fn)[0], value);
  }
  for (const { fn, values } of e.fnParams) {
    let hit = fn === 'ma' ? mas() : spec.indicators.filter((i) => i.fn === fn);
    if (!hit.length && isMovingAverage(fn) && mas().length === 1) {
      hit = mas();
      hit[0].fn = fn;
    }
    if (fn === 'ma' && hit.length === 2 && values.length === 2) {
      const [a, b] = hit.sort((x, y) => period(x.id) - period(y.id));
      const [lo, hi] = [...values].sort((x, y) => x - y);
      setParam(spec, a.id, 1, lo);
      setParam(spec, b.id, 1, hi);
      continue;
    }
    const calls = new Set(hit.map((i) => JSON.stringify([i.fn, i.args])));
    if (calls.size !== 1) {
      issues.push({
        kind: 'unknown',
        text: fn,
        question: calls.size
          ? `The strategy has several ${fn === 'ma' ? 'moving averages' : fn.toUpperCase()} (${hit.map((i) => `'${i.id}'`).join(', ')}). Which one should change, e.g. 'use 20 instead of ${period(hit[0].id)}'?`
          : `The strategy has no ${fn === 'ma' ? 'moving average' : fn.toUpperCase()}. Which indicator should change?`,
      });
      continue;
    }
    for (const i of hit)
      constIdx(i.fn).forEach((k, j) => {
        if (values[j] !== undefined) setParam(spec, i.id, k, values[j]);
      });
  }
  for (const { side, value } of e.threshold) {
    const entry = (a: Action) => a === 'buy' || a === 'short';
    const nums: Mutable<Operand>[] = [];
    const collect = (c: Mutable<Condition>) => {
      if (c.op === 'and' || c.op === 'or') for (const x of c.args) collect(x as Mutable<Condition>);
      else if ('b' in c) for (const o of [c.a, c.b]) if ('value' in o || 'input' in o) nums.push(o);
    };
    for (const r of spec.rules)
      if (entry(r.action) === (side === 'entry')) collect(r.when as Mutable<Condition>);
    if (nums.length !== 1) {
      issues.push({
        kind: 'unknown',
        text: `${side} level`,
        question: `Which ${side} level should become ${value}? The ${side} rules have ${nums.length || 'no'} levels; say e.g. 'use ${value} instead of ...'.`,
      });
      continue;
    }
    const o = nums[0];
    if ('input' in o) {
      const inp = spec.inputs.find((i) => i.name === o.input);
      if (inp) Object.assign(inp, { value, min: Math.min(inp.min, value), max: Math.max(inp.max, value) });
    } else (o as { value: number }).value = value;
  }
}

/** Does operand `o` read an indicator of `fn`, directly or through its source? */
function reads(o: Opnd | undefined, fn: string): boolean {
  for (let x = o, d = 0; x?.k === 'ind' && d < 10; x = x.src, d++) if (x.fn === fn) return true;
  return false;
}

/** Drops indicators and inputs nothing reads any more. */
export function prune(spec: Spec): void {
  const used = new Set<string>();
  const mark = (o: Operand) => {
    if ('indicator' in o) used.add(o.indicator);
    if ('input' in o) used.add(o.input);
  };
  const visit = (c: Condition) => {
    if ('args' in c) c.args.forEach(visit);
    else if ('arg' in c) visit(c.arg);
    else if ('b' in c) [c.a, c.b].forEach(mark);
    else [c.a, c.n].forEach(mark);
  };
  for (const r of spec.rules) visit(r.when as Condition);
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of spec.indicators)
      if (used.has(i.id))
        for (const a of i.args) {
          const n = 'indicator' in a ? a.indicator : 'input' in a ? a.input : undefined;
          if (n && !used.has(n)) {
            used.add(n);
            changed = true;
          }
        }
  }
  spec.indicators = spec.indicators.filter((i) => used.has(i.id));
  spec.inputs = spec.inputs.filter((i) => used.has(i.name));
}
