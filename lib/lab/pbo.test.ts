import { describe, expect, it } from 'vitest';
import { Rng } from '../engine';
import { binomial, probabilityOfOverfitting } from './pbo';

/** Reference: every split computed from the bars themselves (no block sums). */
function naive(returns: number[][], S: number) {
  const T = returns[0].length;
  const B = Math.floor(T / S);
  const skip = T - B * S;
  const sharpe = (r: number[], blocks: number[]) => {
    const xs = blocks.flatMap((b) => r.slice(skip + b * B, skip + (b + 1) * B));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    return v > 0 ? mean / Math.sqrt(v) : 0;
  };
  const logits: number[] = [];
  const choose = (start: number, k: number, acc: number[]): void => {
    if (k === 0) {
      const test = Array.from({ length: S }, (_, i) => i).filter((i) => !acc.includes(i));
      const is = returns.map((r) => sharpe(r, acc));
      const best = is.indexOf(Math.max(...is));
      const oos = returns.map((r) => sharpe(r, test));
      const sorted = [...oos].sort((a, b) => a - b);
      const rank = sorted.indexOf(oos[best]) + 1; // distinct values in these tests
      const w = rank / (returns.length + 1);
      logits.push(Math.log(w / (1 - w)));
      return;
    }
    for (let i = start; i <= S - k; i++) choose(i + 1, k - 1, [...acc, i]);
  };
  choose(0, S / 2, []);
  return logits;
}

function noise(trials: number, bars: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: trials }, () => Array.from({ length: bars }, () => rng.normal() * 0.01));
}

describe('probability of backtest overfitting (CSCV)', () => {
  it('a winner in one half that loses in the other is always overfit: PBO 1, λ = ln(½)', () => {
    const a = [0.02, 0.01, 0.03, -0.01, -0.02, -0.03];
    const b = [-0.01, -0.02, -0.01, 0.02, 0.01, 0.03];
    const r = probabilityOfOverfitting([a, b], { blocks: 2 });
    expect(r.splits).toBe(2);
    expect(r.pbo).toBe(1);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(0.5), 14);
    expect(r.logits.length).toBe(2);
    expect(r.probabilityOfLoss).toBe(1);
  });

  it('a trial better in every block is never overfit: PBO 0, λ = ln N', () => {
    const base = noise(5, 160, 3);
    const winner = base[0].map((x) => x + 0.05);
    const r = probabilityOfOverfitting([...base.slice(1), winner], { blocks: 8 });
    expect(r.splits).toBe(binomial(8, 4));
    expect(r.pbo).toBe(0);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(5), 12);
  });

  it('matches a split-by-split reference computed from the bars', () => {
    const m = noise(7, 203, 11); // 203 bars: 3 left out in front with S = 8
    const r = probabilityOfOverfitting(m, { blocks: 8 });
    const ref = naive(m, 8);
    expect(r.blockBars).toBe(25);
    expect(r.logits.length).toBe(ref.length);
    for (const [i, l] of ref.entries()) expect(r.logits[i]).toBeCloseTo(l, 10);
    expect(r.pbo).toBe(ref.filter((l) => l <= 0).length / ref.length);
  });

  it('pure noise is overfit about half of the time', () => {
    const r = probabilityOfOverfitting(noise(40, 800, 5), { blocks: 16 });
    expect(r.splits).toBe(12870);
    expect(r.pbo).toBeGreaterThan(0.25);
    expect(r.pbo).toBeLessThan(0.75);
  });

  it('refuses what it cannot compute, saying why', () => {
    expect(() => probabilityOfOverfitting(noise(3, 100, 1), { blocks: 5 })).toThrow(/even/);
    expect(() => probabilityOfOverfitting(noise(1, 100, 1))).toThrow(/at least 2 trials/);
    expect(() => probabilityOfOverfitting(noise(3, 20, 1), { blocks: 16 })).toThrow(/fewer blocks/);
    expect(() =>
      probabilityOfOverfitting(
        [
          [1, 2, 3, 4],
          [1, 2, 3],
        ],
        { blocks: 2 },
      ),
    ).toThrow(/same bars/);
    expect(() => probabilityOfOverfitting(noise(2000, 64, 1), { blocks: 16 })).toThrow(/more work/);
  });
});
