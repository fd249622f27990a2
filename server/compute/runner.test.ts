// The computing half of a session, in this thread: what the client holds decides what travels, and a
// thread keeps a bounded number of sessions.
import { describe, expect, it } from 'vitest';
import { synthetic } from '../../lib/data';
import type { ServerMessage } from '../../lib/transport';
import { decodeFrame, PREVIEW_TRADES_OMIT } from '../../lib/transport';
import type { SessionOutcome, SessionRunTask } from './protocol';
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
    coalesced: 1,
    dataKey: 'k',
    source: PROGRAM,
    params: {},
    data: { id: 1, bars },
    known: {},
    seriesBudget: 64 * 1024 * 1024,
    ...over,
  };
}

type Result = Extract<ServerMessage, { type: 'result' }>;
/** The message of an answer given as a message (no `encode` in the task). */
const message = <T = Result>(o: unknown) => (o as SessionOutcome).answer.message as T;

describe('ComputeRunner', () => {
  it('sends only the series the client does not hold, by the ids it reports', () => {
    const r = new ComputeRunner('t.');
    const a = r.handle(task(1)).value as SessionOutcome;
    const first = message(a);
    expect(Object.keys(first.series).sort()).toEqual(['f', 's']);
    const b = r.handle(task(1, { seq: 2, params: { fast: 12 }, known: a.ids })).value as SessionOutcome;
    const second = message(b);
    expect(Object.keys(second.series)).toEqual(['f']);
    expect(second.kept).toEqual(['s']);
    expect(b.ids?.s).toBe(a.ids?.s);
    // Another thread's ids mean nothing here: everything is sent again.
    const other = message(new ComputeRunner('u.').handle(task(1, { known: a.ids })).value);
    expect(Object.keys(other.series).sort()).toEqual(['f', 's']);
  });

  it('keeps a preview for its full series until asked, and forgets the least recently used of too many sessions', () => {
    const r = new ComputeRunner('t.');
    const full = (session: number, seq = 1) => {
      const o = r.handle({ kind: 'session-full', session, seq, known: {}, dataKey: 'k' }).value;
      return o ? message<Extract<ServerMessage, { type: 'full' }>>(o) : null;
    };
    for (let s = 1; s <= 32; s++)
      expect(r.handle(task(s, { view: VIEW })).value).toMatchObject({ preview: true });
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

  it("sends a preview's trades without the tables' columns, and its full with the trades whole", () => {
    const r = new ComputeRunner('t.');
    const whole = message(r.handle(task(1, { params: { fast: 12 } })).value).trades;
    expect(whole.closed).toBeGreaterThan(20);
    expect(whole.mae).toHaveLength(whole.count);
    const p = message<Extract<ServerMessage, { type: 'preview' }>>(
      r.handle(task(2, { params: { fast: 12 }, view: VIEW })).value,
    );
    expect(p.type).toBe('preview');
    for (const k of PREVIEW_TRADES_OMIT) expect(p.trades).not.toHaveProperty(k);
    const { entryTime: _e, exitTime: _x, fees: _f, mae: _a, mfe: _b, ...chart } = whole;
    expect(p.trades).toEqual(chart);
    const o = r.handle({ kind: 'session-full', session: 2, seq: 1, known: {}, dataKey: 'k' }).value;
    expect(message<Extract<ServerMessage, { type: 'full' }>>(o).trades).toEqual(whole);
  });

  it('encodes the answer into a frame when asked, or answers with the error that says why it cannot', () => {
    const r = new ComputeRunner('t.');
    const ok = r.handle(task(1, { encode: {} })).value as SessionOutcome;
    expect(ok.answer.frame).toBeInstanceOf(Uint8Array);
    const decoded = decodeFrame(ok.answer.frame as Uint8Array) as Result;
    expect(decoded).toMatchObject({ type: 'result', seq: 1, dataKey: 'k', order: ['f', 's'] });
    expect(ok.ids).toBeDefined();
    // 50,000 bars: three series of 400 kB do not fit in 1 MB; nothing counts as sent.
    const big = r.handle(task(2, { seq: 2, encode: { maxBytes: 1024 * 1024 } })).value as SessionOutcome;
    expect(big.ids).toBeUndefined();
    expect(big.answer.message).toMatchObject({ type: 'error', seq: 2, code: 'too-large' });
  });
});
