// Redis going away and coming back, with a private redis-server that the test kills (-9), freezes
// (SIGSTOP) and restarts. Skipped with a message when redis-server is not on the PATH.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bars } from '../engine';
import { type Cache, createCache } from './cache';
import { type BarsKey, barsKey, kvKey } from './cache-key';
import { freePort, hasRedisServer, RedisProcess, testNamespace, until } from './redis-test-utils';
import { synthetic } from './synthetic';

const canRun = hasRedisServer();
if (!canRun)
  console.warn('redis-outage.test.ts: skipping — redis-server is not on the PATH (install Redis to run it)');

/** Every cache call during an outage must come back within this long. */
const BOUND_MS = 1000;

async function timed<T>(what: string, p: Promise<T>): Promise<T> {
  const t = performance.now();
  const v = await p;
  const ms = performance.now() - t;
  expect(ms, `${what} took ${ms.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
  return v;
}

function input(key: BarsKey, bars: Bars) {
  return { bars, source: key.source, symbol: key.symbol, timeframe: key.timeframe };
}

const unreachable = (logs: string[]) => logs.filter((l) => l.includes('is unreachable'));
const back = (logs: string[]) => logs.filter((l) => l.endsWith('is back'));

describe.skipIf(!canRun)('Redis going away (private redis-server)', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
    vi.restoreAllMocks();
  });

  /** Unhandled rejections and ioredis's "Unhandled error event" lines, collected while a test runs. */
  function watchUnhandled(): unknown[] {
    const seen: unknown[] = [];
    const onRejection = (reason: unknown) => seen.push(reason);
    process.on('unhandledRejection', onRejection);
    cleanup.push(async () => process.off('unhandledRejection', onRejection));
    const original = console.error;
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (String(args[0]).includes('Unhandled error event')) seen.push(args);
      else original(...args);
    });
    return seen;
  }

  it('falls back on kill -9 with one log line, and uses Redis again once it is back', async () => {
    const unhandled = watchUnhandled();
    const port = await freePort();
    let server = await RedisProcess.start(port);
    cleanup.push(() => server.stop());
    const ns = testNamespace();
    const logs: string[] = [];
    const url = `redis://127.0.0.1:${port}`;
    const cache: Cache = await createCache({
      url,
      namespace: ns,
      log: (m) => logs.push(m),
      maxBackoffMs: 200,
    });
    cleanup.push(() => cache.close());
    expect(cache.kind).toBe('redis');

    const k1: BarsKey = { source: 'synthetic:1:1000:1d', symbol: 'SYNTH', timeframe: '1d' };
    const k2: BarsKey = { ...k1, symbol: 'TWO' };
    const bars = synthetic({ seed: 1, bars: 1000 });
    await cache.set(k1, input(k1, bars));
    await cache.setJson('session', { step: 1 }, 60);
    const lock = await cache.tryLock('job', 30_000);
    expect(lock).not.toBeNull();

    await server.signal('SIGKILL');

    // Straight away, before anything has noticed: every call succeeds, from the in-process store.
    await timed('setJson', cache.setJson('during', { step: 2 }, 60));
    expect(await timed('getJson', cache.getJson('during'))).toEqual({ step: 2 });
    // Written to Redis before the outage: not available now, and that is not an error.
    expect(await timed('getJson of a Redis-only value', cache.getJson('session'))).toBeNull();
    await timed('set bars', cache.set(k2, input(k2, bars)));
    expect((await timed('lookup', cache.lookup(k2)))?.layer).toBe('hot');
    expect((await timed('lookup', cache.lookup(k1)))?.layer).toBe('hot');
    expect(await timed('get of a missing series', cache.get({ ...k1, symbol: 'NONE' }))).toBeNull();
    // The lock granted by Redis is still honoured by this process during the outage.
    expect(await timed('tryLock held', cache.tryLock('job', 1000))).toBeNull();
    const local = await timed('tryLock', cache.tryLock('local-job', 5000));
    expect(local).not.toBeNull();
    expect(await timed('unlock wrong token', cache.unlock('local-job', 'nope'))).toBe(false);
    expect(await timed('unlock', cache.unlock('local-job', local!))).toBe(true);
    expect(await timed('unlock Redis-granted', cache.unlock('job', lock!))).toBe(true);
    await timed('del', cache.del('during'));
    expect(await cache.getJson('during')).toBeNull();
    for (let i = 0; i < 20; i++) await timed('setJson', cache.setJson(`k${i}`, i, 60));

    expect(cache.kind).toBe('memory');
    expect(cache.status()).toMatchObject({ kind: 'memory', configured: 'redis', state: 'down' });
    expect(cache.status().message).toMatch(/is unreachable/);
    expect(unreachable(logs)).toHaveLength(1);
    expect(unreachable(logs)[0]).toMatch(
      new RegExp(
        `^cache: Redis at 127\\.0\\.0\\.1:${port} is unreachable \\((connection lost|connection closed|read ECONNRESET)\\); using the in-process cache until it returns$`,
      ),
    );

    // Let reconnect attempts fail for a while: still a single line.
    await new Promise((r) => setTimeout(r, 600));
    expect(unreachable(logs)).toHaveLength(1);
    await cache.setJson('later', 1, 60);

    server = await RedisProcess.start(port);
    await until(() => cache.kind === 'redis', 5000, 'the cache to use Redis again');
    expect(back(logs)).toEqual([`cache: Redis at 127.0.0.1:${port} is back`]);
    expect(unreachable(logs)).toHaveLength(1);
    expect(cache.status()).toMatchObject({ kind: 'redis', state: 'up' });

    // Redis is used again: new writes land in the restarted server.
    const admin = new Redis(port, '127.0.0.1');
    cleanup.push(() => admin.quit());
    await cache.setJson('after', { step: 3 }, 60);
    expect(await admin.get(kvKey('after', ns))).toBe('{"step":3}');
    const k3 = { ...k1, symbol: 'THREE' };
    await cache.set(k3, input(k3, bars));
    expect(await admin.exists(barsKey(k3, ns))).toBe(1);
    const lock2 = await cache.tryLock('job2', 5000);
    expect(await admin.get(`${ns}:v1:lock:job2`)).toBe(lock2);
    // A value written during the outage is still served by this process.
    expect(await cache.getJson('later')).toBe(1);

    expect(unhandled).toEqual([]);
  });

  it('starts in memory when Redis is absent and switches when it appears', async () => {
    const unhandled = watchUnhandled();
    const port = await freePort();
    const logs: string[] = [];
    const t = performance.now();
    const cache = await createCache({
      url: `redis://127.0.0.1:${port}`,
      namespace: testNamespace(),
      log: (m) => logs.push(m),
      maxBackoffMs: 200,
    });
    cleanup.push(() => cache.close());
    expect(performance.now() - t).toBeLessThan(1500);
    expect(cache.kind).toBe('memory');
    expect(unreachable(logs)).toHaveLength(1);
    await timed('setJson', cache.setJson('a', 1, 60));
    expect(await timed('getJson', cache.getJson('a'))).toBe(1);

    const server = await RedisProcess.start(port);
    cleanup.push(() => server.stop());
    await until(() => cache.kind === 'redis', 5000, 'the cache to use Redis');
    expect(back(logs)).toHaveLength(1);
    expect(unreachable(logs)).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });

  it('does not hang on a server that stops answering (SIGSTOP)', async () => {
    const unhandled = watchUnhandled();
    const port = await freePort();
    const server = await RedisProcess.start(port);
    cleanup.push(async () => {
      await server.signal('SIGCONT');
      await server.stop();
    });
    const logs: string[] = [];
    const cache = await createCache({
      url: `redis://127.0.0.1:${port}`,
      namespace: testNamespace(),
      log: (m) => logs.push(m),
      timeoutMs: 300,
      maxBackoffMs: 200,
    });
    cleanup.push(() => cache.close());
    await cache.setJson('a', 1, 60);

    await server.signal('SIGSTOP');
    // The first call waits out the timeout, then is served in memory; later ones do not wait at all.
    await timed('setJson to a frozen server', cache.setJson('b', 2, 60));
    expect(cache.kind).toBe('memory');
    expect(await timed('getJson', cache.getJson('b'))).toBe(2);
    const t = performance.now();
    await cache.setJson('c', 3, 60);
    expect(performance.now() - t).toBeLessThan(50);
    expect(unreachable(logs)).toHaveLength(1);
    expect(unreachable(logs)[0]).toMatch(/no reply within 3\d\d ms/);

    await server.signal('SIGCONT');
    await until(() => cache.kind === 'redis', 5000, 'the cache to use Redis again');
    expect(back(logs)).toHaveLength(1);
    expect(await cache.getJson('a')).toBe(1);
    expect(unhandled).toEqual([]);
  });
});
