// backtalk fmt FILE… [--write] [--check] — canonical layout; refuses programs with syntax errors.
import { format, formatDiagnostics } from '../../lib/dsl';
import { parse } from '../args';
import { readProgram, resolvePath } from '../common';
import { CliError, type Io } from '../io';

const USAGE = 'backtalk fmt FILE… [--write | --check]';

export async function fmt(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { write: { type: 'boolean' }, check: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length === 0) await readProgram(io, undefined, USAGE);
  if (values.write && positionals.includes('-'))
    throw new CliError('--write cannot rewrite standard input', 2);
  let failed = 0;
  let changed = 0;
  for (const file of positionals) {
    const source = await readProgram(io, file, USAGE);
    const { text, diagnostics } = format(source);
    if (diagnostics.some((d) => d.severity === 'error')) {
      io.err(
        `${formatDiagnostics(source, diagnostics, file)}\n${file}: not formatted (fix the errors above)\n`,
      );
      failed++;
      continue;
    }
    if (text !== source) changed++;
    if (values.write) {
      if (text !== source) {
        await io.writeText(resolvePath(io, file), text);
        io.out(`formatted ${file}\n`);
      }
    } else if (values.check) {
      if (text !== source) io.err(`${file} is not formatted\n`);
    } else {
      if (positionals.length > 1) io.out(`// ${file}\n`);
      io.out(text);
    }
  }
  if (failed) return 1;
  return values.check && changed ? 1 : 0;
}
