// Schedules as people say them ("every 6 hours", "weekdays at 16:30 New York") or as cron expressions
// (5 fields, or 6 with seconds first), turned into { cron, timezone, label }, described in words and
// with their next run times. Cron text goes through lib/cron's bounded reader (never straight to
// node-cron), and every schedule must keep the minimum interval between runs.
import { CronError } from '../lib/cron';
import { checkCron, checkInterval, nextRuns as cronNextRuns, minScheduleSeconds } from '../lib/cron/server';

export interface ScheduleSpec {
  readonly cron: string;
  readonly timezone: string;
  readonly label: string;
}

export class ScheduleError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const CITIES: Record<string, string> = {
  'new york': 'America/New_York',
  nyc: 'America/New_York',
  chicago: 'America/Chicago',
  'los angeles': 'America/Los_Angeles',
  london: 'Europe/London',
  frankfurt: 'Europe/Berlin',
  paris: 'Europe/Paris',
  zurich: 'Europe/Zurich',
  tokyo: 'Asia/Tokyo',
  'hong kong': 'Asia/Hong_Kong',
  singapore: 'Asia/Singapore',
  sydney: 'Australia/Sydney',
  utc: 'UTC',
  gmt: 'UTC',
};

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const PRESET_EXAMPLES = [
  'every 15 minutes',
  'every hour',
  'every 6 hours',
  'daily at 18:00',
  'weekdays at 16:30 New York',
  'every monday at 09:00 London',
];

/** An IANA time zone name, or a city we know; throws with a hint otherwise. */
export function resolveTimezone(text: string): string {
  const t = text.trim();
  const city = CITIES[t.toLowerCase()];
  if (city) return city;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: t });
    return t;
  } catch (e) {
    throw new ScheduleError(
      `unknown time zone '${t}'`,
      'use an IANA name such as America/New_York, or a city: New York, London, Tokyo',
      { cause: e },
    );
  }
}

function time(hh: string, mm: string | undefined): [number, number] {
  const h = Number(hh);
  const m = Number(mm ?? 0);
  if (!(h >= 0 && h <= 23 && m >= 0 && m <= 59))
    throw new ScheduleError(`'${hh}:${mm ?? '00'}' is not a time of day`);
  return [h, m];
}

/**
 * Reads a schedule: a preset phrase or a cron expression, with an optional trailing time zone
 * ("… New York", "… Europe/London"). `defaultTz` applies when none is given. A schedule that would run
 * more often than once every `minSeconds` (default BACKTALK_MIN_SCHEDULE_SECONDS, or 60) is refused.
 */
export function parseSchedule(input: string, defaultTz = 'UTC', minSeconds?: number): ScheduleSpec {
  const spec = readSchedule(input, defaultTz);
  try {
    checkInterval(spec, minSeconds ?? minScheduleSeconds());
  } catch (e) {
    throw scheduleError(e);
  }
  return spec;
}

/** A CronError as a ScheduleError (what the API and the CLI turn into a 400 / usage error). */
function scheduleError(e: unknown): unknown {
  return e instanceof CronError ? new ScheduleError(e.message, e.hint, { cause: e }) : e;
}

function readSchedule(input: string, defaultTz: string): ScheduleSpec {
  const text = input.trim().replace(/\s+/g, ' ');
  if (!text || text.length > 200) throw new ScheduleError('a schedule needs 1 to 200 characters');
  if (/^[\d*/,\-?LW#A-Za-z]+( [\d*/,\-?LW#A-Za-z]+){4,5}$/.test(text) && /[\d*]/.test(text.split(' ')[0])) {
    let expr: string;
    try {
      expr = checkCron(text);
    } catch (e) {
      if (!(e instanceof CronError)) throw e;
      throw new ScheduleError(`invalid cron expression '${text}': ${e.message}`, e.hint, { cause: e });
    }
    const zone = resolveTimezone(defaultTz);
    return { cron: expr, timezone: zone, label: `${describeCron(expr)} ${zone}` };
  }
  // Split off a trailing zone: an IANA name or a known city.
  let body = text.toLowerCase();
  let tz = defaultTz;
  const iana = text.match(/\s([A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?)$/);
  if (iana) {
    tz = iana[1];
    body = body.slice(0, -iana[0].length);
  } else {
    for (const city of Object.keys(CITIES)) {
      if (body.endsWith(` ${city}`) || body.endsWith(` ${city} time`)) {
        tz = CITIES[city];
        body = body.replace(new RegExp(` ${city}( time)?$`), '');
        break;
      }
    }
  }
  const timezone = resolveTimezone(tz);
  let m: RegExpMatchArray | null;
  let expr: string | undefined;
  if ((m = body.match(/^every (\d+) seconds?$/))) expr = step(`*/${m[1]} * * * * *`, Number(m[1]), 59);
  else if ((m = body.match(/^every (\d+) minutes?$/))) expr = step(`*/${m[1]} * * * *`, Number(m[1]), 59);
  else if (/^every minute$/.test(body)) expr = '* * * * *';
  else if (/^(every hour|hourly)$/.test(body)) expr = '0 * * * *';
  else if ((m = body.match(/^every (\d+) hours?$/))) expr = step(`0 */${m[1]} * * *`, Number(m[1]), 23);
  else if ((m = body.match(/^(?:daily|every day)(?: at (\d{1,2})(?::(\d{2}))?)?$/))) {
    const [h, mm] = m[1] ? time(m[1], m[2]) : [0, 0];
    expr = `${mm} ${h} * * *`;
  } else if ((m = body.match(/^(?:on )?(?:weekdays|every weekday)(?: at (\d{1,2})(?::(\d{2}))?)?$/))) {
    const [h, mm] = m[1] ? time(m[1], m[2]) : [0, 0];
    expr = `${mm} ${h} * * 1-5`;
  } else if (
    (m = body.match(/^(?:every|on) (\w+?)s?(?: at (\d{1,2})(?::(\d{2}))?)?$/)) &&
    DAYS.includes(m[1])
  ) {
    const [h, mm] = m[2] ? time(m[2], m[3]) : [0, 0];
    expr = `${mm} ${h} * * ${DAYS.indexOf(m[1])}`;
  }
  if (!expr) {
    throw new ScheduleError(
      `cannot read the schedule '${input.trim()}'`,
      `write a cron expression or e.g. ${PRESET_EXAMPLES.map((p) => `"${p}"`).join(', ')}`,
    );
  }
  const zone = timezone === 'UTC' ? ' UTC' : ` ${timezone}`;
  return { cron: expr, timezone, label: `${describeCron(expr)}${zone}` };
}

function step(expr: string, n: number, max: number): string {
  if (!(n >= 1 && n <= max)) throw new ScheduleError(`every ${n}: use a number from 1 to ${max}`);
  return expr;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Words for the common shapes of cron expression; the expression itself otherwise. */
export function describeCron(expr: string): string {
  const f = expr.trim().split(/\s+/);
  const [sec, min, hour, dom, mon, dow] = f.length === 6 ? f : ['0', ...f];
  const anyDay = dom === '*' && mon === '*';
  let m: RegExpMatchArray | null;
  if (min === '*' && hour === '*' && anyDay && dow === '*') {
    if ((m = sec.match(/^\*\/(\d+)$/))) return `every ${m[1]} seconds`;
    if (sec === '*') return 'every second';
    if (sec === '0') return 'every minute';
  }
  if (sec === '0' && hour === '*' && anyDay && dow === '*') {
    if ((m = min.match(/^\*\/(\d+)$/))) return `every ${m[1]} minutes`;
    if (/^\d+$/.test(min)) return min === '0' ? 'every hour' : `every hour at :${pad(Number(min))}`;
  }
  if (sec === '0' && /^\d+$/.test(min) && anyDay) {
    if ((m = hour.match(/^\*\/(\d+)$/)) && dow === '*')
      return `every ${m[1]} hours${min === '0' ? '' : ` at :${pad(Number(min))}`}`;
    if (/^\d+$/.test(hour)) {
      const at = `at ${pad(Number(hour))}:${pad(Number(min))}`;
      if (dow === '*') return `daily ${at}`;
      if (dow === '1-5') return `weekdays ${at}`;
      if (/^\d$/.test(dow))
        return `every ${DAYS[Number(dow) % 7][0].toUpperCase()}${DAYS[Number(dow) % 7].slice(1)} ${at}`;
    }
  }
  return `cron ${expr}`;
}

/** The next `count` run times (epoch ms) of a schedule; ScheduleError when it never runs. */
export function nextRuns(spec: Pick<ScheduleSpec, 'cron' | 'timezone'>, count = 3): number[] {
  try {
    return cronNextRuns(spec, count);
  } catch (e) {
    throw scheduleError(e);
  }
}
