// `backtalk schedule add` reads the schedule with the same bounded reader as the API: the cron text
// that froze the server is refused before anything opens the database or calls the app.
import { describe, expect, it } from 'vitest';
import { main } from './cli';
import type { Io } from './io';

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

describe('backtalk schedule add: bounded schedules', () => {
  it('refuses 1-99999999/1 in the minute field, naming the field and its range', async () => {
    const r = io();
    expect(await main(['schedule', 'add', 'any-strategy', '1-99999999/1 * * * *'], r.io)).toBe(2);
    expect(r.stderr()).toContain(
      "invalid cron expression '1-99999999/1 * * * *': minute field '1-99999999/1': '99999999' is out of range (0-59)",
    );
    expect(r.stderr()).toMatch(/hint: write 5 fields \(minute 0-59/);
    expect(r.stdout()).toBe('');
  });

  it('refuses a schedule that runs more often than once a minute', async () => {
    const r = io();
    expect(await main(['schedule', 'add', 'any-strategy', 'every 10 seconds'], r.io)).toBe(2);
    expect(r.stderr()).toContain(
      "'*/10 * * * * *' runs 10 seconds apart; a schedule may run at most once every 1 minute",
    );
  });
});
