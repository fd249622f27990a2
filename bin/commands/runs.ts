// backtalk runs ls [STRATEGY] [--limit N] [--json]
import { parse, USAGE_EXIT } from '../args';
import { CliError, type Io } from '../io';
import { fmtNumber, table, toJson } from '../output';
import { findStrategy, withBackend } from '../store';

const USAGE = 'backtalk runs ls [STRATEGY] [--limit N] [--json]';

export async function runs(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { limit: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  const [action, ref] = positionals;
  if (action !== 'ls')
    throw new CliError(
      action ? `unknown runs action '${action}'` : 'runs needs an action',
      USAGE_EXIT,
      `usage: ${USAGE}`,
    );
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new CliError('--limit must be a whole number from 1 to 1000', USAGE_EXIT);
  return withBackend(io, async (backend) => {
    const strategies = ref ? [await findStrategy(backend, ref)] : await backend.strategies();
    const all = (
      await Promise.all(
        strategies.map(async (s) => (await backend.runs(s.id, limit)).map((r) => ({ ...r, name: s.name }))),
      )
    )
      .flat()
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, limit);
    if (values.json) {
      io.out(`${toJson(all)}\n`);
      return 0;
    }
    if (!all.length) {
      io.out('no runs yet\n');
      return 0;
    }
    const n = (v: number | null, d = 2) => (v === null ? '—' : fmtNumber(v, d));
    const rows = all.map((r) => [
      new Date(r.startedAt).toISOString().replace('.000Z', 'Z'),
      r.name,
      `v${r.version}`,
      r.trigger,
      r.status,
      n(r.returnPct),
      n(r.sharpe, 3),
      n(r.maxDrawdownPct),
      r.tradeCount === null ? '—' : String(r.tradeCount),
      r.signal ?? '—',
      (r.error ?? '').split('\n')[0].slice(0, 60),
    ]);
    io.out(
      `${table(['Started', 'Strategy', 'Ver', 'Trigger', 'Status', 'Return %', 'Sharpe', 'Max DD %', 'Trades', 'Signal', 'Error'], rows, [false, false, false, false, false, true, true, true, true, false, false])}\n`,
    );
    return 0;
  });
}
