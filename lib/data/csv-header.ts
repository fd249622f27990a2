// CSV header handling: delimiter detection, line splitting and mapping header names to OHLCV roles.
import { DataError, preview } from './errors';

/** Which column (0-based index) feeds which field. */
export interface CsvColumns {
  readonly delimiter: ',' | ';' | '\t';
  /** The header names as written (quotes removed). */
  readonly header: readonly string[];
  readonly time: number;
  /** A separate time-of-day column ('Date,Time,Open,…' files), else null. */
  readonly timeOfDay: number | null;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly adjClose: number | null;
  readonly volume: number | null;
  /** Header names that were not recognised and are ignored. */
  readonly ignored: readonly string[];
}

type Role = 'time' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume';

// Keys are normalised names: lower case without spaces, '_', '-', '.', '/', '<', '>', '(', ')'.
const ALIASES: Record<string, Role> = {
  '': 'time',
  date: 'time',
  datetime: 'time',
  time: 'time',
  timestamp: 'time',
  ts: 'time',
  opentime: 'time',
  timeutc: 'time',
  dateutc: 'time',
  datetimeutc: 'time',
  gmttime: 'time',
  unixtime: 'time',
  open: 'open',
  o: 'open',
  openprice: 'open',
  high: 'high',
  h: 'high',
  highprice: 'high',
  low: 'low',
  l: 'low',
  lowprice: 'low',
  close: 'close',
  c: 'close',
  closeprice: 'close',
  last: 'close',
  adjclose: 'adjClose',
  adjustedclose: 'adjClose',
  volume: 'volume',
  v: 'volume',
  vol: 'volume',
};

export function normaliseName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (' _-./<>()\t'.includes(ch)) continue;
    out += ch.toLowerCase();
  }
  return out;
}

/**
 * Splits s[a..b) at `delim` into field bounds (quotes stripped, spaces kept for the scanners to trim).
 * Returns the field count (bounds stored only for the first `max`), -1 for an unterminated quote,
 * -2 for text after a closing quote.
 */
export function splitLine(
  s: string,
  a: number,
  b: number,
  delim: number,
  starts: Int32Array,
  ends: Int32Array,
  max: number,
): number {
  let n = 0;
  let p = a;
  for (;;) {
    let q = p;
    while (q < b && s.charCodeAt(q) === 32) q++;
    if (q < b && s.charCodeAt(q) === 34) {
      let r = q + 1;
      for (;;) {
        r = s.indexOf('"', r);
        if (r < 0 || r >= b) return -1;
        if (r + 1 < b && s.charCodeAt(r + 1) === 34) {
          r += 2;
          continue;
        }
        break;
      }
      if (n < max) {
        starts[n] = q + 1;
        ends[n] = r;
      }
      n++;
      p = r + 1;
      while (p < b && s.charCodeAt(p) === 32) p++;
      if (p >= b) return n;
      if (s.charCodeAt(p) !== delim) return -2;
      p++;
      continue;
    }
    let r = p;
    while (r < b && s.charCodeAt(r) !== delim) r++;
    if (n < max) {
      starts[n] = p;
      ends[n] = r;
    }
    n++;
    if (r >= b) return n;
    p = r + 1;
  }
}

/** Picks the delimiter that occurs most often (outside quotes) in the header line, or null for none. */
export function detectDelimiter(header: string): ',' | ';' | '\t' | null {
  let comma = 0;
  let semi = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) comma++;
    else if (c === 59) semi++;
    else if (c === 9) tab++;
  }
  if (comma === 0 && semi === 0 && tab === 0) return null;
  if (comma >= semi && comma >= tab) return ',';
  return semi >= tab ? ';' : '\t';
}

/**
 * Reads the header line into column roles, or throws a DataError naming what is missing. Until a
 * header is recognised the file may be anything (a stray path on a server), so those errors describe
 * the first line without quoting it.
 */
export function mapColumns(header: string, source: string): CsvColumns {
  const delimiter = detectDelimiter(header);
  if (delimiter === null) {
    throw new DataError(
      'no-delimiter',
      `${source}: the first line has a single column; expected comma-, semicolon- or tab-separated columns`,
      { hint: 'the first line must name the columns, e.g. Date,Open,High,Low,Close,Volume' },
    );
  }
  const max = 1024;
  const starts = new Int32Array(max);
  const ends = new Int32Array(max);
  const n = splitLine(header, 0, header.length, delimiter.charCodeAt(0), starts, ends, max);
  if (n < 0) {
    throw new DataError('no-header', `${source}: the header line has an unterminated quote`, {
      hint: 'fix the quotes in the first line',
    });
  }
  if (n > max) {
    throw new DataError('no-header', `${source}: the header has ${n} columns; at most ${max} are supported`, {
      hint: 'keep only the date, open, high, low, close and volume columns',
    });
  }
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(header.slice(starts[i], ends[i]).trim().replaceAll('""', '"'));

  const found = new Map<Role, number[]>();
  const ignored: string[] = [];
  names.forEach((name, i) => {
    const key = normaliseName(name);
    // An unnamed column is the date only when it comes first (pandas' index column).
    const role = key === '' && i > 0 ? undefined : ALIASES[key];
    if (role === undefined) {
      ignored.push(name === '' ? `(unnamed column ${i + 1})` : name);
      return;
    }
    const list = found.get(role) ?? [];
    list.push(i);
    found.set(role, list);
  });

  // A 'Date' column plus a 'Time' column hold one timestamp between them (MetaTrader exports).
  let timeOfDay: number | null = null;
  const times = found.get('time') ?? [];
  if (times.length === 2) {
    const keys = times.map((i) => normaliseName(names[i]!));
    if (keys[0] === 'date' && keys[1] === 'time') {
      timeOfDay = times[1]!;
      found.set('time', [times[0]!]);
    }
  }

  for (const [role, list] of found) {
    if (list.length > 1) {
      const cols = list.map((i) => `'${names[i]}'`).join(' and ');
      throw new DataError(
        'ambiguous-column',
        `${source}: columns ${cols} both look like the ${role} column`,
        {
          hint: 'rename or remove one of them',
        },
      );
    }
  }
  const required: Role[] = ['time', 'open', 'high', 'low', 'close'];
  const missing = required.filter((r) => !found.has(r));
  if (missing.length > 0) {
    // The names are quoted only once the line looks like an OHLC header (two of its columns known).
    const known = required.length - missing.length;
    const shown =
      known >= 2
        ? `found ${preview(names.map((x) => `'${preview(x, 30)}'`).join(', '), 300)}`
        : `the first line has ${n} column${n === 1 ? '' : 's'} and ${known === 0 ? 'none' : 'only one'} of date, open, high, low, close`;
    throw new DataError(
      'missing-column',
      `${source}: no ${missing.join(', ')} column in the header (${shown})`,
      {
        hint: 'name the columns Date, Open, High, Low, Close and optionally Volume / Adj Close (case does not matter)',
      },
    );
  }
  const one = (r: Role): number | null => found.get(r)?.[0] ?? null;
  return {
    delimiter,
    header: names,
    time: one('time')!,
    timeOfDay,
    open: one('open')!,
    high: one('high')!,
    low: one('low')!,
    close: one('close')!,
    adjClose: one('adjClose'),
    volume: one('volume'),
    ignored,
  };
}
