// The per-row loop of the CSV reader: splits each line, scans its cells and validates the bar.
// Rows that fail are reported with their line number and left out; the caller decides whether that
// is fatal (strict) or a warning (skipBadRows).
import type { CsvColumns } from './csv-header';
import { splitLine } from './csv-header';
import { type CsvIssue, DataError, preview } from './errors';
import { scanDateTime, scanNumber, scanOut, scanTimeOfDay } from './scan';

/** A real OHLCV line is well under 1 KB; anything past this is not a bar row. */
export const MAX_LINE_CHARS = 65_536;
const MAX_LISTED_ISSUES = 1000;

/** Collects issues; rejected rows are errors, or warnings when they are skipped on purpose. */
export class IssueLog {
  readonly list: CsvIssue[] = [];
  /** Number of rows rejected (listed or not). */
  badRows = 0;
  private unlisted = 0;

  constructor(readonly skipBadRows: boolean) {}

  badRow(row: number, code: string, message: string, hint: string, column?: string): void {
    this.badRows++;
    if (this.list.length >= MAX_LISTED_ISSUES) {
      this.unlisted++;
      return;
    }
    this.list.push({
      code,
      row,
      ...(column === undefined ? {} : { column }),
      severity: this.skipBadRows ? 'warning' : 'error',
      message: this.skipBadRows ? `${message} — row skipped` : message,
      hint,
    });
  }

  info(row: number, code: string, message: string, hint: string): void {
    this.list.push({ code, row, severity: 'info', message, hint });
  }

  /** The issues sorted by line, plus a note for any that were not listed. */
  finish(): CsvIssue[] {
    const out = this.list.slice().sort((x, y) => x.row - y.row);
    if (this.unlisted > 0) {
      out.push({
        code: 'more-issues',
        row: 0,
        severity: this.skipBadRows ? 'warning' : 'error',
        message: `${this.unlisted} more broken rows are not listed`,
        hint: 'fix the rows listed first; the rest are often the same problem',
      });
    }
    return out;
  }
}

/** Parsed rows in file order (before sorting). `line` is each row's 1-based line number. */
export interface RowStore {
  n: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Adjusted close, only filled when adjusting. */
  readonly adj: Float64Array;
  readonly line: Int32Array;
}

export interface ReadOptions {
  readonly source: string;
  readonly maxRows: number;
  readonly adjust: boolean;
}

const NUMBER_HINT =
  "write plain decimal numbers such as 101.25 (no thousands separators, currency signs, 'null' or 'NaN')";
const DATE_HINT =
  'use YYYY-MM-DD, YYYY-MM-DD HH:MM:SS (UTC unless it ends in Z or ±HH:MM), or epoch seconds/milliseconds';

function countLines(s: string, from: number): number {
  let n = 1;
  for (let i = s.indexOf('\n', from); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** True when s[a..b) holds only spaces, tabs and delimiters (a spreadsheet's empty row). */
function isEmptyRow(s: string, a: number, b: number, delim: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== delim) return false;
  }
  return true;
}

// Error-path helpers live outside readRows: closures there would move the loop's variables into a
// heap context and slow every access in the hot loop.
function cell(text: string, starts: Int32Array, ends: Int32Array, i: number): string {
  return text.slice(starts[i], ends[i]).trim();
}

function badNumber(
  log: IssueLog,
  cols: CsvColumns,
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  row: number,
  i: number,
): void {
  const raw = cell(text, starts, ends, i);
  const name = cols.header[i] || 'value';
  const msg = raw === '' ? `${name} is empty` : `${name} '${preview(raw)}' is not a number`;
  const hint =
    cols.delimiter === ';' && raw.includes(',')
      ? "decimal commas are not supported: write '1.5', not '1,5'"
      : NUMBER_HINT;
  log.badRow(row, raw === '' ? 'missing-value' : 'bad-number', msg, hint, cols.header[i]);
}

/** Reads all data rows after the header, starting at offset `pos`; the header was line `line`. */
export function readRows(
  text: string,
  pos: number,
  line: number,
  cols: CsvColumns,
  opts: ReadOptions,
  log: IssueLog,
): RowStore {
  const len = text.length;
  const cap = Math.max(1, Math.min(countLines(text, pos), opts.maxRows));
  const rows: RowStore = {
    n: 0,
    time: new Float64Array(cap),
    open: new Float64Array(cap),
    high: new Float64Array(cap),
    low: new Float64Array(cap),
    close: new Float64Array(cap),
    volume: new Float64Array(cap),
    adj: new Float64Array(opts.adjust && cols.adjClose !== null ? cap : 0),
    line: new Int32Array(cap),
  };
  const nCols = cols.header.length;
  const starts = new Int32Array(nCols);
  const ends = new Int32Array(nCols);
  const delim = cols.delimiter.charCodeAt(0);
  const tc = cols.time;
  const tdc = cols.timeOfDay ?? -1;
  const vc = cols.volume ?? -1;
  const ac = opts.adjust && cols.adjClose !== null ? cols.adjClose : -1;
  const priceCols = [cols.open, cols.high, cols.low, cols.close];
  const prices = new Float64Array(4);
  let dataRows = 0;
  let emptyRows = 0;

  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = len;
    line++;
    const a = pos;
    let b = eol;
    pos = eol + 1;
    if (b > a && text.charCodeAt(b - 1) === 13) b--;
    if (b - a > MAX_LINE_CHARS) {
      throw new DataError(
        'line-too-long',
        `${opts.source}: line ${line} is ${b - a} characters long (at most ${MAX_LINE_CHARS}); this is not an OHLCV row`,
        { hint: 'check that the file is a CSV of bars with one row per line' },
      );
    }
    if (isEmptyRow(text, a, b, delim)) {
      if (b > a) emptyRows++;
      continue;
    }
    if (++dataRows > opts.maxRows) {
      throw new DataError('too-many-rows', `${opts.source}: more than ${opts.maxRows} data rows`, {
        hint: 'load a shorter file (split it by date) or raise the maxRows limit',
      });
    }

    const nf = splitLine(text, a, b, delim, starts, ends, nCols);
    if (nf < 0) {
      const what = nf === -1 ? 'an unterminated quoted field' : 'text after a closing quote';
      log.badRow(line, 'bad-quotes', `row has ${what}`, 'close every quote; a field cannot span lines');
      continue;
    }
    if (nf !== nCols) {
      log.badRow(
        line,
        'field-count',
        `row has ${nf} field${nf === 1 ? '' : 's'} but the header has ${nCols}`,
        'each row needs exactly one value per header column; look for a missing or extra delimiter',
      );
      continue;
    }

    let t = scanDateTime(text, starts[tc]!, ends[tc]!) ? scanOut[0]! : Number.NaN;
    if (tdc >= 0) {
      const tod = scanTimeOfDay(text, starts[tdc]!, ends[tdc]!);
      t = tod < 0 ? Number.NaN : t + tod;
    }
    if (!(Math.abs(t) <= 8.64e15)) {
      const raw =
        tdc >= 0
          ? `${cell(text, starts, ends, tc)} ${cell(text, starts, ends, tdc)}`
          : cell(text, starts, ends, tc);
      const msg = raw === '' ? 'date is empty' : `cannot read date '${preview(raw)}'`;
      log.badRow(line, 'bad-date', msg, DATE_HINT, cols.header[tc]);
      continue;
    }

    let bad = -1;
    for (let k = 0; k < 4; k++) {
      const i = priceCols[k]!;
      if (!scanNumber(text, starts[i]!, ends[i]!)) {
        bad = i;
        break;
      }
      prices[k] = scanOut[0]!;
    }
    if (bad >= 0) {
      badNumber(log, cols, text, starts, ends, line, bad);
      continue;
    }
    const o = prices[0]!;
    const h = prices[1]!;
    const l = prices[2]!;
    const c = prices[3]!;
    let v = 0;
    if (vc >= 0) {
      if (!scanNumber(text, starts[vc]!, ends[vc]!)) {
        badNumber(log, cols, text, starts, ends, line, vc);
        continue;
      }
      v = scanOut[0]!;
    }
    let adj = 0;
    if (ac >= 0) {
      if (!scanNumber(text, starts[ac]!, ends[ac]!)) {
        badNumber(log, cols, text, starts, ends, line, ac);
        continue;
      }
      adj = scanOut[0]!;
    }

    // Fast check first (no allocation); checkBar only runs to explain a failure.
    const ok =
      l > 0 && h < Number.POSITIVE_INFINITY && h >= l && h >= o && h >= c && l <= o && l <= c && v >= 0;
    if (!ok || v === Number.POSITIVE_INFINITY || (ac >= 0 && !(adj > 0 && adj < Number.POSITIVE_INFINITY))) {
      const problem = checkBar(o, h, l, c, v, adj, ac >= 0);
      if (problem !== null) {
        log.badRow(line, problem.code, problem.message, problem.hint);
        continue;
      }
    }

    const r = rows.n++;
    rows.time[r] = t;
    rows.open[r] = o;
    rows.high[r] = h;
    rows.low[r] = l;
    rows.close[r] = c;
    rows.volume[r] = v;
    if (ac >= 0) rows.adj[r] = adj;
    rows.line[r] = line;
  }
  if (emptyRows > 0) {
    log.info(0, 'empty-rows', `skipped ${emptyRows} empty row${emptyRows === 1 ? '' : 's'}`, 'nothing to do');
  }
  return rows;
}

interface Problem {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

const OHLC_HINT = 'a bar needs low ≤ open, close ≤ high; check the values and the column order';

/** Checks the values of one bar; null when it is fine. Rare path, so allocation is fine here. */
function checkBar(
  o: number,
  h: number,
  l: number,
  c: number,
  v: number,
  adj: number,
  hasAdj: boolean,
): Problem | null {
  const names = ['open', 'high', 'low', 'close'];
  const vals = [o, h, l, c];
  for (let k = 0; k < 4; k++) {
    const x = vals[k]!;
    if (!(x > 0) || !Number.isFinite(x)) {
      return {
        code: 'non-positive-price',
        message: `${names[k]} ${x} is ${x === 0 ? 'zero' : x < 0 ? 'negative' : 'not finite'}`,
        hint: 'prices must be positive numbers',
      };
    }
  }
  if (v < 0 || !Number.isFinite(v)) {
    const what = v < 0 ? 'negative' : 'not finite';
    return { code: 'bad-volume', message: `volume ${v} is ${what}`, hint: 'volume must be a number ≥ 0' };
  }
  if (hasAdj && (!(adj > 0) || !Number.isFinite(adj))) {
    return {
      code: 'non-positive-price',
      message: `adj close ${adj} is not positive`,
      hint: 'prices must be positive',
    };
  }
  if (h < l) return { code: 'high-below-low', message: `high ${h} is below low ${l}`, hint: OHLC_HINT };
  if (h < o) return { code: 'high-below-open', message: `high ${h} is below open ${o}`, hint: OHLC_HINT };
  if (h < c) return { code: 'high-below-close', message: `high ${h} is below close ${c}`, hint: OHLC_HINT };
  if (l > o) return { code: 'low-above-open', message: `low ${l} is above open ${o}`, hint: OHLC_HINT };
  if (l > c) return { code: 'low-above-close', message: `low ${l} is above close ${c}`, hint: OHLC_HINT };
  return null;
}
