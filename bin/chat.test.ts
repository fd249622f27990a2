// `backtalk chat` in-process against a real DuckDB file and the real Redis: a question and its answer,
// a revision, confirm (saved and backtested), and a second session continuing the conversation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../lib/store/server';
import { main } from './cli';
import type { Io } from './io';

let dir: string;
const saved = process.env.BACKTALK_DB;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backtalk-chat-cli-'));
  process.env.BACKTALK_DB = join(dir, 'db.duckdb');
});
afterAll(() => {
  if (saved === undefined) delete process.env.BACKTALK_DB;
  else process.env.BACKTALK_DB = saved;
  rmSync(dir, { recursive: true, force: true });
});

function session(lines: string[]) {
  const out: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: () => {},
    readStdin: async () => '',
    readLines: async function* () {
      yield* lines;
    },
    readText: async () => '',
    writeText: async () => {},
    cwd: '/tmp',
    env: { REDIS_URL: 'redis://127.0.0.1:6379' }, // no model key: the offline parser answers
  };
  return { io, stdout: () => out.join('') };
}

describe('backtalk chat', () => {
  it('asks, understands the answer, revises, confirms and backtests; a later session continues', async () => {
    const id = `cli-${process.pid}-${Date.now()}`;
    const first = session([
      'Buy when the 50-day moving average crosses above the 200-day.',
      'sell when it crosses back below',
      'add a 0.1% fee',
    ]);
    expect(await main(['chat', '--conversation', id], first.io)).toBe(0);
    const text = first.stdout();
    expect(text).toMatch(/When should the strategy sell\?/);
    expect(text).toMatch(/Understood \(offline parser\)/);
    expect(text).toMatch(/Changed: fee none → 0\.1%/);

    const second = session(['program', 'confirm', 'confirm', 'quit', 'never read']);
    expect(await main(['chat', '--conversation', id], second.io)).toBe(0);
    const out = second.stdout();
    expect(out).toMatch(/strategy\("Moving average crossover", fee=0\.1%\)/);
    const savedId = /Saved as "[^"]+" \(id ([A-Za-z0-9_-]+)\)/.exec(out)?.[1];
    expect(savedId).toBeDefined();
    expect(out).toMatch(/# Trades\s+\d+/);
    expect(out).toMatch(/no strategy awaiting confirmation/);

    const store = await openStore();
    try {
      const s = await store.strategies.get(savedId as string);
      expect(s?.kind).toBe('chat');
      expect(s?.head.source).toMatch(/crossunder\(/);
      const conv = await store.conversations.get(id);
      expect(conv?.messages.filter((m) => m.role === 'user')).toHaveLength(3);
    } finally {
      await store.close();
    }
  });

  it('reads answers with their question: the market, a band, lengths in order, "yes" to an offered exit', async () => {
    // Each exchange in its own conversation (in one, a second request would revise the first strategy).
    const exchange = async (lines: string[]) => {
      const t = session([...lines, 'quit']);
      const id = `cli-answers-${process.pid}-${Date.now()}-${lines.length}-${Math.random().toString(36).slice(2)}`;
      expect(await main(['chat', '--conversation', id, '--offline'], t.io)).toBe(0);
      // One block per reply: the prompt "> " starts each.
      return t.stdout().split('\n> ').slice(1);
    };
    const market = await exchange(['buy AAPL and MSFT when RSI < 30, sell when RSI > 70', 'MSFT']);
    expect(market[0]).toMatch(
      /Should the strategy trade AAPL and MSFT together in one account .*, or only one of them: AAPL or MSFT\?/,
    );
    expect(market[0]).toMatch(/\(reply: AAPL \/ MSFT\)/);
    expect(market[1]).toMatch(/Understood \(offline parser\)[\s\S]*Market: MSFT/);
    const band = await exchange([
      'buy when the close crosses the Bollinger band, sell when rsi > 70',
      'the upper one',
    ]);
    expect(band[0]).toMatch(/Which Bollinger band do you mean by "Bollinger band"/);
    expect(band[1]).toMatch(/crosses above the upper Bollinger band \(20, 2\)/);
    const lengths = await exchange([
      'buy when the fast ma crosses above the slow ma, sell when it crosses back below',
      '20 and 50',
    ]);
    expect(lengths[0]).toMatch(/How many bars should "fast ma" and "slow ma" be computed over\?/);
    expect(lengths[1]).toMatch(/the 20-bar SMA of the close crosses above the 50-bar SMA/);
    const exit = await exchange(['Buy Apple whenever the 10-day EMA crosses above the 30-day EMA.', 'yes']);
    expect(exit[0]).toMatch(/When should the strategy sell\?.*Say "yes" to use that one/);
    // "yes" answered the question; it did not try to confirm.
    expect(exit[1]).toMatch(
      /Sell the whole position when the 10-bar EMA of the close crosses below the 30-bar EMA/,
    );
    expect(exit[1]).not.toMatch(/Saved as|no strategy awaiting confirmation/);
  });

  it('confirms a market it cannot load on synthetic bars, saved with the strategy for the app', async () => {
    const id = `cli-fb-${process.pid}-${Date.now()}`;
    const t = session([
      'my strat: AAPL, buy when RSI(14) drops below 30, sell when it rises above 70 pls',
      'confirm',
      'quit',
    ]);
    expect(await main(['chat', '--conversation', id], t.io)).toBe(0);
    const out = t.stdout();
    expect(out).toContain("Not used: 'my strat', 'pls'");
    // No network here: AAPL cannot be loaded; the saved strategy says so, and the run takes its stand-in.
    expect(out).toMatch(
      /yahoo:AAPL could not be loaded \(yahoo:AAPL: .+\); running on synthetic daily bars instead/,
    );
    expect(out).toMatch(/on synthetic:1:2500:1d \(2500 bars\)/);
    const savedId = /Saved as "[^"]+" \(id ([A-Za-z0-9_-]+)\)/.exec(out)?.[1];
    const store = await openStore();
    try {
      const s = await store.strategies.get(savedId as string);
      expect(s?.head.data).toMatchObject({
        source: 'yahoo:AAPL',
        fallback: { source: 'synthetic:1:2500:1d' },
      });
    } finally {
      await store.close();
    }
  });

  it('refuses a malformed conversation id', async () => {
    const t = session([]);
    expect(await main(['chat', '--conversation', '../etc'], t.io)).toBe(2);
  });
});
