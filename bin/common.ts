// Shared steps of the commands: reading a program, loading market data, turning library errors into
// one-line CLI errors.
import { DataError, type LoadedData } from '../lib/data';
import { loadSource } from '../lib/data/server';
import { MAX_SOURCE_BYTES } from '../lib/dsl';
import { PortfolioError } from '../lib/portfolio';
import { StoreError } from '../lib/store';
import { parseRange } from './args';
import { CliError, type Io } from './io';

export const DEFAULT_DATA = 'synthetic:1:2500:1d';

/** Reads a program from a file, or from standard input for '-'. */
export async function readProgram(io: Io, file: string | undefined, usage: string): Promise<string> {
  if (!file) throw new CliError('no strategy file given', 2, `usage: ${usage}`);
  // Files past the language's limit still load (up to 4×), so the checker reports the limit with a span.
  return file === '-' ? io.readStdin() : io.readText(resolvePath(io, file), MAX_SOURCE_BYTES * 4);
}

export function resolvePath(io: Io, file: string): string {
  return file.startsWith('/') ? file : `${io.cwd}/${file}`;
}

/** Turns errors from the libraries into CliErrors, keeping the cause and the library's hint. */
export function asCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof DataError || e instanceof StoreError || e instanceof PortfolioError)
    return new CliError(e.message, 1, e.hint, { cause: e });
  if (e instanceof RangeError || e instanceof TypeError)
    return new CliError(e.message, 1, undefined, { cause: e });
  return new CliError(`unexpected error: ${(e as Error)?.message ?? String(e)}`, 1, undefined, { cause: e });
}

export async function loadData(
  io: Io,
  spec: string | undefined,
  from?: string,
  to?: string,
): Promise<LoadedData> {
  try {
    return await loadSource(spec ?? DEFAULT_DATA, { ...parseRange(from, to), baseDir: io.cwd });
  } catch (e) {
    throw asCliError(e);
  }
}
