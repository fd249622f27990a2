// `npm run jobs`: the scheduler alone, without the web app (e.g. a worker container).
import { createCache } from '../lib/data/server';
import { redactConsole } from '../lib/log/server';
import { openStore } from '../lib/store/server';
import { installCompute, processCompute } from '../server/compute';
import { freshLoader } from './load';
import { Scheduler } from './scheduler';

const log = (msg: string) => console.log(`[backtalk jobs] ${msg}`);

export async function runJobs(): Promise<() => Promise<void>> {
  const store = await openStore();
  const cache = await createCache({ url: process.env.REDIS_URL, log });
  // Runs go to worker threads (within the work budget), so a long one never delays the next tick.
  const compute = processCompute(log);
  const scheduler = new Scheduler({ store, cache, load: freshLoader(store), log, run: compute.runProgram });
  await scheduler.start();
  // Schedules added from elsewhere are picked up within a minute.
  const poll = setInterval(
    () => void scheduler.refresh().catch((e: Error) => log(`refresh failed: ${e.message}`)),
    60_000,
  );
  return async () => {
    clearInterval(poll);
    await scheduler.stop();
    installCompute(undefined);
    await compute.close();
    await cache.close();
    await store.close();
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  redactConsole(); // credentials in REDIS_URL or OPENAI_BASE_URL never reach the log
  runJobs()
    .then((stop) => {
      log('running; Ctrl-C to stop');
      const quit = () => void stop().finally(() => process.exit(0));
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
    })
    .catch((e: Error) => {
      console.error(`[backtalk jobs] failed to start: ${e.message}`);
      process.exit(1);
    });
}
