// Strategy runs: one row per execution, started as 'running' and finished as 'ok' or 'failed' (or
// recorded at once, e.g. 'skipped'; 'interrupted' when its process died first). Key figures are real
// columns so SQL can chart and compare them; every statistic is kept in `stats`, the equity curve as
// Float64 little-endian BLOBs.
import { and, desc, eq, getTableColumns, lt } from 'drizzle-orm';
import type { StatName } from '../engine';
import type { Ctx } from './context';
import { decodeFloat64, encodeFloat64 } from './convert';
import { badInput, notFound, StoreError } from './errors';
import { historyQuery, type RunHistoryRow } from './history';
import {
  type JsonValue,
  RUN_STATUSES,
  RUN_TRIGGERS,
  type RunStatus,
  type RunTrigger,
  rememberJson,
  runs,
  SIGNALS,
  type Signal,
  type StatsJson,
  strategyVersions,
} from './schema';
import {
  checkInt,
  checkKey,
  checkOneOf,
  checkOptionalTime,
  checkTime,
  finiteOrNull,
  LIMITS,
  newId,
  toJson,
  truncate,
} from './validate';

type RunRow = typeof runs.$inferSelect;
/** A run without its bulky parts (trade list and equity curve). */
export type RunSummary = Omit<RunRow, 'trades' | 'equity' | 'equityTime'>;
/** A run with everything, the equity curve decoded. */
export interface Run extends Omit<RunRow, 'equity' | 'equityTime'> {
  equity: Float64Array | null;
  /** Epoch ms of each equity point. */
  equityTime: Float64Array | null;
}

export interface RunStart {
  strategyId: string;
  version: number;
  trigger: RunTrigger;
  scheduleId?: string | null;
  /** 1 for the first try; retries count up. */
  attempt?: number;
  /** Default now. */
  startedAt?: number;
  dataFrom?: number | null;
  dataTo?: number | null;
}

export interface RunFigures {
  returnPct: number | null;
  sharpe: number | null;
  maxDrawdownPct: number | null;
  tradeCount: number | null;
  equityFinal: number | null;
}

export interface RunResult {
  /** Every statistic by name (NaN/Infinity are stored as null, as JSON has no such numbers). */
  stats: StatsJson;
  /** Default: read from `stats` by the backtesting.py names ('Return [%]', 'Sharpe Ratio', …). */
  figures?: Partial<RunFigures>;
  /** Trade records (any JSON-serializable objects, e.g. engine TradeRecords); read back as JsonValue[]. */
  trades?: readonly unknown[] | null;
  equity?: Float64Array | null;
  equityTime?: Float64Array | null;
  signal?: Signal | null;
  bars?: number | null;
  dataFrom?: number | null;
  dataTo?: number | null;
  /** Default now. */
  finishedAt?: number;
}

/** A run recorded in one go, e.g. a skipped one. */
export interface RunInsert extends RunStart, Partial<RunResult> {
  status: RunStatus;
  error?: string | null;
}

export interface RunsRepo {
  /** Records a run as 'running'. */
  start(input: RunStart): Promise<RunSummary>;
  /** Records a complete run at once. */
  insert(input: RunInsert): Promise<RunSummary>;
  /** Marks a running run 'ok' with its results. */
  finish(id: string, result: RunResult): Promise<RunSummary>;
  /** Marks a running run 'failed'; the error text is kept (cut to 8000 characters). */
  markFailed(id: string, error: unknown): Promise<RunSummary>;
  /**
   * Marks the runs still 'running' that started before `startedBefore` as 'interrupted': their process
   * died before finishing them (only one process opens the database, so a run started before this
   * process did is nobody's). Returns them, oldest first.
   */
  interruptStale(startedBefore: number, error: string): Promise<RunSummary[]>;
  /** Newest first; limit default 50, at most 1000. */
  list(strategyId: string, options?: { limit?: number }): Promise<RunSummary[]>;
  get(id: string): Promise<Run | null>;
  /** Every run oldest first with its figures and the change from the previous successful run. */
  history(strategyId: string, options?: { limit?: number }): Promise<RunHistoryRow[]>;
  /** The two most recent successful runs, newest first (fewer if there are fewer). */
  latestTwo(strategyId: string): Promise<RunSummary[]>;
}

// Typed by the engine's statistic names: a misspelt name fails typecheck instead of storing null.
const STAT_FIGURES: Record<keyof RunFigures, StatName> = {
  returnPct: 'Return [%]',
  sharpe: 'Sharpe Ratio',
  maxDrawdownPct: 'Max. Drawdown [%]',
  tradeCount: '# Trades',
  equityFinal: 'Equity Final [$]',
};

const { trades: _t, equity: _e, equityTime: _et, ...summaryColumns } = getTableColumns(runs);

function checkStart(input: RunStart, now: number) {
  if (input === null || typeof input !== 'object')
    throw badInput('a run needs { strategyId, version, trigger }');
  return {
    strategyId: checkKey(input.strategyId, 'strategy id'),
    version: checkInt(input.version, 'version', 1),
    trigger: checkOneOf(input.trigger, 'trigger', RUN_TRIGGERS),
    scheduleId: input.scheduleId == null ? null : checkKey(input.scheduleId, 'schedule id'),
    attempt: input.attempt === undefined ? 1 : checkInt(input.attempt, 'attempt', 1, 1000),
    startedAt: input.startedAt === undefined ? now : checkTime(input.startedAt, 'startedAt'),
    dataFrom: checkOptionalTime(input.dataFrom, 'dataFrom'),
    dataTo: checkOptionalTime(input.dataTo, 'dataTo'),
  };
}

function checkResult(r: Partial<RunResult>, now: number): Partial<RunRow> {
  const out: Partial<RunRow> = {
    finishedAt: r.finishedAt === undefined ? now : checkTime(r.finishedAt, 'finishedAt'),
  };
  if (r.stats != null) {
    if (typeof r.stats !== 'object' || Array.isArray(r.stats))
      throw badInput('stats must be an object of figures by name');
    rememberJson(r.stats, toJson(r.stats, 'stats', LIMITS.json.stats));
    out.stats = r.stats;
  }
  for (const key of Object.keys(STAT_FIGURES) as (keyof RunFigures)[]) {
    const given = r.figures?.[key];
    const value = finiteOrNull(given !== undefined ? given : r.stats?.[STAT_FIGURES[key]], key);
    if (key === 'tradeCount') out.tradeCount = value === null ? null : checkInt(value, 'tradeCount', 0);
    else out[key] = value;
  }
  if (r.trades != null) {
    if (!Array.isArray(r.trades)) throw badInput('trades must be an array of trade records');
    rememberJson(r.trades, toJson(r.trades, 'trades', LIMITS.json.trades));
    out.trades = r.trades as JsonValue[];
  }
  const equity = checkCurve(r.equity, 'equity');
  const equityTime = checkCurve(r.equityTime, 'equityTime');
  if (equity && equityTime && equity.length !== equityTime.length)
    throw badInput(
      `equity has ${equity.length} points but equityTime has ${equityTime.length}`,
      'pass one time per point',
    );
  if (equity) out.equity = encodeFloat64(equity);
  if (equityTime) out.equityTime = encodeFloat64(equityTime);
  if (r.signal != null) out.signal = checkOneOf(r.signal, 'signal', SIGNALS);
  if (r.bars != null) out.bars = checkInt(r.bars, 'bars', 0, LIMITS.upsertRows);
  if (r.dataFrom !== undefined) out.dataFrom = checkOptionalTime(r.dataFrom, 'dataFrom');
  if (r.dataTo !== undefined) out.dataTo = checkOptionalTime(r.dataTo, 'dataTo');
  return out;
}

function checkCurve(v: unknown, what: string): Float64Array | null {
  if (v == null) return null;
  if (!(v instanceof Float64Array)) throw badInput(`${what} must be a Float64Array`);
  if (v.length > LIMITS.equity)
    throw new StoreError('too-large', `${what} has ${v.length} points (at most ${LIMITS.equity})`, {
      hint: 'store a downsampled curve',
    });
  return v;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return truncate(text.trim() === '' ? 'unknown error' : text, LIMITS.error);
}

export function runsRepo(ctx: Ctx): RunsRepo {
  const { conn, db } = ctx;

  async function checkVersionExists(strategyId: string, version: number): Promise<void> {
    const [row] = await db
      .select({ v: strategyVersions.version })
      .from(strategyVersions)
      .where(and(eq(strategyVersions.strategyId, strategyId), eq(strategyVersions.version, version)));
    if (!row)
      throw new StoreError('not-found', `strategy '${strategyId}' has no version ${version}`, {
        hint: 'save the version first, or run the head version',
      });
  }

  async function insertRow(row: Omit<RunRow, 'seq'>): Promise<RunSummary> {
    return conn.transaction(async () => {
      await checkVersionExists(row.strategyId, row.version);
      const [inserted] = await db.insert(runs).values(row).returning(summaryColumns);
      return inserted;
    });
  }

  const EMPTY: Omit<RunRow, 'seq' | 'id' | keyof ReturnType<typeof checkStart>> = {
    status: 'running',
    error: null,
    finishedAt: null,
    bars: null,
    stats: null,
    returnPct: null,
    sharpe: null,
    maxDrawdownPct: null,
    tradeCount: null,
    equityFinal: null,
    trades: null,
    equity: null,
    equityTime: null,
    signal: null,
  };

  async function finishRow(id: string, set: Partial<RunRow>): Promise<RunSummary> {
    checkKey(id, 'run id');
    return conn.transaction(async () => {
      const [current] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, id));
      if (!current) throw notFound('run', id);
      if (current.status !== 'running')
        throw new StoreError('bad-input', `run '${id}' is already '${current.status}'`, {
          hint: 'only a running run can be finished or failed; start a new run instead',
        });
      const [row] = await db.update(runs).set(set).where(eq(runs.id, id)).returning(summaryColumns);
      return row;
    });
  }

  return {
    async start(input) {
      return insertRow({ id: newId(), ...EMPTY, ...checkStart(input, ctx.now()) });
    },

    async insert(input) {
      const now = ctx.now();
      const start = checkStart(input, now);
      const status = checkOneOf(input.status, 'status', RUN_STATUSES);
      const result = status === 'running' ? {} : checkResult(input, now);
      const error = input.error == null ? null : errorText(input.error);
      return insertRow({ id: newId(), ...EMPTY, ...start, ...result, status, error });
    },

    async finish(id, result) {
      if (result === null || typeof result !== 'object') throw badInput('finish needs a result with stats');
      return finishRow(id, { ...checkResult(result, ctx.now()), status: 'ok' });
    },

    async markFailed(id, error) {
      return finishRow(id, { status: 'failed', error: errorText(error), finishedAt: ctx.now() });
    },

    async interruptStale(startedBefore, error) {
      const before = checkTime(startedBefore, 'startedBefore');
      const rows = await db
        .update(runs)
        .set({ status: 'interrupted', error: errorText(error), finishedAt: ctx.now() })
        .where(and(eq(runs.status, 'running'), lt(runs.startedAt, before)))
        .returning(summaryColumns);
      return rows.sort((a, b) => a.startedAt - b.startedAt || a.seq - b.seq);
    },

    async list(strategyId, options = {}) {
      const limit = options.limit === undefined ? 50 : checkInt(options.limit, 'limit', 1, LIMITS.list);
      return db
        .select(summaryColumns)
        .from(runs)
        .where(eq(runs.strategyId, checkKey(strategyId, 'strategy id')))
        .orderBy(desc(runs.startedAt), desc(runs.seq))
        .limit(limit);
    },

    async get(id) {
      const [row] = await db
        .select()
        .from(runs)
        .where(eq(runs.id, checkKey(id, 'run id')));
      if (!row) return null;
      return {
        ...row,
        equity: row.equity ? decodeFloat64(row.equity, `equity of run ${id}`) : null,
        equityTime: row.equityTime ? decodeFloat64(row.equityTime, `equity times of run ${id}`) : null,
      };
    },

    async history(strategyId, options = {}) {
      const limit =
        options.limit === undefined ? LIMITS.list : checkInt(options.limit, 'limit', 1, LIMITS.list);
      return db.execute<RunHistoryRow>(historyQuery(checkKey(strategyId, 'strategy id'), limit));
    },

    async latestTwo(strategyId) {
      return db
        .select(summaryColumns)
        .from(runs)
        .where(and(eq(runs.strategyId, checkKey(strategyId, 'strategy id')), eq(runs.status, 'ok')))
        .orderBy(desc(runs.startedAt), desc(runs.seq))
        .limit(2);
    },
  };
}
