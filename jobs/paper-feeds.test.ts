import { describe, expect, it } from 'vitest';
import { randomBars } from '../lib/dsl/testkit';
import type { Bars } from '../lib/engine';
import { poll, replay } from './paper-feeds';

const DAY = 86_400_000;

async function take(feed: AsyncIterable<Bars>, k: number): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of feed) {
    out.push(Array.from(b.time, (t) => t / DAY));
    if (out.length === k) break;
  }
  return out;
}

describe('paper feeds', () => {
  it('replays the history at once, then bar by bar, skipping what was processed', async () => {
    const bars = randomBars(6);
    bars.time.forEach((_, i) => {
      bars.time[i] = i * DAY;
    });
    const ac = new AbortController();
    expect(
      await take(
        replay(bars, { tradeFrom: 3 * DAY }, Number.NEGATIVE_INFINITY, { intervalMs: 0 }, ac.signal),
        9,
      ),
    ).toEqual([[0, 1, 2], [3], [4], [5]]);
    expect(
      await take(replay(bars, { tradeFrom: 3 * DAY }, 3 * DAY, { intervalMs: 0 }, ac.signal), 9),
    ).toEqual([[4], [5]]);
  });

  it('polls only closed bars, retries a failed load with back-off, and catches up after it', async () => {
    const bars = randomBars(10);
    bars.time.forEach((_, i) => {
      bars.time[i] = i * DAY;
    });
    let clock = 4 * DAY + 1; // bar 4 is forming: bars 0–3 have closed
    const asked: (number | undefined)[] = [];
    const waits: number[] = [];
    let calls = 0;
    const logs: string[] = [];
    const ac = new AbortController();
    const feed = poll(
      Number.NEGATIVE_INFINITY,
      {
        barMs: DAY,
        settleMs: 0,
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          clock += ms;
        },
        log: (m) => logs.push(m),
        load: async (from) => {
          asked.push(from === undefined ? undefined : (from - 1) / DAY);
          if (++calls === 2) throw new Error('yahoo is down');
          return bars;
        },
      },
      ac.signal,
    );
    const got = await take(feed, 2);
    ac.abort();
    expect(got).toEqual([[0, 1, 2, 3], [4]]);
    // Asked from scratch, then twice for what follows bar 3; waited until bar 4 closed, then 1 s of back-off.
    expect(asked).toEqual([undefined, 3, 3]);
    expect(waits).toEqual([DAY - 1, 1000]);
    expect(logs).toEqual(['loading bars failed (yahoo is down); trying again in 1 s']);
  });
});
