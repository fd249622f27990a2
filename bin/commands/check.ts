// backtalk check FILE… — diagnostics with source lines and carets; exit 1 if any error.
import { checkSource, formatDiagnostic } from '../../lib/dsl';
import { parse } from '../args';
import { readProgram } from '../common';
import type { Io } from '../io';
import { toJson } from '../output';

const USAGE = 'backtalk check FILE… [--json]';

export async function check(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, USAGE);
  if (positionals.length === 0) await readProgram(io, undefined, USAGE);
  let errors = 0;
  let warnings = 0;
  const report: { file: string; diagnostics: unknown[] }[] = [];
  for (const file of positionals) {
    const source = await readProgram(io, file, USAGE);
    const { diagnostics } = checkSource(source);
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else warnings++;
      if (!values.json) io.err(`${formatDiagnostic(source, d, file)}\n\n`);
    }
    report.push({ file, diagnostics });
  }
  if (values.json) io.out(`${toJson(report)}\n`);
  else {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const summary = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(positionals.length, 'file')}`;
    (errors ? io.err : io.out)(`${errors ? '✗' : '✓'} ${summary}\n`);
  }
  return errors ? 1 : 0;
}
