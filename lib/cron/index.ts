// Cron expressions with bounded cost: one reader for the API, the CLI, the store and the scheduler.
export type { CronSpec } from './next';
export {
  checkCron,
  checkInterval,
  DEFAULT_MIN_SCHEDULE_SECONDS,
  minScheduleSeconds,
  nextRuns,
} from './next';
export type { ParsedCron } from './parse';
export { CRON_FIELDS, CRON_HINT, CronError, MAX_CRON_LENGTH, parseCron } from './parse';
