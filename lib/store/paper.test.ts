import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './server';
import { type TempStore, tempStore } from './test-utils';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(async () => {
  await t.cleanup();
});

const DAY = 86_400_000;
const bars = (from: number, n: number) => {
  const time = Float64Array.from({ length: n }, (_, i) => from + i * DAY);
  const close = Float64Array.from({ length: n }, (_, i) => 100 + i);
  return {
    time,
    open: close.map((c) => c - 1),
    high: close.map((c) => c + 1),
    low: close.map((c) => c - 2),
    close,
    volume: close.map(() => 10),
  };
};
const input = {
  name: 'RSI on paper',
  source: 'buy()\n',
  market: 'replay:demo',
  timeframe: '1d',
  tradeFrom: 5 * DAY,
};

describe('paper runs', () => {
  it('commits a step atomically and resumes from its last bar after reopening', async () => {
    const run = await t.store.paper.create({ ...input, params: { len: 14 } });
    expect(run).toMatchObject({
      status: 'running',
      bars: 0,
      lastBarTime: null,
      params: { len: 14 },
      tradeFrom: 5 * DAY,
    });
    const first = await t.store.paper.commitStep(run.id, {
      bars: bars(0, 3),
      events: [{ kind: 'signal', time: 2 * DAY, body: { kind: 'buy' } }],
      account: { equity: 10_000 },
    });
    expect(first.map((e) => e.seq)).toEqual([1]);
    const second = await t.store.paper.commitStep(run.id, {
      bars: bars(3 * DAY, 2),
      events: [
        { kind: 'fill', time: 3 * DAY, body: { price: 102 } },
        { kind: 'signal', time: 4 * DAY, body: { kind: 'sell' } },
      ],
      account: { equity: 10_050 },
    });
    expect(second.map((e) => e.seq)).toEqual([2, 3]);
    await t.store.close();
    const again = await openStore({ path: t.path });
    t.store = again;
    const back = await again.paper.get(run.id);
    expect(back).toMatchObject({ bars: 5, lastBarTime: 4 * DAY, account: { equity: 10_050 } });
    const loaded = await again.paper.loadBars(run.id);
    expect(Array.from(loaded.time)).toEqual([0, 1, 2, 3, 4].map((i) => i * DAY));
    expect(Array.from(loaded.close)).toEqual([100, 101, 102, 100, 101]);
    expect((await again.paper.events(run.id, { afterSeq: 1 })).map((e) => [e.seq, e.kind, e.body])).toEqual([
      [2, 'fill', { price: 102 }],
      [3, 'signal', { kind: 'sell' }],
    ]);
  });

  it('refuses a second writer (bars at or before the last) and keeps the first write whole', async () => {
    const run = await t.store.paper.create(input);
    await t.store.paper.commitStep(run.id, { bars: bars(0, 3), events: [], account: {} });
    await expect(
      t.store.paper.commitStep(run.id, {
        bars: bars(2 * DAY, 2),
        events: [{ kind: 'fill', time: 2 * DAY, body: {} }],
        account: { equity: 1 },
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await t.store.paper.events(run.id)).toEqual([]);
    expect(await t.store.paper.get(run.id)).toMatchObject({ bars: 3, lastBarTime: 2 * DAY, account: {} });
  });

  it('says what is wrong with bad input', async () => {
    await expect(t.store.paper.create({ ...input, tradeFrom: Number.NaN })).rejects.toThrow(
      /tradeFrom must be a time/,
    );
    await expect(t.store.paper.create({ ...input, params: { x: Number.POSITIVE_INFINITY } })).rejects.toThrow(
      /param x must be a finite number/,
    );
    const run = await t.store.paper.create(input);
    const b = bars(0, 3);
    b.time[2] = b.time[1];
    await expect(t.store.paper.commitStep(run.id, { bars: b, events: [], account: {} })).rejects.toThrow(
      /bar times must increase; bar 2 does not/,
    );
    await expect(t.store.paper.setStatus(run.id, 'gone' as 'stopped')).rejects.toThrow(/status/);
    await expect(t.store.paper.setStatus('nope', 'stopped')).rejects.toMatchObject({ code: 'not-found' });
    const stopped = await t.store.paper.setStatus(run.id, 'failed', 'the program failed');
    expect(stopped).toMatchObject({ status: 'failed', error: 'the program failed' });
    expect((await t.store.paper.list({ status: 'failed' })).map((r) => r.id)).toEqual([run.id]);
    expect(await t.store.paper.list({ status: 'running' })).toEqual([]);
  });
});
