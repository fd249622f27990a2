// Paper runs: a strategy version deployed on a market's live bars, its processed bars, and the events
// (signals and fills) it produced, numbered 1, 2, … per run. One step's bars, events and account are
// written in one transaction, so after a crash the run resumes from its last committed bar and reports
// nothing twice. Times are epoch ms stored as DOUBLE (exact below 2^53).
import type { Ctx } from './context';
import { badInput, notFound, StoreError } from './errors';
import {
  PAPER_EVENT_KINDS,
  PAPER_LIMITS,
  PAPER_STATUSES,
  type PaperEventKind,
  type PaperStatus,
} from './paper-kinds';
import {
  checkInt,
  checkKey,
  checkName,
  checkOneOf,
  checkSource,
  LIMITS,
  newId,
  toJson,
  truncate,
} from './validate';

export type { PaperEventKind, PaperStatus } from './paper-kinds';

const INSERT_ROWS = 500;

export interface PaperRun {
  id: string;
  name: string;
  strategyId: string | null;
  strategyVersion: number | null;
  /** The program as deployed: later edits of the strategy do not change a running paper run. */
  source: string;
  params: Record<string, number>;
  /** Data source spec (e.g. 'yahoo:AAPL', 'binance:BTC/USDT', 'replay:…'). */
  market: string;
  timeframe: string;
  /** First bar time on which it may trade. */
  tradeFrom: number;
  status: PaperStatus;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  lastBarTime: number | null;
  bars: number;
  /** The account at the last processed bar (JSON written by the runner). */
  account: Record<string, unknown> | null;
}

export interface PaperRunInput {
  name: string;
  strategyId?: string | null;
  strategyVersion?: number | null;
  source: string;
  params?: Record<string, number>;
  market: string;
  timeframe: string;
  tradeFrom: number;
}

export interface PaperEvent {
  runId: string;
  seq: number;
  kind: PaperEventKind;
  /** The bar the event belongs to. */
  time: number;
  body: Record<string, unknown>;
  createdAt: number;
}

export interface PaperBars {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface PaperStep {
  /** The step's new bars (after the run's last bar, in time order). */
  bars: PaperBars;
  events: { kind: PaperEventKind; time: number; body: Record<string, unknown> }[];
  account: Record<string, unknown>;
}

export interface PaperRepo {
  create(input: PaperRunInput): Promise<PaperRun>;
  get(id: string): Promise<PaperRun | null>;
  /** Newest first; at most 1000. */
  list(options?: { status?: PaperStatus }): Promise<PaperRun[]>;
  setStatus(id: string, status: PaperStatus, error?: string | null): Promise<PaperRun>;
  /** Writes one step atomically; refuses bars at or before the run's last bar (a second writer). */
  commitStep(id: string, step: PaperStep): Promise<PaperEvent[]>;
  /** Every processed bar, in time order. */
  loadBars(id: string): Promise<PaperBars>;
  /** Events after `afterSeq` (default 0), oldest first, at most `limit` (default 500, at most 1000). */
  events(id: string, options?: { afterSeq?: number; limit?: number }): Promise<PaperEvent[]>;
  /** The newest event of a kind (the dashboard's last signal), or null. */
  lastEvent(id: string, kind: PaperEventKind): Promise<PaperEvent | null>;
}

const RUN_COLUMNS = `id, name, strategy_id, strategy_version, source, params, market, timeframe, trade_from, status,
  error, created_at, updated_at, last_bar_time, bars, account`;

interface RunRow {
  id: string;
  name: string;
  strategy_id: string | null;
  strategy_version: number | null;
  source: string;
  params: Record<string, number>;
  market: string;
  timeframe: string;
  trade_from: number;
  status: PaperStatus;
  error: string | null;
  created_at: number;
  updated_at: number;
  last_bar_time: number | null;
  bars: number;
  account: Record<string, unknown> | null;
}

const fromRow = (r: RunRow): PaperRun => ({
  id: r.id,
  name: r.name,
  strategyId: r.strategy_id,
  strategyVersion: r.strategy_version === null ? null : Number(r.strategy_version),
  source: r.source,
  params: r.params,
  market: r.market,
  timeframe: r.timeframe,
  tradeFrom: Number(r.trade_from),
  status: r.status,
  error: r.error,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  lastBarTime: r.last_bar_time === null ? null : Number(r.last_bar_time),
  bars: Number(r.bars),
  account: r.account,
});

function checkParams(value: unknown): Record<string, number> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badInput('params must be an object of numbers');
  for (const [k, v] of Object.entries(value))
    if (typeof v !== 'number' || !Number.isFinite(v)) throw badInput(`param ${k} must be a finite number`);
  return value as Record<string, number>;
}

function checkBars(b: PaperBars): number {
  const n = b.time.length;
  if (n > PAPER_LIMITS.stepBars)
    throw badInput(`a step may write at most ${PAPER_LIMITS.stepBars} bars; got ${n}`);
  for (const k of ['open', 'high', 'low', 'close', 'volume'] as const)
    if (b[k].length !== n) throw badInput(`bars.${k} has ${b[k].length} values, time has ${n}`);
  for (let i = 1; i < n; i++)
    if (!(b.time[i] > b.time[i - 1])) throw badInput(`bar times must increase; bar ${i} does not`);
  return n;
}

interface EventRow {
  seq: number;
  kind: PaperEventKind;
  time: number;
  body: Record<string, unknown>;
  created_at: number;
}

const eventOf = (runId: string, r: EventRow): PaperEvent => ({
  runId,
  seq: Number(r.seq),
  kind: r.kind,
  time: Number(r.time),
  body: r.body,
  createdAt: Number(r.created_at),
});

export function paperRepo(ctx: Ctx): PaperRepo {
  const { conn } = ctx;

  async function get(id: string): Promise<PaperRun | null> {
    const rows = await conn.objects<RunRow>(`SELECT ${RUN_COLUMNS} FROM paper_runs WHERE id = $1`, [
      checkKey(id, 'paper run id'),
    ]);
    return rows.length === 0 ? null : fromRow(rows[0]);
  }
  async function must(id: string): Promise<PaperRun> {
    const run = await get(id);
    if (!run) throw notFound('paper run', id);
    return run;
  }

  return {
    async create(input) {
      const now = ctx.now();
      const id = newId();
      const tradeFrom = Number(input.tradeFrom);
      if (!Number.isFinite(tradeFrom)) throw badInput('tradeFrom must be a time in epoch ms');
      await conn.execute(
        `INSERT INTO paper_runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::JSON, $7, $8, $9, 'running', NULL, $10, $10, NULL, 0, NULL)`,
        [
          id,
          checkName(input.name),
          input.strategyId == null ? null : checkKey(input.strategyId, 'strategy id'),
          input.strategyVersion == null ? null : checkInt(input.strategyVersion, 'strategy version', 1),
          checkSource(input.source),
          toJson(checkParams(input.params), 'params', LIMITS.json.params),
          checkKey(input.market, 'market'),
          checkKey(input.timeframe, 'timeframe'),
          tradeFrom,
          now,
        ],
      );
      return must(id);
    },

    get,

    async list(options = {}) {
      const status =
        options.status === undefined ? null : checkOneOf(options.status, 'status', PAPER_STATUSES);
      const rows = await conn.objects<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM paper_runs WHERE $1::VARCHAR IS NULL OR status = $1 ORDER BY created_at DESC, id LIMIT ${LIMITS.list}`,
        [status],
      );
      return rows.map(fromRow);
    },

    async setStatus(id, status, error = null) {
      checkOneOf(status, 'status', PAPER_STATUSES);
      await must(id);
      await conn.execute('UPDATE paper_runs SET status = $2, error = $3, updated_at = $4 WHERE id = $1', [
        id,
        status,
        error === null ? null : truncate(String(error), LIMITS.error),
        ctx.now(),
      ]);
      return must(id);
    },

    async commitStep(id, step) {
      const n = checkBars(step.bars);
      if (step.events.length > PAPER_LIMITS.stepEvents)
        throw badInput(
          `a step may record at most ${PAPER_LIMITS.stepEvents} events; got ${step.events.length}`,
        );
      const bodies = step.events.map((e) => {
        checkOneOf(e.kind, 'event kind', PAPER_EVENT_KINDS);
        return toJson(e.body, 'event body', PAPER_LIMITS.eventJson);
      });
      const account = toJson(step.account, 'account', PAPER_LIMITS.eventJson);
      return conn.transaction(async () => {
        const run = await must(id);
        if (n > 0 && run.lastBarTime !== null && !(step.bars.time[0] > run.lastBarTime))
          throw new StoreError('conflict', `paper run ${id} already has bars up to ${run.lastBarTime}`, {
            hint: 'another process is running it; only the lock holder may write',
          });
        const b = step.bars;
        // Many rows per statement: a catch-up after a long outage writes thousands of bars.
        for (let from = 0; from < n; from += INSERT_ROWS) {
          const to = Math.min(n, from + INSERT_ROWS);
          const params: unknown[] = [id];
          const rows: string[] = [];
          for (let i = from; i < to; i++) {
            const k = params.length;
            rows.push(`($1, $${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5}, $${k + 6})`);
            params.push(b.time[i], b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]);
          }
          await conn.execute(`INSERT INTO paper_bars VALUES ${rows.join(', ')}`, params);
        }
        const [{ last }] = await conn.objects<{ last: number | null }>(
          'SELECT max(seq) AS last FROM paper_events WHERE run_id = $1',
          [id],
        );
        const now = ctx.now();
        const out: PaperEvent[] = [];
        let seq = last === null ? 0 : Number(last);
        for (let i = 0; i < step.events.length; i++) {
          const e = step.events[i];
          seq++;
          await conn.execute('INSERT INTO paper_events VALUES ($1, $2, $3, $4, $5::JSON, $6)', [
            id,
            seq,
            e.kind,
            e.time,
            bodies[i],
            now,
          ]);
          out.push({ runId: id, seq, kind: e.kind, time: e.time, body: e.body, createdAt: now });
        }
        await conn.execute(
          `UPDATE paper_runs SET bars = bars + $2, last_bar_time = coalesce($3, last_bar_time), account = $4::JSON,
             updated_at = $5 WHERE id = $1`,
          [id, n, n > 0 ? b.time[n - 1] : null, account, now],
        );
        return out;
      });
    },

    async loadBars(id) {
      await must(id);
      const rows = await conn.arrays(
        'SELECT time, open, high, low, close, volume FROM paper_bars WHERE run_id = $1 ORDER BY time',
        [id],
      );
      const cols = Array.from({ length: 6 }, () => new Float64Array(rows.length));
      rows.forEach((r, i) => {
        for (let k = 0; k < 6; k++) cols[k][i] = Number(r[k]);
      });
      const [time, open, high, low, close, volume] = cols;
      return { time, open, high, low, close, volume };
    },

    async events(id, options = {}) {
      const after = options.afterSeq === undefined ? 0 : checkInt(options.afterSeq, 'afterSeq', 0);
      const limit = options.limit === undefined ? 500 : checkInt(options.limit, 'limit', 1, LIMITS.list);
      const rows = await conn.objects<EventRow>(
        `SELECT seq, kind, time, body, created_at FROM paper_events WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT ${limit}`,
        [checkKey(id, 'paper run id'), after],
      );
      return rows.map((r) => eventOf(id, r));
    },
    async lastEvent(id, kind) {
      checkOneOf(kind, 'event kind', PAPER_EVENT_KINDS);
      const rows = await conn.objects<EventRow>(
        'SELECT seq, kind, time, body, created_at FROM paper_events WHERE run_id = $1 AND kind = $2 ORDER BY seq DESC LIMIT 1',
        [checkKey(id, 'paper run id'), kind],
      );
      return rows.length ? eventOf(id, rows[0]) : null;
    },
  };
}
