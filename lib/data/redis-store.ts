// The cache's operations against Redis. Each returns an Outcome: !ok means Redis could not serve it
// (the link has already logged and switched to the in-process store); callers then use that store.
import type { Redis } from 'ioredis';
import { type BarsMeta, type CachedBars, COLUMNS, decodeBars, decodeMeta } from './cache-codec';
import type { Outcome, RedisLink } from './redis-link';

/** Largest string value read back from the session store (values are checked at 1 MB when written). */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;

// Compare-and-delete: only the holder of the token may release the lock.
const UNLOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

// Compare-and-extend: the holder keeps its lock; a lock the caller holds locally (`ARGV[3] == '1'`) that
// Redis no longer has (expired, or granted during an outage) is set again unless another token has it.
const EXTEND = `local v = redis.call('get', KEYS[1])
if v == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
if (not v) and ARGV[3] == '1' then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

/** Throws the first error inside a MULTI's replies (ioredis resolves exec() with per-command errors). */
async function execAll(multi: ReturnType<Redis['multi']>): Promise<void> {
  const replies = await multi.exec();
  if (replies === null) throw new Error('transaction aborted');
  for (const [err] of replies) if (err) throw err;
}

export interface StoredBars {
  readonly value: CachedBars;
  /** Epoch ms the entry expires. */
  readonly expiresAt: number;
}

/** Reads a series: the small meta first (it says how many bytes to expect), then the columns. */
export async function redisGetBars(link: RedisLink, key: string): Promise<Outcome<StoredBars | null>> {
  const meta = await link.run((c) => c.hgetBuffer(key, 'meta'));
  if (!meta.ok) return meta;
  const m: BarsMeta | null = decodeMeta(meta.value);
  if (m === null) return { ok: true, value: null };
  const cols = await link.run((c) => c.hmgetBuffer(key, ...COLUMNS), m.n * 8 * COLUMNS.length);
  if (!cols.ok) return cols;
  // Replaced between the two reads (lengths disagree) or damaged: a miss.
  const value = decodeBars(m, cols.value);
  return { ok: true, value: value === null ? null : { value, expiresAt: m.expiresAt } };
}

/** Writes a series atomically (old fields removed, new ones and the TTL set in one transaction). */
export function redisSetBars(
  link: RedisLink,
  key: string,
  fields: Record<string, Buffer | string>,
  ttlSeconds: number,
  bytes: number,
): Promise<Outcome<void>> {
  return link.run((c) => execAll(c.multi().del(key).hset(key, fields).expire(key, ttlSeconds)), bytes);
}

export async function redisGetText(link: RedisLink, key: string): Promise<Outcome<string | null>> {
  const r = await link.run((c) => c.getBuffer(key));
  if (!r.ok) return r;
  // Not written by setJson (too large): treat as absent rather than load it.
  if (r.value === null || r.value.length > MAX_TEXT_BYTES) return { ok: true, value: null };
  return { ok: true, value: r.value.toString('utf8') };
}

export async function redisSetText(
  link: RedisLink,
  key: string,
  text: string,
  ttlSeconds: number,
): Promise<Outcome<void>> {
  const r = await link.run((c) => c.set(key, text, 'EX', ttlSeconds), text.length * 3);
  return r.ok ? { ok: true, value: undefined } : r;
}

export async function redisDel(link: RedisLink, key: string): Promise<Outcome<boolean>> {
  const r = await link.run((c) => c.del(key));
  return r.ok ? { ok: true, value: r.value > 0 } : r;
}

/** SET NX PX: true when this token now holds the lock. */
export async function redisTryLock(
  link: RedisLink,
  key: string,
  token: string,
  ttlMs: number,
): Promise<Outcome<boolean>> {
  const r = await link.run((c) => c.set(key, token, 'PX', ttlMs, 'NX'));
  return r.ok ? { ok: true, value: r.value === 'OK' } : r;
}

/** Deletes the lock only if `token` holds it; true when it did. */
export async function redisUnlock(link: RedisLink, key: string, token: string): Promise<Outcome<boolean>> {
  const r = await link.run((c) => c.eval(UNLOCK, 1, key, token) as Promise<number>);
  return r.ok ? { ok: true, value: r.value === 1 } : r;
}

/** Extends the lock if `token` holds it (or sets it again if absent and `ours`); true when it holds it. */
export async function redisExtendLock(
  link: RedisLink,
  key: string,
  token: string,
  ttlMs: number,
  ours: boolean,
): Promise<Outcome<boolean>> {
  const r = await link.run(
    (c) => c.eval(EXTEND, 1, key, token, String(ttlMs), ours ? '1' : '0') as Promise<number>,
  );
  return r.ok ? { ok: true, value: r.value === 1 } : r;
}
