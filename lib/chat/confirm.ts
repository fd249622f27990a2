// Confirming the pending strategy (it becomes a saved strategy the workspace opens), and the quick
// preview of its key figures shown on the card before the user decides.
import type { LoadedData } from '../data';
import { DataError } from '../data';
import { outcomeOf, type ProgramRunner, runProgram } from '../dsl';
import { ApiError } from '../http';
import { compile, type StrategySpec, settingsOf, validateSpec } from '../schema';
import type { Store } from '../store';
import type { DataRef } from '../store/schema';
import type { DataRequest } from '../transport/protocol';
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

export interface ConfirmDeps {
  store: Store;
  session: SessionStore;
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
    data: dataRefOf(spec),
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
] as const;

export interface Preview {
  /** What the preview ran on, e.g. "AAPL 1d" or "synthetic data (AAPL could not be loaded: …)". */
  data: string;
  /** Set when the strategy's own data could not be loaded and synthetic bars stood in. */
  fallback?: string;
  bars: number;
  from: number | null;
  to: number | null;
  figures: Record<string, number | null>;
}

const runHere: ProgramRunner = async (source, bars, opts) => outcomeOf(runProgram(source, bars, opts));

/**
 * Runs the spec once on its own data, or on the synthetic default when that cannot be loaded here.
 * `run` is where (the server passes its worker pool, which refuses runs past its work budget).
 */
export async function preview(
  input: unknown,
  load: (req: DataRequest) => Promise<LoadedData>,
  run: ProgramRunner = runHere,
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
  let data: LoadedData;
  let fallback: string | undefined;
  try {
    data = await load(requestOf(ref));
  } catch (e) {
    // Offline, or an unknown symbol: say so on the card and preview on synthetic bars instead.
    const why = e instanceof DataError ? e.message : `unexpected: ${(e as Error)?.message ?? String(e)}`;
    fallback = `${ref.symbol} could not be loaded (${why}); the preview used synthetic daily bars`;
    data = await load(PREVIEW_FALLBACK);
  }
  const result = await run(compile(v.spec), data.bars);
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
