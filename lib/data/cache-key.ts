// Cache keys and time-to-live. Keys are namespaced and versioned (`bt:v1:bars:…`) so a change of the
// stored layout only needs a new version; every user-supplied part is escaped (so ':' cannot forge
// another key) and long parts are hashed (so keys stay short).
import { createHash } from 'node:crypto';
import { DataError } from './errors';
import { TIMEFRAMES } from './timeframe';

/** Bump when the stored layout changes: old entries are then simply never read again and expire. */
export const CACHE_VERSION = 'v1';
export const DEFAULT_NAMESPACE = 'bt';
/** A range that ended more than one bar ago never changes: keep it a week. */
export const PAST_TTL_SECONDS = 7 * 86_400;
export const MIN_TTL_SECONDS = 30;
export const MAX_LIVE_TTL_SECONDS = 86_400;
/** Upper bound for any explicit TTL. */
export const MAX_TTL_SECONDS = 365 * 86_400;
const MAX_PART_CHARS = 4096;
/** Escaped parts longer than this are shortened to a prefix plus a hash. */
const LONG_PART = 80;

/** What identifies one cached series: the request, not the answer (the answer carries its own metadata). */
export interface BarsKey {
  /** Canonical source spec, e.g. 'synthetic:1:2500:1d' or 'csv:data/GOOG.csv'. */
  readonly source: string;
  readonly symbol: string;
  /** Requested timeframe label ('1d', '1h', …); 'auto' when the source decides. */
  readonly timeframe: string;
  /** Inclusive range in epoch ms; undefined = open. */
  readonly from?: number;
  readonly to?: number;
  /** Optional extra discriminator, e.g. a CSV file's modification time, so an edited file is not served stale. */
  readonly revision?: string;
}

function badArg(message: string, hint: string): DataError {
  return new DataError('bad-argument', message, { hint });
}

/** Checks a user-supplied key part: a non-empty string of bounded length. */
export function checkPart(what: string, s: unknown, max = MAX_PART_CHARS): string {
  if (typeof s !== 'string' || s.length === 0) {
    throw badArg(
      `cache: ${what} must be a non-empty string, got ${s === '' ? "''" : String(s)}`,
      `pass the ${what}`,
    );
  }
  if (s.length > max) {
    throw badArg(`cache: ${what} is ${s.length} characters long (at most ${max})`, `shorten the ${what}`);
  }
  return s;
}

/**
 * Escapes one key part: letters, digits and `._~^=+@-` stay, every other UTF-16 unit becomes %XX or
 * %uXXXX. Injective ('%' itself is escaped), and the result never holds ':', '#' or '*'.
 */
export function escapePart(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const plain =
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || '._~^=+@-'.includes(s[i]!);
    if (plain) out += s[i];
    else if (c < 256) out += `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += `%u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  if (out.length <= LONG_PART) return out;
  // '#' cannot occur in an escaped part, so a hashed part never equals an unhashed one.
  const hash = createHash('sha256').update(out).digest('hex').slice(0, 32);
  return `${out.slice(0, 40)}#${hash}`;
}

function rangePart(what: string, v: number | undefined): string {
  if (v === undefined) return '*';
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw badArg(
      `cache: ${what} must be epoch milliseconds, got ${String(v)}`,
      'convert dates with parseDate()',
    );
  }
  return String(v);
}

export function checkNamespace(ns: string): string {
  if (typeof ns !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(ns)) {
    throw badArg(
      `cache: namespace '${String(ns).slice(0, 70)}' must be 1–64 letters, digits, '_', '.' or '-'`,
      "use e.g. 'bt'",
    );
  }
  return ns;
}

/** `bt:v1:bars:<source>:<symbol>:<timeframe>:<from>:<to>[:<revision>]`. */
export function barsKey(key: BarsKey, ns = DEFAULT_NAMESPACE): string {
  if (key === null || typeof key !== 'object')
    throw badArg('cache: the bars key must be an object', 'pass a BarsKey');
  const parts = [
    ns,
    CACHE_VERSION,
    'bars',
    escapePart(checkPart('source', key.source)),
    escapePart(checkPart('symbol', key.symbol)),
    escapePart(checkPart('timeframe', key.timeframe, 64)),
    rangePart('from', key.from),
    rangePart('to', key.to),
  ];
  if (key.from !== undefined && key.to !== undefined && key.from > key.to) {
    throw badArg(`cache: from (${key.from}) is after to (${key.to})`, 'swap the two bounds');
  }
  if (key.revision !== undefined) parts.push(escapePart(checkPart('revision', key.revision, 256)));
  return parts.join(':');
}

/** Key of a session-store value. */
export function kvKey(key: string, ns = DEFAULT_NAMESPACE): string {
  return `${ns}:${CACHE_VERSION}:kv:${escapePart(checkPart('key', key, 1024))}`;
}

/** Key of a lock. */
export function lockKey(name: string, ns = DEFAULT_NAMESPACE): string {
  return `${ns}:${CACHE_VERSION}:lock:${escapePart(checkPart('lock name', name, 1024))}`;
}

/**
 * Seconds to keep a cached range. A range that ended more than one bar before `now` never changes
 * (PAST_TTL_SECONDS); one reaching the present (no `to`, or a recent one) gets one bar period,
 * clamped to [MIN_TTL_SECONDS, MAX_LIVE_TTL_SECONDS], so the next bar shows up in time.
 */
export function ttlFor(timeframeMs: number, to?: number, now: number = Date.now()): number {
  if (typeof timeframeMs !== 'number' || !(timeframeMs > 0) || !Number.isFinite(timeframeMs)) {
    throw badArg(
      `ttlFor: bar length must be a positive number of ms, got ${String(timeframeMs)}`,
      'pass Timeframe.ms',
    );
  }
  if (to !== undefined && to < now - timeframeMs) return PAST_TTL_SECONDS;
  return Math.min(MAX_LIVE_TTL_SECONDS, Math.max(MIN_TTL_SECONDS, Math.ceil(timeframeMs / 1000)));
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Bar length of a timeframe label in ms: the known ones ('1h', '1M'…) and the generic labels that
 * inferTimeframe produces ('90s', '10m', '2d'). Null when it cannot tell (e.g. 'unknown', 'auto').
 */
export function timeframeMs(label: string): number | null {
  const known = TIMEFRAMES.find((t) => t.label === label);
  if (known) return known.ms;
  const m = /^(\d{1,9}(?:\.\d{1,6})?)(ms|s|m|h|d|w)$/.exec(typeof label === 'string' ? label : '');
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms > 0 ? ms : null;
}

/** Validates an explicit TTL in seconds (a positive number, at most a year); fractions round up. */
export function checkTtlSeconds(ttl: unknown, what = 'ttlSeconds'): number {
  if (typeof ttl !== 'number' || !(ttl > 0) || ttl > MAX_TTL_SECONDS) {
    throw badArg(
      `cache: ${what} must be a number of seconds from 1 to ${MAX_TTL_SECONDS}, got ${String(ttl)}`,
      'pass e.g. 3600 for an hour',
    );
  }
  return Math.ceil(ttl);
}
