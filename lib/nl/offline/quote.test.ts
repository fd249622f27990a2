// Quoting the request as typed: the parser's rebuilt phrases found again in the text, as whole words,
// in bounded work on hostile text.
import { describe, expect, it } from 'vitest';
import { exact, locateAll, quoteExactly } from './quote';

describe('the words as typed', () => {
  it('finds a rebuilt phrase in what was typed: spacing, dashes, a lost number suffix, case', () => {
    expect(exact('oversold bounce on amd - rsi(7)<20 buy', 'rsi (7) < 20')).toBe('rsi(7)<20');
    expect(exact('buy when the 50-day MA crosses', '50 day ma')).toBe('50-day MA');
    expect(exact('I have $25k to start', 'have $25 to start')).toBe('have $25k to start');
    expect(exact('Vol-filtered breakout', 'Vol filtered breakout')).toBe('Vol-filtered breakout');
    expect(exact('buy when rsi < 30', 'nowhere')).toBe('nowhere');
  });

  it('matches whole words only, every place in order', () => {
    expect(locateAll('the ema crosses above the ema', 'ema').map((s) => s.start)).toEqual([4, 26]);
    expect(locateAll('a smart emaa', 'ma')).toEqual([]);
    expect(locateAll('İstanbul ema', 'ema').map((s) => s.text)).toEqual(['ema']);
  });

  it("puts the typed words into a question's quotes, and leaves other quotes alone", () => {
    expect(
      quoteExactly(
        'I don\'t know "have $25" (in "have $25 to start"). Say "leave it out".',
        'I have $25k to start',
      ),
    ).toBe('I don\'t know "have $25k" (in "have $25k to start"). Say "leave it out".');
  });

  it('does bounded work on text made of separators (no backtracking search)', () => {
    const phrase = `${Array(39).fill('-').join(' ')} x`;
    expect(locateAll('-'.repeat(4000), phrase)).toEqual([]);
    expect(
      locateAll('- '.repeat(2000), '- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - y'),
    ).toEqual([]);
  });
});
