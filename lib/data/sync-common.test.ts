import { describe, expect, it } from 'vitest';
import { BarsBuilder, backoffMs, didYouMean, suggest, withRetry } from './sync-common';

describe('withRetry', () => {
  const transient = new Error('transient');
  const fatal = new Error('fatal');
  const retryable = (e: unknown) => e === transient;

  it('retries retryable errors with doubling, capped delays, then rethrows the last', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const p = withRetry(
      async () => {
        calls++;
        throw transient;
      },
      retryable,
      { attempts: 6, baseDelayMs: 100, maxDelayMs: 500, sleep: async (ms) => void sleeps.push(ms) },
    );
    await expect(p).rejects.toBe(transient);
    expect(calls).toBe(6);
    expect(sleeps).toEqual([100, 200, 400, 500, 500]);
  });

  it('does not retry other errors and returns the first success', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw fatal;
        },
        retryable,
        { sleep: async () => {} },
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
    const attempts: number[] = [];
    const v = await withRetry(
      async (a) => {
        attempts.push(a);
        if (a < 3) throw transient;
        return 'ok';
      },
      retryable,
      { sleep: async () => {} },
    );
    expect([v, attempts]).toEqual(['ok', [1, 2, 3]]);
  });

  it('bounds absurd attempt counts', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw transient;
        },
        retryable,
        { attempts: 1e9, sleep: async () => {} },
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(10);
    expect(backoffMs(1)).toBe(500);
    expect(backoffMs(10)).toBe(8000);
  });
});

describe('suggest', () => {
  const markets = ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'BTC/USD:BTC', 'SOL/USDC'];
  it('matches ignoring case and punctuation first, then near spellings', () => {
    expect(suggest('BTCUSDT', markets)).toEqual(['BTC/USDT', 'BTC/USD:BTC', 'ETH/USDT']);
    expect(suggest('sol-usdc', markets)).toEqual(['SOL/USDC']);
    expect(suggest('binanse', ['binance', 'bitmex', 'kraken'])).toEqual(['binance']);
    expect(suggest('zzzzzz', markets)).toEqual([]);
  });
  it('phrases the suggestion', () => {
    expect(didYouMean([])).toBe('');
    expect(didYouMean(['a'])).toBe("did you mean 'a'?");
    expect(didYouMean(['a', 'b', 'c'])).toBe("did you mean 'a', 'b' or 'c'?");
  });
});

describe('BarsBuilder', () => {
  it('keeps time order, replaces equal times with the later row and counts what it drops', () => {
    const b = new BarsBuilder();
    b.push(1, 1, 1, 1, 1, 1);
    b.push(2, 2, 2, 2, 2, 2);
    b.push(2, 3, 3, 3, 3, 3); // same time: replaces
    b.push(1, 9, 9, 9, 9, 9); // back in time: dropped
    b.push(3, 4, 4, 4, 4, 4);
    const bars = b.build();
    expect(Array.from(bars.time)).toEqual([1, 2, 3]);
    expect(Array.from(bars.close)).toEqual([1, 3, 4]);
    expect([b.duplicates, b.unordered, b.length, b.lastTime]).toEqual([1, 1, 3, 3]);
  });
});
