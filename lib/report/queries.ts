// The report queries the store does not have: one row per scheduled or run strategy with its latest
// run and figures, and the runs table with the columns the report shows. Both are single DuckDB
// statements; changes between runs come from window functions (LAG over the successful runs in time
// order), never from loops over rows in JavaScript.
import { type SQL, sql } from 'drizzle-orm';
import type { RunHistoryRow, RunStatus, RunTrigger, Signal, StoreDb } from '../store';
import { previousOkRuns, RUN_HISTORY_COLUMNS } from '../store/server';

export const MAX_TABLE_ROWS = 1000;

// Type aliases, not interfaces: drizzle's execute<T> needs T to be indexable.
export type OverviewRow = {
  strategyId: string;
  name: string;
  headVersion: number;
  /** Runs of any status, and those that failed. */
  runCount: number;
  failedCount: number;
  scheduleCount: number;
  enabledCount: number;
  /** The most recent run, whatever its status. */
  latestRunId: string | null;
  latestStatus: RunStatus | null;
  latestError: string | null;
  latestTrigger: RunTrigger | null;
  latestStartedAt: number | null;
  latestFinishedAt: number | null;
  /** The most recent successful run and its change from the successful run before it. */
  okRunId: string | null;
  okStartedAt: number | null;
  signal: Signal | null;
  returnPct: number | null;
  sharpe: number | null;
  maxDrawdownPct: number | null;
  tradeCount: number | null;
  returnPctChange: number | null;
  sharpeChange: number | null;
  maxDrawdownPctChange: number | null;
};

/** Strategies (not deleted) that have a schedule or a run, most recently run first. */
export function overviewQuery(strategyId?: string): SQL {
  const only = strategyId === undefined ? sql`` : sql`AND s.id = ${strategyId}`;
  return sql`
WITH ok AS (
  SELECT
    strategy_id, id, started_at, signal, return_pct, sharpe, max_drawdown_pct, trade_count,
    return_pct - LAG(return_pct) OVER w AS return_pct_change,
    sharpe - LAG(sharpe) OVER w AS sharpe_change,
    max_drawdown_pct - LAG(max_drawdown_pct) OVER w AS max_drawdown_pct_change,
    ROW_NUMBER() OVER (PARTITION BY strategy_id ORDER BY started_at DESC, seq DESC) AS rn
  FROM runs
  WHERE status = 'ok'
  WINDOW w AS (PARTITION BY strategy_id ORDER BY started_at, seq)
),
latest AS (
  SELECT
    strategy_id, id, status, error, trigger, started_at, finished_at,
    ROW_NUMBER() OVER p AS rn,
    CAST(COUNT(*) OVER (PARTITION BY strategy_id) AS INTEGER) AS run_count,
    CAST(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) OVER (PARTITION BY strategy_id) AS INTEGER)
      AS failed_count
  FROM runs
  WINDOW p AS (PARTITION BY strategy_id ORDER BY started_at DESC, seq DESC)
),
sched AS (
  SELECT
    strategy_id,
    CAST(COUNT(*) AS INTEGER) AS schedule_count,
    CAST(SUM(CASE WHEN enabled THEN 1 ELSE 0 END) AS INTEGER) AS enabled_count
  FROM schedules
  GROUP BY strategy_id
)
SELECT
  s.id AS "strategyId",
  s.name,
  s.head_version AS "headVersion",
  COALESCE(l.run_count, 0) AS "runCount",
  COALESCE(l.failed_count, 0) AS "failedCount",
  COALESCE(c.schedule_count, 0) AS "scheduleCount",
  COALESCE(c.enabled_count, 0) AS "enabledCount",
  l.id AS "latestRunId",
  l.status AS "latestStatus",
  l.error AS "latestError",
  l.trigger AS "latestTrigger",
  l.started_at AS "latestStartedAt",
  l.finished_at AS "latestFinishedAt",
  o.id AS "okRunId",
  o.started_at AS "okStartedAt",
  o.signal,
  o.return_pct AS "returnPct",
  o.sharpe,
  o.max_drawdown_pct AS "maxDrawdownPct",
  o.trade_count AS "tradeCount",
  o.return_pct_change AS "returnPctChange",
  o.sharpe_change AS "sharpeChange",
  o.max_drawdown_pct_change AS "maxDrawdownPctChange"
FROM strategies s
LEFT JOIN latest l ON l.strategy_id = s.id AND l.rn = 1
LEFT JOIN ok o ON o.strategy_id = s.id AND o.rn = 1
LEFT JOIN sched c ON c.strategy_id = s.id
WHERE s.deleted_at IS NULL AND (l.id IS NOT NULL OR c.strategy_id IS NOT NULL) ${only}
ORDER BY COALESCE(l.started_at, s.updated_at) DESC, s.id`;
}

/** A run of the report's runs table: the store's history row plus what the table shows besides. */
export type RunRow = RunHistoryRow & {
  attempt: number;
  scheduleId: string | null;
  dataFrom: number | null;
  dataTo: number | null;
  bars: number | null;
  /** How many runs the strategy has in all (the table may show fewer). */
  total: number;
};

/** The `limit` most recent runs, newest first; LAG sees every earlier successful run, not just those. */
export function runsTableQuery(strategyId: string, limit: number): SQL {
  return sql`
WITH ${previousOkRuns(strategyId)},
recent AS (
  SELECT r.* EXCLUDE (stats, trades, equity, equity_time), ok.* EXCLUDE (id),
    CAST(COUNT(*) OVER () AS INTEGER) AS total
  FROM runs r LEFT JOIN ok ON ok.id = r.id
  WHERE r.strategy_id = ${strategyId}
  ORDER BY r.started_at DESC, r.seq DESC
  LIMIT ${limit}
)
SELECT ${RUN_HISTORY_COLUMNS},
  attempt,
  schedule_id AS "scheduleId",
  data_from AS "dataFrom",
  data_to AS "dataTo",
  bars,
  total
FROM recent
ORDER BY started_at DESC, seq DESC`;
}

/** Every strategy with a schedule or a run (or just one of them), with its latest run and figures. */
export async function reportOverview(db: StoreDb, strategyId?: string): Promise<OverviewRow[]> {
  return db.execute<OverviewRow>(overviewQuery(strategyId));
}

/** The runs table of a strategy, newest first, at most `limit` (1 to 1000) rows. */
export async function runsTable(db: StoreDb, strategyId: string, limit = 100): Promise<RunRow[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TABLE_ROWS)
    throw new RangeError(`limit must be a whole number from 1 to ${MAX_TABLE_ROWS}, got ${limit}`);
  return db.execute<RunRow>(runsTableQuery(strategyId, limit));
}
