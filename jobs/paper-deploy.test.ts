import { describe, expect, it } from 'vitest';
import { defaultMarket } from './paper-deploy';

describe('defaultMarket', () => {
  it('runs a live market live and replays a series that never grows', () => {
    expect(defaultMarket('yahoo:AAPL')).toBe('yahoo:AAPL');
    expect(defaultMarket('binance:BTC/USDT')).toBe('binance:BTC/USDT');
    expect(defaultMarket('synthetic:1:2500:1d')).toBe('replay:synthetic:1:2500:1d');
    expect(defaultMarket('csv:GOOG.csv')).toBe('replay:csv:GOOG.csv');
    expect(defaultMarket(undefined)).toBeUndefined();
  });
});
