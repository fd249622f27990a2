// node-cron behind the bounded reader: validation of what node-cron alone knows (impossible dates),
// next run times, and the minimum interval between runs.
import cron from 'node-cron';
import { CronError, parseCron } from './parse';

export interface CronSpec {
  readonly cron: string;
  readonly timezone: string;
}

/** Default least time between two runs of a schedule; BACKTALK_MIN_SCHEDULE_SECONDS overrides it. */
export const DEFAULT_MIN_SCHEDULE_SECONDS = 60;
const MAX_MIN_SCHEDULE_SECONDS = 7 * 86_400;
/** Run times compared when runs on two days in a row could come closer than the minimum. */
const INTERVAL_SAMPLES = 12;
const DAY_S = 86_400;

/**
 * The cron text (normalised) if node-cron can run it; CronError naming the field otherwise. The bounded
 * reader goes first, so node-cron only ever expands fields already known to be within their range.
 */
export function checkCron(input: string): string {
  const { text } = parseCron(input);
  const r = cron.validateDetailed(text);
  if (!r.valid) {
    const e = r.errors[0];
    throw new CronError(
      `${e.field === 'dayOfMonth' ? 'day of month' : e.field}: ${e.message.replace(' a invalid', ' an invalid')}`,
      e.field ?? null,
    );
  }
  return text;
}

/** The next `count` run times (epoch ms) from now; CronError when the expression never fires. */
export function nextRuns(spec: CronSpec, count = 3): number[] {
  const text = checkCron(spec.cron);
  const task = cron.createTask(text, () => {}, { timezone: spec.timezone });
  try {
    return task.getNextRuns(count).map((d) => d.getTime());
  } catch (cause) {
    // node-cron gives up after searching 100 years (e.g. 'L-30' in February).
    throw new CronError(`'${text}' never runs (no matching time within 100 years)`, null, undefined, {
      cause,
    });
  } finally {
    void task.destroy();
  }
}

/** BACKTALK_MIN_SCHEDULE_SECONDS, or 60; a value that is not a whole number of seconds is an error. */
export function minScheduleSeconds(env: Record<string, string | undefined> = process.env): number {
  const raw = env.BACKTALK_MIN_SCHEDULE_SECONDS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MIN_SCHEDULE_SECONDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_MIN_SCHEDULE_SECONDS)
    throw new CronError(
      `BACKTALK_MIN_SCHEDULE_SECONDS must be a whole number of seconds from 1 to ${MAX_MIN_SCHEDULE_SECONDS}, got '${raw.slice(0, 20)}'`,
      null,
      `unset it for ${DEFAULT_MIN_SCHEDULE_SECONDS} s`,
    );
  return n;
}

const words = (ms: number) =>
  ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${ms / 1000} seconds`;

/**
 * Refuses a schedule that never runs, or that runs more often than once every `minSeconds`. Runs on
 * one day are compared exactly from the second, minute and hour fields (at most 86,400 times of day,
 * in order); only when the last run of a day and the first of the next could come closer than the
 * minimum are the next 12 run times sampled, to see whether such days follow each other.
 */
export function checkInterval(spec: CronSpec, minSeconds = minScheduleSeconds()): void {
  nextRuns(spec, 1); // throws when it never runs
  const [seconds, minutes, hours] = parseCron(spec.cron).values;
  const refuse = (gapMs: number): never => {
    throw new CronError(
      `'${spec.cron}' runs ${words(gapMs)} apart; a schedule may run at most once every ${words(minSeconds * 1000)}`,
      null,
      `choose a longer interval, e.g. "every 15 minutes" (the server's minimum is BACKTALK_MIN_SCHEDULE_SECONDS=${minSeconds})`,
    );
  };
  let first = -1;
  let last = -1;
  for (const h of hours)
    for (const m of minutes)
      for (const s of seconds) {
        const t = h * 3600 + m * 60 + s;
        if (last >= 0 && t - last < minSeconds) refuse((t - last) * 1000);
        if (first < 0) first = t;
        last = t;
      }
  if (DAY_S - last + first >= minSeconds) return;
  const runs = nextRuns(spec, INTERVAL_SAMPLES);
  for (let i = 1; i < runs.length; i++)
    if (runs[i] - runs[i - 1] < minSeconds * 1000) refuse(runs[i] - runs[i - 1]);
}
