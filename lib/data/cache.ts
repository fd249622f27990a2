// The cache: bars (hot in-process LRU in front of Redis), a small JSON session store and locks.
// Without REDIS_URL everything lives in this process. With it, Redis is used while it answers; when it
// does not, every operation quietly falls back to the in-process store (one log line), and Redis is used
// again once it is back. Nothing throws or hangs because Redis is down; bad arguments still throw.
import { randomUUID } from 'node:crypto';
import { type BarsInput, barsBytes, type CachedBars, encodeBars, toCached } from './cache-codec';
import {
  type BarsKey,
  barsKey,
  checkNamespace,
  checkPart,
  checkTtlSeconds,
  DEFAULT_NAMESPACE,
  kvKey,
  lockKey,
  timeframeMs,
  ttlFor,
} from './cache-key';
import { TieredLocks } from './cache-locks';
import { MemoryKv } from './cache-memory';
import { DataError } from './errors';
import { ByteLru, hotBytesFromEnv, type LruStats } from './hot';
import { type LinkState, RedisLink, redisTarget } from './redis-link';
import { redisDel, redisGetBars, redisGetText, redisSetBars, redisSetText } from './redis-store';

export type CacheKind = 'redis' | 'memory';
/** Where a series came from: the in-process hot layer, Redis, or (cachedLoad only) its source. */
export type CacheLayer = 'hot' | 'redis' | 'source';

/** Session-store values are at most this many bytes of JSON. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** Locks last at most a week. */
export const MAX_LOCK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

export interface CacheOptions {
  /** redis:// or rediss:// URL; default process.env.REDIS_URL. Unset or '' → the in-process cache. */
  readonly url?: string;
  /** Where state changes are reported (one line each); default console.log. */
  readonly log?: (msg: string) => void;
  /** Key prefix, default 'bt' (keys look like bt:v1:bars:…). */
  readonly namespace?: string;
  /** Hot-layer budget in bytes; default BACKTALK_HOT_MB (megabytes) or 512 MB. 0 disables it. */
  readonly hotBytes?: number;
  /** Bound on one Redis command, ms (large transfers get more in proportion); default 1000. */
  readonly timeoutMs?: number;
  /** Bound on connecting, ms; also how long createCache waits for Redis; default 1000. */
  readonly connectTimeoutMs?: number;
  /** Cap of the reconnect backoff, ms; default 5000. */
  readonly maxBackoffMs?: number;
}

export interface CacheStatus {
  /** What serves requests now. */
  readonly kind: CacheKind;
  /** What was configured: 'redis' when a URL was given. */
  readonly configured: CacheKind;
  /** 'host:port' of Redis (never credentials), when configured. */
  readonly target?: string;
  /** Connection state; 'memory' when no Redis is configured. */
  readonly state: LinkState | 'memory';
  /** Epoch ms of the last state change. */
  readonly since: number;
  readonly lastError?: string;
  /** One line for the UI. */
  readonly message: string;
  readonly hot: LruStats;
}

export interface BarsHit {
  readonly value: CachedBars;
  readonly layer: Exclude<CacheLayer, 'source'>;
}

export interface BarsCache {
  /** The cached series for `key`, or null. */
  get(key: BarsKey): Promise<CachedBars | null>;
  /**
   * Caches a loaded series (hot layer and Redis) and returns the cached form. The TTL defaults to
   * ttlFor(bar length, key.to, now): a week for a range that has ended, about one bar otherwise.
   */
  set(key: BarsKey, loaded: BarsInput, ttlSeconds?: number): Promise<CachedBars>;
}

export interface Cache extends BarsCache {
  /** 'redis' while Redis serves requests, 'memory' otherwise (none configured, or unreachable). */
  readonly kind: CacheKind;
  status(): CacheStatus;
  /** Like get, saying which layer served it. */
  lookup(key: BarsKey): Promise<BarsHit | null>;
  /** Session store: a JSON value, or null when absent/expired. */
  getJson<T = unknown>(key: string): Promise<T | null>;
  /** Stores a JSON value (at most MAX_JSON_BYTES) for ttlSeconds. */
  setJson(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  /**
   * A token if the lock `name` was free (it is then held for ttlMs, until unlock, or as long as
   * extendLock renews it), else null. `owner` (letters, digits, '.', '_', ':', '-'; at most 80) starts
   * the token, so whoever finds the lock held can tell whose it is (lockHolder). With Redis the lock
   * excludes every process using that Redis; in memory mode (and while Redis is unreachable) only
   * callers in this process.
   */
  tryLock(name: string, ttlMs: number, owner?: string): Promise<string | null>;
  /** Keeps a held lock for another ttlMs (a heartbeat); false if `token` no longer holds it. */
  extendLock(name: string, token: string, ttlMs: number): Promise<boolean>;
  /** The token holding the lock `name` now, or null. */
  lockHolder(name: string): Promise<string | null>;
  /**
   * Releases the lock if `token` holds it; false otherwise (wrong token, expired). A release Redis
   * does not answer is replayed once it is back.
   */
  unlock(name: string, token: string): Promise<boolean>;
  /** Disconnects from Redis and empties the in-process layers. Later calls use the in-process store. */
  close(): Promise<void>;
}

function bad(message: string, hint: string): DataError {
  return new DataError('bad-argument', `cache: ${message}`, { hint });
}

const OWNER = /^[A-Za-z0-9._:-]{1,80}$/;

function checkLockMs(ttlMs: number): number {
  if (typeof ttlMs !== 'number' || !(ttlMs >= 1 && ttlMs <= MAX_LOCK_MS)) {
    throw bad(
      `lock ttlMs must be from 1 to ${MAX_LOCK_MS} ms, got ${String(ttlMs)}`,
      'pass e.g. 60000 for a minute',
    );
  }
  return Math.ceil(ttlMs);
}

function checkMs(what: string, v: number | undefined, dflt: number, max: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v >= 1 && v <= max)) {
    throw bad(`${what} must be from 1 to ${max} ms, got ${String(v)}`, `leave it out for ${dflt}`);
  }
  return v;
}

class TieredCache implements Cache {
  readonly hot: ByteLru<CachedBars>;
  private readonly kv = new MemoryKv();
  private readonly locks: TieredLocks;
  private readonly createdAt = Date.now();

  constructor(
    private readonly ns: string,
    hotBytes: number,
    private readonly link: RedisLink | null,
    private readonly log: (msg: string) => void,
    private readonly memoryReason = 'no REDIS_URL set',
  ) {
    this.hot = new ByteLru<CachedBars>(hotBytes);
    this.locks = new TieredLocks(link);
  }

  get kind(): CacheKind {
    return this.link?.state === 'up' ? 'redis' : 'memory';
  }

  status(): CacheStatus {
    const hot = this.hot.stats();
    const link = this.link;
    if (link === null) {
      return {
        kind: 'memory',
        configured: 'memory',
        state: 'memory',
        since: this.createdAt,
        message: `in-process cache (${this.memoryReason})`,
        hot,
      };
    }
    const state = link.state;
    const messages: Record<LinkState, string> = {
      up: `Redis at ${link.target}`,
      connecting: `connecting to Redis at ${link.target}; using the in-process cache meanwhile`,
      down: `Redis at ${link.target} is unreachable (${link.lastError ?? 'no answer'}); using the in-process cache`,
      closed: 'cache closed',
    };
    return {
      kind: this.kind,
      configured: 'redis',
      target: link.target,
      state,
      since: link.since,
      ...(link.lastError === undefined ? {} : { lastError: link.lastError }),
      message: messages[state],
      hot,
    };
  }

  async lookup(key: BarsKey): Promise<BarsHit | null> {
    const k = barsKey(key, this.ns);
    const hit = this.hot.get(k);
    if (hit !== undefined) return { value: hit, layer: 'hot' };
    if (this.link === null) return null;
    const r = await redisGetBars(this.link, k);
    if (!r.ok || r.value === null) return null;
    const left = r.value.expiresAt - Date.now();
    if (left > 0) this.hot.set(k, r.value.value, barsBytes(r.value.value), left);
    return { value: r.value.value, layer: 'redis' };
  }

  async get(key: BarsKey): Promise<CachedBars | null> {
    return (await this.lookup(key))?.value ?? null;
  }

  async set(key: BarsKey, loaded: BarsInput, ttlSeconds?: number): Promise<CachedBars> {
    const k = barsKey(key, this.ns);
    const now = Date.now();
    const value = toCached(loaded, now);
    const ttl =
      ttlSeconds === undefined
        ? ttlFor(timeframeMs(value.timeframe) ?? timeframeMs(key.timeframe) ?? DAY_MS, key.to, now)
        : checkTtlSeconds(ttlSeconds);
    const bytes = barsBytes(value);
    // The hot layer is also the in-process store for bars: it is all there is without Redis.
    this.hot.set(k, value, bytes, ttl * 1000);
    if (this.link !== null) await redisSetBars(this.link, k, encodeBars(value, now + ttl * 1000), ttl, bytes);
    return value;
  }

  async getJson<T = unknown>(key: string): Promise<T | null> {
    const k = kvKey(key, this.ns);
    // A copy here was written while Redis was unreachable and is this process's newest value.
    let text = this.kv.get(k);
    if (text === null && this.link !== null) {
      const r = await redisGetText(this.link, k);
      if (r.ok) text = r.value;
    }
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      this.log(
        `cache: the value under '${key.slice(0, 60)}' is not JSON (${(err as Error).message}); ignoring it`,
      );
      return null;
    }
  }

  async setJson(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const k = kvKey(key, this.ns);
    const ttl = checkTtlSeconds(ttlSeconds);
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (err) {
      throw new DataError(
        'bad-argument',
        `cache: the value for '${key.slice(0, 60)}' cannot be stored as JSON`,
        {
          cause: err,
          hint: 'store plain data (objects, arrays, strings, numbers, booleans, null) without cycles or BigInts',
        },
      );
    }
    if (text === undefined) {
      throw bad(
        `the value for '${key.slice(0, 60)}' is ${typeof value}, which JSON cannot hold`,
        'use del() to remove a key',
      );
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_JSON_BYTES) {
      throw new DataError(
        'too-large',
        `cache: the value for '${key.slice(0, 60)}' is ${(bytes / 1048576).toFixed(2)} MB as JSON (at most 1 MB)`,
        { hint: 'store less (e.g. only the recent messages) or split it over several keys' },
      );
    }
    if (this.link !== null && (await redisSetText(this.link, k, text, ttl)).ok) {
      this.kv.del(k);
      return;
    }
    this.kv.set(k, text, ttl * 1000);
  }

  async del(key: string): Promise<void> {
    const k = kvKey(key, this.ns);
    this.kv.del(k);
    if (this.link !== null) await redisDel(this.link, k);
  }

  async tryLock(name: string, ttlMs: number, owner?: string): Promise<string | null> {
    const k = lockKey(name, this.ns);
    const ms = checkLockMs(ttlMs);
    if (owner !== undefined && (typeof owner !== 'string' || !OWNER.test(owner)))
      throw bad(
        `lock owner must be 1 to 80 letters, digits, '.', '_', ':' or '-', got ${String(owner).slice(0, 40)}`,
        'e.g. host:pid',
      );
    const token = owner === undefined ? randomUUID() : `${owner}/${randomUUID()}`;
    return (await this.locks.tryLock(k, token, ms)) ? token : null;
  }

  async extendLock(name: string, token: string, ttlMs: number): Promise<boolean> {
    const k = lockKey(name, this.ns);
    checkPart('lock token', token, 128);
    return this.locks.extend(k, token, checkLockMs(ttlMs));
  }

  lockHolder(name: string): Promise<string | null> {
    return this.locks.holder(lockKey(name, this.ns));
  }

  async unlock(name: string, token: string): Promise<boolean> {
    const k = lockKey(name, this.ns);
    checkPart('lock token', token, 128);
    return this.locks.release(k, token);
  }

  async close(): Promise<void> {
    await this.link?.close();
    this.hot.clear();
    this.kv.clear();
    this.locks.clear();
  }
}

/**
 * The cache for this process. Without a URL (option or REDIS_URL) it is in-process and says so once;
 * with one it waits up to connectTimeoutMs for Redis and, if Redis is not there, starts on the
 * in-process store and switches to Redis when it appears. Create one per process and close() it.
 */
export async function createCache(opts: CacheOptions = {}): Promise<Cache> {
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const ns = checkNamespace(opts.namespace ?? DEFAULT_NAMESPACE);
  const hotBytes = opts.hotBytes ?? hotBytesFromEnv(process.env, log);
  if (typeof hotBytes !== 'number' || !(hotBytes >= 0) || !Number.isFinite(hotBytes)) {
    throw bad(`hotBytes must be a number of bytes ≥ 0, got ${String(hotBytes)}`, 'leave it out for 512 MB');
  }
  const timeoutMs = checkMs('timeoutMs', opts.timeoutMs, 1000, 60_000);
  const connectTimeoutMs = checkMs('connectTimeoutMs', opts.connectTimeoutMs, 1000, 60_000);
  const maxBackoffMs = checkMs('maxBackoffMs', opts.maxBackoffMs, 5000, 300_000);
  const url = (opts.url ?? process.env.REDIS_URL ?? '').trim();
  if (url === '') {
    log('cache: no REDIS_URL set — using the in-process cache');
    return new TieredCache(ns, hotBytes, null, log);
  }
  if (redisTarget(url) === null) {
    // A typo in the environment should not stop the app; say what is wrong and carry on in memory.
    log(
      `cache: REDIS_URL is not a redis:// or rediss:// URL (write e.g. redis://127.0.0.1:6379) — using the in-process cache`,
    );
    return new TieredCache(ns, hotBytes, null, log, 'REDIS_URL is not a redis:// URL');
  }
  const link = new RedisLink({ url, log, timeoutMs, connectTimeoutMs, maxBackoffMs });
  await link.start(connectTimeoutMs + 100);
  return new TieredCache(ns, hotBytes, link, log);
}
