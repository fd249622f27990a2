import { describe, expect, it } from 'vitest';
import { createCache } from './cache';
import { MemoryKv, MemoryLocks } from './cache-memory';
import { ByteLru, DEFAULT_HOT_MB, hotBytesFromEnv } from './hot';
import { synthetic } from './synthetic';

function fakeClock(start = 1000) {
  const clock = { now: start, fn: () => clock.now };
  return clock;
}

describe('ByteLru', () => {
  it('hits, and evicts the least recently used when the byte budget is exceeded', () => {
    const lru = new ByteLru<string>(100);
    expect(lru.set('a', 'A', 40)).toBe(true);
    expect(lru.set('b', 'B', 40)).toBe(true);
    expect(lru.get('a')).toBe('A'); // a is now more recent than b
    expect(lru.set('c', 'C', 40)).toBe(true); // 120 > 100: b goes
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.stats()).toMatchObject({
      entries: 2,
      bytes: 80,
      maxBytes: 100,
      hits: 3,
      misses: 1,
      evictions: 1,
    });
  });

  it('evicts as many as needed for a large entry, and refuses one larger than the budget', () => {
    const lru = new ByteLru<number>(100);
    for (let i = 0; i < 10; i++) lru.set(`k${i}`, i, 10);
    expect(lru.set('big', 99, 95)).toBe(true);
    expect(lru.stats()).toMatchObject({ entries: 1, bytes: 95, evictions: 10 });
    expect(lru.set('huge', 1, 101)).toBe(false);
    expect(lru.get('big')).toBe(99); // untouched by the refused one
    expect(new ByteLru<number>(0).set('x', 1, 1)).toBe(false);
  });

  it('replaces a key in place, accounting its new size', () => {
    const lru = new ByteLru<string>(100);
    lru.set('a', 'one', 30);
    lru.set('a', 'two', 50);
    expect(lru.get('a')).toBe('two');
    expect(lru.stats()).toMatchObject({ entries: 1, bytes: 50 });
    expect(lru.delete('a')).toBe(true);
    expect(lru.stats().bytes).toBe(0);
  });

  it('expires entries after their TTL', () => {
    const clock = fakeClock();
    const lru = new ByteLru<string>(100, Number.POSITIVE_INFINITY, clock.fn);
    lru.set('a', 'A', 10, 1000);
    lru.set('b', 'B', 10);
    clock.now += 999;
    expect(lru.get('a')).toBe('A');
    expect(lru.ttlMs('a')).toBe(1);
    clock.now += 1;
    expect(lru.get('a')).toBeUndefined();
    expect(lru.stats().bytes).toBe(10);
    expect(lru.get('b')).toBe('B');
    expect(lru.ttlMs('b')).toBe(Number.POSITIVE_INFINITY);
  });

  it('bounds the number of entries too', () => {
    const lru = new ByteLru<number>(1e9, 3);
    for (let i = 0; i < 5; i++) lru.set(`k${i}`, i, 1);
    expect(lru.stats().entries).toBe(3);
    expect(lru.get('k0')).toBeUndefined();
    expect(lru.get('k4')).toBe(4);
  });
});

describe('hotBytesFromEnv', () => {
  it('reads BACKTALK_HOT_MB in megabytes', () => {
    const logs: string[] = [];
    const log = (m: string) => logs.push(m);
    expect(hotBytesFromEnv({}, log)).toBe(DEFAULT_HOT_MB * 1048576);
    expect(DEFAULT_HOT_MB).toBe(512);
    expect(hotBytesFromEnv({ BACKTALK_HOT_MB: '64' }, log)).toBe(64 * 1048576);
    expect(hotBytesFromEnv({ BACKTALK_HOT_MB: ' 0 ' }, log)).toBe(0);
    expect(hotBytesFromEnv({ BACKTALK_HOT_MB: '0.5' }, log)).toBe(524288);
    expect(logs).toEqual([]);
  });

  it('reports a bad value and uses the default', () => {
    const logs: string[] = [];
    expect(hotBytesFromEnv({ BACKTALK_HOT_MB: '512MB' }, (m) => logs.push(m))).toBe(512 * 1048576);
    expect(hotBytesFromEnv({ BACKTALK_HOT_MB: '-5' }, (m) => logs.push(m))).toBe(512 * 1048576);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/BACKTALK_HOT_MB='512MB' is not a number of megabytes/);
  });
});

describe('the hot layer inside the cache (memory mode)', () => {
  it('serves from memory and evicts whole series by bytes', async () => {
    const logs: string[] = [];
    const n = 10_000;
    const seriesBytes = 6 * 8 * n;
    // Room for two series, not three.
    const cache = await createCache({ url: '', log: (m) => logs.push(m), hotBytes: 2.5 * seriesBytes });
    expect(logs).toEqual(['cache: no REDIS_URL set — using the in-process cache']);
    const key = (seed: number) => ({ source: `synthetic:${seed}:${n}:1d`, symbol: 'SYNTH', timeframe: '1d' });
    const load = (seed: number) => ({
      bars: synthetic({ seed, bars: n }),
      source: key(seed).source,
      symbol: 'SYNTH',
      timeframe: '1d',
    });
    const one = load(1);
    await cache.set(key(1), one);
    await cache.set(key(2), load(2));
    const hit = await cache.lookup(key(1));
    expect(hit?.layer).toBe('hot');
    // Served by reference: no copy on the hot path.
    expect(hit?.value.bars.close).toBe(one.bars.close);
    await cache.set(key(3), load(3)); // evicts 2, the least recently used
    expect(await cache.get(key(2))).toBeNull();
    expect((await cache.get(key(1)))?.bars.close).toBe(one.bars.close);
    expect(cache.status().hot).toMatchObject({ entries: 2, evictions: 1 });
    expect(cache.status().hot.bytes).toBeLessThanOrEqual(2.5 * seriesBytes);
    await cache.close();
  });
});

describe('in-process session store and locks', () => {
  it('MemoryKv expires and bounds its values', () => {
    const clock = fakeClock();
    const kv = new MemoryKv(1000, 10, clock.fn);
    kv.set('a', 'x'.repeat(100), 500);
    expect(kv.get('a')).toHaveLength(100);
    clock.now += 500;
    expect(kv.get('a')).toBeNull();
    for (let i = 0; i < 20; i++) kv.set(`k${i}`, 'v', 1e6);
    expect(kv.size).toBe(10);
    kv.set('big', 'x'.repeat(1000), 1e6); // larger than the whole budget: not stored
    expect(kv.get('big')).toBeNull();
  });

  it('MemoryLocks grant once, release only to the holder, and expire', () => {
    const clock = fakeClock();
    const locks = new MemoryLocks(2, clock.fn);
    expect(locks.tryLock('a', 't1', 100)).toBe(true);
    expect(locks.tryLock('a', 't2', 100)).toBe(false);
    expect(locks.release('a', 't2')).toBeNull();
    expect(locks.holder('a')).toBe('t1');
    expect(locks.release('a', 't1')).toBe('local');
    expect(locks.tryLock('a', 't3', 100)).toBe(true);
    clock.now += 100;
    expect(locks.holder('a')).toBeUndefined();
    expect(locks.tryLock('a', 't4', 100)).toBe(true);
    expect(locks.release('a', 't3')).toBeNull();
    locks.mirror('b', 'r1', 100);
    expect(locks.release('b', 'r1')).toBe('mirrored');
    // Full table of live locks: refuse rather than grant untracked.
    locks.tryLock('c', 'x', 100);
    expect(locks.tryLock('d', 'y', 100)).toBe(false);
  });
});
