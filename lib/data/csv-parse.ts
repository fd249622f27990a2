// CSV text → Bars (pure: reading files is csv.ts). Accepts Yahoo / backtesting.py / generic OHLCV layouts (see csv-header.ts for the
// names understood). Bad rows become issues with line numbers; whole-file problems throw DataError.
import type { Bars } from '../engine';
import { finishRows } from './csv-finish';
import { type CsvColumns, mapColumns } from './csv-header';
import { IssueLog, MAX_LINE_CHARS, readRows } from './csv-rows';
import { type CsvIssue, DataError } from './errors';
import { parseDateTime, parseNumber } from './scan';

export type { CsvColumns } from './csv-header';

export interface CsvOptions {
  /** Name used in messages (usually the file path). */
  readonly source?: string;
  /** Scale open/high/low/close by adjclose/close when an Adj Close column exists. Default false. */
  readonly adjust?: boolean;
  /** Drop broken rows (reported as warnings) instead of throwing. Default false. */
  readonly skipBadRows?: boolean;
  /** Largest input accepted, in bytes (characters for a string). Default 200 MB. */
  readonly maxBytes?: number;
  /** Most data rows accepted. Default 5,000,000. */
  readonly maxRows?: number;
}

export interface CsvResult {
  readonly bars: Bars;
  readonly issues: CsvIssue[];
  readonly columns: CsvColumns;
}

export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 5_000_000;
const LISTED_IN_ERROR = 5;

export function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new DataError('bad-argument', `${name} must be a positive integer, got ${value}`, {
      hint: `leave ${name} out to use the default ${fallback}`,
    });
  }
  return value;
}

/** Rejects text that is plainly not a CSV (NUL bytes, control characters, undecodable bytes). */
function checkText(text: string, source: string): void {
  const sample = Math.min(text.length, 65_536);
  let odd = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if (c === 0)
      odd += sample; // a NUL never appears in text
    else if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  if (odd > sample / 100) {
    throw new DataError('binary-file', `${source} does not look like a text CSV (it contains binary data)`, {
      hint: 'export the data as plain CSV text (UTF-8); unzip compressed files first',
    });
  }
}

/** Parses OHLCV CSV text. Throws DataError when the file is unusable or (unless skipBadRows) has broken rows. */
export function parseCsv(text: string, opts: CsvOptions = {}): CsvResult {
  const source = opts.source ?? 'CSV input';
  const maxBytes = limit(opts.maxBytes, DEFAULT_MAX_BYTES, 'maxBytes');
  const maxRows = limit(opts.maxRows, DEFAULT_MAX_ROWS, 'maxRows');
  const adjust = opts.adjust === true;
  if (typeof text !== 'string') {
    throw new DataError('bad-argument', `parseCsv expects the file's text as a string, got ${typeof text}`);
  }
  if (text.length > maxBytes) {
    throw new DataError('too-large', `${source} is ${text.length} characters; the limit is ${maxBytes}`, {
      hint: 'load a shorter file (split it by date) or raise the maxBytes limit',
    });
  }
  checkText(text, source);

  // Header: the first non-blank line (after an optional UTF-8 byte-order mark).
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  let header = '';
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    line++;
    const end = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    if (end - pos > MAX_LINE_CHARS) {
      throw new DataError(
        'line-too-long',
        `${source}: line ${line} is ${end - pos} characters long (at most ${MAX_LINE_CHARS}); this is not a CSV header`,
        { hint: 'check that the file is a CSV of bars with one row per line' },
      );
    }
    const candidate = text.slice(pos, end);
    pos = eol + 1;
    if (candidate.trim() !== '') {
      header = candidate;
      break;
    }
  }
  if (header === '') {
    throw new DataError('empty-file', `${source} is empty`, {
      hint: 'a CSV needs a header line (e.g. Date,Open,High,Low,Close,Volume) and one row per bar',
    });
  }
  const headerLine = line;
  const columns = mapHeader(header, source);

  const log = new IssueLog(opts.skipBadRows === true);
  if (columns.ignored.length > 0) {
    log.info(
      headerLine,
      'ignored-columns',
      `ignored columns: ${columns.ignored.join(', ')}`,
      'nothing to do',
    );
  }
  if (columns.volume === null) {
    log.info(
      headerLine,
      'no-volume',
      'no volume column; volume is set to 0',
      'add a Volume column if you need volume',
    );
  }
  if (adjust && columns.adjClose === null) {
    log.info(
      headerLine,
      'no-adj-close',
      'adjust was requested but there is no Adj Close column; prices are used as they are',
      'nothing to do',
    );
  }

  const rows = readRows(text, pos, headerLine, columns, { source, maxRows, adjust }, log);
  if (rows.n === 0 && log.badRows === 0) {
    throw new DataError('no-rows', `${source} has a header but no data rows`, {
      hint: 'add one row per bar below the header',
    });
  }
  const bars = finishRows(rows, log, adjust);
  const issues = log.finish();
  if (log.badRows > 0 && !log.skipBadRows) throw brokenRowsError(source, log.badRows, issues);
  if (bars.time.length === 0) {
    throw new DataError('no-rows', `${source}: all ${log.badRows} data rows are broken, nothing is left`, {
      issues,
      hint: 'see the listed rows; the column layout or number format is probably not what the file uses',
    });
  }
  return { bars, issues, columns };
}

function mapHeader(header: string, source: string): CsvColumns {
  // A first line that is already data means the header is missing; say so instead of "no open column".
  const first = header.split(/[,;\t]/, 1)[0] ?? '';
  if (
    !Number.isNaN(parseDateTime(first, 0, first.length)) ||
    !Number.isNaN(parseNumber(first, 0, first.length))
  ) {
    throw new DataError(
      'no-header',
      `${source}: the first line is data, not a header (it starts with a date or a number)`,
      {
        hint: 'add a header line such as Date,Open,High,Low,Close,Volume as the first line',
      },
    );
  }
  return mapColumns(header, source);
}

function brokenRowsError(source: string, count: number, issues: CsvIssue[]): DataError {
  const errors = issues.filter((i) => i.severity === 'error' && i.row > 0);
  const listed = errors
    .slice(0, LISTED_IN_ERROR)
    .map((i) => `  line ${i.row}: ${i.message}`)
    .join('\n');
  const more = count > LISTED_IN_ERROR ? `\n  …and ${count - LISTED_IN_ERROR} more` : '';
  const hint =
    'fix these rows in the file, or pass skipBadRows: true to drop them (they are then reported as warnings)';
  return new DataError(
    'bad-rows',
    `${source} has ${count} broken row${count === 1 ? '' : 's'}:\n${listed}${more}\nFix these rows in the file, or pass skipBadRows: true to drop them (they are then reported as warnings).`,
    { issues, hint },
  );
}
