// `backtalk sweep --queue`: the chunks go through BullMQ on a private redis-server to a queue worker
// (queue-worker.ts on its own compute thread) and the printed runs equal those of the sweep in this process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasRedisServer, RedisProcess, testNamespace } from '../lib/data/redis-test-utils';
import { EXAMPLES } from '../lib/examples';
import { type QueueWorker, startQueueWorker } from '../server/compute/queue-worker';
import { main } from './cli';
import { CliError, type Io } from './io';

const canRun = hasRedisServer();
if (!canRun) console.warn('sweep-queue.test.ts: skipping — redis-server is not on the PATH');

const SMA_CROSS = EXAMPLES.find((e) => e.id === 'sma-cross')?.source ?? '';

function fakeIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readStdin: async () => '',
    readText: async (p) => {
      if (!p.endsWith('a.bt')) throw new CliError(`cannot read ${p}: no such file`);
      return SMA_CROSS;
    },
    writeText: async () => {},
    cwd: '/work/test',
    env,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const ARGV = [
  'sweep',
  'a.bt',
  '--grid',
  'fast=5:30:5',
  '--grid',
  'slow=10:60:10',
  '--where',
  'fast < slow',
  '--json',
];

describe.skipIf(!canRun)('backtalk sweep --queue (private redis-server)', () => {
  let server: RedisProcess;
  let worker: QueueWorker;
  let env: Record<string, string>;

  beforeAll(async () => {
    const port = await freePort();
    server = await RedisProcess.start(port);
    env = { REDIS_URL: `redis://127.0.0.1:${port}`, BACKTALK_QUEUE_PREFIX: testNamespace() };
    worker = await startQueueWorker({
      url: env.REDIS_URL,
      prefix: env.BACKTALK_QUEUE_PREFIX,
      concurrency: 1,
      log: () => {},
    });
  }, 30_000);

  afterAll(async () => {
    await worker?.close();
    await server?.stop();
  });

  it('prints the same runs as the sweep in this process, with progress on stderr', async () => {
    const here = fakeIo();
    const queued = fakeIo({ ...env, BACKTALK_QUEUE_TIMEOUT_MS: '30000' });
    expect(await main(ARGV, here.io)).toBe(0);
    expect(await main([...ARGV, '--queue', '--chunks', '5'], queued.io), queued.stderr()).toBe(0);
    expect(queued.stdout()).toBe(here.stdout());
    expect(queued.stderr()).toMatch(/sweep: 5\/5 chunks/);
  }, 60_000);

  it('refuses --queue with --workers, and --chunks without --queue', async () => {
    const a = fakeIo(env);
    expect(await main([...ARGV, '--queue', '--workers', '2'], a.io)).toBe(2);
    expect(a.stderr()).toMatch(/leave out --workers/);
    const b = fakeIo(env);
    expect(await main([...ARGV, '--chunks', '4'], b.io)).toBe(2);
    expect(b.stderr()).toMatch(/--chunks goes with --queue/);
  });
});
