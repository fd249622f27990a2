// The editor sends its text to the workspace as it is: a program pasted or loaded from a file saved with
// a byte order mark runs like the same program without it.
import { expect, it } from 'vitest';
import { synthetic } from '../lib/data';
import type { ServerMessage } from '../lib/transport';
import { WorkspaceSession } from './workspace';

const PROGRAM = `fast = input(10, min=2, max=50)
f = sma(close, fast)
if close > f:
    buy(market, 100%)
if close < f:
    sell(market, 100%)
`;

/** The first answer of a session opened with `source`: its result or its diagnostics. */
function open(source: string): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const session = new WorkspaceSession({
      load: async (req) => ({
        bars: synthetic({ seed: 2, bars: 500 }),
        source: req.source,
        symbol: 'SYNTH',
        timeframe: '1d',
        issues: [],
      }),
      send: (msg) => {
        if (msg.type === 'result' || msg.type === 'diagnostics' || msg.type === 'error') {
          session.close();
          resolve(msg);
        }
      },
    });
    session.receive({ type: 'open', seq: 1, source, data: { source: 'synthetic:2:500' } });
  });
}

it('runs a program that starts with a byte order mark like the same program without it', async () => {
  const plain = await open(PROGRAM);
  const marked = await open(`\ufeff${PROGRAM}`);
  expect(plain.type).toBe('result');
  expect(marked.type).toBe('result');
  if (plain.type !== 'result' || marked.type !== 'result') return;
  expect(marked.stats).toEqual(plain.stats);
});

it('places a diagnostic on the first line at the column the editor shows, at the offset in its text', async () => {
  const marked = await open(`\ufeffx = smaa(close, 3)\n${PROGRAM}`);
  expect(marked.type).toBe('diagnostics');
  if (marked.type !== 'diagnostics') return;
  expect(marked.diagnostics.map((d) => [d.code, d.span])).toContainEqual([
    'unknown-function',
    { line: 1, col: 5, offset: 5, length: 4 },
  ]);
  expect(marked.diagnostics.map((d) => d.code)).not.toContain('unexpected-char');
});
