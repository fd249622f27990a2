// backtalk paper start | list | stop over a temp database (the app is not running: the store path).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayTradeFrom } from '../jobs/paper-feeds';
import { loadSource } from '../lib/data/server';
import { EXAMPLES } from '../lib/examples';
import { openStore } from '../lib/store/server';
import { main } from './cli';
import type { Io } from './io';

const db = join(mkdtempSync(join(tmpdir(), 'bt-paper-cli-')), 'cli.duckdb');
let previous: string | undefined;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readStdin: async () => '',
    readText: async () => '',
    writeText: async () => {},
    cwd: '/tmp',
    env: {},
  };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

beforeAll(async () => {
  previous = process.env.BACKTALK_DB;
  process.env.BACKTALK_DB = db;
  const store = await openStore();
  await store.strategies.create({ name: 'RSI reversion', kind: 'hand', source: EXAMPLES[1].source });
  await store.close();
});
afterAll(() => {
  if (previous === undefined) delete process.env.BACKTALK_DB;
  else process.env.BACKTALK_DB = previous;
});

describe('backtalk paper', () => {
  it('starts a run on a replayed market, lists it and stops it', async () => {
    const spec = 'synthetic:3:300:1d';
    const start = io();
    expect(await main(['paper', 'start', 'rsi reversion', '--market', `replay:${spec}`], start.io)).toBe(0);
    const id = /paper run (\S+):/.exec(start.stdout())?.[1] ?? '';
    const tradeFrom = replayTradeFrom((await loadSource(spec)).bars.time);
    expect(start.stdout()).toContain(
      `RSI reversion on replay:${spec} (1d), trading from ${new Date(tradeFrom).toISOString().replace('.000Z', 'Z')}`,
    );
    const list = io();
    expect(await main(['paper', 'list'], list.io)).toBe(0);
    expect(list.stdout()).toMatch(new RegExp(`${id}\\s+RSI reversion\\s+replay:${spec}\\s+running`));
    const json = io();
    expect(await main(['paper', 'list', '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.stdout())).toMatchObject([
      { run: { id, status: 'running' }, account: null, pnl: null },
    ]);
    const stop = io();
    expect(await main(['paper', 'stop', id], stop.io)).toBe(0);
    expect(stop.stdout()).toBe(`paper run ${id} stopped\n`);
  });

  it('says what is wrong', async () => {
    const none = io();
    expect(await main(['paper', 'start', 'rsi reversion'], none.io)).toBe(1);
    expect(none.stderr()).toMatch(/names no market[\s\S]*replay:synthetic/);
    const tf = io();
    expect(
      await main(['paper', 'start', 'rsi reversion', '--market', 'yahoo:AAPL', '--timeframe', '3x'], tf.io),
    ).toBe(1);
    expect(tf.stderr()).toMatch(/unknown timeframe '3x'/);
    const who = io();
    expect(await main(['paper', 'start', 'nope', '--market', 'yahoo:AAPL'], who.io)).toBe(1);
    expect(who.stderr()).toMatch(/no strategy 'nope'/);
    const gone = io();
    expect(await main(['paper', 'stop', 'aaaaaaaaaaaa'], gone.io)).toBe(1);
    expect(gone.stderr()).toMatch(/no paper run 'aaaaaaaaaaaa'/);
    const what = io();
    expect(await main(['paper', 'fly'], what.io)).toBe(2);
    expect(what.stderr()).toMatch(/unknown paper action 'fly'[\s\S]*usage: backtalk paper start/);
  });
});
