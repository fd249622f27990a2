// backtalk parse "TEXT" [--offline] [--json] — plain English to a strategy, through the same path as
// the app (the model when one is configured, otherwise the offline parser). Exit 3 when it asks back.
import type { Understanding } from '../../lib/nl';
import { understand, understandingPath } from '../../lib/nl/server';
import { cardNotes, unusedLine } from '../../lib/ui';
import { parse as parseArgv } from '../args';
import { CliError, type Io } from '../io';
import { toJson } from '../output';

const USAGE = 'backtalk parse "TEXT" [--offline] [--json]';
export const CLARIFY_EXIT = 3;

export async function parse(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgv(
    argv,
    { offline: { type: 'boolean' }, json: { type: 'boolean' } },
    USAGE,
  );
  const text = positionals.join(' ');
  if (!text.trim()) throw new CliError('parse needs the strategy in words', 2, `usage: ${USAGE}`);
  const env = io.env as Record<string, string | undefined>;
  const path = understandingPath({ offline: values.offline, env });
  const u = await understand({ text }, { offline: values.offline, env });
  if (values.json) {
    const body = u.ok
      ? {
          ok: true,
          spec: u.spec,
          program: u.program,
          summary: u.summary.join(' '),
          assumptions: u.assumptions,
          market: u.market,
          settings: u.settings,
          source: u.source,
        }
      : { ok: false, question: u.question, unclear: u.unclear, source: u.source };
    io.out(`${toJson(u.reply ? { ...body, note: u.reply } : body)}\n`);
    return u.ok ? 0 : CLARIFY_EXIT;
  }
  if (path.problem) io.err(`note: ${path.problem}; using the offline parser\n`);
  printUnderstanding(io, u, u.source === 'model' ? path.description : 'offline parser');
  if (u.ok) io.out(`\n${u.program}`);
  return u.ok ? 0 : CLARIFY_EXIT;
}

/** The card, as text: the rules, market, settings, readings, assumptions, words not used and what changed. */
export function printUnderstanding(io: Io, u: Understanding, by: string): void {
  if (!u.ok) {
    io.out(`${u.question}\n`);
    if (u.unclear.length) io.out(`not understood: ${u.unclear.join('; ')}\n`);
    return;
  }
  io.out(`Understood (${by}):\n`);
  if (u.changes?.length) io.out(`Changed: ${u.changes.join('; ')}\n`);
  for (const line of u.summary) io.out(`  • ${line}\n`);
  io.out(`  Market: ${u.market}\n  Settings: ${u.settings}\n`);
  const { assumed, readAs } = cardNotes(u.assumptions);
  if (readAs.length) io.out(`Read as: ${readAs.join('; ')}\n`);
  if (assumed.length) io.out(`Assumed (you did not say): ${assumed.join('; ')}\n`);
  const unused = unusedLine(u.unused);
  if (unused) io.out(`${unused}\n`);
  if (u.reply) io.out(`note: ${u.reply}\n`);
}
