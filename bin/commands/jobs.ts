// backtalk jobs — run the scheduler in the foreground until interrupted.
import { runJobs } from '../../jobs/main';
import type { Io } from '../io';

export async function jobs(_argv: string[], io: Io): Promise<number> {
  const stop = await runJobs();
  io.out('backtalk jobs: running the schedules; Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
  return 0;
}
