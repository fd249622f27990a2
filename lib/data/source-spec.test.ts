import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, formToRequest } from '../ui';
import { DataError } from './errors';
import {
  isExchangeId,
  isPairSymbol,
  isYahooSymbol,
  MAX_SYNTHETIC_BARS,
  parseSource,
  readBarCount,
  readSeed,
  timeframeLabel,
} from './source-spec';

const parses = (spec: string): boolean => {
  try {
    parseSource(spec);
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return false;
  }
};

describe('source field checks', () => {
  it('read synthetic seeds and bar counts, with their defaults', () => {
    expect([readSeed(''), readSeed(' 7 '), readSeed('-3')]).toEqual([1, 7, -3]);
    expect(readSeed('1.5')).toBeNaN();
    expect(readSeed('99999999999999999')).toBeNaN(); // 17 digits
    expect(readSeed('9007199254740993')).toBeNaN(); // 16 digits, past 2^53
    expect([readBarCount(''), readBarCount('1'), readBarCount(String(MAX_SYNTHETIC_BARS))]).toEqual([
      2500,
      1,
      MAX_SYNTHETIC_BARS,
    ]);
    for (const bad of ['0', String(MAX_SYNTHETIC_BARS + 1), '1e3', '-5']) expect(readBarCount(bad)).toBeNaN();
  });

  it('check symbols, exchanges and timeframes', () => {
    expect(['AAPL', '^GSPC', 'EURUSD=X', 'BRK.B'].every(isYahooSymbol)).toBe(true);
    expect(['', 'A B', 'x'.repeat(33), 'AAPL;'].some(isYahooSymbol)).toBe(false);
    expect(isExchangeId('binance')).toBe(true);
    expect(isExchangeId('Binance')).toBe(false); // the form lower-cases before checking
    expect(isPairSymbol('BTC/USDT')).toBe(true);
    expect(isPairSymbol('BTCUSDT')).toBe(false);
    expect([timeframeLabel('4H'), timeframeLabel('1M'), timeframeLabel('1m')]).toEqual(['4h', '1M', '1m']);
    expect(timeframeLabel('7x')).toBeUndefined();
  });
});

describe('the workspace form and the data layer agree', () => {
  // Each value is tried in the form's field and in the spec the server parses: both accept or both refuse.
  const seeds = ['', '7', '-2', '1.5', 'abc', '9007199254740993', '123456789012345'];
  const bars = ['', '1', '5000', '0', '10000000', '10000001', '12x'];
  const timeframes = ['1d', '1h', '4H', '15m', '1M', '1w', '7x', '', 'day'];
  const symbols = ['AAPL', '^GSPC', 'EURUSD=X', 'A B', '', 'x'.repeat(33)];
  const pairs = ['BTC/USDT', 'ETH/USD:USD', 'BTCUSDT', '/USDT', ''];
  const exchanges = ['binance', 'Kraken', 'bad id', ''];

  it('on synthetic seeds, bar counts and timeframes', () => {
    for (const seed of seeds)
      for (const n of bars)
        for (const timeframe of timeframes) {
          const form = formToRequest({ ...DEFAULT_FORM, seed, bars: n, timeframe });
          const server = parses(`synthetic:${seed.trim()}:${n.trim()}:${timeframe || '?'}`);
          expect(form.ok, `${seed} ${n} ${timeframe}`).toBe(server);
          if (form.ok) expect(parses(form.request.source)).toBe(true);
        }
  });

  it('on yahoo symbols and ccxt exchanges and pairs', () => {
    for (const symbol of symbols) {
      const form = formToRequest({ ...DEFAULT_FORM, kind: 'yahoo', symbol });
      expect(form.ok, symbol).toBe(parses(`yahoo:${symbol}`));
    }
    for (const exchange of exchanges)
      for (const symbol of pairs) {
        const form = formToRequest({ ...DEFAULT_FORM, kind: 'ccxt', exchange, symbol });
        expect(form.ok, `${exchange} ${symbol}`).toBe(parses(`ccxt:${exchange}:${symbol}`));
      }
  });
});
