// CSV files put into the data folder from the browser, and the folder's listing for the data picker.
// A file is kept only when it parses as bars; names are plain (no folders), existing files are replaced
// only when asked.
// (fs calls carry turbopackIgnore: their paths are the user's data, not files for Next's build to trace.)
import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from './csv';
import { DataError, preview } from './errors';
import { folderLabel, hasDataExtension, type Sandbox } from './sandbox';

/**
 * Largest upload, in bytes. Below the loader's DEFAULT_MAX_BYTES because an upload is held several
 * times over while it arrives (body, JSON text, string); bigger files can be copied into the folder.
 */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const MAX_NAME = 100;
const MAX_LISTED = 1000;

export interface DataFileInfo {
  /** The name in the folder; `csv:<name>` reads it. */
  readonly name: string;
  readonly bytes: number;
  /** Last modification, epoch ms. */
  readonly modified: number;
}

export interface SavedUpload extends DataFileInfo {
  /** Data rows that parsed (the file as the workspace will load it). */
  readonly bars: number;
  /** True when an existing file of that name was replaced. */
  readonly replaced: boolean;
}

/**
 * A safe name for an uploaded file: folders stripped ('C:\\x\\GOOG.csv' → 'GOOG.csv'), characters other
 * than letters, digits, '.', '_' and '-' replaced by '_', no leading dot, ending in .csv.
 */
export function uploadName(raw: string): string {
  const base =
    String(raw ?? '')
      .split(/[\\/]/)
      .pop() ?? '';
  const name = base
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '');
  const hint = 'name the file like GOOG.csv (letters, digits, ".", "_" and "-")';
  if (!/\.csv$/i.test(name) || name.length <= 4) {
    throw new DataError('bad-argument', `'${preview(base, 60)}' is not a .csv file name`, { hint });
  }
  if (name.length > MAX_NAME) {
    throw new DataError(
      'bad-argument',
      `the file name is ${name.length} characters long (at most ${MAX_NAME})`,
      {
        hint,
      },
    );
  }
  return name;
}

/**
 * Validates `text` as a CSV of bars and stores it as `name` in the folder (created if missing). Refuses
 * an existing name unless `overwrite` ('file-exists'); the write is atomic, so a reader never sees half.
 */
export async function saveDataFile(
  sb: Sandbox,
  rawName: string,
  text: string,
  opts: { overwrite?: boolean } = {},
): Promise<SavedUpload> {
  const name = uploadName(rawName);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_UPLOAD_BYTES) {
    throw new DataError(
      'too-large',
      `${name} is ${bytes} bytes; uploads are limited to ${MAX_UPLOAD_BYTES}`,
      {
        hint: `split it by date, or copy it into the data folder ${folderLabel(sb)} directly`,
      },
    );
  }
  const { bars } = parseCsv(text, { source: name });
  await mkdir(/*turbopackIgnore: true*/ sb.root, { recursive: true });
  const root = await realpath(/*turbopackIgnore: true*/ sb.root);
  const dest = join(root, name);
  // Not a .csv name, so never listed or loaded if the process dies before the rename.
  const tmp = join(root, `.upload-${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(/*turbopackIgnore: true*/ tmp, text, { flag: 'wx', mode: 0o644 });
  let replaced = false;
  try {
    if (opts.overwrite) {
      replaced = await stat(/*turbopackIgnore: true*/ dest).then(
        () => true,
        () => false,
      );
      await rename(/*turbopackIgnore: true*/ tmp, dest);
    } else {
      // link() fails if the name exists, so two uploads of one name cannot both win.
      await link(/*turbopackIgnore: true*/ tmp, dest).catch((err: { code?: string }) => {
        if (err.code !== 'EEXIST') throw err;
        throw new DataError('file-exists', `${name} is already in the data folder ${folderLabel(sb)}`, {
          cause: err,
          hint: 'choose another name, or confirm that the upload replaces it',
        });
      });
    }
  } finally {
    await unlink(/*turbopackIgnore: true*/ tmp).catch(() => {});
  }
  const st = await stat(/*turbopackIgnore: true*/ dest);
  return { name, bytes: st.size, modified: st.mtimeMs, bars: bars.time.length, replaced };
}

/** The folder's .csv and .txt files (regular files, not links), by name; empty when the folder does not exist. */
export async function listDataFiles(sb: Sandbox): Promise<DataFileInfo[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(/*turbopackIgnore: true*/ sb.root, { withFileTypes: true });
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && hasDataExtension(e.name))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b))
    .slice(0, MAX_LISTED);
  const out: DataFileInfo[] = [];
  for (const name of files) {
    const st = await stat(/*turbopackIgnore: true*/ join(sb.root, name)).catch(() => null);
    if (st?.isFile()) out.push({ name, bytes: st.size, modified: st.mtimeMs });
  }
  return out;
}
