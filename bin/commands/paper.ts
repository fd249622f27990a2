// backtalk paper start STRATEGY [--market SPEC] [--timeframe TF] | list [--json] | stop RUN
// The runs are stored; the app's server runs them (npm run dev / npm start). When the app holds the
// database, the command goes through its API (/api/paper) and gets the same records.
import { deployStrategy, type PaperSummary, summarizePaper } from '../../jobs/paper-deploy';
import type { PaperRun } from '../../lib/store';
import { StoreError } from '../../lib/store';
import { parse, USAGE_EXIT } from '../args';
import { loadData } from '../common';
import { CliError, type Io } from '../io';
import { fmtNumber, table, toJson } from '../output';
import { callApp } from '../server';
import { findStrategy, withBackend, withStoreOrApp } from '../store';

const USAGE = 'backtalk paper start STRATEGY [--market SPEC] [--timeframe TF] | list [--json] | stop RUN';
const q = encodeURIComponent;
const when = (t: number | null | undefined) => (t ? new Date(t).toISOString().replace('.000Z', 'Z') : '—');

function storeFailure(e: unknown): never {
  if (e instanceof StoreError) throw new CliError(e.message, 1, e.hint, { cause: e });
  throw e;
}

export async function paper(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { market: { type: 'string' }, timeframe: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  const [action, ref] = positionals;
  if (action === 'start') {
    if (!ref) throw new CliError('paper start needs a strategy (id or name)', USAGE_EXIT, `usage: ${USAGE}`);
    const strategy = await withBackend(io, (b) => findStrategy(b, ref));
    const input = { strategyId: strategy.id, market: values.market, timeframe: values.timeframe };
    const created = await withStoreOrApp<PaperRun | PaperSummary['run']>(
      io,
      (store) =>
        deployStrategy(store, input, { loadReplay: async (spec) => (await loadData(io, spec)).bars }).catch(
          storeFailure,
        ),
      async (app) => (await callApp<{ run: PaperSummary }>(app, 'POST', '/api/paper', input)).body.run.run,
    );
    io.out(
      `paper run ${created.id}: ${created.name} on ${created.market} (${created.timeframe}), trading from ${when(created.tradeFrom)}\n` +
        'the app runs it (npm run dev or npm start); see it on /dashboard\n',
    );
    return 0;
  }
  if (action === 'list' || action === 'ls') {
    const runs = await withStoreOrApp<PaperSummary[]>(
      io,
      async (store) => {
        const out: PaperSummary[] = [];
        for (const run of await store.paper.list()) out.push(await summarizePaper(store, run));
        return out;
      },
      async (app) => (await callApp<{ runs: PaperSummary[] }>(app, 'GET', '/api/paper')).body.runs,
    );
    if (values.json) {
      io.out(`${toJson(runs)}\n`);
      return 0;
    }
    if (!runs.length) {
      io.out('no paper runs yet\n');
      return 0;
    }
    const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmtNumber(v, 2));
    const rows = runs.map((s) => [
      s.run.id,
      s.run.name,
      s.run.market,
      s.run.status,
      n(s.account?.equity),
      n(s.account?.position),
      n(s.pnl),
      n(s.pnlToday),
      when(s.run.lastBarTime),
    ]);
    io.out(
      `${table(['Run', 'Strategy', 'Market', 'Status', 'Equity', 'Position', 'P&L', 'P&L today', 'Last bar'], rows, [false, false, false, false, true, true, true, true, false])}\n`,
    );
    return 0;
  }
  if (action === 'stop') {
    if (!ref) throw new CliError('paper stop needs a run id', USAGE_EXIT, `usage: ${USAGE}`);
    const run = await withStoreOrApp<{ id: string; status: string }>(
      io,
      async (store) => {
        const had = await store.paper.get(ref).catch(storeFailure);
        if (!had) throw new CliError(`no paper run '${ref}'`, 1, 'list them with: backtalk paper list');
        // The server's runner reads the status before each step, so it stops at the next bar.
        return store.paper.setStatus(ref, 'stopped');
      },
      async (app) =>
        (await callApp<{ run: PaperSummary }>(app, 'POST', `/api/paper/${q(ref)}`, { action: 'stop' })).body
          .run.run,
    );
    io.out(`paper run ${run.id} ${run.status}\n`);
    return 0;
  }
  throw new CliError(
    action ? `unknown paper action '${action}'` : 'paper needs an action',
    USAGE_EXIT,
    `usage: ${USAGE}`,
  );
}
