// What a command may touch: output streams, stdin, files. Injected so tests run commands in-process.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  /** Standard input line by line as it is typed (interactive commands); absent in most tests. */
  readLines?(): AsyncIterable<string>;
  readText(path: string, maxBytes: number): Promise<string>;
  writeText(path: string, text: string): Promise<void>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** A failure the user can fix: printed as one line (plus an optional hint), never as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

async function readBounded(path: string, maxBytes: number): Promise<string> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new CliError(`${path} is not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
    throw new CliError(`cannot read ${path}: ${why}`, 1, undefined, { cause: e });
  }
  if (size > maxBytes) throw new CliError(`${path} is ${size} bytes; the limit is ${maxBytes}`);
  return readFile(path, 'utf8');
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of process.stdin) {
        size += (c as Buffer).length;
        if (size > 1 << 20) throw new CliError('standard input is larger than 1 MiB');
        chunks.push(c as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    readLines: () => createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity }),
    readText: readBounded,
    writeText: (p, t) => writeFile(p, t, 'utf8'),
    cwd: process.cwd(),
    env: process.env,
  };
}
