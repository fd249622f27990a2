// The part of a condition or price that reads the position state, compiled to a small per-bar closure
// for the simulator (lib/engine/walk-orders.ts), which calls it as it walks. Every position-free
// subexpression is still computed once over the whole series by the evaluator; the closure only reads
// its value at bar t. Closures are built from the syntax tree: no code is generated or evaluated.
// Scalar rules are the series operations' (lib/engine/series.ts): NaN propagates through arithmetic,
// every comparison with NaN is false (`!=` included), division and % by zero give NaN.
import type { Bars, PositionCondition, PositionState, PriceFn } from '../engine/types';
import { POS_AVG_PRICE, POS_BARS_SINCE_ENTRY, POS_OPEN_PROFIT, POS_SIZE, type Price } from '../engine/types';
import type { Expr } from './ast';
import type { PositionName } from './check-expr';
import type { CheckedProgram } from './checked';
import type { Evaluator } from './evaluator';

type Num = (t: number, s: PositionState) => number;
type Bool = (t: number, s: PositionState) => boolean;

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
  price(e: Expr): Price {
    if (!this.reads(e)) return this.ev.series(this.ev.value(e));
    return this.num(e) as PriceFn;
  }

  private num(e: Expr): Num {
    if (!this.reads(e)) {
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
    if (op === 'and' || op === 'or') {
      const a = this.bool(e.left);
      const b = this.bool(e.right);
      return op === 'and' ? (t, s) => a(t, s) && b(t, s) : (t, s) => a(t, s) || b(t, s);
    }
    const boolSides = this.checked.types.get(e.left)?.t === 'bool';
    if (boolSides) {
      const a = this.bool(e.left);
      const b = this.bool(e.right);
      return op === '==' ? (t, s) => a(t, s) === b(t, s) : (t, s) => a(t, s) !== b(t, s);
    }
    const a = this.num(e.left);
    const b = this.num(e.right);
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
