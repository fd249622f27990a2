// The part of a condition or price that reads the position state, compiled to a small per-bar closure
// for the simulator (lib/engine/walk-orders.ts), which calls it as it walks; the usual conditions
// (position values compared with constants, in one and/or chain) to a PositionTest, data the simulator
// reads without a call. Every position-free subexpression is still computed once over the whole series
// by the evaluator; the closure only reads its value at bar t. Closures are built from the syntax tree:
// no code is generated or evaluated.
// Scalar rules are the series operations' (lib/engine/series.ts): NaN propagates through arithmetic,
// every comparison with NaN is false (`!=` included), division and % by zero give NaN.

import type { Bars, PositionCondition, PositionState, PriceFn } from '../engine';
import * as S from '../engine';
import {
  POS_AVG_PRICE,
  POS_BARS_SINCE_ENTRY,
  POS_OPEN_PROFIT,
  POS_SIZE,
  POSITION_OPS,
  type PositionTest,
  type Price,
  passes,
} from '../engine';
import type { Expr } from './ast';
import type { PositionName } from './check-expr';
import type { CheckedProgram } from './checked';
import type { Evaluator } from './evaluator';

type Num = (t: number, s: PositionState) => number;
type Bool = (t: number, s: PositionState) => boolean;
/** slot ≥ 0: a position slot; else fn, or (fn null) the constant value. */
interface Leaf {
  readonly slot: number;
  readonly value: number;
  readonly fn: Num | null;
}
const isConst = (l: Leaf) => l.slot < 0 && !l.fn;
function asNum(l: Leaf): Num {
  if (l.fn) return l.fn;
  const { slot, value } = l;
  return slot >= 0 ? (_, s) => s[slot] : () => value;
}
const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

const SLOTS: Record<PositionName, number> = {
  position_size: POS_SIZE,
  position_avg_price: POS_AVG_PRICE,
  bars_since_entry: POS_BARS_SINCE_ENTRY,
  open_profit: POS_OPEN_PROFIT,
};

const nan = () => Number.NaN;
const ONE = () => new Float64Array(1).fill(Number.NaN);
const ONE_BAR: Bars = { time: ONE(), open: ONE(), high: ONE(), low: ONE(), close: ONE(), volume: ONE() };

/** Compiles the position-reading parts of one program's expressions, sharing the run's evaluator. */
export class Residuals {
  constructor(
    private readonly checked: CheckedProgram,
    private readonly ev: Evaluator,
  ) {}

  private reads(e: Expr): boolean {
    return this.checked.positional.has(e);
  }

  /** A condition: its position-free parts are masks, read at t. */
  condition(e: Expr): PositionCondition {
    return this.bool(e);
  }

  /** A price: a series when it reads no position, else a closure. */
  /**
   * A price, read only on the bars where an order is placed or an entry fills: its arithmetic is done
   * there, on the values of its indicators and prices (each still computed once over the series), rather
   * than over every bar.
   */
  price(e: Expr): Price {
    return this.num(e) as PriceFn;
  }

  private num(e: Expr): Num {
    if (!this.reads(e)) {
      // Arithmetic on series is done bar by bar here; indicators, history and prices are series.
      const t = this.checked.types.get(e);
      if (t?.t === 'num' && t.series) {
        if (e.kind === 'Binary') return this.arith(e.op, this.num(e.left), this.num(e.right));
        if (e.kind === 'Unary') {
          const x = this.num(e.operand);
          return (t, s) => -x(t, s);
        }
      }
      const v = this.ev.value(e);
      if (typeof v === 'number') return () => v;
      const a = this.ev.series(v);
      return (t) => a[t];
    }
    switch (e.kind) {
      case 'Name': {
        const b = this.checked.bindings.get(e.name);
        if (b) return this.num(b.expr);
        const slot = SLOTS[e.name as PositionName];
        return (_, s) => s[slot];
      }
      case 'Unary': {
        const x = this.num(e.operand);
        return (t, s) => -x(t, s);
      }
      case 'Binary':
        return this.arith(e.op, this.num(e.left), this.num(e.right));
      case 'Call':
        return this.call(e);
      default:
        return nan;
    }
  }

  private arith(op: string, a: Num, b: Num): Num {
    switch (op) {
      case '+':
        return (t, s) => a(t, s) + b(t, s);
      case '-':
        return (t, s) => a(t, s) - b(t, s);
      case '*':
        return (t, s) => a(t, s) * b(t, s);
      case '/':
        return (t, s) => {
          const y = b(t, s);
          return y === 0 ? Number.NaN : a(t, s) / y;
        };
      default:
        return (t, s) => a(t, s) % b(t, s);
    }
  }

  private call(e: Expr & { kind: 'Call' }): Num {
    const info = this.checked.calls.get(e);
    if (!info) return nan;
    if (!info.spec) {
      const [c, x, y] = info.args as Expr[];
      const cond = this.bool(c);
      const a = this.num(x);
      const b = this.num(y);
      return (t, s) => (cond(t, s) ? a(t, s) : b(t, s));
    }
    // An elementwise function (the checker lets no other read the position), on one-element series.
    const spec = info.spec;
    const parts = spec.args.map((a, i) => {
      const x = info.args[i];
      if (a.kind === 'series') return x ? this.num(x) : nan;
      const v = x ? this.ev.constValue(x) : a.default;
      return typeof v === 'number' ? v : Number.NaN;
    });
    const cells = parts.map((p) => (typeof p === 'number' ? p : new Float64Array(1)));
    return (t, s) => {
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        if (typeof p !== 'number') (cells[i] as Float64Array)[0] = p(t, s);
      }
      const out = spec.compute(cells, ONE_BAR);
      return out instanceof Float64Array ? out[0] : Number.NaN;
    };
  }

  private bool(e: Expr): Bool {
    if (!this.reads(e)) {
      const v = this.ev.value(e);
      if (typeof v === 'boolean') return () => v;
      const m = this.ev.mask(v);
      return (t) => m[t] === 1;
    }
    switch (e.kind) {
      case 'Name': {
        const b = this.checked.bindings.get(e.name);
        return b ? this.bool(b.expr) : () => false;
      }
      case 'Unary': {
        const x = this.bool(e.operand);
        return (t, s) => !x(t, s);
      }
      case 'Binary':
        return this.binary(e);
      case 'Call': {
        const info = this.checked.calls.get(e);
        if (!info || info.spec) return () => false; // boolean registry functions are not elementwise
        const [c, x, y] = info.args as Expr[];
        const cond = this.bool(c);
        const a = this.bool(x);
        const b = this.bool(y);
        return (t, s) => (cond(t, s) ? a(t, s) : b(t, s));
      }
      default:
        return () => false;
    }
  }

  private binary(e: Expr & { kind: 'Binary' }): Bool {
    const { op } = e;
    if (op === 'and' || op === 'or') return this.chain(e, op);
    const boolSides = this.checked.types.get(e.left)?.t === 'bool';
    if (boolSides) {
      const a = this.bool(e.left);
      const b = this.bool(e.right);
      return op === '==' ? (t, s) => a(t, s) === b(t, s) : (t, s) => a(t, s) !== b(t, s);
    }
    return this.compare(op, this.leaf(e.left), this.leaf(e.right));
  }

  /**
   * `a or b or …` (`and` alike) flattened: the operands that read no position are combined into one mask
   * over the whole series, so that each bar costs one read for all of them and a call per other operand.
   */
  private chain(e: Expr, op: 'and' | 'or'): Bool {
    const { mask: m, terms } = this.flatten(e, op);
    const fused = this.test(e);
    if (fused) return (t, s) => passes(fused, t, s);
    const parts = terms.map((x) => this.bool(x));
    const [p, q] = parts;
    const and = op === 'and';
    if (parts.length === 1) {
      if (!m) return p;
      return and ? (t, s) => m[t] === 1 && p(t, s) : (t, s) => m[t] === 1 || p(t, s);
    }
    if (parts.length === 2 && m)
      return and ? (t, s) => m[t] === 1 && p(t, s) && q(t, s) : (t, s) => m[t] === 1 || p(t, s) || q(t, s);
    const want = and ? 0 : 1;
    return (t, s) => {
      if (m && m[t] === want) return !and;
      for (const f of parts) if (f(t, s) !== and) return !and;
      return and;
    };
  }

  /** The terms of an and/or chain: those that read no position as one mask, the others as they are. */
  private flatten(e: Expr, op: 'and' | 'or'): { mask: Uint8Array | null; terms: Expr[] } {
    const free: Uint8Array[] = [];
    const terms: Expr[] = [];
    const walk = (x: Expr): void => {
      if (x.kind === 'Binary' && x.op === op) {
        walk(x.left);
        walk(x.right);
      } else if (this.reads(x)) terms.push(x);
      else free.push(this.ev.mask(this.ev.value(x)));
    };
    walk(e);
    const join = op === 'and' ? S.and : S.or;
    return { mask: free.length ? free.reduce((a, b) => join(a, b)) : null, terms };
  }

  /**
   * A condition whose position terms all compare a position slot with a constant (position_size == 0,
   * bars_since_entry >= 10, open_profit < -2%: the usual forms), alone or in one and/or chain, as data the
   * simulator evaluates without a call per bar (PositionTest); undefined for any other condition.
   */
  test(e: Expr): PositionTest | undefined {
    if (e.kind !== 'Binary' || !this.reads(e)) return undefined;
    const op = e.op === 'and' || e.op === 'or' ? e.op : null;
    const { mask, terms } = op ? this.flatten(e, op) : { mask: null, terms: [e] };
    const n = terms.length;
    const slots = new Int32Array(n);
    const ops = new Int32Array(n);
    const values = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const x = terms[j];
      if (x.kind !== 'Binary' || !(x.op in FLIP) || this.checked.types.get(x.left)?.t === 'bool') return;
      let l = this.leaf(x.left);
      let r = this.leaf(x.right);
      let o: string = x.op;
      if (isConst(l)) [l, r, o] = [r, l, FLIP[o]];
      if (l.slot < 0 || !isConst(r)) return;
      slots[j] = l.slot;
      ops[j] = (POSITION_OPS as readonly string[]).indexOf(o);
      values[j] = r.value;
    }
    return { join: op ?? 'and', mask, slots, ops, values };
  }

  /** An operand of a comparison: a position slot, a constant, or a closure. */
  private leaf(e: Expr): Leaf {
    if (!this.reads(e)) {
      const v = this.ev.value(e);
      if (typeof v === 'number') return { slot: -1, value: v, fn: null };
    }
    let x = e;
    while (x.kind === 'Name' && this.checked.bindings.has(x.name))
      x = this.checked.bindings.get(x.name)!.expr;
    if (x.kind === 'Name' && x.name in SLOTS)
      return { slot: SLOTS[x.name as PositionName], value: Number.NaN, fn: null };
    return { slot: -1, value: Number.NaN, fn: this.num(e) };
  }

  /** A comparison, specialized for a position slot or a closure against a constant (the usual forms). */
  private compare(op: string, l: Leaf, r: Leaf): Bool {
    if (isConst(l) && !isConst(r)) return this.compare(FLIP[op] ?? op, r, l);
    if (isConst(r) && !isConst(l)) {
      const c = r.value;
      if (op === '!=' && Number.isNaN(c)) return () => false;
      const i = l.slot;
      if (i >= 0) {
        switch (op) {
          case '<':
            return (_, s) => s[i] < c;
          case '<=':
            return (_, s) => s[i] <= c;
          case '>':
            return (_, s) => s[i] > c;
          case '>=':
            return (_, s) => s[i] >= c;
          case '==':
            return (_, s) => s[i] === c;
          default:
            return (_, s) => !Number.isNaN(s[i]) && s[i] !== c;
        }
      }
      const f = l.fn as Num;
      switch (op) {
        case '<':
          return (t, s) => f(t, s) < c;
        case '<=':
          return (t, s) => f(t, s) <= c;
        case '>':
          return (t, s) => f(t, s) > c;
        case '>=':
          return (t, s) => f(t, s) >= c;
        case '==':
          return (t, s) => f(t, s) === c;
        default:
          return (t, s) => {
            const x = f(t, s);
            return !Number.isNaN(x) && x !== c;
          };
      }
    }
    const a = asNum(l);
    const b = asNum(r);
    switch (op) {
      case '<':
        return (t, s) => a(t, s) < b(t, s);
      case '<=':
        return (t, s) => a(t, s) <= b(t, s);
      case '>':
        return (t, s) => a(t, s) > b(t, s);
      case '>=':
        return (t, s) => a(t, s) >= b(t, s);
      case '==':
        return (t, s) => a(t, s) === b(t, s);
      default:
        // != is false when either side is na, like every comparison.
        return (t, s) => {
          const x = a(t, s);
          const y = b(t, s);
          return !Number.isNaN(x) && !Number.isNaN(y) && x !== y;
        };
    }
  }
}
