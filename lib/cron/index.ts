// Cron expressions with bounded cost: one reader for the API, the CLI, the store and the scheduler. This
// entry is the reader alone (safe anywhere); what needs node-cron (impossible dates, next run times, the
// minimum interval) is in server.ts.
export type { ParsedCron } from './parse';
export { CRON_FIELDS, CRON_HINT, CronError, MAX_CRON_LENGTH, parseCron } from './parse';
