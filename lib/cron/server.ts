// Server-only entry of the cron reader: node-cron behind the bounded reader (index.ts).
export type { CronSpec } from './next';
export {
  checkCron,
  checkInterval,
  DEFAULT_MIN_SCHEDULE_SECONDS,
  minScheduleSeconds,
  nextRuns,
} from './next';
