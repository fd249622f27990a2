// CSV files → Bars: reading a file with a byte cap (read-file.ts, node:fs) and naming recognisably
// non-CSV bytes, then the pure parser of csv-parse.ts (which the data layer's pure entry exports).
import { type CsvOptions, type CsvResult, DEFAULT_MAX_BYTES, limit, parseCsv } from './csv-parse';
import { DataError } from './errors';
import { readCapped } from './read-file';

export type { CsvColumns, CsvOptions, CsvResult } from './csv-parse';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, parseCsv } from './csv-parse';

/** Reads and parses a CSV file (any path; the server goes through sandbox.ts). Missing, unreadable,
 * oversized or binary files give a DataError naming the path. At most maxBytes are read, whatever the
 * file claims its size is. */
export async function loadCsvFile(path: string, opts: CsvOptions = {}): Promise<CsvResult> {
  const maxBytes = limit(opts.maxBytes, DEFAULT_MAX_BYTES, 'maxBytes');
  const buf = await readCapped(path, { name: path, maxBytes });
  return parseCsvBytes(buf, { ...opts, source: opts.source ?? path });
}

/** parseCsv for a file's bytes: recognisably non-CSV files (gzip, ZIP, UTF-16, binary) are named as such. */
export function parseCsvBytes(buf: Buffer, opts: CsvOptions & { source: string }): CsvResult {
  checkBytes(buf, opts.source);
  return parseCsv(buf.toString('utf8'), opts);
}

/** Recognises common non-CSV files by their first bytes, for a specific message. */
function checkBytes(buf: Buffer, path: string): void {
  const b0 = buf[0];
  const b1 = buf[1];
  let what = '';
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) what = 'is UTF-16 text; save it as UTF-8';
  else if (b0 === 0x1f && b1 === 0x8b) what = 'is gzip-compressed; decompress it first';
  else if (b0 === 0x50 && b1 === 0x4b && buf[2] === 3 && buf[3] === 4) {
    what = 'is a ZIP archive (or an .xlsx workbook); extract or export it as CSV';
  } else if (buf.subarray(0, 65_536).includes(0)) what = 'contains binary data, not CSV text';
  if (what !== '') {
    throw new DataError('binary-file', `${path} ${what.split(';')[0]}`, {
      hint: what.split('; ')[1] ?? 'export it as CSV',
    });
  }
}
