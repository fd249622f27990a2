// An error as log text with its whole cause chain, one cause a line, so a log line says why something
// failed all the way down (a failed run: 'cannot load yahoo:SPY' ← 'fetch failed' ← 'ECONNREFUSED').

/** Causes followed at most; deeper ones are summarised. */
const MAX_DEPTH = 8;

function one(e: unknown): string {
  if (e instanceof Error) {
    const name = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
    const code = (e as { code?: unknown }).code;
    const tag = typeof code === 'string' && !e.message.includes(code) ? ` [${code}]` : '';
    return `${name}${e.message || '(no message)'}${tag}`;
  }
  return typeof e === 'string' ? e : String(e);
}

/**
 * `message` of `e` and of every `cause` below it ('\n  caused by: …'), and the errors inside an
 * AggregateError. Cycles and very deep chains are cut.
 */
export function describeError(e: unknown): string {
  const lines = [one(e)];
  const seen = new Set<unknown>([e]);
  let at: unknown = e;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (at instanceof AggregateError)
      for (const inner of at.errors.slice(0, 5)) lines.push(`  including: ${one(inner)}`);
    const cause = at instanceof Error ? at.cause : undefined;
    if (cause === undefined || cause === null) return lines.join('\n');
    if (seen.has(cause)) {
      lines.push('  caused by: (the same error again)');
      return lines.join('\n');
    }
    seen.add(cause);
    lines.push(`  caused by: ${one(cause)}`);
    at = cause;
  }
  lines.push('  caused by: …');
  return lines.join('\n');
}
