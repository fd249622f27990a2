// The cache against a real Redis at 127.0.0.1:6379 (skipped with a message when none answers), and the
// same session-store and lock behaviour in memory mode. Every test uses its own key namespace.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import { type Cache, type CacheOptions, createCache } from './cache';
import { COLUMNS } from './cache-codec';
import { type BarsKey, barsKey, kvKey, lockKey } from './cache-key';
import { cachedLoad, defaultLoader, type Loader } from './cache-load';
import { DataError } from './errors';
import { dropNamespace, redisAnswers, testNamespace } from './redis-test-utils';
import { synthetic } from './synthetic';

const REDIS_URL = 'redis://127.0.0.1:6379';
const redisUp = await redisAnswers(6379);
if (!redisUp) {
  console.warn(
    'cache.test.ts: skipping the Redis tests — nothing answers PING at 127.0.0.1:6379 (start redis-server)',
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  const x = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const y = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return x.equals(y);
}

function loaded(key: BarsKey, bars: Bars, timeframe = key.timeframe) {
  return { bars, source: key.source, symbol: key.symbol, timeframe };
}

/** Opens caches for one test and closes them (and drops the test's keys) afterwards. */
function harness(mode: 'redis' | 'memory') {
  const h = {
    ns: '',
    logs: [] as string[],
    admin: null as Redis | null,
    open: async (extra: CacheOptions = {}): Promise<Cache> => {
      const c = await createCache({
        url: mode === 'redis' ? REDIS_URL : '',
        namespace: h.ns,
        log: (m) => h.logs.push(m),
        ...extra,
      });
      opened.push(c);
      return c;
    },
  };
  const opened: Cache[] = [];
  beforeAll(() => {
    if (mode === 'redis') h.admin = new Redis(6379, '127.0.0.1', { lazyConnect: false });
  });
  beforeEach(() => {
    h.ns = testNamespace();
    h.logs = [];
  });
  afterEach(async () => {
    for (const c of opened.splice(0)) await c.close();
    if (h.admin) await dropNamespace(h.admin, h.ns);
  });
  afterAll(async () => {
    await h.admin?.quit();
  });
  return h;
}

describe.skipIf(!redisUp)('bars on Redis (needs Redis at 127.0.0.1:6379)', () => {
  const h = harness('redis');

  it('stores 1M bars as binary columns and reads them back bit for bit', async () => {
    const n = 1_000_000;
    const bars = synthetic({ seed: 7, bars: n, timeframe: '1m' });
    bars.close[0] = Number.NaN;
    bars.close[1] = -0;
    bars.open[2] = Number.POSITIVE_INFINITY;
    bars.low[3] = Number.NEGATIVE_INFINITY;
    bars.volume[4] = 5e-324;
    bars.high[n - 1] = Number.MAX_VALUE;
    // A NaN with a payload: only a byte copy (no number parsing anywhere) preserves it.
    new DataView(bars.volume.buffer).setUint32(8 * 5 + 4, 0x7ff8beef, true);
    const key: BarsKey = {
      source: `synthetic:7:${n}:1m`,
      symbol: 'SYNTH',
      timeframe: '1m',
      to: Date.UTC(2024, 0, 1),
    };
    const cache = await h.open({ hotBytes: 0 });
    expect(cache.kind).toBe('redis');
    expect(h.logs).toEqual(['cache: using Redis at 127.0.0.1:6379']);

    let t = performance.now();
    await cache.set(key, loaded(key, bars));
    const setMs = performance.now() - t;

    // The stored form: one hash, one binary field per column (little-endian doubles) plus meta.
    const k = barsKey(key, h.ns);
    expect(k.startsWith(`${h.ns}:v1:bars:`)).toBe(true);
    const admin = h.admin!;
    expect(await admin.type(k)).toBe('hash');
    expect((await admin.hkeys(k)).sort()).toEqual([...COLUMNS, 'meta'].sort());
    const rawClose = await admin.hgetBuffer(k, 'close');
    expect(rawClose!.length).toBe(8 * n);
    expect(rawClose!.equals(Buffer.from(bars.close.buffer))).toBe(true);
    expect(JSON.parse((await admin.hget(k, 'meta'))!)).toMatchObject({
      v: 1,
      n,
      source: key.source,
      timeframe: '1m',
    });

    t = performance.now();
    const hit = await cache.lookup(key);
    const getMs = performance.now() - t;
    expect(hit?.layer).toBe('redis');
    const got = hit!.value;
    for (const col of COLUMNS) expect(bitsEqual(got.bars[col], bars[col]), col).toBe(true);
    expect(Number.isNaN(got.bars.close[0])).toBe(true);
    expect(Object.is(got.bars.close[1], -0)).toBe(true);
    expect(got.bars.open[2]).toBe(Number.POSITIVE_INFINITY);
    expect(got.bars.low[3]).toBe(Number.NEGATIVE_INFINITY);
    expect(got.bars.volume[4]).toBe(5e-324);
    expect(got.bars.high[n - 1]).toBe(Number.MAX_VALUE);
    expect(got).toMatchObject({ source: key.source, symbol: 'SYNTH', timeframe: '1m', issues: [] });
    expect(Math.abs(got.cachedAt - Date.now())).toBeLessThan(60_000);
    // Fresh arrays, not views into a reply buffer.
    expect(got.bars.time.byteOffset).toBe(0);
    expect(got.bars.time.buffer.byteLength).toBe(8 * n);

    // With the hot layer on, the second read comes from memory.
    const warm = await h.open();
    expect((await warm.lookup(key))?.layer).toBe('redis');
    t = performance.now();
    expect((await warm.lookup(key))?.layer).toBe('hot');
    const hotMs = performance.now() - t;
    console.log(
      `cache: 1M bars (48 MB) through Redis: set ${setMs.toFixed(0)} ms, get ${getMs.toFixed(0)} ms; hot get ${hotMs.toFixed(3)} ms`,
    );
  });

  it('keeps series apart by source, symbol, timeframe, range and revision', async () => {
    const base: BarsKey = { source: 'csv:data/a.csv', symbol: 'a', timeframe: '1d' };
    const keys: BarsKey[] = [
      base,
      { ...base, source: 'csv:data/b.csv' },
      { ...base, symbol: 'b' },
      { ...base, timeframe: '1h' },
      { ...base, from: 0 },
      { ...base, to: 1_000 },
      { ...base, from: 0, to: 1_000 },
      { ...base, revision: 'mtime-1' },
      { ...base, source: 'csv:data/a.csv:x', symbol: 'a' },
      { ...base, source: 'csv:data/a.csv', symbol: 'x:a' },
    ];
    const cache = await h.open({ hotBytes: 0 });
    for (let i = 0; i < keys.length; i++) {
      const b = synthetic({ seed: i + 1, bars: i + 1 });
      b.close[0] = 1000 + i; // a marker per entry
      await cache.set(keys[i]!, loaded(keys[i]!, b), 60);
    }
    for (let i = 0; i < keys.length; i++) {
      const got = await cache.get(keys[i]!);
      expect(got?.bars.time.length).toBe(i + 1);
      expect(got?.bars.close[0]).toBe(1000 + i);
    }
    const stored = await h.admin!.keys(`${h.ns}:*`);
    expect(stored).toHaveLength(keys.length);
    expect(await cache.get({ ...base, symbol: 'c' })).toBeNull();
  });

  it('expires an entry set with a 1 s TTL, in Redis and in the hot layer', async () => {
    const key: BarsKey = { source: 'synthetic:1:100:1d', symbol: 'SYNTH', timeframe: '1d' };
    const cold = await h.open({ hotBytes: 0 });
    const warm = await h.open();
    const bars = synthetic({ seed: 1, bars: 100 });
    await cold.set(key, loaded(key, bars), 1);
    const other = { ...key, symbol: 'OTHER' };
    await warm.set(other, loaded(other, bars), 1);
    const pttl = await h.admin!.pttl(barsKey(key, h.ns));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1000);
    expect((await cold.lookup(key))?.layer).toBe('redis');
    expect((await warm.lookup(other))?.layer).toBe('hot');
    await sleep(1200);
    expect(await cold.get(key)).toBeNull();
    expect(await warm.get(other)).toBeNull();
    expect(await h.admin!.exists(barsKey(key, h.ns))).toBe(0);
  });

  it('picks the TTL from the range: a week for the past, one bar for the present', async () => {
    const cache = await h.open({ hotBytes: 0 });
    const bars = synthetic({ seed: 2, bars: 10, timeframe: '1h' });
    const past: BarsKey = {
      source: 'synthetic:2:10:1h',
      symbol: 'SYNTH',
      timeframe: '1h',
      to: Date.UTC(2020, 0, 1),
    };
    const live: BarsKey = { ...past, to: undefined };
    const auto: BarsKey = { source: 'csv:x.csv', symbol: 'x', timeframe: 'auto' };
    await cache.set(past, loaded(past, bars));
    await cache.set(live, loaded(live, bars));
    // 'auto' in the key: the loaded series' own timeframe (1h) decides.
    await cache.set(auto, loaded(auto, bars, '1h'));
    const ttl = (k: BarsKey) => h.admin!.ttl(barsKey(k, h.ns));
    expect(await ttl(past)).toBeGreaterThan(604_790);
    expect(await ttl(past)).toBeLessThanOrEqual(604_800);
    expect(await ttl(live)).toBeGreaterThan(3590);
    expect(await ttl(live)).toBeLessThanOrEqual(3600);
    expect(await ttl(auto)).toBeLessThanOrEqual(3600);
    expect(await ttl(auto)).toBeGreaterThan(3590);
  });

  it('cachedLoad reports the layer: source, then hot; a second process gets it from Redis', async () => {
    let calls = 0;
    const loader: Loader = (spec, range) => {
      calls++;
      return defaultLoader(spec, range);
    };
    const a = await h.open();
    const spec = 'synthetic:3:5000:1h';
    const first = await cachedLoad(a, spec, {}, loader);
    expect(first.layer).toBe('source');
    expect(calls).toBe(1);
    const expected = synthetic({ seed: 3, bars: 5000, timeframe: '1h' });
    for (const col of COLUMNS) expect(bitsEqual(first.data.bars[col], expected[col])).toBe(true);
    expect((await cachedLoad(a, spec, {}, loader)).layer).toBe('hot');
    const b = await h.open();
    const fromRedis = await cachedLoad(b, spec, {}, loader);
    expect(fromRedis.layer).toBe('redis');
    expect(bitsEqual(fromRedis.data.bars.close, expected.close)).toBe(true);
    expect((await cachedLoad(b, spec, {}, loader)).layer).toBe('hot');
    expect(calls).toBe(1);
    // A different range is a different entry.
    const ranged = await cachedLoad(b, spec, { from: expected.time[10]!, to: expected.time[20]! }, loader);
    expect(ranged.layer).toBe('source');
    expect(ranged.data.bars.time.length).toBe(11);
    expect(calls).toBe(2);
  });
});

describe('cachedLoad (memory mode)', () => {
  const h = harness('memory');

  it('shares one load between concurrent requests and does not cache failures', async () => {
    const cache = await h.open();
    let calls = 0;
    const loader: Loader = async (spec, range) => {
      calls++;
      await sleep(20);
      return defaultLoader(spec, range);
    };
    const all = await Promise.all([1, 2, 3].map(() => cachedLoad(cache, 'synthetic:4:100:1d', {}, loader)));
    expect(calls).toBe(1);
    expect(all.map((r) => r.layer)).toEqual(['source', 'source', 'source']);
    expect((await cachedLoad(cache, 'synthetic:4:100:1d', {}, loader)).layer).toBe('hot');

    let failing = 0;
    const broken: Loader = async () => {
      failing++;
      throw new DataError('not-available', 'no such data');
    };
    await expect(cachedLoad(cache, 'yahoo:AAPL', {}, broken)).rejects.toThrow(/no such data/);
    await expect(cachedLoad(cache, 'yahoo:AAPL', {}, broken)).rejects.toThrow(/no such data/);
    expect(failing).toBe(2);
    await expect(cachedLoad(cache, 'bogus:x')).rejects.toThrow(/unknown data source/);
    await expect(cachedLoad(cache, 'synthetic', { timeframe: '7x' })).rejects.toThrow(/unknown timeframe/);
  });
});

for (const mode of ['redis', 'memory'] as const) {
  describe.skipIf(mode === 'redis' && !redisUp)(`session store and locks (${mode})`, () => {
    const h = harness(mode);

    it('stores, reads, overwrites and deletes JSON values', async () => {
      const cache = await h.open();
      expect(cache.kind).toBe(mode);
      const value = {
        messages: [{ role: 'user', text: 'buy when rsi < 30 ✓' }],
        n: 1.5,
        ok: true,
        none: null,
      };
      await cache.setJson('chat:1', value, 60);
      expect(await cache.getJson('chat:1')).toEqual(value);
      expect(await cache.getJson('chat:2')).toBeNull();
      await cache.setJson('chat:1', [1, 2], 60);
      expect(await cache.getJson('chat:1')).toEqual([1, 2]);
      if (mode === 'redis') expect(await h.admin!.get(kvKey('chat:1', h.ns))).toBe('[1,2]');
      await cache.del('chat:1');
      await cache.del('never-set');
      expect(await cache.getJson('chat:1')).toBeNull();
    });

    it('expires a value after its TTL', async () => {
      const cache = await h.open();
      await cache.setJson('short', 'x', 1);
      expect(await cache.getJson('short')).toBe('x');
      await sleep(1200);
      expect(await cache.getJson('short')).toBeNull();
    });

    it('accepts exactly 1 MB of JSON and rejects more with a clear error', async () => {
      const cache = await h.open();
      const mb = 1024 * 1024;
      await cache.setJson('big', 'x'.repeat(mb - 2), 60); // the quotes make it exactly 1 MB
      expect(((await cache.getJson('big')) as string).length).toBe(mb - 2);
      const err = await cache.setJson('big', 'x'.repeat(mb - 1), 60).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as DataError).code).toBe('too-large');
      expect((err as DataError).message).toMatch(/the value for 'big' is 1\.00 MB as JSON \(at most 1 MB\)/);
      expect((await cache.getJson('big')) as string).toHaveLength(mb - 2);
    });

    it('rejects values JSON cannot hold and bad TTLs', async () => {
      const cache = await h.open();
      const loop: Record<string, unknown> = {};
      loop.self = loop;
      const err = (await cache.setJson('k', loop, 60).catch((e: unknown) => e)) as DataError;
      expect(err.code).toBe('bad-argument');
      expect(err.cause).toBeInstanceOf(TypeError);
      await expect(cache.setJson('k', undefined, 60)).rejects.toThrow(/is undefined, which JSON cannot hold/);
      await expect(cache.setJson('k', 1, 0)).rejects.toThrow(/ttlSeconds must be a number of seconds/);
      await expect(cache.setJson('', 1, 10)).rejects.toThrow(/key must be a non-empty string/);
    });

    it('locks: one holder at a time, only the holder unlocks', async () => {
      const cache = await h.open();
      const t1 = await cache.tryLock('job', 10_000);
      expect(typeof t1).toBe('string');
      expect(await cache.tryLock('job', 10_000)).toBeNull();
      if (mode === 'redis') {
        expect(await h.admin!.get(lockKey('job', h.ns))).toBe(t1);
        const pttl = await h.admin!.pttl(lockKey('job', h.ns));
        expect(pttl).toBeGreaterThan(9000);
        expect(pttl).toBeLessThanOrEqual(10_000);
      }
      // Another process: excluded through Redis; in memory mode locks are per process.
      const other = await h.open();
      const t3 = await other.tryLock('job', 10_000);
      if (mode === 'redis') expect(t3).toBeNull();
      else expect(typeof t3).toBe('string');
      expect(await cache.unlock('job', 'not-the-token')).toBe(false);
      expect(await cache.tryLock('job', 10_000)).toBeNull();
      expect(await cache.unlock('job', t1!)).toBe(true);
      expect(await cache.unlock('job', t1!)).toBe(false);
      const t2 = await cache.tryLock('job', 10_000);
      expect(typeof t2).toBe('string');
      expect(t2).not.toBe(t1);
      await expect(cache.tryLock('job', 0)).rejects.toThrow(/lock ttlMs must be from 1/);
    });

    it('locks expire, and the old token can then not release the new holder', async () => {
      const cache = await h.open();
      const other = mode === 'redis' ? await h.open() : cache;
      const ta = await cache.tryLock('short', 300);
      expect(ta).not.toBeNull();
      expect(await other.tryLock('short', 5000)).toBeNull();
      await sleep(400);
      const tb = await other.tryLock('short', 5000);
      expect(tb).not.toBeNull();
      expect(await cache.unlock('short', ta!)).toBe(false);
      expect(await other.unlock('short', tb!)).toBe(true);
    });
  });
}

describe('createCache without Redis', () => {
  it('says once that it uses the in-process cache, also with REDIS_URL unset', async () => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      const logs: string[] = [];
      const cache = await createCache({ log: (m) => logs.push(m) });
      expect(logs).toEqual(['cache: no REDIS_URL set — using the in-process cache']);
      expect(cache.kind).toBe('memory');
      expect(cache.status()).toMatchObject({ kind: 'memory', configured: 'memory', state: 'memory' });
      await cache.close();
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
  });

  it('reports a malformed URL and carries on in memory', async () => {
    const logs: string[] = [];
    const cache = await createCache({ url: 'localhost:6379', log: (m) => logs.push(m) });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      /REDIS_URL is not a redis:\/\/ or rediss:\/\/ URL \(write e\.g\. redis:\/\/127\.0\.0\.1:6379\)/,
    );
    expect(cache.kind).toBe('memory');
    await cache.close();
    await expect(createCache({ url: '', namespace: 'a:b' })).rejects.toThrow(/namespace 'a:b' must be/);
    await expect(createCache({ url: '', timeoutMs: 0 })).rejects.toThrow(/timeoutMs must be from 1/);
  });
});
