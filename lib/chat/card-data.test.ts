// What the card and the workspace are given: the request text the card's marks index into (after a
// question, the answer worked into the request), and the data the preview used, which confirming keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cache, createCache } from '../data';
import type { Understanding } from '../nl';
import { type TempStore, tempStore } from '../store/test-utils';
import { lineSources, segments } from '../ui/card';
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
