// Reading a data file with a byte cap. The size `stat` reports is only a hint: devices (/dev/zero),
// pipes and /proc files report 0 and never end, so at most maxBytes + 1 bytes are ever read.
import { DataError } from './errors';

export interface ReadOptions {
  /** The file as named in messages (the user's path, or the data folder's name for it). */
  readonly name: string;
  readonly maxBytes: number;
  /**
   * Regular files only, opened without following a final symlink and without blocking on a FIFO
   * (the server's data folder). Off, anything readable is read (the CLI's `csv:<(command)` pipes).
   */
  readonly regularOnly?: boolean;
  /** Hint when the file does not exist. */
  readonly notFoundHint?: string;
}

const FIRST_CHUNK = 64 * 1024;

/** The file's bytes, or a DataError naming it (missing, unreadable, not a file, over maxBytes). */
export async function readCapped(path: string, opts: ReadOptions): Promise<Buffer> {
  // Imported lazily so that this module (and the data layer's index) stays loadable in the browser.
  const fs = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  const { name, maxBytes } = opts;
  const flags =
    constants.O_RDONLY | (opts.regularOnly ? (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) : 0);
  let fh: Awaited<ReturnType<typeof fs.open>>;
  try {
    fh = await fs.open(path, flags);
  } catch (err) {
    throw fileError(name, err, opts.notFoundHint);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) {
      throw new DataError('file-unreadable', `${name} is a directory, not a CSV file`, {
        hint: 'give the path of a .csv file',
      });
    }
    if (opts.regularOnly && !st.isFile()) {
      throw new DataError('file-unreadable', `${name} is not a regular file (a device, pipe or socket)`, {
        hint: 'put the data in a plain .csv file',
      });
    }
    if (st.isFile() && st.size > maxBytes) throw tooLarge(name, `${st.size} bytes`, maxBytes);
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, FIRST_CHUNK)));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, n, buf.length - n, null);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    if (n > maxBytes) throw tooLarge(name, `more than ${maxBytes} bytes`, maxBytes);
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw fileError(name, err, opts.notFoundHint);
  } finally {
    await fh.close();
  }
}

function tooLarge(name: string, size: string, maxBytes: number): DataError {
  return new DataError('too-large', `${name} is ${size}; the limit is ${maxBytes}`, {
    hint: 'load a shorter file (split it by date) or raise the maxBytes limit',
  });
}

/** A file-system error as a DataError naming the file (never quoting what it holds). */
export function fileError(name: string, err: unknown, notFoundHint?: string): DataError {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new DataError('file-not-found', `CSV file not found: ${name}`, {
      cause: err,
      hint: notFoundHint ?? `check the path; relative paths are resolved from ${process.cwd()}`,
    });
  }
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ELOOP'
        ? 'it is a symbolic link'
        : code === 'EISDIR'
          ? 'it is a directory'
          : String(code ?? (err as Error)?.message ?? err);
  return new DataError('file-unreadable', `cannot read ${name}: ${why}`, {
    cause: err,
    hint: 'check that the file exists and is readable',
  });
}
