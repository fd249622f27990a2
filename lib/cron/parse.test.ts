// The bounded cron reader: the expression that froze the server, a fuzz of hostile text, agreement
// with node-cron on what valid expressions mean, and the minimum interval.
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { CronError, parseCron } from './index';
import { checkCron, checkInterval, minScheduleSeconds, nextRuns } from './server';

/** Most values one expression can allow: 60 seconds, 60 minutes, 24 hours, 31 days, 12 months, 7 days. */
const MAX_VALUES = 60 + 60 + 24 + 31 + 12 + 7;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('parseCron', () => {
  it('refuses 1-99999999/1 in the minute field at once, saying which field and its range', () => {
    const e = caught(() => checkCron('1-99999999/1 * * * *')) as CronError;
    expect(e).toBeInstanceOf(CronError);
    expect(e.field).toBe('minute');
    expect(e.message).toBe("minute field '1-99999999/1': '99999999' is out of range (0-59)");
    expect(e.hint).toMatch(/minute 0-59, hour 0-23/);
  });

  it.each([
    ['*/0 * * * *', 'minute', 'a step must be at least 1'],
    ['*/61 * * * *', 'minute', 'is larger than the field (at most 60)'],
    ['0 */99999999999 * * *', 'hour', 'is larger than the field (at most 24)'],
    ['5/15 * * * *', 'minute', 'write 5-59/15 or */15'],
    ['0 24 * * *', 'hour', "'24' is out of range (0-23)"],
    ['0 0 0 * *', 'day of month', "'0' is out of range (1-31)"],
    ['0 0 * 13 *', 'month', "'13' is out of range (1-12)"],
    ['0 0 * * 8', 'weekday', "'8' is out of range (0-7)"],
    ['0 0 * * funday', 'weekday', "'funday' is not a weekday (0-7 or sun-sat)"],
    ['0 0 * foo *', 'month', "'foo' is not a month (1-12 or jan-dec)"],
    ['60 * * * * *', 'second', "'60' is out of range (0-59)"],
    ['? * * * *', 'minute', "'?' is only allowed"],
    ['1,,2 * * * *', 'minute', 'an empty item'],
    ['1-2-3 * * * *', 'minute', "cannot read '1-2-3'"],
    ['0 0 L-31 * *', 'day of month', "cannot read 'L-31'; day tokens are L, L-1 to L-30"],
    ['0 0 99W * *', 'day of month', "cannot read '99W'"],
    ['0 0 * * 1#6', 'weekday', "cannot read '1#6'; weekday tokens are 0L to 7L"],
    ['0 0 * * 9L', 'weekday', "cannot read '9L'"],
    [`${'1,'.repeat(60)}1 * * * *`, null, 'characters long (at most 100)'],
    ['* * * *', null, 'has 5 or 6 fields, this one has 4'],
    ['* * * * * * *', null, 'this one has 7'],
    ['   ', null, 'is empty'],
  ])('%s → %s: %s', (text, field, message) => {
    const e = caught(() => checkCron(text)) as CronError;
    expect(e).toBeInstanceOf(CronError);
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
  });

  it('answers a fuzz of 4000 hostile strings with a value or a CronError, never expanding past the field sizes', () => {
    const rnd = mulberry32(20240901);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const atoms = [
      '*',
      '?',
      '0',
      '59',
      '60',
      '7',
      '-1',
      '99999999',
      '9'.repeat(400),
      '1-99999999',
      '1-99999999/1',
      '0-59/99999999',
      '*/0',
      '*/1',
      '*/99999999',
      '59-0',
      '23-1/2',
      'L',
      'LW',
      'L-3',
      'L-99',
      '15W',
      '99W',
      '5L',
      '9L',
      '1#2',
      '9#9',
      'jan-dec',
      'mon-fri',
      'MON',
      'sunday',
      'janfeb',
      '1--2',
      '/5',
      '5/',
      '-',
      ',',
      '1,',
      'é',
      '\u0000',
      '１',
      '@daily',
      '$(reboot)',
    ];
    // Half the cases are valid expressions with hostile items spliced into one or two fields, so the
    // fuzz also reaches node-cron with what passes the reader.
    const valid = [
      '0 */6 * * *',
      '30 16 * * 1-5',
      '0 0 1 jan *',
      '*/15 * * * * *',
      '0 9 L * ?',
      '5 4 * * sun',
    ];
    let accepted = 0;
    let refused = 0;
    const total = 4000;
    for (let i = 0; i < total; i++) {
      let parts: string[];
      if (i % 2 === 0) {
        parts = pick(valid).split(' ');
        const n = 1 + Math.floor(rnd() * 2);
        for (let k = 0; k < n; k++) {
          const at = Math.floor(rnd() * parts.length);
          parts[at] = rnd() < 0.5 ? pick(atoms) : `${parts[at]},${pick(atoms)}`;
        }
      } else {
        const fields = pick([4, 5, 5, 5, 6, 6, 7]);
        parts = [];
        for (let f = 0; f < fields; f++) {
          const n = 1 + Math.floor(rnd() * 3);
          parts.push(Array.from({ length: n }, () => pick(atoms)).join(','));
        }
      }
      const text = parts.join(pick([' ', '  ', '\t', ' \n ']));
      try {
        const parsed = parseCron(text);
        const count = parsed.values.reduce((s, v) => s + v.length, 0);
        expect(count, text).toBeLessThanOrEqual(MAX_VALUES);
        checkCron(text);
        nextRuns({ cron: text, timezone: 'America/New_York' }, 3);
        accepted++;
      } catch (e) {
        if (!(e instanceof CronError)) throw new Error(`'${text}' threw ${String(e)}`, { cause: e });
        refused++;
      }
    }
    expect(accepted + refused).toBe(total);
    // Both kinds occur, so the fuzz reaches node-cron with expressions that pass the reader.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(total / 2);
  });

  it('reads valid expressions exactly as node-cron does (random expressions within range)', () => {
    const rnd = mulberry32(7);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const ranges = [
      [0, 59],
      [0, 59],
      [0, 23],
      [1, 31],
      [1, 12],
      [0, 7],
    ];
    const item = ([lo, hi]: number[]) => {
      const a = int(lo, hi);
      const b = int(lo, hi);
      const step = int(1, hi - lo + 1);
      return pick([`${a}`, `${a}-${b}`, `${a}-${b}/${step}`, '*', `*/${step}`]);
    };
    const pick = (xs: string[]) => xs[Math.floor(rnd() * xs.length)];
    let compared = 0;
    for (let i = 0; i < 600; i++) {
      const fields = ranges.map((r) => Array.from({ length: int(1, 3) }, () => item(r)).join(','));
      // Keep the day of month possible in every month, so node-cron accepts it.
      fields[3] = fields[3].replace(/\b(29|30|31)\b/g, '28');
      const text = fields.join(' ');
      const mine = parseCron(text).values;
      const r = cron.validateDetailed(text);
      expect(r.valid, text).toBe(true);
      const f = r.fields!;
      const theirs = [f.second, f.minute, f.hour, f.dayOfMonth, f.month, f.dayOfWeek].map((v) =>
        [...new Set(v as number[])].sort((a, b) => a - b),
      );
      expect(mine, text).toEqual(theirs);
      compared++;
    }
    expect(compared).toBe(600);
  });

  it('accepts names, specials and ? as node-cron does', () => {
    expect(parseCron('0 9 * jan-mar mon-fri').values.slice(4)).toEqual([
      [1, 2, 3],
      [1, 2, 3, 4, 5],
    ]);
    expect(parseCron('0 0 ? * 5L').special).toEqual(['5L']);
    expect(parseCron('0 0 L,15W * ?').special).toEqual(['L', '15W']);
    expect(parseCron('0 0 * * 7').values[5]).toEqual([0]);
    expect(checkCron('  0   */6 * *  * ')).toBe('0 */6 * * *');
    // node-cron alone knows a date cannot happen; its answer is a CronError naming the field.
    expect(caught(() => checkCron('0 0 31 2 *'))).toMatchObject({
      field: 'dayOfMonth',
      message: expect.stringContaining('impossible day of month'),
    });
    expect(caught(() => nextRuns({ cron: '0 0 L-30 2 *', timezone: 'UTC' }))).toMatchObject({
      message: "'0 0 L-30 2 *' never runs (no matching time within 100 years)",
    });
  });
});

describe('minimum interval', () => {
  const spec = (c: string) => ({ cron: c, timezone: 'UTC' });

  it('refuses runs closer than the minimum, however the expression is written', () => {
    for (const c of ['* * * * * *', '*/30 * * * * *', '0,59 * * * * *', '0,1 0 0 1 1 *']) {
      const e = caught(() => checkInterval(spec(c), 60)) as CronError;
      expect(e, c).toBeInstanceOf(CronError);
      expect(e.message).toMatch(/runs \d+ seconds apart; a schedule may run at most once every 1 minute/);
      expect(e.hint).toMatch(/BACKTALK_MIN_SCHEDULE_SECONDS=60/);
    }
    expect(() => checkInterval(spec('* * * * *'), 60)).not.toThrow();
    expect(() => checkInterval(spec('0 * * * * *'), 60)).not.toThrow();
    expect(() => checkInterval(spec('*/5 * * * *'), 300)).not.toThrow();
    expect(caught(() => checkInterval(spec('0,55 * * * *'), 600))).toMatchObject({
      message: "'0,55 * * * *' runs 5 minutes apart; a schedule may run at most once every 10 minutes",
    });
    expect(() => checkInterval(spec('*/10 * * * * *'), 1)).not.toThrow();
    expect(caught(() => checkInterval(spec('0 0 L-30 2 *'), 60))).toMatchObject({
      message: expect.stringContaining('never runs'),
    });
  });

  it('looks across midnight only when two days in a row could bring runs closer than the minimum', () => {
    // 23:00 and 00:00 every day: an hour apart across midnight.
    expect(caught(() => checkInterval(spec('0 0,23 * * *'), 7200))).toMatchObject({
      message: "'0 0,23 * * *' runs 60 minutes apart; a schedule may run at most once every 120 minutes",
    });
    // 00:59 and 23:59 on the 1st only: the next day never runs, so the gaps are 23 hours or more.
    expect(() => checkInterval(spec('59 0,23 1 * *'), 7200)).not.toThrow();
    // Rare days are cheap to judge: one time of day, so nothing is sampled beyond the first run.
    expect(() => checkInterval(spec('0 0 29 2 1'), 3600)).not.toThrow();
  });

  it('reads BACKTALK_MIN_SCHEDULE_SECONDS, refusing what is not a number of seconds', () => {
    expect(minScheduleSeconds({})).toBe(60);
    expect(minScheduleSeconds({ BACKTALK_MIN_SCHEDULE_SECONDS: '5' })).toBe(5);
    for (const bad of ['0', '-1', '1.5', 'ten', '9999999999'])
      expect(() => minScheduleSeconds({ BACKTALK_MIN_SCHEDULE_SECONDS: bad }), bad).toThrow(
        /BACKTALK_MIN_SCHEDULE_SECONDS must be a whole number of seconds from 1 to 604800/,
      );
  });
});
