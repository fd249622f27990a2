// The computing half of a session, in this thread: what the client holds decides what travels, and a
// thread keeps a bounded number of sessions.
import { describe, expect, it } from 'vitest';
import { synthetic } from '../../lib/data';
import type { SessionFullOutcome, SessionRunOutcome, SessionRunTask } from './protocol';
import { ComputeRunner } from './runner';

const PROGRAM =
  'fast = input(10, min=2, max=50)\nf = sma(close, fast)\ns = sma(close, 30)\nif crossover(f, s):\n    buy(market)\nsell(market)\n';
const bars = synthetic({ seed: 3, bars: 50_000 });
const VIEW = { from: 0, to: 49_999, width: 400 };

function task(session: number, over: Partial<SessionRunTask> = {}): SessionRunTask {
  return {
    kind: 'session-run',
    session,
    seq: 1,
    source: PROGRAM,
    params: {},
    data: { id: 1, bars },
    known: {},
    seriesBudget: 64 * 1024 * 1024,
    ...over,
  };
}

type Result = Extract<SessionRunOutcome, { kind: 'result' }>;

describe('ComputeRunner', () => {
  it('sends only the series the client does not hold, by the ids it reports', () => {
    const r = new ComputeRunner('t.');
    const first = r.handle(task(1)).value as Result;
    expect(Object.keys(first.series).sort()).toEqual(['f', 's']);
    const second = r.handle(task(1, { seq: 2, params: { fast: 12 }, known: first.ids })).value as Result;
    expect(Object.keys(second.series)).toEqual(['f']);
    expect(second.kept).toEqual(['s']);
    expect(second.ids.s).toBe(first.ids.s);
    // Another thread's ids mean nothing here: everything is sent again.
    const other = new ComputeRunner('u.').handle(task(1, { known: first.ids })).value as Result;
    expect(Object.keys(other.series).sort()).toEqual(['f', 's']);
  });

  it('keeps a preview for its full series until asked, and forgets the least recently used of too many sessions', () => {
    const r = new ComputeRunner('t.');
    const full = (session: number, seq = 1) =>
      r.handle({ kind: 'session-full', session, seq, known: {} }).value as SessionFullOutcome | null;
    for (let s = 1; s <= 32; s++)
      expect(r.handle(task(s, { view: VIEW })).value).toMatchObject({ kind: 'preview' });
    expect(full(1, 2)).toBeNull(); // not that preview
    r.handle(task(33)); // one session too many: session 1, the least recently used, is forgotten
    expect(full(1)).toBeNull();
    expect(full(2)?.equity).toHaveLength(50_000);
    expect(full(2)).toBeNull(); // sent once
    r.handle(task(2, { seq: 2, view: VIEW })); // session 2 is used again: 3 is now the oldest
    r.handle(task(34));
    expect(full(3)).toBeNull();
    expect(full(4)?.order).toEqual(['f', 's']);
    expect(full(2, 2)?.order).toEqual(['f', 's']);
  });
});
