import { describe, expect, it } from 'vitest';
import { expandSources } from './source-list';

describe('expandSources', () => {
  it('expands a watchlist written the way traders write it', () => {
    expect(expandSources('yahoo:AAPL,MSFT, NVDA')).toEqual(['yahoo:AAPL', 'yahoo:MSFT', 'yahoo:NVDA']);
    expect(expandSources('ccxt:binance:BTC/USDT,ETH/USDT')).toEqual([
      'ccxt:binance:BTC/USDT',
      'ccxt:binance:ETH/USDT',
    ]);
    expect(expandSources('yahoo:SPY csv:data/gold.csv synthetic:3:500:1d')).toEqual([
      'yahoo:SPY',
      'csv:data/gold.csv',
      'synthetic:3:500:1d',
    ]);
    expect(expandSources('yahoo:SPY,SPY')).toEqual(['yahoo:SPY']);
  });

  it('says what is wrong with a list it cannot read', () => {
    expect(() => expandSources('AAPL,MSFT')).toThrow(/write it as yahoo:AAPL/);
    expect(() => expandSources('csv:a.csv,b.csv')).toThrow(/'b.csv' does not say where/);
    expect(() => expandSources(' , ')).toThrow(/names no market/);
    expect(() => expandSources(`yahoo:${Array.from({ length: 201 }, (_, i) => `S${i}`).join(',')}`)).toThrow(
      /more than 200/,
    );
  });
});
