// Allocation-free scanners for numbers and dates inside a larger string (a CSV line), given as
// [start, end) offsets. No regular expressions: these run once per cell on million-row files.
// The scan* functions return true/false and leave the value in scanOut[0]: a function that is not
// inlined boxes a returned double into a fresh heap object, which on 6M cells means seconds of GC.
// The parse* wrappers return the value or NaN, for everything that is not a hot loop.

const DAY_MS = 86_400_000;

/** Where the scan* functions put their result. */
export const scanOut = new Float64Array(1);

// Powers of ten that are exact doubles: one multiplication/division by them is correctly rounded
// (Clinger's fast path), so parseNumber agrees bit-for-bit with Number() on the strings it accepts.
const POW10 = Float64Array.of(
  1,
  1e1,
  1e2,
  1e3,
  1e4,
  1e5,
  1e6,
  1e7,
  1e8,
  1e9,
  1e10,
  1e11,
  1e12,
  1e13,
  1e14,
  1e15,
);
const MAX_FAST_DIGITS = 15; // 10^15 < 2^53, so a mantissa of up to 15 digits is an exact integer

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Scans a plain decimal number: optional sign, digits with an optional '.', optional exponent; spaces around
 * are allowed. Rejects '', 'NaN', 'Infinity', '0x10', '1,5', '1_000' (all of which Number() would
 * either accept or silently turn into 0).
 */
export function scanNumber(s: string, a: number, b: number): boolean {
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  if (a >= b) return false;
  const start = a;
  let c = s.charCodeAt(a);
  const neg = c === 45;
  if (neg || c === 43) a++;
  // All digits go into one integer mantissa; it is exact while there are at most 15 of them.
  let mant = 0;
  const intStart = a;
  for (; a < b; a++) {
    c = s.charCodeAt(a) - 48;
    if (c < 0 || c > 9) break;
    mant = mant * 10 + c;
  }
  let digits = a - intStart;
  let frac = 0;
  if (a < b && s.charCodeAt(a) === 46) {
    const fracStart = ++a;
    for (; a < b; a++) {
      c = s.charCodeAt(a) - 48;
      if (c < 0 || c > 9) break;
      mant = mant * 10 + c;
    }
    frac = a - fracStart;
    digits += frac;
  }
  if (digits === 0) return false;
  let plain = true;
  if (a < b && (s.charCodeAt(a) | 32) === 101) {
    plain = false;
    a++;
    if (a < b && (s.charCodeAt(a) === 45 || s.charCodeAt(a) === 43)) a++;
    const expStart = a;
    while (a < b && s.charCodeAt(a) >= 48 && s.charCodeAt(a) <= 57) a++;
    if (a === expStart) return false;
  }
  if (a !== b) return false;
  if (plain && digits <= MAX_FAST_DIGITS) {
    const v = frac === 0 ? mant : mant / POW10[frac]!;
    scanOut[0] = neg ? -v : v;
  } else {
    // Rare (more than 15 digits, or an exponent): the syntax is already validated, so Number()
    // gives the correctly rounded value.
    scanOut[0] = Number(s.slice(start, b));
  }
  return true;
}

/** parseNumber: the number in s[a..b) (whole string by default), or NaN. See scanNumber. */
export function parseNumber(s: string, a = 0, b: number = s.length): number {
  return scanNumber(s, a, b) ? scanOut[0]! : Number.NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Reads 1..max digits at s[p..b); returns the value and leaves the end in `cursor[0]`. -1 if none.
const cursor = new Int32Array(1);
function digitsAt(s: string, p: number, b: number, min: number, max: number): number {
  let v = 0;
  let n = 0;
  while (p < b && n < max) {
    const c = s.charCodeAt(p) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    p++;
    n++;
  }
  cursor[0] = p;
  return n < min ? -1 : v;
}

/** 'HH:MM[:SS[.fff]]' → milliseconds since midnight, or -1. Reads from `p`; leaves the end in cursor[0]. */
function clockAt(s: string, p: number, b: number): number {
  const hh = digitsAt(s, p, b, 1, 2);
  p = cursor[0]!;
  if (hh < 0 || hh > 23 || p >= b || s.charCodeAt(p) !== 58) return -1;
  const mi = digitsAt(s, p + 1, b, 2, 2);
  p = cursor[0]!;
  if (mi < 0 || mi > 59) return -1;
  let ss = 0;
  let ms = 0;
  if (p < b && s.charCodeAt(p) === 58) {
    ss = digitsAt(s, p + 1, b, 2, 2);
    p = cursor[0]!;
    if (ss < 0 || ss > 59) return -1;
    const c = p < b ? s.charCodeAt(p) : 0;
    if (c === 46 || c === 44) {
      // Fraction of a second: keep milliseconds, ignore finer digits.
      p++;
      let n = 0;
      while (p < b) {
        const d = s.charCodeAt(p) - 48;
        if (d < 0 || d > 9) break;
        if (n < 3) ms = ms * 10 + d;
        p++;
        n++;
      }
      if (n === 0) return -1;
      if (n === 1) ms *= 100;
      else if (n === 2) ms *= 10;
    }
  }
  cursor[0] = p;
  return ((hh * 60 + mi) * 60 + ss) * 1000 + ms;
}

/** A cell holding only a time of day ('09:30', '09:30:00') → ms since midnight, or -1. */
export function scanTimeOfDay(s: string, a: number, b: number): number {
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  const t = clockAt(s, a, b);
  return t >= 0 && cursor[0] === b ? t : -1;
}

/** Time of day in s[a..b) → ms since midnight, or NaN. */
export function parseTimeOfDay(s: string, a = 0, b: number = s.length): number {
  const t = scanTimeOfDay(s, a, b);
  return t < 0 ? Number.NaN : t;
}

// Epoch numbers carry no unit, so it is decided by magnitude: |v| < 1e11 is seconds (1e11 s is the
// year 5138, while 1e11 ms is only 1973-03-03), below 1e14 milliseconds, below 1e17 microseconds,
// below 1e20 nanoseconds. Millisecond stamps before March 1973 are therefore read as seconds.
function epochToMs(v: number): boolean {
  const m = Math.abs(v);
  if (m < 1e11) scanOut[0] = Math.round(v * 1000);
  else if (m < 1e14) scanOut[0] = Math.round(v);
  else if (m < 1e17) scanOut[0] = Math.round(v / 1e3);
  else if (m < 1e20) scanOut[0] = Math.round(v / 1e6);
  else return false;
  return true;
}

/**
 * Scans a date or date-time cell into epoch ms (UTC) in scanOut[0]. Accepts:
 *  - YYYY-MM-DD (also with '/' or '.' separators, e.g. MetaTrader's 2017.04.19) → midnight UTC;
 *  - that followed by 'T' or ' ' and HH:MM[:SS[.fff]], then optionally 'Z', ' UTC', or ±HH[:MM];
 *    without a zone the time is UTC;
 *  - YYYYMMDD (8 digits, years 1900–2100; as epoch seconds these would all fall in August 1970);
 *  - epoch seconds / ms / µs / ns, told apart by magnitude (see epochToMs).
 * Day-first or month-first dates (19.04.2017, 04/19/2017) are rejected: they are ambiguous.
 */
export function scanDateTime(s: string, a: number, b: number): boolean {
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  if (a >= b) return false;
  const y = digitsAt(s, a, b, 4, 4);
  let p = cursor[0]!;
  const sep = p < b ? s.charCodeAt(p) : 0;
  if (y < 0 || (sep !== 45 && sep !== 47 && sep !== 46) || (sep === 46 && !isDateDot(s, p, b))) {
    return scanEpochOrCompact(s, a, b);
  }
  const mo = digitsAt(s, p + 1, b, 1, 2);
  p = cursor[0]!;
  if (mo < 1 || mo > 12 || p >= b || s.charCodeAt(p) !== sep) return false;
  const d = digitsAt(s, p + 1, b, 1, 2);
  p = cursor[0]!;
  if (d < 1 || d > daysInMonth(y, mo)) return false;
  const day = daysFromCivil(y, mo, d) * DAY_MS;
  if (p === b) {
    scanOut[0] = day;
    return true;
  }
  const c = s.charCodeAt(p);
  if (c !== 84 && c !== 116 && c !== 32) return false; // 'T', 't', ' '
  const clock = clockAt(s, p + 1, b);
  p = cursor[0]!;
  if (clock < 0) return false;
  scanOut[0] = day + clock;
  if (p === b) return true;
  if (s.charCodeAt(p) === 32) p++;
  const z = p < b ? s.charCodeAt(p) : 0;
  if ((z === 90 || z === 122) && p + 1 === b) return true; // Z
  if (b - p === 3 && (isWord(s, p, 'UTC') || isWord(s, p, 'GMT'))) return true;
  if (z !== 43 && z !== 45) return false;
  const oh = digitsAt(s, p + 1, b, 2, 2);
  p = cursor[0]!;
  if (oh < 0 || oh > 14) return false;
  let om = 0;
  if (p < b) {
    if (s.charCodeAt(p) === 58) p++;
    om = digitsAt(s, p, b, 2, 2);
    p = cursor[0]!;
    if (om < 0 || om > 59) return false;
  }
  if (p !== b) return false;
  // Local time = UTC + offset, so UTC = local − offset.
  const offset = (oh * 60 + om) * 60_000;
  scanOut[0] = day + clock - (z === 43 ? offset : -offset);
  return true;
}

/** A date or date-time in s[a..b) (whole string by default) → epoch ms, or NaN. See scanDateTime. */
export function parseDateTime(s: string, a = 0, b: number = s.length): number {
  return scanDateTime(s, a, b) ? scanOut[0]! : Number.NaN;
}

// '2017.04.19' is a date; '1500000000.5' (epoch with a fraction) is not: a dot-separated date has a
// second dot after 1–2 digits.
function isDateDot(s: string, p: number, b: number): boolean {
  digitsAt(s, p + 1, b, 1, 2);
  const q = cursor[0]!;
  return q < b && s.charCodeAt(q) === 46 && q - p - 1 >= 1;
}

function isWord(s: string, p: number, w: string): boolean {
  for (let i = 0; i < w.length; i++) if ((s.charCodeAt(p + i) & ~32) !== w.charCodeAt(i)) return false;
  return true;
}

function scanEpochOrCompact(s: string, a: number, b: number): boolean {
  if (b - a === 8) {
    const y = digitsAt(s, a, a + 4, 4, 4);
    const mo = digitsAt(s, a + 4, a + 6, 2, 2);
    const d = digitsAt(s, a + 6, b, 2, 2);
    if (y >= 1900 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) {
      scanOut[0] = daysFromCivil(y, mo, d) * DAY_MS;
      return true;
    }
  }
  // Exponent notation or a leading '+' is not how anyone writes a timestamp; refuse rather than guess.
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 101 || c === 69 || c === 43) return false;
  }
  return scanNumber(s, a, b) && epochToMs(scanOut[0]!);
}

/** Epoch ms → '2004-08-19' at midnight UTC, else '2017-04-19 09:00' (seconds/ms only when present). */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return `${ms} ms`;
  const iso = d.toISOString();
  if (iso.length !== 24) return iso; // years outside 0000–9999 use the expanded ISO form
  const date = iso.slice(0, 10);
  if (ms % DAY_MS === 0) return date;
  let time = iso.slice(11, 23); // HH:MM:SS.mmm
  if (time.endsWith('.000')) time = time.slice(0, 8);
  if (time.endsWith(':00')) time = time.slice(0, 5);
  return `${date} ${time}`;
}
