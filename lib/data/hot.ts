// The hot layer: an in-process LRU bounded by bytes, so the open workspace's bars are served from
// memory (a slider move touches neither network nor disk). Also used, with its own budget, for the
// in-process session store when Redis is not available.

export const DEFAULT_HOT_MB = 512;
/** Refuse absurd budgets from the environment (a typo like 5120000). */
const MAX_HOT_MB = 1024 * 1024;

export interface LruStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

interface Entry<V> {
  readonly value: V;
  readonly bytes: number;
  /** Epoch ms after which the entry is gone; Infinity for none. */
  readonly expiresAt: number;
}

/**
 * LRU over a Map (insertion order = recency order). Values are stored by reference, not copied: callers
 * must treat what they get back as read-only. A value larger than the whole budget is not stored.
 */
export class ByteLru<V> {
  private readonly map = new Map<string, Entry<V>>();
  private used = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(
    readonly maxBytes: number,
    private readonly maxEntries = Number.POSITIVE_INFINITY,
    private readonly clock: () => number = Date.now,
  ) {
    if (!(maxBytes >= 0)) throw new RangeError(`ByteLru: maxBytes must be ≥ 0, got ${maxBytes}`);
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) {
      this.misses++;
      return undefined;
    }
    if (e.expiresAt <= this.clock()) {
      this.remove(key, e);
      this.misses++;
      return undefined;
    }
    // Re-insert to mark it most recently used.
    this.map.delete(key);
    this.map.set(key, e);
    this.hits++;
    return e.value;
  }

  /** Stores a value of `bytes` bytes for ttlMs (default: no expiry). False when it cannot fit at all. */
  set(key: string, value: V, bytes: number, ttlMs?: number): boolean {
    const old = this.map.get(key);
    if (old !== undefined) this.remove(key, old);
    if (!(bytes >= 0) || bytes > this.maxBytes || (ttlMs !== undefined && !(ttlMs > 0))) return false;
    const expiresAt = ttlMs === undefined ? Number.POSITIVE_INFINITY : this.clock() + ttlMs;
    while (this.map.size > 0 && (this.used + bytes > this.maxBytes || this.map.size >= this.maxEntries)) {
      const oldest = this.map.keys().next().value as string;
      this.remove(oldest, this.map.get(oldest)!);
      this.evictions++;
    }
    this.map.set(key, { value, bytes, expiresAt });
    this.used += bytes;
    return true;
  }

  /** Milliseconds the entry has left (Infinity without expiry), or undefined when absent/expired. */
  ttlMs(key: string): number | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    const left = e.expiresAt - this.clock();
    return left > 0 ? left : undefined;
  }

  has(key: string): boolean {
    return this.ttlMs(key) !== undefined;
  }

  delete(key: string): boolean {
    const e = this.map.get(key);
    if (e === undefined) return false;
    this.remove(key, e);
    return true;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }

  stats(): LruStats {
    return {
      entries: this.map.size,
      bytes: this.used,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
    };
  }

  private remove(key: string, e: Entry<V>): void {
    this.map.delete(key);
    this.used -= e.bytes;
  }
}

/**
 * The hot layer's budget in bytes from BACKTALK_HOT_MB (megabytes; 0 disables the layer). A value that
 * is not a number is reported through `log` and the default (512 MB) is used, so a typo in the
 * environment does not stop the app.
 */
export function hotBytesFromEnv(
  env: Record<string, string | undefined> = process.env,
  log: (msg: string) => void = () => {},
): number {
  const raw = env.BACKTALK_HOT_MB;
  if (raw === undefined || raw.trim() === '') return DEFAULT_HOT_MB * 1024 * 1024;
  const mb = /^\d{1,9}(\.\d{1,6})?$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!(mb >= 0 && mb <= MAX_HOT_MB)) {
    log(
      `cache: BACKTALK_HOT_MB='${raw.slice(0, 40)}' is not a number of megabytes from 0 to ${MAX_HOT_MB}; using ${DEFAULT_HOT_MB}`,
    );
    return DEFAULT_HOT_MB * 1024 * 1024;
  }
  return Math.floor(mb * 1024 * 1024);
}
