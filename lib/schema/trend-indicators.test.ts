// The channel and trend indicators (keltner, donchian, supertrend, dmi, sar, ichimoku) end to end: the
// calls traders write check, run and give the kernels' values; a spec names their outputs, compiles to
// the destructuring and lifts back.
import { describe, expect, it } from 'vitest';
import { checkSource, runProgram } from '../dsl';
import { dmi, donchian, ichimoku, keltner, sar, supertrend } from '../engine';
import { compile } from './compile';
import { TUPLE_OUTPUTS } from './consts';
import { lift } from './lift';
import { cmp, F, I, ind, over, rule, seededBars, spec, V } from './testkit';
import { validateSpec } from './validate';

const PROGRAM = `strategy("trend kit")
[st, dir] = supertrend(10, 3)
[kmid, kup, klo] = keltner(close, 20, 2)
[dcm, dcu, dcl] = donchian(20)
[pdi, mdi, adx14] = dmi(14)
ps = sar(0.02, 0.2)
[tenkan, kijun, spanA, spanB, chikou] = ichimoku(9, 26, 52)
if crossover(pdi, mdi) and dir > 0 and close > max(spanA, spanB):
    buy(market, 100%)
if close < dcl[1] or close < ps:
    sell(market, 100%)
`;

describe('the new indicators in a program', () => {
  const bars = seededBars(1500, 7);
  const { high, low, close } = bars;

  it('checks without errors, runs, and every binding is the kernel output', () => {
    expect(checkSource(PROGRAM).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = runProgram(PROGRAM, bars);
    if (!r.ok) throw new Error(r.report);
    const s = r.eval.series;
    const want: Record<string, Float64Array> = {};
    [want.st, want.dir] = supertrend(high, low, close, 10, 3);
    [want.kmid, want.kup, want.klo] = keltner(close, high, low, close, 20, 2);
    [want.dcm, want.dcu, want.dcl] = donchian(high, low, 20);
    [want.pdi, want.mdi, want.adx14] = dmi(high, low, close, 14);
    want.ps = sar(high, low, 0.02, 0.2);
    [want.tenkan, want.kijun, want.spanA, want.spanB, want.chikou] = ichimoku(
      high,
      low,
      close,
      9,
      26,
      52,
      26,
    );
    for (const [name, v] of Object.entries(want))
      expect(Array.from(s[name].values), name).toEqual(Array.from(v));
    expect(s.pdi.output).toBe('plus_di');
    expect(s.spanB.output).toBe('senkou_b');
    // The rules read senkou B, first defined at 51 + 25 (the cloud over a bar was computed 25 bars earlier).
    expect(r.eval.warmup).toBe(76);
    expect(r.stats['# Trades']).toBeGreaterThan(0);
  });

  it('draws price-scale lines over the prices and the rest in panes of their own', () => {
    const r = runProgram(PROGRAM, bars);
    if (!r.ok) throw new Error(r.report);
    const pane = (n: string) => r.eval.series[n].pane;
    for (const n of ['st', 'kup', 'dcu', 'ps', 'tenkan', 'spanA', 'chikou']) expect(pane(n), n).toBe('price');
    for (const n of ['dir', 'pdi', 'adx14']) expect(pane(n), n).toBe('separate');
  });

  it('says what is wrong with a bad call: tuple count, sar factors out of range', () => {
    const codes = (src: string) =>
      checkSource(src)
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => [d.code, d.message]);
    expect(codes('[a, b] = dmi(14)\n')[0][1]).toMatch(/dmi returns 3 series \(plus_di, minus_di, adx\)/);
    expect(codes('p = sar(2, 0.2)\n')[0]).toEqual(['arg-range', expect.stringMatching(/'accel'.*0\.001.*1/)]);
    expect(codes('[a, b, c, d, e] = ichimoku(9, 26, 52, 0)\n')[0][0]).toBe('arg-range');
  });
});

describe('a spec names the outputs of the new tuples', () => {
  it('TUPLE_OUTPUTS has them', () => {
    for (const o of ['plus_di', 'minus_di', 'direction', 'senkou_a', 'senkou_b', 'tenkan', 'kijun', 'chikou'])
      expect(TUPLE_OUTPUTS).toContain(o);
  });

  it('validates, compiles to one destructuring per call (unnamed outputs as placeholders) and lifts back', () => {
    const s = spec({
      indicators: [
        ind('pdi', 'dmi', [V(14)], { output: 'plus_di' }),
        ind('mdi', 'dmi', [V(14)], { output: 'minus_di' }),
        ind('spanA', 'ichimoku', [V(9), V(26), V(52)], { output: 'senkou_a' }),
        ind('kup', 'keltner', [F('close'), V(20), V(2)], { output: 'upper' }),
        ind('dir', 'supertrend', [V(10), V(3)], { output: 'direction' }),
      ],
      rules: [
        rule('buy', over(I('pdi'), I('mdi'))),
        rule('sell', cmp('<', F('close'), I('spanA'))),
        rule('sell', cmp('>', F('close'), I('kup'))),
        rule('sell', cmp('<', I('dir'), V(0))),
      ],
    });
    expect(validateSpec(s).ok).toBe(true);
    const program = compile(s);
    expect(program).toContain('[pdi, mdi, _adx] = dmi(14)');
    expect(program).toContain('[_tenkan, _kijun, spanA, _senkou_b, _chikou] = ichimoku(9, 26, 52)');
    expect(program).toContain('[_mid, kup, _lower] = keltner(close, 20, 2)');
    expect(program).toContain('[_supertrend, dir] = supertrend(10, 3)');
    const back = lift(program);
    if (!back.ok) throw new Error(back.reasons.join('; '));
    expect(compile(back.spec)).toBe(program);
  });

  it('rejects an output the function does not have, naming the ones it has', () => {
    const s = spec({
      indicators: [ind('x', 'dmi', [V(14)], { output: 'upper' })],
      rules: [rule('buy', cmp('>', I('x'), V(25)))],
    });
    const v = validateSpec(s);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.issues.map((i) => i.message).join('\n')).toMatch(/'plus_di', 'minus_di', 'adx'.*not 'upper'/);
  });
});
