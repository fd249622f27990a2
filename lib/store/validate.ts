// Input checks for everything the repositories write. Every external size is bounded here so a bad
// caller gets a clear error instead of a bloated database or a slow query.
import { CronError } from '../cron';
import { checkCron as readCron } from '../cron/server';
import { badInput, StoreError } from './errors';

export const LIMITS = {
  /** Names, titles and labels, in characters. */
  name: 200,
  /** A strategy's .bt source, in UTF-8 bytes (64 KiB). */
  source: 64 * 1024,
  /** Version notes, in characters. */
  note: 2000,
  /** Error text of a failed run, in characters; longer text is cut, not rejected. */
  error: 8000,
  /** Ids, symbols, sources, timeframes, cron, timezone: short strings. */
  key: 512,
  /** Nesting depth of any JSON value. */
  jsonDepth: 64,
  /** JSON sizes in bytes of the serialized text. */
  json: {
    spec: 256 * 1024,
    params: 64 * 1024,
    data: 16 * 1024,
    stats: 64 * 1024,
    trades: 16 * 1024 * 1024,
    content: 1024 * 1024,
  },
  /** Points of a run's equity curve. */
  equity: 5_000_000,
  /** Rows returned by one bars.range call. */
  rangeRows: 20_000_000,
  /** Rows of one bars.upsert call. */
  upsertRows: 20_000_000,
  /** Stretches returned by one bars.gaps call. */
  gaps: 100_000,
  /** Rows of one list call. */
  list: 1000,
} as const;

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export function checkText(value: unknown, what: string, maxChars: number, allowEmpty = false): string {
  if (typeof value !== 'string') throw badInput(`${what} must be a string, got ${describe(value)}`);
  if (!allowEmpty && value.trim() === '') throw badInput(`${what} must not be empty`);
  if (value.length > maxChars)
    throw new StoreError('too-large', `${what} is ${value.length} characters long (at most ${maxChars})`, {
      hint: `shorten the ${what}`,
    });
  return value;
}

export function checkName(value: unknown, what = 'name'): string {
  return checkText(value, what, LIMITS.name).trim();
}

export function checkKey(value: unknown, what: string): string {
  return checkText(value, what, LIMITS.key);
}

export function checkSource(value: unknown): string {
  if (typeof value !== 'string') throw badInput(`strategy source must be a string, got ${describe(value)}`);
  const bytes = utf8Length(value);
  if (bytes > LIMITS.source)
    throw new StoreError('too-large', `strategy source is ${bytes} bytes (at most ${LIMITS.source})`, {
      hint: 'split the strategy or remove unused code',
    });
  return value;
}

export function checkOneOf<T extends string>(value: unknown, what: string, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw badInput(`${what} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
}

export function checkInt(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw badInput(`${what} must be a whole number from ${min} to ${max}, got ${describe(value)}`);
  return value;
}

/** Epoch milliseconds (what every time in the store is, in JS). */
export function checkTime(value: unknown, what: string): number {
  // DuckDB TIMESTAMP covers years 290309 BC..294247 AD; keep to what Date can represent.
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > 8.64e15)
    throw badInput(`${what} must be epoch milliseconds (a whole number), got ${describe(value)}`);
  return value;
}

export function checkOptionalTime(value: unknown, what: string): number | null {
  return value === undefined || value === null ? null : checkTime(value, what);
}

/** A finite number or null (NaN and ±Infinity are stored as NULL so SQL aggregates stay meaningful). */
export function finiteOrNull(value: unknown, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number') throw badInput(`${what} must be a number, got ${describe(value)}`);
  return Number.isFinite(value) ? value : null;
}

/** A cron expression through lib/cron's bounded reader (never handed to node-cron unchecked). */
export function checkCron(value: unknown): string {
  const expr = checkText(value, 'cron expression', 100).trim().replace(/\s+/g, ' ');
  try {
    return readCron(expr);
  } catch (cause) {
    if (!(cause instanceof CronError)) throw cause;
    throw new StoreError('bad-input', `'${expr}' is not a valid cron expression: ${cause.message}`, {
      hint: cause.hint,
      cause,
    });
  }
}

export function checkTimezone(value: unknown): string {
  const tz = checkText(value, 'timezone', 100).trim();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch (cause) {
    throw new StoreError('bad-input', `'${tz}' is not a known timezone`, {
      hint: "use an IANA name such as 'UTC' or 'Europe/Berlin'",
      cause,
    });
  }
  return tz;
}

/** Serializes a JSON value after bounding its depth and size; rejects what JSON cannot represent. */
export function toJson(value: unknown, what: string, maxBytes: number): string {
  checkDepth(value, what, 0);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new StoreError('bad-input', `${what} cannot be stored as JSON`, {
      hint: 'pass plain objects, arrays, strings, numbers and booleans (no cycles or bigints)',
      cause,
    });
  }
  if (text === undefined) throw badInput(`${what} cannot be stored as JSON (got ${describe(value)})`);
  const bytes = utf8Length(text);
  if (bytes > maxBytes)
    throw new StoreError('too-large', `${what} is ${bytes} bytes as JSON (at most ${maxBytes})`, {
      hint: `store a smaller ${what}`,
    });
  return text;
}

function checkDepth(value: unknown, what: string, depth: number): void {
  if (value === null || typeof value !== 'object') return;
  if (depth >= LIMITS.jsonDepth)
    throw badInput(`${what} is nested more than ${LIMITS.jsonDepth} levels deep`, 'flatten the value');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkDepth(value[i], what, depth + 1);
    return;
  }
  for (const key in value) checkDepth((value as Record<string, unknown>)[key], what, depth + 1);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 40)}…'` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}

// 32 symbols so one random byte maps without bias (256 % 32 === 0); no 0/o/1/l to avoid misreading.
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A short random id: 12 symbols of 5 bits = 60 bits, ample for one user's database. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = '';
  for (let i = 0; i < bytes.length; i++) id += ID_ALPHABET[bytes[i] & 31];
  return id;
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
