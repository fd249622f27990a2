// The connection to Redis and its health. Configured to fail fast: no offline queue (a command while
// disconnected fails at once), every command bounded by a timeout, reconnects in the background with
// capped exponential backoff. Transitions are logged once each ("unreachable" / "back"); ioredis 'error'
// events are always handled (recorded for status()), so none is ever unhandled.
import { Redis } from 'ioredis';

export type LinkState = 'connecting' | 'up' | 'down' | 'closed';

export interface RedisLinkOptions {
  readonly url: string;
  readonly log: (msg: string) => void;
  /** Bound on a small command, ms; large transfers get more in proportion to their size. */
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Cap of the reconnect backoff, ms. */
  readonly maxBackoffMs: number;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };
const FAILED: Outcome<never> = { ok: false };
/** Assumed worst-case throughput for sizing timeouts of large transfers: 20 MB/s = 20,000 bytes per ms. */
const BYTES_PER_MS = 20_000;
const TIMED_OUT = Symbol('timed out');
const REPLY_LOG_EVERY_MS = 60_000;

/** 'host:port' of a redis:// or rediss:// URL (never its credentials); null when it is not one. */
export function redisTarget(url: string): string | null {
  if (typeof url !== 'string' || url.length > 2048 || !URL.canParse(url)) return null;
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return null;
  return `${u.hostname || '127.0.0.1'}:${u.port || '6379'}`;
}

// ioredis's wordings for "the connection went away underneath a command", which say nothing to a user.
const LOST =
  /Stream isn't writeable|Connection is closed|aborted due to connection close|max retries per request/i;

function describe(err: unknown): string {
  const e = err as { message?: unknown } | null;
  const msg = typeof e?.message === 'string' && e.message !== '' ? e.message : String(err);
  if (LOST.test(msg)) return 'connection lost';
  return msg.length > 200 ? `${msg.slice(0, 200)}…` : msg;
}

export class RedisLink {
  readonly target: string;
  private stateNow: LinkState = 'connecting';
  private sinceNow = Date.now();
  private lastErrorNow: string | undefined;
  private lastReplyLog = 0;
  private readonly client: Redis;
  private readonly upListeners: (() => void)[] = [];

  constructor(private readonly opts: RedisLinkOptions) {
    this.target = redisTarget(opts.url) ?? 'the configured address';
    this.client = new Redis(opts.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      // 0: commands in flight when the connection drops are rejected at once, not kept for a retry.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      connectTimeout: opts.connectTimeoutMs,
      // A server that stops answering is cut off after this long rather than waited for.
      disconnectTimeout: opts.timeoutMs,
      retryStrategy: (times) => Math.min(opts.maxBackoffMs, 100 * 2 ** Math.min(times - 1, 20)),
      reconnectOnError: () => false,
      disableClientInfo: true,
    });
    this.client.on('error', (err: unknown) => {
      this.lastErrorNow = describe(err);
    });
    this.client.on('ready', () => this.markUp());
    this.client.on('close', () => this.markDown(this.lastErrorNow ?? 'connection closed'));
  }

  get state(): LinkState {
    return this.stateNow;
  }

  /** Epoch ms of the last state change. */
  get since(): number {
    return this.sinceNow;
  }

  get lastError(): string | undefined {
    return this.lastErrorNow;
  }

  /** Calls `fn` each time Redis answers again after being unreachable (and when it first connects). */
  onUp(fn: () => void): void {
    this.upListeners.push(fn);
  }

  /** Connects and waits (at most waitMs) for the first answer; if none, the link starts out down. */
  async start(waitMs: number): Promise<void> {
    this.client.connect().catch(() => {
      // The failure arrives as 'error'/'close' events too; reconnecting continues in the background.
    });
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.client.off('ready', done);
        this.client.off('close', done);
        resolve();
      };
      this.client.on('ready', done);
      this.client.on('close', done);
      timer = setTimeout(done, waitMs);
    });
    clearTimeout(timer);
    if (this.stateNow === 'connecting') this.markDown(`no answer within ${waitMs} ms`);
  }

  /**
   * Runs one operation against Redis, bounded by the timeout (plus time for `bytes` of payload). Never
   * throws: a failure marks the link down (unless Redis itself refused the command) and reports !ok,
   * so the caller serves the request from the in-process store instead.
   */
  async run<T>(op: (client: Redis) => Promise<T>, bytes = 0): Promise<Outcome<T>> {
    if (this.stateNow !== 'up') return FAILED;
    const limit = Math.ceil(this.opts.timeoutMs + bytes / BYTES_PER_MS);
    let timer: NodeJS.Timeout | undefined;
    let pending: Promise<T>;
    try {
      pending = op(this.client);
    } catch (err) {
      this.failed(err);
      return FAILED;
    }
    // After a timeout the command may still fail later; that failure has already been dealt with.
    pending.catch(() => {});
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), limit);
    });
    try {
      const value = await Promise.race([pending, timeout]);
      if (value === TIMED_OUT) {
        this.markDown(`no reply within ${limit} ms`);
        // Drop the connection: replies still owed on it would arrive out of step. ioredis reconnects.
        this.client.disconnect(true);
        return FAILED;
      }
      return { ok: true, value };
    } catch (err) {
      this.failed(err);
      return FAILED;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Quits cleanly (bounded), then drops the connection if it did not go; no timers are left behind. */
  async close(): Promise<void> {
    if (this.stateNow === 'closed') return;
    this.stateNow = 'closed';
    this.sinceNow = Date.now();
    if (this.client.status === 'ready') {
      let timer: NodeJS.Timeout | undefined;
      const quit = this.client.quit().then(
        () => true,
        () => false,
      );
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), this.opts.timeoutMs);
      });
      const ok = await Promise.race([quit, late]);
      clearTimeout(timer);
      if (ok) return;
    }
    if (this.client.status !== 'end') this.client.disconnect();
  }

  private failed(err: unknown): void {
    // A ReplyError is Redis answering "no" (OOM, WRONGTYPE…): the server is there, so stay up, and say
    // so at most once a minute rather than on every call.
    if ((err as { name?: unknown } | null)?.name === 'ReplyError') {
      const now = Date.now();
      this.lastErrorNow = describe(err);
      if (now - this.lastReplyLog >= REPLY_LOG_EVERY_MS) {
        this.lastReplyLog = now;
        this.opts.log(
          `cache: Redis at ${this.target} refused a command (${describe(err)}); serving it from the in-process cache`,
        );
      }
      return;
    }
    this.markDown(describe(err));
  }

  private markDown(reason: string): void {
    if (this.stateNow === 'down' || this.stateNow === 'closed') return;
    this.stateNow = 'down';
    this.sinceNow = Date.now();
    this.lastErrorNow = reason;
    this.opts.log(
      `cache: Redis at ${this.target} is unreachable (${reason}); using the in-process cache until it returns`,
    );
  }

  private markUp(): void {
    if (this.stateNow === 'up' || this.stateNow === 'closed') return;
    const was = this.stateNow;
    this.stateNow = 'up';
    this.sinceNow = Date.now();
    this.lastErrorNow = undefined;
    this.opts.log(
      was === 'down' ? `cache: Redis at ${this.target} is back` : `cache: using Redis at ${this.target}`,
    );
    for (const fn of this.upListeners) fn();
  }
}
