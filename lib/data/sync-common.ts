// Pieces shared by the remote sources (Yahoo, ccxt) and the sync: the fetched-bars shape, bounded
// retries with exponential backoff, did-you-mean suggestions, and a column builder for bars.
import type { Bars } from '../engine';
import { type CsvIssue, DataError } from './errors';
import { formatTime } from './scan';

/** Bars fetched from a remote source, with the row problems found on the way (as data). */
export interface FetchedBars {
  readonly bars: Bars;
  readonly issues: readonly CsvIssue[];
}

export interface RetryOptions {
  /** Total tries including the first; default 4. */
  readonly attempts?: number;
  /** Delay before the first retry, doubled each time; default 500 ms. */
  readonly baseDelayMs?: number;
  /** Cap of one delay; default 8000 ms. */
  readonly maxDelayMs?: number;
  /** Injectable for tests; default a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_ATTEMPTS = 4;
const MAX_ATTEMPTS = 10;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delay before retry number `retry` (1-based): base·2^(retry-1), capped. */
export function backoffMs(retry: number, opts: RetryOptions = {}): number {
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 8000;
  return Math.min(cap, base * 2 ** (retry - 1));
}

/**
 * Runs `fn` until it succeeds, retrying only errors `retryable` accepts, at most `attempts` times in
 * all. The last error is rethrown as is (the caller turns it into a DataError it can explain).
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  retryable: (err: unknown) => boolean,
  opts: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, Math.min(MAX_ATTEMPTS, Math.floor(opts.attempts ?? DEFAULT_ATTEMPTS)));
  const sleep = opts.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || !retryable(err)) throw err;
      await sleep(backoffMs(attempt, opts));
    }
  }
}

/** Number of tries `withRetry` makes with these options. */
export function attemptsOf(opts: RetryOptions = {}): number {
  return Math.max(1, Math.min(MAX_ATTEMPTS, Math.floor(opts.attempts ?? DEFAULT_ATTEMPTS)));
}

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * Up to `max` candidates close to `input`: first those equal after dropping case and punctuation
 * ('BTCUSDT' → 'BTC/USDT'), then those within a small edit distance, nearest first.
 */
export function suggest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const want = squash(input.slice(0, 64));
  const exact: string[] = [];
  const near: { c: string; d: number }[] = [];
  const limit = Math.max(1, Math.min(3, Math.floor(want.length / 3)));
  for (const c of candidates) {
    const s = squash(c);
    if (s === want) exact.push(c);
    else if (Math.abs(s.length - want.length) <= limit) {
      const d = editDistance(s, want);
      if (d <= limit) near.push({ c, d });
    }
  }
  exact.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  near.sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1));
  return [...exact, ...near.map((n) => n.c)].slice(0, max);
}

/** "did you mean 'X' or 'Y'?" or '' when there is nothing to suggest. */
export function didYouMean(options: readonly string[]): string {
  if (options.length === 0) return '';
  const quoted = options.map((o) => `'${o}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return `did you mean ${list}?`;
}

/**
 * Collects bars in time order, keeping the later of two rows with the same time and dropping rows
 * that go back in time; counts both so the caller can report them.
 */
export class BarsBuilder {
  private t: number[] = [];
  private o: number[] = [];
  private h: number[] = [];
  private l: number[] = [];
  private c: number[] = [];
  private v: number[] = [];
  /** Rows replaced by a later row with the same time. */
  duplicates = 0;
  /** Rows dropped because their time was before the previous row's. */
  unordered = 0;

  get length(): number {
    return this.t.length;
  }

  get lastTime(): number {
    return this.t.length === 0 ? Number.NEGATIVE_INFINITY : this.t[this.t.length - 1]!;
  }

  push(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    const n = this.t.length;
    if (n > 0) {
      const last = this.t[n - 1]!;
      if (time < last) {
        this.unordered++;
        return;
      }
      if (time === last) {
        this.duplicates++;
        this.o[n - 1] = open;
        this.h[n - 1] = high;
        this.l[n - 1] = low;
        this.c[n - 1] = close;
        this.v[n - 1] = volume;
        return;
      }
    }
    this.t.push(time);
    this.o.push(open);
    this.h.push(high);
    this.l.push(low);
    this.c.push(close);
    this.v.push(volume);
  }

  build(): Bars {
    return {
      time: Float64Array.from(this.t),
      open: Float64Array.from(this.o),
      high: Float64Array.from(this.h),
      low: Float64Array.from(this.l),
      close: Float64Array.from(this.c),
      volume: Float64Array.from(this.v),
    };
  }
}

/** An issue about the whole download (row 0: there are no file lines). */
export function remoteIssue(
  code: string,
  severity: CsvIssue['severity'],
  message: string,
  hint: string,
): CsvIssue {
  return { code, row: 0, severity, message, hint };
}

export function emptyBars(): Bars {
  const z = new Float64Array(0);
  return { time: z, open: z, high: z, low: z, close: z, volume: z };
}

/** A remote request's range: both ends epoch milliseconds, from not after to. */
export function checkEpochRange(from: unknown, to: unknown): void {
  for (const [name, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DataError('bad-argument', `${name} must be epoch milliseconds, got ${String(v)}`, {
        hint: 'convert dates with parseDate()',
      });
    }
  }
  if ((from as number) > (to as number)) {
    throw new DataError(
      'bad-argument',
      `from (${formatTime(from as number)}) is after to (${formatTime(to as number)})`,
      { hint: 'swap the two dates' },
    );
  }
}
