import { describe, expect, it } from 'vitest';
import { readShared } from '../../../testing/shared';
import { firstDefined } from '../series';
import type { Bars } from '../types';
import { sma } from './ma';
import { FUNCTIONS, getFunction } from './registry';
import type { FunctionSpec, KernelArg, KernelResult } from './spec';
import { makeBars } from './test-helpers';

/** The "Built-in functions" section of dsl.md. */
function builtinSection(md: string): string {
  const start = md.indexOf('## Built-in functions');
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

/** Names of `name(` calls in backtick spans, plus bare words of labelled lists ("math: `abs min`"). */
function listedNames(section: string): Set<string> {
  const names = new Set<string>();
  for (const [, span] of section.matchAll(/`([^`]+)`/g)) {
    for (const [, name] of span.matchAll(/([A-Za-z_]\w*)\(/g)) names.add(name);
  }
  for (const [, span] of section.matchAll(/\w: `([^`(]+)`/g)) {
    for (const word of span.split(/\s+/)) if (/^[A-Za-z_]\w*$/.test(word)) names.add(word);
  }
  return names;
}

describe('registry covers dsl.md (../shared/spec/dsl.md)', () => {
  // dsl.md lists the first version's functions; the ones added since are named here, so that an
  // unlisted addition (or a listed function gone missing) still fails.
  const ADDED = ['donchian', 'dmi', 'ichimoku', 'keltner', 'sar', 'supertrend'];
  it('has the functions listed in the "Built-in functions" section, plus the ones added since', () => {
    const listed = listedNames(builtinSection(readShared('spec/dsl.md')));
    expect(listed.size).toBeGreaterThan(30);
    for (const name of ADDED) expect(listed.has(name), name).toBe(false);
    expect([...FUNCTIONS.map((f) => f.name)].sort()).toEqual([...listed, ...ADDED].sort());
  });
});

describe('registry entries', () => {
  it('names are unique and getFunction finds each one (and nothing else)', () => {
    expect(new Set(FUNCTIONS.map((f) => f.name)).size).toBe(FUNCTIONS.length);
    for (const f of FUNCTIONS) expect(getFunction(f.name)).toBe(f);
    expect(getFunction('smaa')).toBeUndefined();
    expect(getFunction('toString')).toBeUndefined();
  });
  it('periods are integers 1..5000; bb mult is 0.1..10; change defaults n to 1', () => {
    for (const f of FUNCTIONS) {
      for (const a of f.args) {
        if (a.kind === 'period') expect([a.name, a.min, a.max]).toEqual([a.name, 1, 5000]);
        expect(a.doc.length).toBeGreaterThan(3);
      }
    }
    expect(getFunction('bb')!.args[2]).toMatchObject({ kind: 'number', min: 0.1, max: 10 });
    expect(getFunction('change')!.args[1]).toMatchObject({ kind: 'period', default: 1 });
  });
  it('fields, outputs, returns and elementwise', () => {
    expect(getFunction('atr')!.fields).toEqual(['high', 'low', 'close']);
    expect(getFunction('vwma')!.fields).toEqual(['volume']);
    expect(getFunction('obv')!.fields).toEqual(['close', 'volume']);
    expect(getFunction('sma')!.fields).toEqual([]);
    expect(getFunction('macd')!.outputs).toEqual(['macd', 'signal', 'hist']);
    expect(getFunction('bb')!.outputs).toEqual(['mid', 'upper', 'lower']);
    expect(getFunction('stoch')!.outputs).toEqual(['k', 'd']);
    expect(getFunction('rsi')!.outputs).toEqual(['rsi']);
    expect(getFunction('keltner')!.outputs).toEqual(['mid', 'upper', 'lower']);
    expect(getFunction('donchian')!.outputs).toEqual(['mid', 'upper', 'lower']);
    expect(getFunction('supertrend')!.outputs).toEqual(['supertrend', 'direction']);
    expect(getFunction('dmi')!.outputs).toEqual(['plus_di', 'minus_di', 'adx']);
    expect(getFunction('ichimoku')!.outputs).toEqual(['tenkan', 'kijun', 'senkou_a', 'senkou_b', 'chikou']);
    expect(getFunction('sar')!.outputs).toEqual(['sar']);
    expect(getFunction('keltner')!.fields).toEqual(['high', 'low', 'close']);
    expect(getFunction('donchian')!.fields).toEqual(['high', 'low']);
    expect(getFunction('ichimoku')!.args[3]).toMatchObject({ kind: 'period', default: 26 });
    const booleans = FUNCTIONS.filter((f) => f.returns === 'boolean').map((f) => f.name);
    expect(booleans.sort()).toEqual(['cross', 'crossover', 'crossunder', 'falling', 'rising']);
    const elementwise = FUNCTIONS.filter((f) => f.elementwise).map((f) => f.name);
    expect(elementwise.sort()).toEqual(['abs', 'exp', 'log', 'max', 'min', 'round', 'sqrt']);
    for (const f of FUNCTIONS) expect(f.elementwise).toBe(f.category === 'math');
  });
});

const bars: Bars = makeBars(700, 91);
const PERIODS = [1, 2, 3, 7, 14, 26, 60];

/** Constant numbers where 2 (a multiplier) is out of bounds, by position. */
const NUMBERS: Readonly<Record<string, readonly number[]>> = { sar: [0.02, 0.2] };

/** Parameter sets for a function: series args get close (or open), periods vary across sets. */
function paramSets(f: FunctionSpec): { args: KernelArg[]; consts: number[] }[] {
  const sets: { args: KernelArg[]; consts: number[] }[] = [];
  for (let k = 0; k < PERIODS.length; k++) {
    const args: KernelArg[] = [];
    const consts: number[] = [];
    f.args.forEach((a, i) => {
      if (a.kind === 'series') {
        args.push(i === 0 ? bars.close : bars.open);
        consts.push(Number.NaN);
      } else {
        const v = a.kind === 'period' ? PERIODS[(k + 2 * i) % PERIODS.length] : (NUMBERS[f.name]?.[i] ?? 2);
        args.push(v);
        consts.push(v);
      }
    });
    sets.push({ args, consts });
  }
  return sets;
}

function firstOf(out: KernelResult): number {
  if (out instanceof Float64Array) return firstDefined(out);
  if (out instanceof Uint8Array) throw new Error('boolean');
  return Math.max(...out.map((o) => firstDefined(o)));
}

describe('warmup() equals the first defined bar of the real output', () => {
  for (const f of FUNCTIONS.filter((g) => g.returns === 'number')) {
    it(f.name, () => {
      for (const { args, consts } of paramSets(f)) {
        const out = f.compute(args, bars);
        const want = f.warmup(consts);
        expect({ consts, first: firstOf(out) }).toEqual({ consts, first: want });
        if (!(out instanceof Float64Array || out instanceof Uint8Array)) {
          expect(out.length).toBe(f.outputs.length);
        } else expect(f.outputs.length).toBe(1);
      }
    });
  }

  // Events: always false before the warm-up, and true at exactly the warm-up on a made-up case.
  const len = 700;
  const rampUp = Float64Array.from({ length: len }, (_, i) => i);
  const rampDown = Float64Array.from({ length: len }, (_, i) => -i);
  const cases: Record<string, (n: number) => KernelArg[]> = {
    crossover: () => [Float64Array.from(rampUp, (v) => (v === 0 ? 0 : 2)), 1],
    crossunder: () => [Float64Array.from(rampUp, (v) => (v === 0 ? 2 : 0)), 1],
    cross: () => [Float64Array.from(rampUp, (v) => (v === 0 ? 2 : 0)), 1],
    rising: (n) => [rampUp, n],
    falling: (n) => [rampDown, n],
  };
  for (const f of FUNCTIONS.filter((g) => g.returns === 'boolean')) {
    it(f.name, () => {
      for (const n of PERIODS) {
        const args = cases[f.name](n);
        const consts = f.args.map((a, i) => (a.kind === 'series' ? Number.NaN : (args[i] as number)));
        const want = f.warmup(consts);
        const out = f.compute(args, bars) as Uint8Array;
        expect(out).toBeInstanceOf(Uint8Array);
        expect(Array.from(out.subarray(0, want)).every((v) => v === 0)).toBe(true);
        expect(out[want]).toBe(1);
        const onWalk = f.compute(
          f.args.map((a, i) => (a.kind === 'series' ? (i === 0 ? bars.close : bars.open) : n)),
          bars,
        ) as Uint8Array;
        expect(Array.from(onWalk.subarray(0, want)).every((v) => v === 0)).toBe(true);
      }
    });
  }
});

describe('no look-ahead: the first k bars of a result do not change when later bars are added', () => {
  const slice = (k: number): Bars => ({
    time: bars.time.subarray(0, k),
    open: bars.open.subarray(0, k),
    high: bars.high.subarray(0, k),
    low: bars.low.subarray(0, k),
    close: bars.close.subarray(0, k),
    volume: bars.volume.subarray(0, k),
  });
  const outs = (r: KernelResult): ArrayLike<number>[] =>
    r instanceof Float64Array || r instanceof Uint8Array ? [r] : [...r];
  for (const f of FUNCTIONS) {
    it(f.name, () => {
      for (const { args } of paramSets(f).slice(0, 3)) {
        const full = outs(f.compute(args, bars));
        for (const k of [60, 333]) {
          const cut = args.map((a) => (typeof a === 'number' ? a : a.subarray(0, k)));
          const part = outs(f.compute(cut, slice(k)));
          part.forEach((p, j) => {
            expect(Array.from(p)).toEqual(Array.from(full[j]).slice(0, k));
          });
        }
      }
    });
  }
});

describe('compute validates its arguments', () => {
  const smaSpec = getFunction('sma')!;
  it('computes what the kernel computes, broadcasting constant series', () => {
    expect(Array.from(smaSpec.compute([bars.close, 14], bars) as Float64Array)).toEqual(
      Array.from(sma(bars.close, 14)),
    );
    const maxed = getFunction('max')!.compute([bars.close, 100], bars) as Float64Array;
    expect(maxed[5]).toBe(Math.max(bars.close[5], 100));
  });
  it('rejects a wrong argument count, bad periods, bad multipliers and mismatched lengths', () => {
    expect(() => smaSpec.compute([bars.close], bars)).toThrow(/sma\(\) takes 2 argument\(s\), got 1/);
    expect(() => smaSpec.compute([bars.close, 0], bars)).toThrow(
      /'n' must be an integer from 1 to 5000 \(got 0\)/,
    );
    expect(() => smaSpec.compute([bars.close, 2.5], bars)).toThrow(RangeError);
    expect(() => smaSpec.compute([bars.close, 5001], bars)).toThrow(RangeError);
    expect(() => smaSpec.compute([bars.close, bars.close], bars)).toThrow(/got a series/);
    expect(() => getFunction('bb')!.compute([bars.close, 20, 11], bars)).toThrow(/'mult' must be a number/);
    expect(() => smaSpec.compute([bars.close.subarray(1), 3], bars)).toThrow(
      /has 699 values but the bars have 700/,
    );
  });
});
