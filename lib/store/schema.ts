// Drizzle table definitions (pg-core dialect, spoken to DuckDB through the pg-proxy driver). The
// tables themselves are created by ./migrations, which is the source of truth for the DDL; keep the
// two in step. Times are epoch-ms numbers in JS and TIMESTAMP (UTC) in DuckDB.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';

/** TIMESTAMP column read and written as epoch milliseconds. */
export const epochMs = customType<{ data: number; driverData: Date | number | string }>({
  dataType: () => 'timestamp',
  toDriver: (ms) => new Date(ms),
  // The driver callback already turns TIMESTAMPs into epoch ms; the other forms are for safety.
  fromDriver: (v) => (typeof v === 'number' ? v : new Date(v).getTime()),
});

// JSON text already produced (and size-checked) by validate.toJson, so big values are not serialized twice.
const serialized = new WeakMap<object, string>();

export function rememberJson(value: unknown, text: string): void {
  if (value !== null && typeof value === 'object') serialized.set(value, text);
}

/** JSON column; the driver callback parses JSON on the way out, so reading is the identity. */
export function json<T>() {
  return customType<{ data: T; driverData: unknown }>({
    dataType: () => 'json',
    toDriver: (v) =>
      (v !== null && typeof v === 'object' ? serialized.get(v) : undefined) ?? JSON.stringify(v),
    fromDriver: (v) => v as T,
  });
}

/** BLOB column as raw bytes. */
export const blob = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'blob',
  toDriver: (v) => v,
  fromDriver: (v) => v,
});

export const STRATEGY_KINDS = ['chat', 'hand'] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];
export const RUN_TRIGGERS = ['schedule', 'manual', 'catch-up'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
/** 'interrupted': the process running it died (crash, kill -9, restart) before it finished. */
export const RUN_STATUSES = ['ok', 'failed', 'skipped', 'running', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const SIGNALS = ['enter', 'exit', 'hold'] as const;
export type Signal = (typeof SIGNALS)[number];
export const ROLES = ['user', 'assistant', 'system', 'tool'] as const;
export type Role = (typeof ROLES)[number];

/** Where a strategy's bars come from. Times are epoch ms; null means open-ended. */
export interface DataRef {
  source: string;
  symbol: string;
  timeframe: string;
  from?: number | null;
  to?: number | null;
  /**
   * Bars that stood in because `source` could not be loaded when the strategy was saved (the chat's
   * preview ran on them): the workspace opens on them, says why, and offers to retry `source`.
   */
  fallback?: DataFallback | null;
}

export interface DataFallback {
  /** A source spec, e.g. 'synthetic:1:2500:1d'. */
  source: string;
  /** Why `source` of the reference could not be loaded, e.g. "yahoo:AAPL: Yahoo Finance did not answer". */
  reason: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** Named figures of a run; numbers, ISO strings for Start/End, null where undefined. */
export type StatsJson = Record<string, number | string | null>;

export const strategies = pgTable('strategies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: STRATEGY_KINDS }).notNull(),
  createdAt: epochMs('created_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
  headVersion: integer('head_version').notNull(),
  deletedAt: epochMs('deleted_at'),
});

export const strategyVersions = pgTable(
  'strategy_versions',
  {
    strategyId: text('strategy_id').notNull(),
    version: integer('version').notNull(),
    source: text('source').notNull(),
    spec: json<JsonValue>()('spec'),
    params: json<Record<string, JsonValue>>()('params').notNull(),
    data: json<DataRef>()('data'),
    note: text('note'),
    createdAt: epochMs('created_at').notNull(),
    /** Errors the checker found in `source` when it was saved; only versions with 0 are run. */
    errors: integer('errors').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.strategyId, t.version] })],
);

export const schedules = pgTable('schedules', {
  id: text('id').primaryKey(),
  strategyId: text('strategy_id').notNull(),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull(),
  label: text('label').notNull(),
  enabled: boolean('enabled').notNull(),
  createdAt: epochMs('created_at').notNull(),
  lastTickAt: epochMs('last_tick_at'),
  nextRunAt: epochMs('next_run_at'),
  /** Failed runs in a row (0 after a success); the scheduler backs off and pauses on it. */
  failures: integer('failures').notNull().default(0),
  lastFailureAt: epochMs('last_failure_at'),
  /** Why the scheduler paused it (e.g. 'Paused after 5 failures in a row: …'); null when not paused by it. */
  pausedReason: text('paused_reason'),
});

export const runs = pgTable('runs', {
  id: text('id').primaryKey(),
  /** Insertion order (a DuckDB sequence): breaks ties between runs started in the same millisecond. */
  seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('runs_seq')`),
  strategyId: text('strategy_id').notNull(),
  version: integer('version').notNull(),
  scheduleId: text('schedule_id'),
  trigger: text('trigger', { enum: RUN_TRIGGERS }).notNull(),
  status: text('status', { enum: RUN_STATUSES }).notNull(),
  error: text('error'),
  attempt: integer('attempt').notNull(),
  startedAt: epochMs('started_at').notNull(),
  finishedAt: epochMs('finished_at'),
  dataFrom: epochMs('data_from'),
  dataTo: epochMs('data_to'),
  bars: integer('bars'),
  stats: json<StatsJson>()('stats'),
  returnPct: doublePrecision('return_pct'),
  sharpe: doublePrecision('sharpe'),
  maxDrawdownPct: doublePrecision('max_drawdown_pct'),
  /** Number of closed trades (the figure); the list itself is `trades`. */
  tradeCount: integer('trade_count'),
  equityFinal: doublePrecision('equity_final'),
  trades: json<JsonValue[]>()('trades'),
  equity: blob('equity'),
  equityTime: blob('equity_time'),
  signal: text('signal', { enum: SIGNALS }),
});

/**
 * Cached bars. Logically keyed by (source, symbol, timeframe, time), but without a PRIMARY KEY
 * constraint: DuckDB's ART index makes overlapping upserts 5-20x slower (measured: 100k overlapping
 * rows 1.2-4 s with the key vs ~0.2 s without). bars.upsert is the only writer and keeps the key
 * unique (delete overlapping keys + insert, in one serialized transaction).
 */
export const bars = pgTable('bars', {
  source: text('source').notNull(),
  symbol: text('symbol').notNull(),
  timeframe: text('timeframe').notNull(),
  /** Epoch ms as BIGINT: exact integer keys and integer gap arithmetic (no NaN/fractional keys). */
  time: bigint('time', { mode: 'number' }).notNull(),
  open: doublePrecision('open').notNull(),
  high: doublePrecision('high').notNull(),
  low: doublePrecision('low').notNull(),
  close: doublePrecision('close').notNull(),
  volume: doublePrecision('volume').notNull(),
});

export const conversations = pgTable('conversations', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  createdAt: epochMs('created_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

export const messages = pgTable(
  'messages',
  {
    conversationId: text('conversation_id').notNull(),
    seq: integer('seq').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    content: json<JsonValue>()('content').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.seq] })],
);

export const REBALANCE_PERIODS = ['none', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type RebalancePeriod = (typeof REBALANCE_PERIODS)[number];

/** One market of a portfolio: its source spec, its fixed weight (0..1), and the rate converting it. */
export interface PortfolioMarket {
  /** A source spec, e.g. 'yahoo:AAPL' or 'synthetic:2:800:1d'. */
  source: string;
  /** Fraction of the equity for 'weights' allocation; ignored for 'equal'. */
  weight?: number | null;
  /** Source spec of the rate to the account currency (price × rate), when quoted in another currency. */
  rate?: string | null;
}

export interface PortfolioAllocation {
  weighting: 'equal' | 'weights';
  /** Most positions open at once; null: one per market. */
  maxPositions?: number | null;
  /** A numeric series of the program ranking entries when more markets signal than slots are free. */
  rankBy?: string | null;
  rebalance: RebalancePeriod;
}

/** The bars every market loads: timeframe for sources that take one, and an inclusive date range. */
export interface PortfolioRange {
  timeframe?: string | null;
  /** YYYY-MM-DD. */
  from?: string | null;
  to?: string | null;
}

export const portfolios = pgTable('portfolios', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: epochMs('created_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
  headVersion: integer('head_version').notNull(),
  deletedAt: epochMs('deleted_at'),
});

export const portfolioVersions = pgTable(
  'portfolio_versions',
  {
    portfolioId: text('portfolio_id').notNull(),
    version: integer('version').notNull(),
    /** The program's own .bt text, or null when it runs a strategy. */
    source: text('source'),
    strategyId: text('strategy_id'),
    /** A pinned strategy version; null: the strategy's runnable version at each run. */
    strategyVersion: integer('strategy_version'),
    markets: json<PortfolioMarket[]>()('markets').notNull(),
    allocation: json<PortfolioAllocation>()('allocation').notNull(),
    /** The account currency (a label, e.g. 'USD'). */
    currency: text('currency').notNull(),
    params: json<Record<string, JsonValue>>()('params').notNull(),
    range: json<PortfolioRange>()('data_range'),
    note: text('note'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.portfolioId, t.version] })],
);

export const PORTFOLIO_RUN_STATUSES = ['ok', 'failed'] as const;
export type PortfolioRunStatus = (typeof PORTFOLIO_RUN_STATUSES)[number];

export const portfolioRuns = pgTable('portfolio_runs', {
  id: text('id').primaryKey(),
  /** Insertion order: breaks ties between runs started in the same millisecond. */
  seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('portfolio_runs_seq')`),
  portfolioId: text('portfolio_id').notNull(),
  version: integer('version').notNull(),
  trigger: text('trigger', { enum: RUN_TRIGGERS }).notNull(),
  status: text('status', { enum: PORTFOLIO_RUN_STATUSES }).notNull(),
  error: text('error'),
  startedAt: epochMs('started_at').notNull(),
  finishedAt: epochMs('finished_at').notNull(),
  markets: integer('markets').notNull(),
  bars: integer('bars'),
  stats: json<StatsJson>()('stats'),
  returnPct: doublePrecision('return_pct'),
  sharpe: doublePrecision('sharpe'),
  maxDrawdownPct: doublePrecision('max_drawdown_pct'),
  tradeCount: integer('trade_count'),
  equityFinal: doublePrecision('equity_final'),
});

export const schema = {
  strategies,
  strategyVersions,
  schedules,
  runs,
  bars,
  conversations,
  messages,
  portfolios,
  portfolioVersions,
  portfolioRuns,
};
