// Seeded property test over thousands of random valid specs: they validate, compile to programs that
// check with zero errors, are formatter fixed points, and lift back to their normal form.
import { describe, expect, it } from 'vitest';
import { checkSource, format, runProgram } from '../dsl';
import { randomSpec } from './arbitrary';
import { compile } from './compile';
import { INDICATOR_FNS } from './consts';
import { describe as describeSpec } from './describe';
import { lift } from './lift';
import { normalize } from './normalize';
import type { Condition, StrategySpec } from './spec';
import { rng, seededBars } from './testkit';
import { validateSpec } from './validate';

const N = 3000;

function ops(c: Condition, out: Set<string>): Set<string> {
  out.add(c.op);
  if (c.op === 'and' || c.op === 'or') for (const x of c.args) ops(x, out);
  if (c.op === 'not' || c.op === 'htf') ops(c.arg, out);
  return out;
}

describe('random valid specs (seeded)', () => {
  const r = rng(20240611);
  const specs: StrategySpec[] = Array.from({ length: N }, (_, k) => randomSpec(r, k));
  const bars = seededBars(400, 5);

  it('covers the registry and the schema', () => {
    const fns = new Set(specs.flatMap((s) => s.indicators.map((i) => i.fn)));
    expect([...fns].sort()).toEqual([...INDICATOR_FNS].sort());
    const conds = new Set<string>();
    for (const s of specs) for (const x of s.rules) ops(x.when, conds);
    expect(conds.size).toBe(13);
    const actions = new Set(specs.flatMap((s) => s.rules.map((x) => x.action)));
    expect(actions.size).toBe(5);
    const sizes = new Set(
      specs.flatMap((s) => s.rules.map((x) => (x.size ? Object.keys(x.size)[0] : 'none'))),
    );
    expect(sizes.size).toBe(5);
    const rules = specs.flatMap((s) => s.rules);
    for (const t of ['limit', 'stop']) expect(rules.some((x) => x.order?.type === t)).toBe(true);
    expect(rules.some((x) => x.order?.cancelAfter)).toBe(true);
    const prices = specs.flatMap((s) => [
      s.risk.stopLossAt,
      s.risk.takeProfitAt,
      ...s.rules.map((x) => x.order?.price),
    ]);
    for (const form of ['percent', 'add']) expect(prices.some((p) => p && form in p)).toBe(true);
    expect(prices.some((p) => p && 'position' in p.from)).toBe(true);
    expect(specs.some((s) => s.risk.exitAfter && s.settings.commission !== undefined)).toBe(true);
    expect(specs.some((s) => s.indicators.some((i) => i.offset))).toBe(true);
    expect(specs.some((s) => s.risk.trailingStop && s.settings.units && s.inputs.length)).toBe(true);
  });

  // In chunks, so that each test stays far below the timeout on a busy machine.
  const CHUNK = 300;
  for (let from = 0; from < N; from += CHUNK)
    it(`validate, compile, check, format, lift and recompile: specs ${from}..${from + CHUNK - 1}`, () => {
      let evaluated = 0;
      specs.slice(from, from + CHUNK).forEach((s, j) => {
        const k = from + j;
        const where = `spec #${k}: ${JSON.stringify(s)}`;
        const v = validateSpec(s);
        if (!v.ok) throw new Error(`${where}\n${JSON.stringify(v.issues)}`);
        const program = compile(s);
        const { diagnostics } = checkSource(program);
        const errors = diagnostics.filter((d) => d.severity === 'error');
        if (errors.length) throw new Error(`${where}\n${program}\n${JSON.stringify(errors)}`);
        expect(format(program).text, where).toBe(program);
        const back = lift(program, { market: s.market });
        if (!back.ok) throw new Error(`${where}\n${program}\n${back.reasons.join('\n')}`);
        const norm = normalize(s);
        expect(back.spec, where).toEqual(norm);
        expect(normalize(norm), where).toEqual(norm);
        expect(compile(back.spec), where).toBe(program);
        const d = describeSpec(s);
        expect(d.summary.length).toBe(s.rules.length + Object.keys(s.risk).length + s.inputs.length);
        expect(describeSpec(s)).toEqual(d);
        // Every 15th program is run end to end: no evaluation error at the inputs' defaults.
        if (k % 15 === 0) {
          const run = runProgram(program, bars);
          if (!run.ok) throw new Error(`${where}\n${program}\n${run.report}`);
          evaluated++;
        }
      });
      expect(evaluated).toBe(CHUNK / 15);
    });
});
