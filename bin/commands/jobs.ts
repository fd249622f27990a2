// backtalk jobs — run the scheduler in the foreground until interrupted.
import { runJobs } from '../../jobs/main';
import { StoreError } from '../../lib/store';
import { parse, USAGE_EXIT } from '../args';
import { CliError, type Io } from '../io';
import { findApp } from '../server';
import { holderOf } from '../store';

const USAGE = 'backtalk jobs';

export async function jobs(argv: string[], io: Io): Promise<number> {
  const { positionals } = parse(argv, {}, USAGE);
  if (positionals.length)
    throw new CliError(`jobs takes no arguments (got '${positionals[0]}')`, USAGE_EXIT, `usage: ${USAGE}`);
  let stop: Awaited<ReturnType<typeof runJobs>>;
  try {
    stop = await runJobs();
  } catch (e) {
    if (!(e instanceof StoreError && e.code === 'db-in-use')) throw e;
    // The app holds the database; it runs the schedules itself unless told not to.
    const app = await findApp(io.env, holderOf(e));
    throw app.scheduler
      ? new CliError(
          `the app at ${app.url} holds the database and runs the schedules itself`,
          1,
          'nothing to do here; to run them from this terminal instead, stop the app first',
        )
      : new CliError(
          `the app at ${app.url} holds the database and runs without its scheduler (BACKTALK_SCHEDULER=off)`,
          1,
          'restart the app without BACKTALK_SCHEDULER=off to run the schedules there, or stop it and run backtalk jobs again',
        );
  }
  io.out('backtalk jobs: running the schedules; Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
  return 0;
}
