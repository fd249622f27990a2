// What the card shows besides the rules: where each part was read from (spans of the request), the words
// not used, and assumptions that are only the reader's own, never something the user said.
import { describe, expect, it } from 'vitest';
import type { SourceSpan, Understanding } from '../types';
import { examples } from './testkit';
import { understandOffline } from './understand';

const ok = (text: string) => {
  const u = understandOffline({ text });
  if (!u.ok) throw new Error(`expected a strategy, got the question: ${u.question}`);
  return u;
};
const said = (text: string, spans: readonly SourceSpan[] | undefined) =>
  (spans ?? []).map((s) => text.slice(s.start, s.end));

/** Every span the answer gives, whatever it belongs to. */
function allSpans(u: Extract<Understanding, { ok: true }>): SourceSpan[] {
  const s = u.sources;
  return [
    ...(s?.rules.flat() ?? []),
    ...Object.values(s?.risk ?? {}).flat(),
    ...Object.values(s?.settings ?? {}).flat(),
    ...(s?.market ?? []),
    ...(s?.size ?? []),
    ...(u.unused ?? []).map((x) => x.span),
  ];
}

describe('sources and unused words', () => {
  it('accounts for every word of every example: in a rule, a setting, the market, or "not used"', () => {
    const missing: string[] = [];
    for (const e of examples()) {
      const u = understandOffline({ text: e.text });
      if (!u.ok) continue;
      const spans = allSpans(u);
      expect(u.sources?.rules.length, e.text).toBe(u.spec.rules.length);
      for (const s of spans) {
        expect(s.start, e.text).toBeGreaterThanOrEqual(0);
        expect(s.end, e.text).toBeLessThanOrEqual(e.text.length);
        expect(s.end, e.text).toBeGreaterThan(s.start);
      }
      // list markers ("(1)", "(2)") are layout, like bullets
      const text = e.text.replace(/(^|\s)\(\d\)(?=\s)/g, (m) => ' '.repeat(m.length));
      for (const m of text.matchAll(/[A-Za-z0-9%$]+/g))
        if (!spans.some((s) => s.start <= m.index! && m.index! < s.end))
          missing.push(`${m[0]} in "${e.text}"`);
    }
    expect(missing).toEqual([]);
  });

  it('points each rule, stop and market at the words it was read from', () => {
    const text =
      'my strat: btc/usdt, 1h candles. 8ema/34ema crossover for entries and exits + a 3.5% trailing stop';
    const u = ok(text);
    const rules = u.sources!.rules.map((r) => said(text, r).join(' '));
    expect(rules).toEqual([
      '8ema/34ema crossover for entries and exits',
      '8ema/34ema crossover for entries and exits',
    ]);
    expect(said(text, u.sources!.risk?.trailingStop)).toEqual(['+ a 3.5% trailing stop']);
    expect(said(text, u.sources!.market)).toEqual(['btc/usdt, 1h candles']);
    expect(u.unused?.map((w) => w.text)).toEqual(['my strat']);
  });

  it('joins the words that shape a rule to it: named periods, "i.e." refinements, the exit that is a stop', () => {
    const a = 'XLE - macd 8/21/5. zero line strategy: macd line breaks above 0 = buy, breaks below 0 = sell';
    expect(said(a, ok(a).sources!.rules[0])).toEqual([
      'macd 8/21/5',
      'zero line',
      'macd line breaks above 0 = buy',
    ]);
    const b =
      'upper band breakout w/ bollinger(20, 2.5): buy when the close breaks above it; the only exit is a 6% trailing stop';
    const ub = ok(b);
    expect(said(b, ub.sources!.risk?.trailingStop)).toEqual(['exit', 'a 6% trailing stop']);
    expect(ub.unused?.map((w) => w.text)).toEqual(['breakout', 'the only', 'is']);
  });

  it('never lists as assumed what the request said, and says what the reader assumed', () => {
    const w = ok('buy when williams %r is below -80 sell when above -20 with 10% of capital');
    expect(w.spec.rules[0].size).toEqual({ percent: 0.1 });
    expect(w.assumptions.join('; ')).not.toMatch(/100% of equity/);
    const s = ok('Buy when close > 50 SMA. Sell when close < 50 SMA. Use 25% of equity.');
    expect(s.spec.rules[0].size).toEqual({ percent: 0.25 });
    expect(
      said('Buy when close > 50 SMA. Sell when close < 50 SMA. Use 25% of equity.', s.sources!.size),
    ).toEqual(['Use 25% of equity']);
    const l = ok('LINK/USDT 4h - 13 ema / 48 ema cross, long only, 6 bps fees, stop 4%');
    expect(l.assumptions).not.toContain('long only');
    const r = ok('EUR/USD, 1h chart. Risk 20% of equity on each trade. 20/80 sma crossover for in and out');
    expect(r.spec.rules[0].size).toEqual({ percent: 0.2 });
    expect(r.assumptions.at(-1)).toMatch(/"Risk 20% of equity on each trade" read as a position size of 20%/);
    const b = ok('buy btc when rsi(14) < 30, sell when rsi(14) > 70');
    expect(b.assumptions).toContain('"btc" read as BTC/USDT');
  });
});
