// The in-process session store and locks: the whole store without Redis, and the fallback while Redis
// is unreachable. Bounded like everything else (bytes and entries), with the same TTL semantics.
import { ByteLru } from './hot';

export const MEMORY_KV_BYTES = 64 * 1024 * 1024;
export const MEMORY_KV_ENTRIES = 100_000;
export const MEMORY_MAX_LOCKS = 100_000;

/** String values with a TTL; the least recently used go first when the budget is full. */
export class MemoryKv {
  private readonly lru: ByteLru<string>;

  constructor(maxBytes = MEMORY_KV_BYTES, maxEntries = MEMORY_KV_ENTRIES, clock: () => number = Date.now) {
    this.lru = new ByteLru<string>(maxBytes, maxEntries, clock);
  }

  get(key: string): string | null {
    return this.lru.get(key) ?? null;
  }

  set(key: string, text: string, ttlMs: number): void {
    // A JS string costs about two bytes per character, plus the key.
    this.lru.set(key, text, 2 * (text.length + key.length) + 64, ttlMs);
  }

  del(key: string): boolean {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  get size(): number {
    return this.lru.stats().entries;
  }
}

interface Held {
  readonly token: string;
  readonly expiresAt: number;
  /** Granted by Redis and recorded here, rather than granted by this table. */
  readonly mirrored: boolean;
}

/** Which table granted a released lock. */
export type Released = 'local' | 'mirrored' | null;

/**
 * Process-local locks with the semantics of SET NX PX and compare-and-delete. They exclude only callers
 * in this process: two processes without a shared Redis can both hold "the same" lock.
 */
export class MemoryLocks {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly maxLocks = MEMORY_MAX_LOCKS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The token holding `key`, if the lock is live. */
  holder(key: string): string | undefined {
    const h = this.held.get(key);
    if (h === undefined) return undefined;
    if (h.expiresAt <= this.clock()) {
      this.held.delete(key);
      return undefined;
    }
    return h.token;
  }

  tryLock(key: string, token: string, ttlMs: number): boolean {
    if (this.holder(key) !== undefined) return false;
    if (this.held.size >= this.maxLocks) this.purge();
    // Too many live locks to track: refusing is safe, granting untracked would not be.
    if (this.held.size >= this.maxLocks) return false;
    this.held.set(key, { token, expiresAt: this.clock() + ttlMs, mirrored: false });
    return true;
  }

  /** Records a lock granted elsewhere (by Redis), so this process keeps honouring it during an outage. */
  mirror(key: string, token: string, ttlMs: number): void {
    if (this.held.size >= this.maxLocks) this.purge();
    if (this.held.size < this.maxLocks)
      this.held.set(key, { token, expiresAt: this.clock() + ttlMs, mirrored: true });
  }

  /** Keeps the lock `token` holds for another ttlMs; false if it does not hold it (any more). */
  extend(key: string, token: string, ttlMs: number): boolean {
    if (this.holder(key) !== token) return false;
    const h = this.held.get(key)!;
    this.held.set(key, { ...h, expiresAt: this.clock() + ttlMs });
    return true;
  }

  /** Releases the lock if `token` holds it, saying whether it was granted here or mirrored from Redis. */
  release(key: string, token: string): Released {
    if (this.holder(key) !== token) return null;
    const h = this.held.get(key)!;
    this.held.delete(key);
    return h.mirrored ? 'mirrored' : 'local';
  }

  clear(): void {
    this.held.clear();
  }

  private purge(): void {
    const now = this.clock();
    for (const [k, h] of this.held) if (h.expiresAt <= now) this.held.delete(k);
  }
}
