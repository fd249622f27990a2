// The card's notes and marks: readings kept apart from defaults, words not used listed, and the words
// each line was read from; over the shared examples, nothing the request states is listed as assumed.
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../nl';
import { understandOffline } from '../nl';
import { examples } from '../nl/offline/testkit';
import { cardNotes, lineSources, mergeSpans, segments, unusedLine } from './card';

type Ok = Extract<Understanding, { ok: true }>;
const read = (text: string): Ok => {
  const u = understandOffline({ text });
  if (!u.ok) throw new Error(`not understood: ${text}: ${u.question}`);
  return u;
};
const marked = (text: string, spans: Parameters<typeof segments>[1]) =>
  segments(text, spans)
    .filter((s) => s.marked)
    .map((s) => s.text);

describe('segments', () => {
  it('cuts the text into plain and marked pieces that add up to it', () => {
    const text = 'buy when rsi < 30';
    const s = segments(text, [{ start: 9, end: 12 }]);
    expect(s).toEqual([
      { text: 'buy when ', marked: false },
      { text: 'rsi', marked: true },
      { text: ' < 30', marked: false },
    ]);
    expect(s.map((x) => x.text).join('')).toBe(text);
  });

  it('joins overlapping and touching spans, drops empty ones and clips to the text', () => {
    expect(
      mergeSpans(
        [
          { start: 5, end: 8 },
          { start: 0, end: 3 },
          { start: 2, end: 4 },
          { start: 4, end: 5 },
          { start: 9, end: 9 },
          { start: 12, end: 99 },
        ],
        14,
      ),
    ).toEqual([
      { start: 0, end: 8 },
      { start: 12, end: 14 },
    ]);
    expect(segments('abc', [{ start: -5, end: 1 }])).toEqual([
      { text: 'a', marked: true },
      { text: 'bc', marked: false },
    ]);
    expect(segments('abc', [])).toEqual([{ text: 'abc', marked: false }]);
  });
});

describe('notes', () => {
  it("keeps the reader's readings of what was said apart from the defaults", () => {
    const n = cardNotes(['long only', '"btc" read as BTC/USDT', 'no fee']);
    expect(n).toEqual({ assumed: ['long only', 'no fee'], readAs: ['"btc" read as BTC/USDT'] });
  });

  it('lists the words not used, or nothing', () => {
    const u = read(
      'my strat: btc/usdt, 1h candles. 8ema/34ema crossover for entries and exits + a 3.5% trailing stop pls',
    );
    expect(unusedLine(u.unused)).toBe("Not used: 'my strat', 'pls'");
    expect(
      unusedLine(read('Buy when RSI(14) drops below 30, sell when it rises above 70').unused),
    ).toBeNull();
    expect(unusedLine([])).toBeNull();
  });
});

describe('the words each line was read from', () => {
  it('marks each rule, the stop and the market in their own words', () => {
    const text = 'Buy AAPL when RSI(14) drops below 30, sell when it rises above 70, 3% stop';
    const u = read(text);
    const from = lineSources(u);
    expect(from.summary).toHaveLength(u.summary.length);
    const buy = marked(text, from.summary[0]).join(' ');
    const sell = marked(text, from.summary[1]).join(' ');
    expect(buy).toContain('below 30');
    expect(buy).not.toContain('70');
    expect(sell).toContain('above 70');
    expect(sell).not.toContain('30');
    expect(u.summary[2]).toMatch(/stop loss/);
    expect(marked(text, from.summary[2])).toEqual(['3% stop']);
    expect(marked(text, from.market)).toEqual(['AAPL']);
  });

  it('marks an entry size said on its own with the entry rule, and the settings', () => {
    const text =
      'I have $25k to start. Buy when close > 50 SMA. Sell when close < 50 SMA. Use 25% of equity. 0.1% fee';
    const u = read(text);
    const from = lineSources(u);
    expect(marked(text, from.summary[0])).toContain('Use 25% of equity');
    expect(marked(text, from.summary[1]).join(' ')).not.toContain('25%');
    expect(marked(text, from.settings).join(' ')).toMatch(/\$25k.*0\.1% fee/);
  });

  it('is empty without sources (a model answer that marked nothing)', () => {
    const { sources: _, ...u } = read('Buy when RSI(14) drops below 30, sell when it rises above 70');
    const from = lineSources(u);
    expect(from.summary.every((s) => s.length === 0)).toBe(true);
    expect(from.market).toEqual([]);
    expect(from.settings).toEqual([]);
  });
});

// Each default the card can list, and how a request states it instead. A default listed while the
// request states it is the card saying "you did not say" about something the user said.
const STATED: readonly [RegExp, RegExp][] = [
  [
    /per entry$/,
    /\d\s*%\s*(of\s+)?(my\s+|the\s+|your\s+)?(equity|capital|account|portfolio|cash|balance)|\blots? of\b|\d\s*(shares|units|contracts)\b/i,
  ],
  [
    /^each sell closes/,
    /\b(sell|exit|close)\s+(half|\d+\s*%)|\b(half|\d+\s*%)\s+of\s+(the\s+|my\s+)?position/i,
  ],
  [
    /^capital /,
    /\$\s?\d|\b\d[\d,.]*\s*k?\s*(usd|usdt|dollars|bucks)\b|\b\d+k\b|\bstart(ing)?\s+(with|capital)\b/i,
  ],
  [/^no fee/, /\bfees?\b|\bcomm?iss?ions?\b|\bbps\b|basis points?/i],
  [/^no slippage/, /\bslippage\b|\bslip\b/i],
  [/^fills at/, /\bfill(s|ed)?\b|next (bar'?s?\s+)?open\b|\bon (the )?close\b/i],
  [/^fractional quantities/, /\bwhole (shares|units)\b|\bfractional\b|\bround(ed)?\b/i],
  [/^one position at a time/, /\bpyramid|\bup to \d+ (entries|buys|lots|positions)\b|\bscale in\b/i],
  [
    / bars$/,
    /\b(daily|hourly|weekly|monthly)\b|\b\d+\s*(m|min|h|hr|hour|d|w)\b|\btime\s?frame\b|\bcandles\b/i,
  ],
  [
    /^the whole available history/,
    /\b(since|from|after|until)\s+\d{4}\b|\b\d{4}\s*(onwards?|to|-)|\blast \d+\s*(years?|yrs?|months?)\b/i,
  ],
  [/^exchange /, /\b(binance|coinbase|kraken|bybit|okx|bitfinex|kucoin|exchange)\b/i],
  [/^long only$/, /\bshort|\blong[- ]only\b|\bonly long\b/i],
];

/** Amounts and percents in a line, normalised ("$10,000" → "10000$", "100%" → "100%"). */
function amounts(s: string): string[] {
  return [...s.matchAll(/(\$\s?)?(\d[\d,]*(?:\.\d+)?)\s*(%)?/g)]
    .filter((m) => m[1] || m[3])
    .map((m) => `${m[2].replace(/,/g, '')}${m[1] ? '$' : ''}${m[3] ?? ''}`);
}

function saidButAssumed(text: string, u: Ok): string[] {
  const { assumed } = cardNotes(u.assumptions);
  const said = new Set(amounts(text));
  return assumed.filter(
    (a) =>
      STATED.some(([line, stated]) => line.test(a) && stated.test(text)) ||
      amounts(a).some((x) => said.has(x)),
  );
}

describe('nothing said is listed as assumed (../shared/spec/nl-examples.jsonl)', () => {
  it('the detectors see what a request states (they can fail)', () => {
    const u = read('Buy when RSI(14) drops below 30, sell when it rises above 70');
    // The same card judged against a request that states a size, a fee, capital and a timeframe.
    expect(saidButAssumed('buy 10% of capital, $5,000, 0.1% fee, 4h candles', u)).toEqual([
      '100% of equity per entry',
      'capital $10,000',
      'no fee',
      'daily bars',
    ]);
    expect(saidButAssumed('long and short, 100% of equity', u)).toEqual([
      'long only',
      '100% of equity per entry',
    ]);
  });

  for (const e of examples()) {
    if (e.clarify) continue;
    it(e.text, () => {
      const u = read(e.text);
      expect(saidButAssumed(e.text, u)).toEqual([]);
      // a named market is never "synthetic data unless a symbol is given"
      if (e.symbol) expect(u.assumptions.join('|')).not.toMatch(/synthetic/);
    });
  }
});
