// The server's data folder: the only place `csv:` sources are read from when a request comes over the
// network (socket, API, scheduler, chat). The CLI reads whatever path its user names and does not use
// this. Paths resolve inside the folder (realpath, so no link leads out), only .csv/.txt files, only
// regular files, read with a byte cap.
// The fs calls carry turbopackIgnore: their paths are the user's data, not files for Next's build to trace.
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type CsvOptions, type CsvResult, DEFAULT_MAX_BYTES, parseCsvBytes } from './csv';
import { DataError, preview } from './errors';
import { fileError, readCapped } from './read-file';

export interface Sandbox {
  /** The data folder (absolute). */
  readonly root: string;
  /** Where relative names in older specs ('data/GOOG.csv') were resolved from; default process.cwd(). */
  readonly cwd?: string;
}

/** Extensions readable as data; the folder also holds the DuckDB file, which must never be served. */
export const DATA_EXTENSIONS: readonly string[] = ['.csv', '.txt'];
const MAX_PATH = 1024;

/** The data folder from BACKTALK_DATA_DIR (default `data/` under the working directory). */
export function dataDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd = process.cwd(),
): string {
  const dir = env.BACKTALK_DATA_DIR?.trim();
  return resolve(cwd, dir ? dir : 'data');
}

/** The server's sandbox, read from the environment at each call (tests and restarts may change it). */
export function serverSandbox(): Sandbox {
  return { root: dataDir() };
}

/** True when `p` lies strictly below `root` (both absolute, normalised). */
function below(root: string, p: string): boolean {
  const r = relative(root, p);
  return r !== '' && r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r);
}

export function hasDataExtension(path: string): boolean {
  const lower = path.toLowerCase();
  return DATA_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The folder as users know it: 'data/' when it is under the working directory, else its absolute path. */
export function folderLabel(sb: Sandbox): string {
  const cwd = sb.cwd ?? process.cwd();
  const root = resolve(sb.root);
  const label = below(cwd, root) ? relative(cwd, root) : root;
  return label.endsWith(sep) ? label : `${label}${sep}`;
}

function allowed(sb: Sandbox): string {
  return `the server reads CSV files only from its data folder (${folderLabel(sb)}, set by BACKTALK_DATA_DIR): write csv:NAME.csv for a .csv or .txt file in it, or upload one with the data picker`;
}

function refused(sb: Sandbox, path: string, why: string): DataError {
  return new DataError('not-allowed', `csv:${preview(path, 80)} ${why}`, { hint: allowed(sb) });
}

/**
 * Where `path` may be in the folder, without touching the disk: relative names are looked up in the
 * folder, then (for specs written as 'data/GOOG.csv') from the working directory when that lands in
 * the folder too; absolute paths must be in the folder. Throws a 'not-allowed' DataError otherwise.
 */
export function dataCandidates(sb: Sandbox, path: string): string[] {
  const root = resolve(sb.root);
  const label = folderLabel(sb);
  if (typeof path !== 'string' || path.trim() === '') throw refused(sb, '', 'needs a file name');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (path.length > MAX_PATH || /[\u0000-\u001f\u007f]/.test(path))
    throw refused(sb, path, `is not a file name in the data folder ${label}`);
  if (path.split(/[\\/]/).includes('..'))
    throw refused(sb, path, `leads out of the data folder ${label} ('..' is not allowed)`);
  const full = isAbsolute(path) ? resolve(path) : undefined;
  if (full !== undefined && !below(root, full))
    throw refused(sb, path, `is outside the data folder ${label}`);
  if (!hasDataExtension(path))
    throw refused(sb, path, `is not a .csv or .txt file; only those are read from the data folder ${label}`);
  if (full !== undefined) return [full];
  const inFolder = resolve(root, path);
  const fromCwd = resolve(sb.cwd ?? process.cwd(), path);
  return fromCwd !== inFolder && below(root, fromCwd) ? [inFolder, fromCwd] : [inFolder];
}

/** Throws the 'not-allowed' DataError when `path` cannot name a file in the folder (nothing is read). */
export function checkDataPath(sb: Sandbox, path: string): void {
  dataCandidates(sb, path);
}

/** The file `path` names in the folder, resolved through links (which must stay in the folder). */
export async function resolveDataPath(sb: Sandbox, path: string): Promise<string> {
  const candidates = dataCandidates(sb, path);
  const label = folderLabel(sb);
  const notFound = `check the name, or upload the file with the data picker (${allowed(sb)})`;
  let root: string;
  try {
    root = await realpath(/*turbopackIgnore: true*/ sb.root);
  } catch (err) {
    throw new DataError('file-not-found', `the data folder ${label} does not exist`, {
      cause: err,
      hint: `create it and put CSV files there, or upload one with the data picker (BACKTALK_DATA_DIR sets the folder)`,
    });
  }
  for (const candidate of candidates) {
    let real: string;
    try {
      real = await realpath(/*turbopackIgnore: true*/ candidate);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw fileError(`csv:${preview(path, 80)}`, err);
    }
    if (!below(root, real)) throw refused(sb, path, `is a link that leads outside the data folder ${label}`);
    if (!hasDataExtension(real)) throw refused(sb, path, 'is a link to a file that is not .csv or .txt');
    return real;
  }
  throw new DataError('file-not-found', `no file ${preview(path, 80)} in the data folder ${label}`, {
    hint: notFound,
  });
}

/** Reads and parses a CSV from the folder; messages name it as 'data/NAME.csv'. */
export async function readDataCsv(
  sb: Sandbox,
  path: string,
  opts: Omit<CsvOptions, 'source'> = {},
): Promise<CsvResult> {
  const real = await resolveDataPath(sb, path);
  const name = join(folderLabel(sb), relative(await realpath(/*turbopackIgnore: true*/ sb.root), real));
  const buf = await readCapped(real, {
    name,
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
    regularOnly: true,
  });
  return parseCsvBytes(buf, { ...opts, source: name });
}

/** A key part that changes when the file does (mtime and size), so an edited file is not served from the cache. */
export async function dataRevision(sb: Sandbox, path: string): Promise<string> {
  const real = await resolveDataPath(sb, path);
  try {
    const st = await stat(/*turbopackIgnore: true*/ real);
    return `${st.mtimeMs}:${st.size}`;
  } catch (err) {
    throw fileError(`csv:${preview(path, 80)}`, err);
  }
}
