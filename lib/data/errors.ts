// Errors and diagnostics of the data layer. Problems with single rows are collected as `CsvIssue`s
// (data, not exceptions); a `DataError` is thrown only when the input as a whole cannot be used.

export type IssueSeverity = 'error' | 'warning' | 'info';

/** One problem found while reading a data file. */
export interface CsvIssue {
  /** Stable machine-readable kind, e.g. 'bad-number', 'high-below-low', 'duplicates-dropped'. */
  readonly code: string;
  /** 1-based line number in the file (the header is line 1); 0 when it concerns the file as a whole. */
  readonly row: number;
  /** Header name of the offending column, when one column is at fault. */
  readonly column?: string;
  readonly severity: IssueSeverity;
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}

export type DataErrorCode =
  | 'bad-argument'
  | 'bad-date'
  | 'bad-response'
  | 'bad-rows'
  | 'bad-source'
  | 'bad-timeframe'
  | 'binary-file'
  | 'empty-file'
  | 'empty-range'
  | 'exchange-unavailable'
  | 'file-exists'
  | 'file-not-found'
  | 'file-unreadable'
  | 'line-too-long'
  | 'missing-column'
  | 'ambiguous-column'
  | 'no-delimiter'
  | 'no-header'
  | 'no-rows'
  | 'not-allowed'
  | 'not-available'
  | 'range-limit'
  | 'too-large'
  | 'too-many-rows'
  | 'unknown-symbol'
  | 'unsupported-timeframe';

export interface DataErrorOptions {
  readonly issues?: readonly CsvIssue[];
  readonly hint?: string;
  readonly cause?: unknown;
}

/** The data could not be loaded. `message` says what is wrong; `hint` says how to fix it. */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly code: DataErrorCode;
  readonly issues?: readonly CsvIssue[];
  readonly hint?: string;

  constructor(code: DataErrorCode, message: string, options: DataErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.issues !== undefined) this.issues = options.issues;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

/** Shortens a user-supplied value for an error message. */
export function preview(s: string, max = 40): string {
  const t = s.length > max ? `${s.slice(0, max)}…` : s;
  // Control characters would garble a terminal; show them escaped.
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    out += c < 32 || c === 127 ? `\\x${c.toString(16).padStart(2, '0')}` : t[i];
  }
  return out;
}
