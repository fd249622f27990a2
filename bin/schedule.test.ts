import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../lib/examples';
import { openStore } from '../lib/store/server';
import { main } from './cli';
import type { Io } from './io';

const db = join(mkdtempSync(join(tmpdir(), 'bt-cli-')), 'cli.duckdb');
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
  const s = await store.strategies.create({
    name: 'RSI reversion',
    kind: 'hand',
    source: EXAMPLES[1].source,
  });
  await store.runs.insert({
    strategyId: s.id,
    version: 1,
    trigger: 'manual',
    status: 'failed',
    error: 'boom: data source down',
  });
  await store.close();
});
afterAll(() => {
  if (previous === undefined) delete process.env.BACKTALK_DB;
  else process.env.BACKTALK_DB = previous;
});

describe('backtalk schedule and runs', () => {
  it('adds, lists and removes a schedule, with its wording and next runs', async () => {
    const add = io();
    expect(await main(['schedule', 'add', 'rsi reversion', 'weekdays at 16:30 New York'], add.io)).toBe(0);
    expect(add.stdout()).toMatch(
      /scheduled RSI reversion: weekdays at 16:30 America\/New_York \(cron 30 16 \* \* 1-5/,
    );
    expect(add.stdout()).toMatch(/next runs: \d{4}-\d\d-\d\dT2[01]:30:00Z/);
    const id = add.stdout().match(/id (\S+)/)![1];

    const ls = io();
    expect(await main(['schedule', 'ls'], ls.io)).toBe(0);
    expect(ls.stdout()).toContain(id);
    expect(ls.stdout()).toContain('weekdays at 16:30');

    const rm = io();
    expect(await main(['schedule', 'rm', id], rm.io)).toBe(0);
    const again = io();
    expect(await main(['schedule', 'rm', id], again.io)).toBe(1);
    expect(again.stderr()).toMatch(/no schedule/);
  });

  it('explains bad schedules and unknown strategies', async () => {
    const bad = io();
    expect(await main(['schedule', 'add', 'rsi reversion', 'whenever I feel like it'], bad.io)).toBe(2);
    expect(bad.stderr()).toMatch(/cannot read the schedule[\s\S]*hint: write a cron expression or e\.g\./);
    const tz = io();
    expect(
      await main(['schedule', 'add', 'rsi reversion', 'daily at 9:00', '--tz', 'Mars/Olympus'], tz.io),
    ).toBe(2);
    expect(tz.stderr()).toMatch(/unknown time zone 'Mars\/Olympus'/);
    const missing = io();
    expect(await main(['schedule', 'add', 'nope', 'every hour'], missing.io)).toBe(1);
    expect(missing.stderr()).toMatch(/no strategy 'nope'[\s\S]*RSI reversion/);
  });

  it('refuses a schedule the strategy already has, as the API does', async () => {
    const first = io();
    expect(
      await main(['schedule', 'add', 'rsi reversion', 'daily at 18:00', '--tz', 'London'], first.io),
    ).toBe(0);
    const id = first.stdout().match(/id (\S+)/)?.[1];
    const dup = io();
    // The same cron and zone written another way is still the same schedule.
    expect(
      await main(['schedule', 'add', 'rsi reversion', '0 18 * * *', '--tz', 'Europe/London'], dup.io),
    ).toBe(1);
    expect(dup.stderr()).toContain(
      `RSI reversion already runs daily at 18:00 Europe/London (schedule ${id})`,
    );
    expect(await main(['schedule', 'rm', id ?? ''], io().io)).toBe(0);
  });

  it('answers --help for a command without running it', async () => {
    // `jobs` would start the scheduler and wait for Ctrl-C: the test would hang instead of passing.
    const help = io();
    expect(await main(['jobs', '--help'], help.io)).toBe(0);
    expect(help.stdout()).toMatch(/^usage: backtalk jobs\n {2}run the schedules in the foreground\n$/);
    const sched = io();
    expect(await main(['schedule', 'ls', '-h'], sched.io)).toBe(0);
    expect(sched.stdout()).toMatch(/^usage: backtalk schedule add STRATEGY/);
    const extra = io();
    expect(await main(['jobs', 'now'], extra.io)).toBe(2);
    expect(extra.stderr()).toMatch(/jobs takes no arguments \(got 'now'\)/);
  });

  it('lists stored runs with their status and error', async () => {
    const t = io();
    expect(await main(['runs', 'ls', 'RSI reversion'], t.io)).toBe(0);
    expect(t.stdout()).toMatch(/RSI reversion\s+v1\s+manual\s+failed[\s\S]*boom: data source down/);
    const json = io();
    expect(await main(['runs', 'ls', '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.stdout())[0]).toMatchObject({ status: 'failed', name: 'RSI reversion' });
  });
});
