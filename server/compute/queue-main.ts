// `npm run worker`: a sweep worker, anywhere that reaches the coordinator's Redis (REDIS_URL). It takes
// chunks of queued sweeps (`backtalk sweep --queue`) until SIGTERM/SIGINT, then finishes the chunks in
// hand and exits. Settings: queueWorkerOptionsFromEnv (queue-worker.ts) and README "Sweeps over machines".
import { redactConsole } from '../../lib/log/server';
import { queueWorkerOptionsFromEnv, startQueueWorker } from './queue-worker';

const log = (msg: string) => console.log(`[backtalk worker] ${msg}`);

if (import.meta.url === `file://${process.argv[1]}`) {
  redactConsole(); // the password in REDIS_URL never reaches the log
  let opts: ReturnType<typeof queueWorkerOptionsFromEnv>;
  try {
    opts = queueWorkerOptionsFromEnv();
  } catch (e) {
    console.error(`[backtalk worker] ${(e as Error).message}`);
    process.exit(2);
  }
  startQueueWorker({ ...opts, log })
    .then((w) => {
      let stopping = false;
      const quit = () => {
        if (stopping) return;
        stopping = true;
        log('stopping: finishing the chunks in hand');
        // Bounded: a chunk that will not end is left to the stalled check of the other workers.
        const force = setTimeout(() => process.exit(1), 30_000);
        force.unref();
        void w.close().finally(() => process.exit(0));
      };
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
    })
    .catch((e: Error) => {
      console.error(`[backtalk worker] failed to start: ${e.message}`);
      process.exit(1);
    });
}
