// backtalk jobs — run the scheduler in the foreground until interrupted.
import { runJobs } from '../../jobs/main';
import { parse, USAGE_EXIT } from '../args';
import { CliError, type Io } from '../io';

const USAGE = 'backtalk jobs';

export async function jobs(argv: string[], io: Io): Promise<number> {
  const { positionals } = parse(argv, {}, USAGE);
  if (positionals.length)
    throw new CliError(`jobs takes no arguments (got '${positionals[0]}')`, USAGE_EXIT, `usage: ${USAGE}`);
  const stop = await runJobs();
  io.out('backtalk jobs: running the schedules; Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
  return 0;
}
