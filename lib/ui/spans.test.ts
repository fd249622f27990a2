import { describe, expect, it } from 'vitest';
import { checkSource } from '../dsl';
import { lineColAt, spanToRange, toLint } from './spans';

describe('span → editor range', () => {
  const doc = 'ab\ncd\n';
  it('maps offset and length directly', () => {
    expect(spanToRange({ offset: 3, length: 2 }, doc)).toEqual({ from: 3, to: 5 });
  });
  it('widens an empty span to the character under it, but not over a line break or past the end', () => {
    expect(spanToRange({ offset: 0, length: 0 }, doc)).toEqual({ from: 0, to: 1 });
    expect(spanToRange({ offset: 2, length: 0 }, doc)).toEqual({ from: 2, to: 2 });
    expect(spanToRange({ offset: 6, length: 0 }, doc)).toEqual({ from: 6, to: 6 });
  });
  it('clamps spans that reach past the document (the text changed since it was checked)', () => {
    expect(spanToRange({ offset: 5, length: 10 }, doc)).toEqual({ from: 5, to: 6 });
    expect(spanToRange({ offset: 99, length: 3 }, doc)).toEqual({ from: 6, to: 6 });
    expect(spanToRange({ offset: -4, length: 2 }, doc)).toEqual({ from: 0, to: 2 });
    expect(spanToRange({ offset: Number.NaN, length: Number.NaN }, doc)).toEqual({ from: 0, to: 1 });
  });

  it("puts the checker's diagnostics on the offending text", () => {
    const src = 'strategy("x")\nf = smaa(close, 10)\nif crossover(f, close):\n    buy(market, 100%)\n';
    const { diagnostics } = checkSource(src);
    const lint = toLint(diagnostics, src);
    const unknown = lint.find((d) => d.code === 'unknown-function')!;
    expect(src.slice(unknown.from, unknown.to)).toBe('smaa');
    expect(unknown.severity).toBe('error');
    expect(unknown.message).toMatch(
      /^unknown-function: unknown function 'smaa' — did you mean 'sma'\? \(hint: .+\)$/,
    );
    const { line, col } = lineColAt(src, unknown.from);
    expect([line, col]).toEqual([2, 5]);
  });

  it('locates offsets as 1-based line and column', () => {
    expect(lineColAt('ab\ncd', 0)).toEqual({ line: 1, col: 1 });
    expect(lineColAt('ab\ncd', 2)).toEqual({ line: 1, col: 3 });
    expect(lineColAt('ab\ncd', 3)).toEqual({ line: 2, col: 1 });
    expect(lineColAt('ab\ncd', 99)).toEqual({ line: 2, col: 3 });
  });
});
