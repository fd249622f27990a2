// What the schedule routes accept: the request bodies (zod) and the schedule text read by the scheduler's
// own parser, so the API, the CLI and the scheduler agree on what a schedule means.
import { z } from 'zod';
import {
  nextRuns,
  PRESET_EXAMPLES,
  parseSchedule,
  ScheduleError,
  type ScheduleSpec,
} from '../../../../jobs/presets';
import { ApiError } from '../../../../lib/http';
import type { Schedule, Store } from '../../../../lib/store';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const ScheduleText = {
  /** A preset phrase ("every 6 hours", "weekdays at 16:30 New York") or a cron expression. */
  schedule: text(200).optional(),
  /** A cron expression only (5 fields, or 6 with seconds first). */
  cron: text(200).optional(),
  /** IANA zone or a known city; a zone at the end of `schedule` wins. Default UTC. */
  timezone: text(64).optional(),
};

export const CreateSchedule = z.strictObject({
  strategyId: text(64),
  ...ScheduleText,
  enabled: z.boolean().optional(),
});

export const PatchSchedule = z.strictObject({ ...ScheduleText, enabled: z.boolean().optional() });

export const SCHEDULE_HINT = `write a phrase such as ${PRESET_EXAMPLES.slice(0, 4)
  .map((p) => `"${p}"`)
  .join(', ')}, or a cron expression like "0 18 * * 1-5" (6 fields with seconds first)`;

/** The cap on a schedule route's body: a schedule is a few short fields. */
export const MAX_SCHEDULE_BODY = 8 * 1024;
export const CREATE_HINT = `send JSON like { "strategyId": "…", "schedule": "daily at 18:00", "timezone": "Europe/London" }`;

export interface ResolvedSchedule extends ScheduleSpec {
  /** The next three run times, epoch ms. */
  nextRuns: number[];
}

/** Reads `schedule` or `cron` in `timezone` with the scheduler's parser; 400 with a hint when it cannot. */
export function resolveSchedule(input: {
  schedule?: string;
  cron?: string;
  timezone?: string;
}): ResolvedSchedule {
  const { schedule, cron, timezone } = input;
  if (schedule !== undefined && cron !== undefined)
    throw new ApiError(400, 'give either schedule or cron, not both', SCHEDULE_HINT);
  const given = schedule ?? cron;
  if (given === undefined) throw new ApiError(400, 'a schedule is needed', SCHEDULE_HINT);
  let spec: ScheduleSpec;
  try {
    spec = parseSchedule(given, timezone ?? 'UTC');
  } catch (e) {
    if (e instanceof ScheduleError) throw new ApiError(400, e.message, e.hint ?? SCHEDULE_HINT, { cause: e });
    throw e;
  }
  if (cron !== undefined && spec.cron !== cron.replace(/\s+/g, ' '))
    throw new ApiError(
      400,
      `'${cron}' is not a cron expression`,
      'send phrases such as "every hour" as schedule',
    );
  return { ...spec, nextRuns: nextRuns(spec, 3) };
}

/**
 * A schedule as the API returns it: the stored row with its next three run times (none when paused, or
 * when a row saved by an older version never runs).
 */
export function scheduleView(s: Schedule) {
  let next: number[] = [];
  try {
    if (s.enabled) next = nextRuns(s, 3);
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
  }
  return { ...s, nextRuns: next };
}
export type ScheduleView = ReturnType<typeof scheduleView>;

/** A strategy that exists and is not deleted, or 404 / 409. */
export async function liveStrategy(store: Store, id: string) {
  const s = await store.strategies.get(id);
  if (!s)
    throw new ApiError(
      404,
      `strategy '${id}' not found`,
      'check the id; GET /api/strategies lists the strategies',
    );
  if (s.deletedAt !== null)
    throw new ApiError(409, `strategy '${id}' was deleted`, 'restore it before scheduling it again');
  return s;
}
