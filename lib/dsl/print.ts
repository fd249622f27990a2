// Renders a diagnostic like rustc: header, location, the source line and an underline under the span.
import type { Diagnostic } from './diagnostics';

/** The text of 1-based line `line` of `source` (without its line break), or '' when out of range. */
export function sourceLine(source: string, line: number): string {
  let start = source.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark is not shown (see the lexer)
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  let end = source.indexOf('\n', start);
  if (end < 0) end = source.length;
  if (end > start && source[end - 1] === '\r') end--;
  return source.slice(start, end);
}

/**
 * ```
 * error[unknown-function]: unknown function 'smaa' — did you mean 'sma'?
 *  --> strategy.bt:3:8
 *   |
 * 3 | fast = smaa(close, 10)
 *   |        ^~~~
 *   = hint: replace 'smaa' with 'sma'
 * ```
 */
export function formatDiagnostic(source: string, d: Diagnostic, fileName = '<input>'): string {
  const { line, col, length } = d.span;
  const text = sourceLine(source, line);
  const gutter = ' '.repeat(String(line).length);
  // Keep tabs in the prefix so the underline lines up however the terminal renders them.
  const prefix = text.slice(0, Math.max(0, col - 1)).replace(/[^\t]/g, ' ');
  const visible = Math.max(1, Math.min(length, text.length - (col - 1)));
  const underline = `^${'~'.repeat(Math.max(0, visible - 1))}`;
  const out = [
    `${d.severity}[${d.code}]: ${d.message}`,
    `${gutter}--> ${fileName}:${line}:${col}`,
    `${gutter} |`,
    `${line} | ${text}`,
    `${gutter} | ${prefix}${underline}`,
  ];
  if (d.hint) out.push(`${gutter} = hint: ${d.hint}`);
  return out.join('\n');
}

/** All diagnostics, errors first then warnings, each in source order, separated by blank lines. */
export function formatDiagnostics(source: string, ds: readonly Diagnostic[], fileName?: string): string {
  const sorted = [...ds].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.span.offset - b.span.offset,
  );
  return sorted.map((d) => formatDiagnostic(source, d, fileName)).join('\n\n');
}
