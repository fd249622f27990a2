// Deploying a saved strategy to paper, and what the dashboard shows of a run. Shared by the API
// (app/api/paper) and the CLI (backtalk paper): both validate the same way and summarise alike.
import { DataError, parseSource, parseTimeframe } from '../lib/data';
import type { Bars } from '../lib/engine';
import { type Account, PaperSession } from '../lib/paper';
import { type PaperEvent, type PaperRun, type Store, StoreError } from '../lib/store';
import { REPLAY_PREFIX, replayTradeFrom } from './paper-feeds';

export interface DeployInput {
  readonly strategyId: string;
  /** A source spec ('yahoo:AAPL', 'replay:synthetic:1:500:1d'); default: the strategy's own (defaultMarket). */
  readonly market?: string;
  /** Default: the strategy's data timeframe, else '1d'. */
  readonly timeframe?: string;
  readonly name?: string;
}

const bad = (message: string, hint?: string) =>
  new StoreError('bad-input', message, hint === undefined ? {} : { hint });

/** Numbers only: a version's params are JSON, a run's are numbers (others are left out). */
function numericParams(p: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (p && typeof p === 'object' && !Array.isArray(p))
    for (const [k, v] of Object.entries(p)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

/**
 * The market a strategy runs on when none is named: its own, live where new bars come (Yahoo, an
 * exchange), else replayed (a CSV or synthetic series never grows).
 */
export function defaultMarket(source: string | undefined): string | undefined {
  if (!source) return undefined;
  try {
    const kind = parseSource(source).kind;
    return kind === 'yahoo' || kind === 'ccxt' ? source : `${REPLAY_PREFIX}${source}`;
  } catch {
    return source; // refused below, saying why
  }
}

/**
 * Creates a paper run of the strategy's runnable version: its source and params as they are now
 * (later edits do not change the run), on the market, trading from the next bar after now; on a
 * replayed market from replayTradeFrom (its bars lie in the past). `loadReplay` loads the replayed
 * spec's bars (through the data folder's sandbox).
 */
export async function deployStrategy(
  store: Store,
  input: DeployInput,
  opts: { now?: number; loadReplay: (spec: string) => Promise<Bars> },
): Promise<PaperRun> {
  const strategy = await store.strategies.get(input.strategyId);
  if (!strategy || strategy.deletedAt)
    throw new StoreError('not-found', `strategy '${input.strategyId}' not found`, {
      hint: 'list the strategies to see which exist',
    });
  const version = (await store.strategies.runnableVersion(strategy.id)) ?? strategy.head;
  const data = version.data;
  const market = (input.market ?? defaultMarket(data?.source) ?? '').trim();
  if (!market)
    throw bad(
      'this strategy names no market',
      "pass a market, e.g. 'yahoo:AAPL' or 'replay:synthetic:1:500:1d'",
    );
  const replayed = market.startsWith(REPLAY_PREFIX);
  const spec = replayed ? market.slice(REPLAY_PREFIX.length) : market;
  const timeframe = input.timeframe ?? data?.timeframe ?? '1d';
  try {
    parseSource(spec);
    parseTimeframe(timeframe);
  } catch (e) {
    if (e instanceof DataError) throw bad(e.message, e.hint);
    throw e;
  }
  const params = numericParams(version.params);
  const opened = PaperSession.open({ source: version.source, params, timeframe, tradeFrom: 0 });
  if (!opened.ok)
    throw bad(`the strategy's program has errors:\n${opened.report}`, 'fix it in the workspace first');
  let tradeFrom = opts.now ?? Date.now();
  if (replayed) {
    let bars: Bars;
    try {
      bars = await opts.loadReplay(spec);
    } catch (e) {
      throw bad(`the replayed market could not be loaded: ${(e as Error).message}`, (e as DataError).hint);
    }
    if (bars.time.length < 2) throw bad(`'${spec}' has fewer than 2 bars: nothing to replay`);
    tradeFrom = replayTradeFrom(bars.time);
  }
  return store.paper.create({
    name: input.name ?? strategy.name,
    strategyId: strategy.id,
    strategyVersion: version.version,
    source: version.source,
    params,
    market,
    timeframe,
    tradeFrom,
  });
}

/** A stored account's fields, when the runner has written one. */
export function accountOf(run: PaperRun): Account | null {
  const a = run.account;
  if (!a) return null;
  const num = (k: string) => (typeof a[k] === 'number' ? (a[k] as number) : Number.NaN);
  return {
    time: num('time'),
    capital: num('capital'),
    cash: num('cash'),
    equity: num('equity'),
    position: num('position'),
    price: num('price'),
  };
}

export interface PaperSummary {
  readonly run: Omit<PaperRun, 'source' | 'account'>;
  readonly account: Account | null;
  /** Equity minus the starting capital. */
  readonly pnl: number | null;
  /** Equity minus the equity at the close of the last bar before the UTC day of the last bar. */
  readonly pnlToday: number | null;
  readonly lastSignal: PaperEvent | null;
}

const DAY = 86_400_000;

/** The equity after each processed bar since the deploy time, at most `points` of them (evenly thinned). */
export async function paperEquity(
  store: Store,
  run: PaperRun,
  points = 500,
): Promise<{ time: number[]; equity: number[] }> {
  const bars = await store.paper.loadBars(run.id);
  const opened = PaperSession.open({
    source: run.source,
    params: run.params,
    timeframe: run.timeframe,
    tradeFrom: run.tradeFrom,
  });
  if (!opened.ok || bars.time.length === 0) return { time: [], equity: [] };
  opened.session.restore(bars);
  const eq = opened.session.equity();
  let from = 0;
  while (from < bars.time.length && bars.time[from] < run.tradeFrom) from++;
  const n = bars.time.length - from;
  const step = Math.max(1, Math.ceil(n / Math.max(2, points)));
  const time: number[] = [];
  const equity: number[] = [];
  for (let i = from; i < bars.time.length; i += step) {
    time.push(bars.time[i]);
    equity.push(eq[i]);
  }
  const last = bars.time.length - 1;
  if (n > 0 && time[time.length - 1] !== bars.time[last]) {
    time.push(bars.time[last]);
    equity.push(eq[last]);
  }
  return { time, equity };
}

/** What the dashboard lists of a run: account, P&L since start and today, the last signal. */
export async function summarizePaper(store: Store, run: PaperRun): Promise<PaperSummary> {
  const { source: _s, account: _a, ...rest } = run;
  const account = accountOf(run);
  const lastSignal = await store.paper.lastEvent(run.id, 'signal');
  let pnlToday: number | null = null;
  if (account && run.lastBarTime !== null) {
    const dayStart = Math.floor(run.lastBarTime / DAY) * DAY;
    const { time, equity } = await paperEquity(store, run, Number.POSITIVE_INFINITY);
    let before = account.capital;
    for (let i = 0; i < time.length && time[i] < dayStart; i++) before = equity[i];
    pnlToday = account.equity - before;
  }
  return {
    run: rest,
    account,
    pnl: account ? account.equity - account.capital : null,
    pnlToday,
    lastSignal,
  };
}
