// The lock a schedule's run holds while it runs. Its token names its owner (host:pid:nonce), its TTL is
// short (a minute) and a heartbeat renews it while the run is alive, so:
// - a process that dies (kill -9, crash) stops renewing and its lock ends within the TTL anyway;
// - on the same host a dead owner is recognised at once (its pid is gone, or our pid with another
//   nonce is an earlier life of a restarted container) and its lock is released when found, so "Run
//   now" right after a restart is not skipped;
// - a run that hangs past maxMs stops renewing, and its lock is let go.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Cache } from '../lib/data/server';

export type LockCache = Pick<Cache, 'tryLock' | 'unlock' | 'extendLock' | 'lockHolder'>;

const HOST =
  hostname()
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 50) || 'host';
const NONCE = randomBytes(4).toString('hex');

/** This process as a lock owner: 'host:pid:nonce'. */
export const OWNER = `${HOST}:${process.pid}:${NONCE}`;

/** When this process started (epoch ms): runs started before it belong to a process that is gone. */
export const PROCESS_STARTED_AT = Math.floor(Date.now() - process.uptime() * 1000);

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when the lock token's owner is known to be gone: same host, and its process no longer runs
 * (or our pid with another nonce). Unknown owners (another host, an old-style token) are not judged:
 * their lock ends with its TTL.
 */
export function ownerGone(token: string, self = OWNER): boolean {
  const m = /^([A-Za-z0-9._-]+):(\d+):([0-9a-f]+)\//.exec(token);
  const me = /^([A-Za-z0-9._-]+):(\d+):([0-9a-f]+)$/.exec(self);
  if (!m || !me || m[1] !== me[1]) return false;
  if (m[2] === me[2]) return m[3] !== me[3];
  return !pidAlive(Number(m[2]));
}

export interface RunLockOptions {
  /** TTL of the lock; the heartbeat renews it every third of it. */
  ttlMs: number;
  /** Longest a run keeps renewing its lock. */
  maxMs: number;
  log: (msg: string) => void;
  /** Called once when the lock is let go or lost while held (a paper run stops then: another may own it). */
  onLost?: () => void;
}

export class RunLock {
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private beating: Promise<void> | null = null;
  private readonly startedAt = Date.now();

  private constructor(
    private readonly cache: LockCache,
    readonly name: string,
    readonly token: string,
    private readonly opts: RunLockOptions,
  ) {
    const every = Math.max(1, Math.floor(opts.ttlMs / 3));
    this.heartbeat = setInterval(() => {
      this.beating ??= this.beat().finally(() => {
        this.beating = null;
      });
    }, every);
    this.heartbeat.unref?.();
  }

  /** The lock, or null when a live owner holds it. A lock held by a dead owner is released first. */
  static async acquire(cache: LockCache, name: string, opts: RunLockOptions): Promise<RunLock | null> {
    let token = await cache.tryLock(name, opts.ttlMs, OWNER);
    if (token === null) {
      const holder = await cache.lockHolder(name);
      if (holder !== null && !ownerGone(holder)) return null;
      // Released meanwhile (holder null), or its owner is gone: release it and try once more.
      if (holder !== null) await RunLock.releaseOrphan(cache, name, opts.log);
      token = await cache.tryLock(name, opts.ttlMs, OWNER);
      if (token === null) return null;
    }
    return new RunLock(cache, name, token, opts);
  }

  /** Releases the lock of a dead owner if one holds `name`; true if it did. */
  static async releaseOrphan(cache: LockCache, name: string, log: (msg: string) => void): Promise<boolean> {
    const holder = await cache.lockHolder(name);
    if (holder === null || !ownerGone(holder) || !(await cache.unlock(name, holder))) return false;
    log(`released ${name}, held by ${holder.split('/')[0]}, a process that is gone`);
    return true;
  }

  private async beat(): Promise<void> {
    if (this.heartbeat === undefined) return;
    if (Date.now() - this.startedAt > this.opts.maxMs) {
      this.stop();
      this.opts.log(`${this.name}: the run has taken over ${this.opts.maxMs} ms; its lock is let go`);
      this.opts.onLost?.();
      return;
    }
    if (!(await this.cache.extendLock(this.name, this.token, this.opts.ttlMs))) {
      this.stop();
      this.opts.log(
        `${this.name}: the lock was lost (it expired and was taken); ${this.opts.onLost ? 'the run stops' : 'the run goes on'}`,
      );
      this.opts.onLost?.();
    }
  }

  private stop(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  async release(): Promise<void> {
    this.stop();
    // A renewal in flight could set the lock again after the release; let it land first.
    await this.beating;
    await this.cache.unlock(this.name, this.token);
  }
}
