// Level lines: the constants each named series is compared with, read off small programs by hand.
import { describe, expect, it } from 'vitest';
import { getExample } from '../examples';
import { checkSource } from './checker';
import { compile, type EvalResult, isEvalFailure } from './compiler';
import { formatDiagnostics } from './print';
import { randomBars } from './testkit';

const bars = randomBars(120, 3);

function levels(src: string, params?: Record<string, number>): EvalResult['levels'] {
  const { checked, diagnostics } = checkSource(src);
  if (!checked.ok) throw new Error(formatDiagnostics(src, diagnostics));
  const r = compile(checked).evaluate(bars, params);
  if (isEvalFailure(r)) throw new Error(formatDiagnostics(src, r.diagnostics));
  return r.levels;
}

describe('comparedLevels', () => {
  it('reads literal comparisons on either side, in conditions and in bindings', () => {
    const src = `r = rsi(close, 14)
low_ = r < 30
if low_:
    buy(market, 100%)
if 70 <= r:
    sell(market, 100%)
`;
    expect(levels(src)).toEqual({ r: [30, 70] });
  });

  it('reads inputs and constant arithmetic with this run’s values, and crosses with keyword arguments', () => {
    const src = `lo = input(30, min=5, max=50)
hi = input(70, min=50, max=95)
r = rsi(close, 14)
if crossunder(r, lo):
    buy(market, 100%)
if crossover(b=hi + 5, a=r):
    sell(market, 100%)
`;
    expect(levels(src)).toEqual({ r: [30, 75] });
    expect(levels(src, { lo: 20, hi: 80 })).toEqual({ r: [20, 85] });
  });

  it('counts r[1] for r, ignores series against series, equality and unnamed calls', () => {
    const src = `r = rsi(close, 14)
f = sma(close, 10)
if r[1] > 50 and close > f and r != 40 and rsi(close, 7) < 20:
    buy(market, 100%)
`;
    expect(levels(src)).toEqual({ r: [50] });
  });

  it('gives the RSI example its 30 and 70', () => {
    const ex = getExample('rsi-reversion');
    expect(ex).toBeDefined();
    expect(levels(ex!.source)).toEqual({ r: [30, 70] });
  });

  it('gives a program without comparisons with constants no levels', () => {
    expect(levels(getExample('sma-cross')!.source)).toEqual({});
  });
});
