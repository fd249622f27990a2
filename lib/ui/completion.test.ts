import { describe, expect, it } from 'vitest';
import { getFunction } from '../engine';
import { bindingsOf, completionsAt, signatureOf } from './completion';

const PROGRAM = `strategy("x", capital=10000)
fast = input(20, min=2, max=100, title="Fast SMA")
[mid, upper, lower] = bb(close, 20, 2)
f = sma(close, fast)
`;

/** Completions with the cursor at the '|' in `text`. */
function at(text: string, explicit = false) {
  const pos = text.indexOf('|');
  return completionsAt(text.replace('|', ''), pos, explicit);
}

describe('completion', () => {
  it('writes signatures from the registry, defaults and tuple outputs included', () => {
    expect(signatureOf(getFunction('sma')!)).toBe('sma(src, n) → series');
    expect(signatureOf(getFunction('crossover')!)).toMatch(/^crossover\(a, b\) → condition$/);
    expect(signatureOf(getFunction('macd')!)).toMatch(/→ \[macd, signal, hist\]$/);
  });

  it('offers built-in functions with signature and summary for a typed prefix', () => {
    const r = at(`${PROGRAM}g = sm|`)!;
    expect(r.from).toBe(PROGRAM.length + 4);
    const sma = r.options.find((o) => o.label === 'sma')!;
    expect(sma.type).toBe('function');
    expect(sma.detail).toBe('sma(src, n) → series');
    expect(sma.info).toContain(getFunction('sma')!.summary);
    expect(sma.info).toContain('TA-Lib SMA');
  });

  it("offers the program's own bindings (inputs with their titles, tuple outputs) and built-in series", () => {
    const r = at(`${PROGRAM}g = |`, true)!;
    const byLabel = new Map(r.options.map((o) => [o.label, o]));
    expect(byLabel.get('fast')?.detail).toBe('input: Fast SMA');
    expect(byLabel.get('upper')?.detail).toBe('output of bb');
    expect(byLabel.get('f')?.detail).toBe('binding');
    expect(byLabel.get('close')?.detail).toBe('built-in series');
    expect(byLabel.get('buy')?.type).toBe('keyword');
    // Own bindings rank above built-ins.
    expect(byLabel.get('fast')!.boost).toBeGreaterThan(0);
  });

  it('does not offer the name being defined on the current line', () => {
    const r = at('alpha = 1\nbeta = alp|\n')!;
    expect(r.options.some((o) => o.label === 'alpha')).toBe(true);
    expect(r.options.some((o) => o.label === 'beta')).toBe(false);
  });

  it('offers keyword arguments inside strategy(...) and input(...)', () => {
    const r = at('strategy("x", cap|')!;
    expect(r.options[0]).toMatchObject({ label: 'capital=', type: 'property' });
    expect(r.options.find((o) => o.label === 'pyramiding=')?.info).toMatch(/entries one direction/);
    const i = at('n = input(14, m|')!;
    expect(i.options.map((o) => o.label)).toEqual(
      expect.arrayContaining(['min=', 'max=', 'step=', 'title=']),
    );
    // Not inside a nested call's closed parentheses.
    const closed = at('n = input(sma(close, 3), |', true)!;
    expect(closed.options.some((o) => o.label === 'min=')).toBe(true);
    const none = at('x = sma(close, 3) + |', true)!;
    expect(none.options.some((o) => o.type === 'property')).toBe(false);
  });

  it('stays quiet in comments, strings, after digits, and without a word unless asked', () => {
    expect(at('// sm|')).toBeNull();
    expect(at('x = 1 # sm|')).toBeNull();
    expect(at('strategy("sm|')).toBeNull();
    expect(at('x = sma(close, 1|')).toBeNull();
    expect(at('x = |')).toBeNull();
    expect(at('x = |', true)?.from).toBe(4);
    // A '#' inside a string does not start a comment.
    expect(at('strategy("#1", cap|')?.options[0].label).toBe('capital=');
  });

  it('finds bindings with irregular spacing and ignores comparisons', () => {
    expect(bindingsOf('  a=1\nb =2\nif x == 3:\n[ p ,q ]= stoch(14, 3, 3)\n').map((b) => b.name)).toEqual([
      'a',
      'b',
      'p',
      'q',
    ]);
  });
});
