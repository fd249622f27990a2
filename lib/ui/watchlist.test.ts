// The watchlist of the data picker: a list in the symbol field becomes one checked request per market,
// and the results table sorts, keeps failed markets in their rows, and gives the median and quartiles
// (checked against values computed by hand).
import { describe, expect, it } from 'vitest';
import type { Stats } from '../engine';
import type { WatchlistRow } from '../portfolio';
import { DEFAULT_FORM } from './data';
import { isWatchlist, MAX_WATCHLIST, symbolsOf, watchlistRequests, watchlistTable } from './watchlist';

const yahoo = { ...DEFAULT_FORM, kind: 'yahoo' as const, timeframe: '1d' };
const row = (symbol: string, ret: number, sharpe: number): WatchlistRow => ({
  symbol,
  stats: { 'Return [%]': ret, 'Sharpe Ratio': sharpe, '# Trades': 3 } as unknown as Stats,
});

describe('a list of markets in the data picker', () => {
  it('reads commas, spaces and semicolons, each symbol once', () => {
    expect(symbolsOf(' AAPL, MSFT;NVDA  AAPL ')).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(isWatchlist({ ...yahoo, symbol: 'AAPL' })).toBe(false);
    expect(isWatchlist({ ...yahoo, symbol: 'AAPL, MSFT' })).toBe(true);
    expect(isWatchlist({ ...DEFAULT_FORM, symbol: 'AAPL, MSFT' })).toBe(false); // synthetic ignores it
  });

  it('makes one request per market, checked like one market, naming the bad symbol', () => {
    const r = watchlistRequests({ ...yahoo, symbol: 'AAPL, MSFT', from: '2020-01-01' });
    if (!r.ok) throw new Error(r.error);
    expect(r.requests.map((x) => x.request.source)).toEqual(['yahoo:AAPL', 'yahoo:MSFT']);
    expect(r.requests[1].request.timeframe).toBe('1d');
    expect(r.requests[1].request.from).toBe(r.requests[0].request.from);
    const crypto = watchlistRequests({
      ...yahoo,
      kind: 'ccxt',
      exchange: 'binance',
      symbol: 'BTC/USDT ETH/USDT',
    });
    expect(crypto.ok && crypto.requests.map((x) => x.request.source)).toEqual([
      'ccxt:binance:BTC/USDT',
      'ccxt:binance:ETH/USDT',
    ]);
    expect(watchlistRequests({ ...yahoo, symbol: 'AAPL, MS FT!' })).toEqual({
      ok: false,
      field: 'symbol',
      error: 'FT!: enter a ticker symbol, e.g. AAPL, ^GSPC or EURUSD=X',
    });
    const many = Array.from({ length: MAX_WATCHLIST + 1 }, (_, i) => `S${i}`).join(',');
    expect(watchlistRequests({ ...yahoo, symbol: many })).toMatchObject({ ok: false, field: 'symbol' });
  });
});

describe('the results table', () => {
  const rows: WatchlistRow[] = [
    row('AAPL', 12, 0.8),
    { symbol: 'BAD', error: 'no data for BAD' },
    row('MSFT', -4, Number.NaN),
    row('NVDA', 30, 1.5),
    row('AMZN', 8, 0.2),
  ];

  it('sorts by a statistic either way, NaN last, failed markets kept at the end with their reason', () => {
    const desc = watchlistTable(rows);
    expect(desc.rows.map((r) => r.symbol)).toEqual(['NVDA', 'AAPL', 'AMZN', 'MSFT', 'BAD']);
    expect(desc.rows.at(-1)).toEqual({ symbol: 'BAD', error: 'no data for BAD' });
    expect(desc.failed).toBe(1);
    const asc = watchlistTable(rows, { stat: 'Return [%]', dir: 'asc' });
    expect(asc.rows.map((r) => r.symbol)).toEqual(['MSFT', 'AMZN', 'AAPL', 'NVDA', 'BAD']);
    const sharpe = watchlistTable(rows, { stat: 'Sharpe Ratio', dir: 'asc' });
    expect(sharpe.rows.map((r) => r.symbol)).toEqual(['AMZN', 'AAPL', 'NVDA', 'MSFT', 'BAD']);
  });

  it('gives the median and quartiles over the markets that ran (by hand: returns -4, 8, 12, 30)', () => {
    const t = watchlistTable(rows);
    // sorted -4, 8, 12, 30: median (8 + 12) / 2 = 10; q1 at 0.75 → -4 + 0.75 × 12 = 5; q3 at 2.25 → 12 + 0.25 × 18 = 16.5
    expect(t.spread['Return [%]']).toEqual({ median: 10, q1: 5, q3: 16.5 });
    // Sharpe: NaN left out → 0.2, 0.8, 1.5: median 0.8, q1 0.5, q3 1.15
    expect(t.spread['Sharpe Ratio'].median).toBeCloseTo(0.8, 12);
    expect(t.spread['Sharpe Ratio'].q1).toBeCloseTo(0.5, 12);
    expect(t.spread['Sharpe Ratio'].q3).toBeCloseTo(1.15, 12);
    expect(Number.isNaN(watchlistTable([{ symbol: 'X', error: 'down' }]).spread['Return [%]'].median)).toBe(
      true,
    );
  });
});
