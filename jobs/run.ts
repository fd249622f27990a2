// One rerun of a saved strategy: fresh data, the saved version and parameters, every figure stored in
// DuckDB together with the trades, the equity curve and what the latest bar signals.
import type { LoadedData } from '../lib/data';
import type { ProgramRunner } from '../lib/dsl';
import type { OrderRule } from '../lib/engine';
import { tradeList } from '../lib/engine';
import type { DataRef, JsonValue, Store } from '../lib/store';
import { boundedRunner } from '../server/compute/global';

export type Signal = 'enter' | 'exit' | 'hold';

/**
 * A run the program itself refused (over the work budget, an evaluation error): the same data and the
 * same program refuse the same way, so the scheduler does not retry it within the tick.
 */
export class ProgramRefused extends Error {
  override readonly name = 'ProgramRefused';
}

export interface RunDeps {
  store: Store;
  /** Loads fresh bars for a saved data reference (fetching what is new for remote sources). */
  load(data: DataRef): Promise<LoadedData>;
  now?: () => number;
  /** Runs the program; default: the server's worker pool within its work budget (server/compute). */
  run?: ProgramRunner;
}

export interface RunRequest {
  strategyId: string;
  scheduleId?: string | null;
  trigger: 'schedule' | 'manual' | 'catch-up';
  attempt?: number;
}

export const DEFAULT_DATA: DataRef = { source: 'synthetic:1:2500:1d', symbol: 'SYNTH', timeframe: '1d' };

/** What the last bar says to do now: an entry order fires → enter, else an exit order → exit, else hold. */
export function latestSignal(rules: readonly OrderRule[], n: number): Signal {
  if (n === 0) return 'hold';
  const fired = rules.filter((r) => r.when[n - 1] === 1);
  if (fired.some((r) => r.kind === 'buy' || r.kind === 'short')) return 'enter';
  if (fired.length > 0) return 'exit';
  return 'hold';
}

/** Runs once and records the outcome; a failure is stored as a failed run and rethrown for retrying. */
export async function runStrategy(deps: RunDeps, req: RunRequest) {
  const { store } = deps;
  const strategy = await store.strategies.get(req.strategyId);
  if (!strategy || strategy.deletedAt)
    throw new Error(`strategy ${req.strategyId} does not exist (or was deleted)`);
  // The newest version saved without errors: a broken edit saved on top never stops the schedule.
  const head = (await store.strategies.runnableVersion(strategy.id)) ?? strategy.head;
  const run = await store.runs.start({
    strategyId: req.strategyId,
    version: head.version,
    trigger: req.trigger,
    scheduleId: req.scheduleId ?? null,
    attempt: req.attempt ?? 1,
  });
  try {
    const data = await deps.load(head.data ?? DEFAULT_DATA);
    const params = Object.fromEntries(
      Object.entries(head.params ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
    const runner = deps.run ?? boundedRunner();
    const result = await runner(head.source, data.bars, {
      params,
      fileName: `${strategy.name} v${head.version}`,
      timeframe: data.timeframe,
    });
    if (!result.ok) throw new ProgramRefused(`the saved program does not run:\n${result.report}`);
    const { bars } = data;
    const n = bars.time.length;
    const trades = tradeList(result.trades).map((t) => ({ ...t }) as unknown as JsonValue);
    return await store.runs.finish(run.id, {
      stats: result.stats as Record<string, number | string | null>,
      trades,
      equity: result.equity,
      equityTime: bars.time,
      signal: latestSignal(result.rules, n),
      bars: n,
      dataFrom: n ? bars.time[0] : null,
      dataTo: n ? bars.time[n - 1] : null,
    });
  } catch (e) {
    await store.runs.markFailed(run.id, e);
    throw e;
  }
}
