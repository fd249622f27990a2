// Server-only entry of Backtalk's persistence layer: DuckDB (one file, data/backtalk.duckdb by default)
// through drizzle's pg-proxy driver. openStore() opens the file, applies migrations and hands out typed
// repositories. The row types and StoreError are in the pure entry, index.ts.
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { type AlertsRepo, alertsRepo } from './alerts';
import { type BarsRepo, barsRepo } from './bars';
import { Connection } from './connection';
import type { Ctx, StoreDb } from './context';
import { type ConversationsRepo, conversationsRepo } from './conversations';
import { StoreError } from './errors';
import { type AppliedMigration, appliedMigrations, migrate } from './migrations';
import { type PaperRepo, paperRepo } from './paper';
import { type PortfolioRunsRepo, portfolioRunsRepo } from './portfolio-runs';
import { type PortfoliosRepo, portfoliosRepo } from './portfolios';
import { type RunsRepo, runsRepo } from './runs';
import { type SchedulesRepo, schedulesRepo } from './schedules';
import { schema } from './schema';
import { type StrategiesRepo, strategiesRepo } from './strategies';

export const DEFAULT_DB_PATH = 'data/backtalk.duckdb';

export interface StoreOptions {
  /** Database file; default process.env.BACKTALK_DB ?? 'data/backtalk.duckdb'; ':memory:' for a throwaway one. */
  path?: string;
  /** Clock in epoch ms, for tests; default Date.now. */
  now?: () => number;
}

export interface Store {
  /** The path as given (or defaulted). */
  readonly path: string;
  /** The drizzle instance (pg-core dialect over DuckDB). No relational `db.query` API: use select builders. */
  readonly db: StoreDb;
  readonly strategies: StrategiesRepo;
  readonly schedules: SchedulesRepo;
  readonly runs: RunsRepo;
  readonly bars: BarsRepo;
  readonly conversations: ConversationsRepo;
  readonly portfolios: PortfoliosRepo;
  readonly portfolioRuns: PortfolioRunsRepo;
  readonly paper: PaperRepo;
  readonly alerts: AlertsRepo;
  /**
   * Runs `fn` atomically (BEGIN … COMMIT, ROLLBACK when it throws); other callers wait. Queries made
   * through `db` or the repositories inside `fn` join the transaction.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** The migrations applied to this database, in order. */
  migrations(): Promise<AppliedMigration[]>;
  /** Lets calls already made finish, then closes the database; later calls fail ('closed'). Idempotent. */
  close(): Promise<void>;
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const path = options.path ?? process.env.BACKTALK_DB ?? DEFAULT_DB_PATH;
  if (typeof path !== 'string' || path.trim() === '')
    throw new StoreError('bad-input', 'the database path is empty', {
      hint: `set BACKTALK_DB to a file path, or leave it unset for ${DEFAULT_DB_PATH}`,
    });
  const conn = await Connection.open(path);
  try {
    await migrate(conn);
  } catch (error) {
    await conn.close();
    throw error;
  }
  const db: StoreDb = drizzle(
    (sql, params, method) =>
      method === 'all'
        ? conn.arrays(sql, params).then((rows) => ({ rows }))
        : conn.objects(sql, params).then((rows) => ({ rows })),
    { schema },
  );
  const ctx: Ctx = { conn, db, now: options.now ?? Date.now };
  return {
    path,
    db,
    strategies: guarded(conn, strategiesRepo(ctx)),
    schedules: guarded(conn, schedulesRepo(ctx)),
    runs: guarded(conn, runsRepo(ctx)),
    bars: guarded(conn, barsRepo(ctx)),
    conversations: guarded(conn, conversationsRepo(ctx)),
    portfolios: guarded(conn, portfoliosRepo(ctx)),
    portfolioRuns: guarded(conn, portfolioRunsRepo(ctx)),
    paper: guarded(conn, paperRepo(ctx)),
    alerts: guarded(conn, alertsRepo(ctx)),
    transaction: (fn) => conn.track(() => conn.transaction(fn)),
    migrations: () => conn.track(() => appliedMigrations(conn)),
    close: () => conn.close(),
  };
}

/**
 * drizzle wraps every error of the driver callback in a DrizzleQueryError; repositories hand the
 * StoreError inside back instead, so callers can switch on `code` (its cause is still the DuckDB error).
 */
function guarded<T extends object>(conn: Connection, repo: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(repo)) {
    out[name] =
      typeof fn !== 'function'
        ? fn
        : (...args: unknown[]) =>
            conn.track(async () => {
              try {
                return await fn(...args);
              } catch (error) {
                throw error instanceof DrizzleQueryError && error.cause instanceof StoreError
                  ? error.cause
                  : error;
              }
            });
  }
  return out as T;
}

export { decodeFloat64, encodeFloat64 } from './convert';
export { previousOkRuns, RUN_HISTORY_COLUMNS } from './history';
export { MIGRATIONS } from './migrations';
export { PORTFOLIO_LIMITS } from './portfolios';
export * as tables from './schema';
export { LIMITS } from './validate';
