// The analytic query behind runs.history: each run's key figures next to the previous successful
// run's (LAG over the 'ok' runs in time order) and the change between them.
import { type SQL, sql } from 'drizzle-orm';
import type { RunStatus, RunTrigger, Signal } from './schema';

// A type alias, not an interface: drizzle's execute<T> needs T to be indexable.
export type RunHistoryRow = {
  id: string;
  version: number;
  trigger: RunTrigger;
  status: RunStatus;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
  signal: Signal | null;
  returnPct: number | null;
  sharpe: number | null;
  maxDrawdownPct: number | null;
  tradeCount: number | null;
  equityFinal: number | null;
  /** The successful run before this one; null for the first one and for runs that did not succeed. */
  previousRunId: string | null;
  previousSignal: Signal | null;
  /** This run's figure minus the previous successful run's (null when either is missing). */
  returnPctChange: number | null;
  sharpeChange: number | null;
  maxDrawdownPctChange: number | null;
  tradeCountChange: number | null;
  equityFinalChange: number | null;
};

/**
 * The columns of RunHistoryRow, selected from `recent` (runs joined with the CTE `ok`): the one SELECT
 * list of a run's figures and their change from the previous successful run, for runs.history and the
 * report's runs table (lib/report/queries.ts), which adds its own columns after these.
 */
export const RUN_HISTORY_COLUMNS: SQL = sql.raw(`
  id,
  version,
  trigger,
  status,
  error,
  started_at AS "startedAt",
  finished_at AS "finishedAt",
  signal,
  return_pct AS "returnPct",
  sharpe,
  max_drawdown_pct AS "maxDrawdownPct",
  trade_count AS "tradeCount",
  equity_final AS "equityFinal",
  prev_id AS "previousRunId",
  prev_signal AS "previousSignal",
  return_pct - prev_return_pct AS "returnPctChange",
  sharpe - prev_sharpe AS "sharpeChange",
  max_drawdown_pct - prev_max_drawdown_pct AS "maxDrawdownPctChange",
  trade_count - prev_trade_count AS "tradeCountChange",
  equity_final - prev_equity_final AS "equityFinalChange"`);

/**
 * The CTE `ok`: each successful run of a strategy with the figures of the successful run before it (a
 * window over every run, so a LIMIT applied later does not hide the predecessor).
 */
export function previousOkRuns(strategyId: string): SQL {
  return sql`ok AS (
  SELECT
    id,
    LAG(id) OVER w AS prev_id,
    LAG(signal) OVER w AS prev_signal,
    LAG(return_pct) OVER w AS prev_return_pct,
    LAG(sharpe) OVER w AS prev_sharpe,
    LAG(max_drawdown_pct) OVER w AS prev_max_drawdown_pct,
    LAG(trade_count) OVER w AS prev_trade_count,
    LAG(equity_final) OVER w AS prev_equity_final
  FROM runs
  WHERE strategy_id = ${strategyId} AND status = 'ok'
  WINDOW w AS (ORDER BY started_at, seq)
)`;
}

/** The `limit` most recent runs, returned oldest first; LAG sees all earlier runs, not just those. */
export function historyQuery(strategyId: string, limit: number): SQL {
  return sql`
WITH ${previousOkRuns(strategyId)},
recent AS (
  SELECT r.*, ok.* EXCLUDE (id)
  FROM runs r LEFT JOIN ok ON ok.id = r.id
  WHERE r.strategy_id = ${strategyId}
  ORDER BY r.started_at DESC, r.seq DESC
  LIMIT ${limit}
)
SELECT ${RUN_HISTORY_COLUMNS}
FROM recent
ORDER BY started_at, seq`;
}
