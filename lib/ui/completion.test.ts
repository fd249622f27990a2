import { describe, expect, it } from 'vitest';
import { checkSource } from '../dsl';
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

  describe('order, exit and price arguments, risk sizing and the position state (issue 11)', () => {
    const keys = (text: string) =>
      at(text, true)!
        .options.filter((o) => o.type === 'property')
        .map((o) => o.label);
    /** The checker's verdict on `stmt(key=…)`: unknown keywords are what completion must never offer. */
    const unknownKeywords = (src: string) =>
      checkSource(src)
        .diagnostics.filter((d) => d.code === 'unknown-keyword')
        .map((d) => d.message);

    it('offers exactly the keywords each statement takes', () => {
      expect(keys('if close > 1:\n    buy(li|')).toEqual([
        'units=',
        'cash=',
        'size=',
        'limit=',
        'stop=',
        'cancel_after=',
        'stop_loss=',
        'take_profit=',
      ]);
      expect(keys('if close > 1:\n    short(market, |')).toContain('cancel_after=');
      // Exits reduce a position: no prices to enter at, no brackets.
      expect(keys('if close < 1:\n    sell(market, u|')).toEqual(['units=', 'cash=', 'size=']);
      expect(keys('if close < 1:\n    cover(c|')).toEqual(['units=', 'cash=', 'size=']);
      expect(keys('exit(a|')).toEqual(['after=']);
      expect(keys('stop_loss(p|')).toEqual(['price=']);
      expect(keys('take_profit(p|')).toEqual(['price=']);
      expect(keys('trailing_stop(p|')).toEqual([]);
      expect(keys('strategy("x", com|')).toContain('commission=');
      expect(at('strategy("x", com|')!.options.find((o) => o.label === 'commission=')?.info).toMatch(
        /fixed commission in cash/,
      );
    });

    it('offers only keywords the checker accepts, and the checker refuses one it does not offer', () => {
      const calls: [string, string][] = [
        ['buy(market, 100%, KEY=1)', 'if close > 1:\n    buy(|'],
        ['sell(market, KEY=1)', 'if close > 1:\n    sell(|'],
        ['exit(KEY=1)', 'if close > 1:\n    exit(|'],
        ['stop_loss(KEY=1)', 'stop_loss(|'],
        ['take_profit(KEY=1)', 'take_profit(|'],
      ];
      for (const [call, where] of calls) {
        const offered = keys(where);
        expect(offered.length, call).toBeGreaterThan(0);
        for (const k of offered) {
          const stmt = call.replace('KEY', k.slice(0, -1));
          const src =
            call.startsWith('stop') || call.startsWith('take') ? stmt : `if close > 1:\n    ${stmt}\n`;
          expect(unknownKeywords(src), stmt).toEqual([]);
        }
        const bogus = call.replace('KEY', 'bogus');
        const src =
          bogus.startsWith('stop') || bogus.startsWith('take') ? bogus : `if close > 1:\n    ${bogus}\n`;
        expect(unknownKeywords(src), bogus).toHaveLength(1);
      }
    });

    it('offers the position-state series and risk(...) sizing, with what they mean', () => {
      const byLabel = new Map(at('x = |', true)!.options.map((o) => [o.label, o]));
      for (const name of ['position_size', 'position_avg_price', 'bars_since_entry', 'open_profit'])
        expect(byLabel.get(name)?.detail, name).toBe('position state');
      expect(byLabel.get('position_size')?.info).toMatch(/negative when short/);
      expect(byLabel.get('position_avg_price')?.info).toMatch(/na when flat/);
      expect(byLabel.get('risk')).toMatchObject({ type: 'function', detail: 'risk(P) → size' });
      expect(byLabel.get('buy')?.detail).toContain('limit=PRICE');
      expect(byLabel.get('stop_loss')?.detail).toContain('price=PRICE');
      expect(byLabel.get('exit')?.detail).toContain('after=N');
    });
  });
});
