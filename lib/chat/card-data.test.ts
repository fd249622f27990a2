// What the card and the workspace are given: the request text the card's marks index into (after a
// question, the answer worked into the request), and the data the preview used, which confirming keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, type LoadedData, synthetic } from '../data';
import { type Cache, createCache } from '../data/server';
import type { Understanding } from '../nl';
import { EXAMPLE_SPEC } from '../nl/server';
import type { StrategySpec } from '../schema';
import { type TempStore, tempStore } from '../store/test-utils';
import { lineSources, segments } from '../ui';
import { confirmPending, dataRefOf, PREVIEW_FALLBACK, preview, previewMemoryKey } from './confirm';
import { saveState } from './session';
import { startTurn } from './turn';

let db: TempStore;
let cache: Cache;
let n = 0;
const newId = () => `cd${process.pid}-${Date.now()}-${++n}`;

beforeAll(async () => {
  db = await tempStore();
  cache = await createCache({
    url: 'redis://127.0.0.1:6379',
    namespace: `card-data-${process.pid}`,
    log: () => {},
  });
});
afterAll(async () => {
  await cache?.close();
  await db?.cleanup();
});

async function turn(conversationId: string, text: string): Promise<Understanding> {
  const t = await startTurn(
    { conversationId, text },
    { store: db.store, session: cache, understand: { offline: true }, log: () => {} },
  );
  const reader = t.stream.getReader();
  let u: Understanding | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const part = value as { type: string; data?: Understanding };
    if (part.type === 'data-understanding') u = part.data;
  }
  await t.saved;
  if (!u) throw new Error('the stream carried no understanding');
  return u;
}

const markedBy = (u: Extract<Understanding, { ok: true }>, line: number) =>
  segments(u.request ?? '', lineSources(u).summary[line])
    .filter((s) => s.marked)
    .map((s) => s.text)
    .join(' ');

describe('the request the card marks', () => {
  it('is the message itself for a request read on its own', async () => {
    const text = 'Buy AAPL when RSI(14) drops below 30, sell when it rises above 70, 3% stop';
    const u = await turn(newId(), text);
    if (!u.ok) throw new Error(u.question);
    expect(u.request).toBe(text);
    expect(markedBy(u, 1)).toContain('above 70');
  });

  it('after a question, is the request with the answer in it, and the answer marks its rule', async () => {
    const id = newId();
    const q = await turn(id, 'Buy Apple whenever the 10-day EMA crosses above the 30-day EMA.');
    expect(q.ok).toBe(false);
    const u = await turn(id, 'sell when it crosses back below');
    if (!u.ok) throw new Error(u.question);
    expect(u.request).toContain('10-day EMA crosses above the 30-day EMA');
    expect(u.request).toContain('sell when it crosses back below');
    expect(markedBy(u, 0)).toContain('crosses above');
    expect(markedBy(u, 1)).toContain('crosses back below');
    // the stored copy (what a reload shows) carries it too
    const stored = await db.store.conversations.get(id);
    expect(JSON.stringify(stored?.messages.at(-1)?.content)).toContain('"request":');
  });
});

describe('confirming keeps the bars the preview used', () => {
  const bars = synthetic({ seed: 1, bars: 300, timeframe: '1d' });
  /** A loader that serves only the synthetic stand-in, or everything when `online`; it counts its calls. */
  const loader = (online: boolean) => {
    const asked: string[] = [];
    const load = async (req: { source: string }): Promise<LoadedData> => {
      asked.push(req.source);
      if (!online && req.source !== PREVIEW_FALLBACK.source)
        throw new DataError(
          'exchange-unavailable',
          `${req.source}: Yahoo Finance did not answer after 3 tries`,
        );
      return { bars, issues: [] } as unknown as LoadedData;
    };
    return { load, asked };
  };
  // Each case its own market, so that one case's remembered preview is not another's.
  let k = 0;
  const specOn = (): StrategySpec => ({
    ...EXAMPLE_SPEC,
    market: { source: 'yahoo', symbol: `T${process.pid % 1000}X${++k}${Date.now() % 100000}` },
  });
  const pending = async (spec: StrategySpec) => {
    const id = newId();
    await saveState(cache, id, { pending: spec });
    return id;
  };

  it('offline: the preview falls back, and the saved strategy carries its market and the stand-in, with why', async () => {
    const spec = specOn();
    const off = loader(false);
    const p = await preview(spec, off.load, undefined, cache);
    expect(p.fallback).toMatch(/could not be loaded/);
    // Confirming does not ask the network again: it takes what the preview used.
    const never = loader(true);
    const saved = await confirmPending(await pending(spec), {
      store: db.store,
      session: cache,
      load: never.load,
    });
    expect(never.asked).toEqual([]);
    const ref = dataRefOf(spec);
    expect(saved.head.data).toMatchObject({ source: ref.source, symbol: ref.symbol });
    expect(saved.head.data?.fallback).toEqual({
      source: PREVIEW_FALLBACK.source,
      reason: `${ref.source}: Yahoo Finance did not answer after 3 tries`,
    });
    // and the store gives it back as saved (what the workspace page reads)
    expect((await db.store.strategies.get(saved.id))?.head.data?.fallback?.source).toBe(
      PREVIEW_FALLBACK.source,
    );
  });

  it('online: a preview on the real data is saved unmarked, even if the network fails afterwards', async () => {
    const spec = specOn();
    await preview(spec, loader(true).load, undefined, cache);
    const off = loader(false);
    const saved = await confirmPending(await pending(spec), {
      store: db.store,
      session: cache,
      load: off.load,
    });
    expect(off.asked).toEqual([]);
    expect(saved.head.data?.fallback ?? null).toBeNull();
    expect(await cache.getJson(previewMemoryKey(spec))).toEqual({ fallback: null });
  });

  it('not previewed (the CLI): confirming tries the data itself and marks the stand-in when it fails', async () => {
    const spec = specOn();
    const off = loader(false);
    const saved = await confirmPending(await pending(spec), {
      store: db.store,
      session: cache,
      load: off.load,
    });
    expect(off.asked).toEqual([dataRefOf(spec).source, PREVIEW_FALLBACK.source]);
    expect(saved.head.data?.fallback?.reason).toMatch(/Yahoo Finance did not answer/);
    const on = loader(true);
    const ok = await confirmPending(await pending(specOn()), {
      store: db.store,
      session: cache,
      load: on.load,
    });
    expect(on.asked).toHaveLength(1);
    expect(ok.head.data?.fallback ?? null).toBeNull();
  });

  it('a tampered memory entry is ignored, and the store bounds the reason', async () => {
    const spec = specOn();
    await cache.setJson(previewMemoryKey(spec), { fallback: { source: 42 } }, 60);
    const on = loader(true);
    const saved = await confirmPending(await pending(spec), {
      store: db.store,
      session: cache,
      load: on.load,
    });
    expect(on.asked).toHaveLength(1);
    expect(saved.head.data?.fallback ?? null).toBeNull();
    const tooLong = await db.store.strategies
      .create({
        name: 'x',
        kind: 'chat',
        source: 'if close > 0:\n    buy(market, 100%)\n',
        params: {},
        data: { ...dataRefOf(spec), fallback: { source: PREVIEW_FALLBACK.source, reason: 'x'.repeat(5000) } },
      })
      .catch((e: unknown) => e);
    expect((tooLong as Error).message).toMatch(/data\.fallback\.reason is 5000 characters long/);
  });
});
