// Level lines for the chart: the constants a program compares its named series with (`r < 30`,
// `crossover(r, overbought)`), per series name, with this run's input values. An oscillator's pane
// draws them as horizontal lines, as a trader draws 30 and 70 on an RSI.
import type { Expr } from './ast';
import type { CheckedProgram } from './checked';
import type { ConstValue } from './consts';

const COMPARISONS = new Set(['<', '<=', '>', '>=']);
const CROSSES = new Set(['crossover', 'crossunder', 'cross']);
/** Enough for any reasonable program; bounds the answer's size for a pathological one. */
const MAX_LEVELS = 8;

/**
 * For each named numeric series, the distinct constants (literals, inputs, constant names, arithmetic on
 * them) it is compared with by <, <=, >, >= or a cross function anywhere in the program: in the rules'
 * conditions and in the bindings (`oversold = r < 30`). `r[1] < 30` counts for `r`. Ascending.
 */
export function comparedLevels(
  checked: CheckedProgram,
  constValue: (e: Expr) => ConstValue | undefined,
): Record<string, number[]> {
  const found = new Map<string, Set<number>>();
  const seriesName = (e: Expr): string | null => {
    const target = e.kind === 'Index' ? e.target : e;
    if (target.kind !== 'Name') return null;
    const b = checked.bindings.get(target.name);
    return b && !b.input && b.type.t === 'num' && b.type.series ? b.name : null;
  };
  const isConst = (e: Expr) => {
    const t = checked.types.get(e);
    return t?.t === 'num' && !t.series;
  };
  const pair = (a: Expr, b: Expr) => {
    for (const [s, c] of [
      [a, b],
      [b, a],
    ]) {
      const name = seriesName(s);
      if (!name || !isConst(c)) continue;
      const v = constValue(c);
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      let set = found.get(name);
      if (!set) found.set(name, (set = new Set()));
      if (set.size < MAX_LEVELS) set.add(v);
    }
  };
  const seen = new Set<Expr>();
  const walk = (e: Expr): void => {
    if (seen.has(e)) return;
    seen.add(e);
    switch (e.kind) {
      case 'Binary':
        if (COMPARISONS.has(e.op)) pair(e.left, e.right);
        walk(e.left);
        walk(e.right);
        return;
      case 'Unary':
        walk(e.operand);
        return;
      case 'Index':
        walk(e.target);
        return;
      case 'Call': {
        // The registry's positional order, keyword arguments placed.
        const args = checked.calls.get(e)?.args;
        if (CROSSES.has(e.callee.name) && args?.[0] && args[1]) pair(args[0], args[1]);
        for (const a of e.args) walk(a.value);
        return;
      }
      default:
        return;
    }
  };
  for (const r of checked.rules) for (const g of r.guards) walk(g.expr);
  for (const b of checked.bindings.values()) if (!b.input) walk(b.expr);
  const out: Record<string, number[]> = {};
  for (const [name, set] of found) out[name] = [...set].sort((x, y) => x - y);
  return out;
}
