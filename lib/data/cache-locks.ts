// Locks over Redis with the in-process table as the fallback while Redis is unreachable. Every lock has
// a TTL and a token; only the token's holder extends or releases it (compare-and-set in Lua). A release
// that cannot reach Redis is remembered and replayed as soon as Redis answers again, so a lock whose run
// ended during an outage (or that Redis applied after its reply timed out) is not left held until its
// TTL runs out.
import { MemoryLocks } from './cache-memory';
import type { RedisLink } from './redis-link';
import { redisExtendLock, redisGetText, redisTryLock, redisUnlock } from './redis-store';

/** Releases kept for replay; beyond this the oldest are dropped (their TTL still ends them). */
const MAX_PENDING = 10_000;

export class TieredLocks {
  private readonly local = new MemoryLocks();
  private readonly pending = new Map<string, { key: string; token: string }>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly link: RedisLink | null) {
    link?.onUp(() => void this.flush());
  }

  /** Number of releases waiting for Redis to come back. */
  get pendingReleases(): number {
    return this.pending.size;
  }

  async tryLock(key: string, token: string, ms: number): Promise<boolean> {
    // Held by this process (granted by Redis or during an outage): no need to ask Redis.
    if (this.local.holder(key) !== undefined) return false;
    if (this.link !== null) {
      await this.flush();
      const r = await redisTryLock(this.link, key, token, ms);
      if (r.ok) {
        // Remember it, so this process keeps honouring it should Redis become unreachable.
        if (r.value) this.local.mirror(key, token, ms);
        return r.value;
      }
      // No answer: the SET may still land once Redis runs again, so releasing it must reach Redis.
    }
    return this.local.tryLock(key, token, ms);
  }

  /**
   * Keeps the lock for another `ms` if `token` still holds it. With Redis, a lock this process holds that
   * Redis lost (expired, or granted here during an outage) is set again unless another token took it.
   */
  async extend(key: string, token: string, ms: number): Promise<boolean> {
    const ours = this.local.holder(key) === token;
    if (this.link !== null) {
      await this.flush();
      const r = await redisExtendLock(this.link, key, token, ms, ours);
      if (r.ok) {
        if (r.value) this.local.mirror(key, token, ms);
        else if (ours) this.local.release(key, token);
        return r.value;
      }
    }
    return ours && this.local.extend(key, token, ms);
  }

  /** The token holding the lock: this process's table first, then Redis. */
  async holder(key: string): Promise<string | null> {
    const mine = this.local.holder(key);
    if (mine !== undefined) return mine;
    if (this.link === null) return null;
    await this.flush();
    const r = await redisGetText(this.link, key);
    return r.ok ? r.value : null;
  }

  async release(key: string, token: string): Promise<boolean> {
    const released = this.local.release(key, token);
    if (this.link === null) return released !== null;
    const r = await redisUnlock(this.link, key, token);
    // Redis is the authority for locks it granted; a lock granted here during an outage is not in it.
    if (r.ok) return r.value || released === 'local';
    this.remember(key, token);
    return released !== null;
  }

  clear(): void {
    this.local.clear();
    this.pending.clear();
  }

  private remember(key: string, token: string): void {
    if (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    this.pending.set(`${key}\n${token}`, { key, token });
  }

  /** Replays the releases Redis missed (compare-and-delete, so replaying is always safe). */
  private flush(): Promise<void> {
    if (this.link === null || this.pending.size === 0 || this.link.state !== 'up') return Promise.resolve();
    this.flushing ??= (async () => {
      try {
        for (const [id, { key, token }] of this.pending) {
          const r = await redisUnlock(this.link!, key, token);
          if (!r.ok) return; // down again: the rest wait for the next return
          this.pending.delete(id);
        }
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }
}
