// Confirming the pending strategy (it becomes a saved strategy the workspace opens), and the quick
// preview of its key figures shown on the card before the user decides. Both run on the same bars: when
// the strategy's own data cannot be loaded, the preview's synthetic stand-in is remembered and saved with
// the strategy, so the workspace opens on what the card showed, labelled, instead of on a data error.
import { createHash } from 'node:crypto';
import type { LoadedData } from '../data';
import { DataError } from '../data';
import { outcomeOf, type ProgramRunner, runProgram } from '../dsl';
import type { StatName } from '../engine';
import { ApiError } from '../http';
import { compile, type StrategySpec, settingsOf, validateSpec } from '../schema';
import type { DataFallback, DataRef, Store } from '../store';
import type { DataRequest } from '../transport';
import { type PreviewMarket, portfolioPreview } from './portfolio-preview';
import { loadState, type SessionStore, saveState } from './session';

const DAY_MS = 86_400_000;

/** A chat request that cannot be served: the HTTP status it maps to, and what to do instead. */
export { ApiError as ChatError };
export const PREVIEW_FALLBACK: DataRequest = { source: 'synthetic:1:2500:1d', timeframe: '1d' };

/** Where the strategy's bars come from, as the store keeps it ("the last N years" fixed to dates now). */
export function dataRefOf(spec: StrategySpec, now = Date.now()): DataRef {
  const { data } = settingsOf(spec);
  const symbol =
    spec.market.symbol ??
    (spec.market.source === 'synthetic' ? 'SYNTH' : (data.source.split(':').pop() ?? ''));
  const from = data.lastYears
    ? now - Math.round(data.lastYears * 365.25 * DAY_MS)
    : data.from
      ? Date.parse(`${data.from}T00:00:00Z`)
      : null;
  const to = data.to ? Date.parse(`${data.to}T23:59:59.999Z`) : null;
  return { source: data.source, symbol, timeframe: data.timeframe, from, to };
}

export function requestOf(ref: DataRef): DataRequest {
  const iso = (ms: number | null | undefined) => (ms == null ? undefined : new Date(ms).toISOString());
  return { source: ref.source, timeframe: ref.timeframe, from: iso(ref.from), to: iso(ref.to) };
}

type Load = (req: DataRequest) => Promise<LoadedData>;

/** The strategy's own bars, or the synthetic default and why, when they cannot be loaded here. */
async function barsFor(ref: DataRef, load: Load): Promise<{ data: LoadedData; fallback?: DataFallback }> {
  try {
    return { data: await load(requestOf(ref)) };
  } catch (e) {
    // Offline, or an unknown symbol: the caller says so; the run goes on synthetic bars instead.
    const reason = e instanceof DataError ? e.message : `unexpected: ${(e as Error)?.message ?? String(e)}`;
    return { data: await load(PREVIEW_FALLBACK), fallback: { source: PREVIEW_FALLBACK.source, reason } };
  }
}

/** How long the preview's choice of bars is kept for confirming (after that, confirming tries again). */
export const PREVIEW_MEMORY_SECONDS = 3600;

/** One entry per data choice (not per conversation): the same market previewed twice is one entry. */
export function previewMemoryKey(spec: StrategySpec): string {
  const choice = JSON.stringify(settingsOf(spec).data);
  return `chat:preview-data:${createHash('sha256').update(choice).digest('hex').slice(0, 40)}`;
}

interface Remembered {
  fallback: DataFallback | null;
}

async function remembered(session: SessionStore, spec: StrategySpec): Promise<Remembered | undefined> {
  const r = await session.getJson<Remembered>(previewMemoryKey(spec)).catch(() => null);
  if (!r || typeof r !== 'object') return undefined;
  const f = r.fallback;
  if (f === null) return { fallback: null };
  return f && typeof f.source === 'string' && typeof f.reason === 'string'
    ? { fallback: { source: f.source.slice(0, 512), reason: f.reason.slice(0, 2000) } }
    : undefined;
}

/**
 * The data saved with a confirmed strategy: its own, marked with the bars that stood in for it when the
 * preview had to use them (or, not previewed lately, when they cannot be loaded now).
 */
async function confirmedData(spec: StrategySpec, deps: ConfirmDeps): Promise<DataRef> {
  const ref = dataRefOf(spec);
  const known = await remembered(deps.session, spec);
  const fallback = known ? known.fallback : deps.load ? (await barsFor(ref, deps.load)).fallback : undefined;
  return fallback ? { ...ref, fallback } : ref;
}

export interface ConfirmDeps {
  store: Store;
  session: SessionStore;
  /** Tries the strategy's data when the preview did not (lately); without it, the data is saved unmarked. */
  load?: Load;
}

/** Saves the pending strategy (the server's copy, never one sent by the browser) and clears it. */
export async function confirmPending(conversationId: string, deps: ConfirmDeps) {
  const state = await loadState(deps.session, conversationId);
  if (!state.pending)
    throw new ApiError(
      409,
      'there is no strategy awaiting confirmation in this conversation',
      'describe a strategy first, or open the saved one from Strategies',
    );
  const spec = state.pending;
  const strategy = await deps.store.strategies.create({
    name: spec.name,
    kind: 'chat',
    source: compile(spec),
    spec,
    params: {},
    data: await confirmedData(spec, deps),
    note: 'confirmed in the chat',
  });
  const confirmed = { strategyId: strategy.id, name: strategy.name };
  await saveState(deps.session, conversationId, { confirmed });
  if (await deps.store.conversations.get(conversationId))
    await deps.store.conversations.append(conversationId, {
      role: 'assistant',
      content: {
        id: `c-${strategy.id}`,
        role: 'assistant',
        parts: [{ type: 'data-confirmed', id: `confirmed-${strategy.id}`, data: confirmed }],
      },
    });
  return strategy;
}

export const PREVIEW_FIGURES = [
  'Return [%]',
  'Buy & Hold Return [%]',
  'Max. Drawdown [%]',
  'Sharpe Ratio',
  'Win Rate [%]',
  '# Trades',
] as const satisfies readonly StatName[];

export interface Preview {
  /** What the preview ran on, e.g. "AAPL 1d" or "synthetic data (AAPL could not be loaded: …)". */
  data: string;
  /** Set when the strategy's own data could not be loaded and synthetic bars stood in. */
  fallback?: string;
  bars: number;
  from: number | null;
  to: number | null;
  figures: Record<string, number | null>;
  /** A portfolio's markets: each one's trades and share of the P&L, or why it was left out. */
  markets?: PreviewMarket[];
}

const runHere: ProgramRunner = async (source, bars, opts) => outcomeOf(runProgram(source, bars, opts));

/**
 * Runs the spec once on its own data, or on the synthetic default when that cannot be loaded here.
 * `run` is where (the server passes its worker pool, which refuses runs past its work budget); `memory`
 * keeps which bars were used, for confirming.
 */
export async function preview(
  input: unknown,
  load: Load,
  run: ProgramRunner = runHere,
  memory?: SessionStore,
): Promise<Preview> {
  const v = validateSpec(input);
  if (!v.ok)
    throw new ApiError(
      400,
      `the strategy is not valid: ${v.issues
        .slice(0, 3)
        .map((i) => `${i.path || 'spec'}: ${i.message}`)
        .join('; ')}`,
      'send the spec from the confirmation card unchanged',
    );
  const ref = dataRefOf(v.spec);
  if (v.spec.portfolio) {
    // Each market is requested like the strategy's own, with its symbol; confirming then tries the
    // first market's data itself (no memory of stand-ins: a portfolio's are per market).
    const spec = v.spec;
    const requestFor = (symbol: string) =>
      requestOf({
        ...ref,
        source: settingsOf({ ...spec, market: { ...spec.market, symbol } }).data.source,
        symbol,
      });
    return portfolioPreview(spec, requestFor, load, PREVIEW_FIGURES);
  }
  const chosen = await barsFor(ref, load);
  const { data } = chosen;
  const fallback =
    chosen.fallback &&
    `${ref.symbol} could not be loaded (${chosen.fallback.reason}); the preview used synthetic daily bars`;
  await memory
    ?.setJson(
      previewMemoryKey(v.spec),
      { fallback: chosen.fallback ?? null } satisfies Remembered,
      PREVIEW_MEMORY_SECONDS,
    )
    .catch(() => {}); // without the memory, confirming tries the data itself
  const result = await run(compile(v.spec), data.bars, { timeframe: data.timeframe });
  if (!result.ok) {
    const tooMuch = result.diagnostics.find((d) => d.code === 'too-much-work');
    if (tooMuch) throw new ApiError(422, tooMuch.message, tooMuch.hint);
    throw new ApiError(500, `the compiled strategy does not run: ${result.report}`, 'please report this');
  }
  const n = data.bars.time.length;
  const figures: Record<string, number | null> = {};
  for (const k of PREVIEW_FIGURES) {
    const x = (result.stats as Record<string, unknown>)[k];
    figures[k] = typeof x === 'number' && Number.isFinite(x) ? x : null;
  }
  return {
    data: fallback ? 'synthetic daily bars' : `${ref.symbol} ${ref.timeframe}`,
    ...(fallback && { fallback }),
    bars: n,
    from: n ? data.bars.time[0] : null,
    to: n ? data.bars.time[n - 1] : null,
    figures,
  };
}
