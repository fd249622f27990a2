// Scheduled reruns: presets and cron, one run, the scheduler.
export type { ScheduleSpec } from './presets';
export {
  describeCron,
  nextRuns,
  PRESET_EXAMPLES,
  parseSchedule,
  resolveTimezone,
  ScheduleError,
} from './presets';
export type { RunDeps, RunRequest, Signal } from './run';
export { DEFAULT_DATA, latestSignal, ProgramRefused, runStrategy } from './run';
export type { SchedulerOptions } from './scheduler';
export { Scheduler } from './scheduler';
