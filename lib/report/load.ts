// Reading what a report shows from the store: one run with its strategy, saved version and the
// successful run before it; the latest two successful equity curves for the comparison chart.
import { sql } from 'drizzle-orm';
import type { Run, RunFigures, Store, StrategyDetail, StrategyVersion } from '../store';
import { decimate, type Points } from './series';

// Pick: a type, not the interface itself, so a query may return it (drizzle wants an indexable row).
export type PreviousRun = { id: string; startedAt: number } & Pick<RunFigures, keyof RunFigures>;

/**
 * The successful run just before `runId` of the same strategy (LAG over that strategy's successful
 * runs and the run itself, in time order); none for the first.
 */
export async function previousOkRun(store: Store, runId: string): Promise<PreviousRun | null> {
  const rows = await store.db.execute<PreviousRun>(sql`
WITH target AS (SELECT strategy_id FROM runs WHERE id = ${runId}),
ordered AS (
  SELECT r.id, LAG(r.id) OVER (ORDER BY r.started_at, r.seq) AS prev_id
  FROM runs r JOIN target t ON r.strategy_id = t.strategy_id
  WHERE r.status = 'ok' OR r.id = ${runId}
)
SELECT
  p.id,
  p.started_at AS "startedAt",
  p.return_pct AS "returnPct",
  p.sharpe,
  p.max_drawdown_pct AS "maxDrawdownPct",
  p.trade_count AS "tradeCount",
  p.equity_final AS "equityFinal"
FROM ordered o JOIN runs p ON p.id = o.prev_id
WHERE o.id = ${runId}`);
  return rows[0] ?? null;
}

export interface RunReportData {
  strategy: StrategyDetail;
  run: Run;
  version: StrategyVersion | null;
  previous: PreviousRun | null;
}

/** A run with everything its report needs; null when there is no such run (or its strategy is gone). */
export async function loadRunReport(store: Store, runId: string): Promise<RunReportData | null> {
  const run = await store.runs.get(runId);
  if (!run) return null;
  const strategy = await store.strategies.get(run.strategyId);
  if (!strategy) return null;
  const [version, previous] = await Promise.all([
    store.strategies.getVersion(run.strategyId, run.version),
    previousOkRun(store, runId),
  ]);
  return { strategy, run, version, previous };
}

export interface EquityLine {
  runId: string;
  startedAt: number;
  version: number;
  points: Points;
}

/** The latest successful run's equity and the one before it, thinned to `maxPoints` each. */
export async function latestEquities(
  store: Store,
  strategyId: string,
  maxPoints = 1500,
): Promise<{ latest: EquityLine | null; previous: EquityLine | null }> {
  const two = await store.runs.latestTwo(strategyId);
  const lines = await Promise.all(
    two.map(async (summary): Promise<EquityLine | null> => {
      const run = await store.runs.get(summary.id);
      if (!run?.equity || !run.equityTime) return null;
      return {
        runId: run.id,
        startedAt: run.startedAt,
        version: run.version,
        points: decimate(run.equityTime, run.equity, maxPoints),
      };
    }),
  );
  return { latest: lines[0] ?? null, previous: lines[1] ?? null };
}
