// The history of portfolio runs: one row per run with its figures (the curves are not kept: a rerun
// redraws them), listed per portfolio and as each portfolio's latest run for the reports page.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from './context';
import { badInput } from './errors';
import {
  PORTFOLIO_RUN_STATUSES,
  type PortfolioRunStatus,
  portfolioRuns,
  portfolios,
  RUN_TRIGGERS,
  type RunTrigger,
  rememberJson,
  type StatsJson,
} from './schema';
import {
  checkInt,
  checkKey,
  checkOneOf,
  checkTime,
  finiteOrNull,
  LIMITS,
  newId,
  toJson,
  truncate,
} from './validate';

export type PortfolioRun = typeof portfolioRuns.$inferSelect;

export interface PortfolioRunInput {
  portfolioId: string;
  version: number;
  trigger: RunTrigger;
  status: PortfolioRunStatus;
  /** Why it failed (cut to LIMITS.error characters). */
  error?: string | null;
  startedAt: number;
  finishedAt: number;
  markets: number;
  bars?: number | null;
  /** The account's statistics (numbers, ISO strings for Start/End). */
  stats?: StatsJson | null;
}

/** A portfolio's latest run, for the reports page. */
export interface PortfolioRunOverview {
  portfolioId: string;
  name: string;
  headVersion: number;
  markets: number;
  run: PortfolioRun | null;
}

export interface PortfolioRunsRepo {
  record(input: PortfolioRunInput): Promise<PortfolioRun>;
  /** Newest first, at most `limit` (≤ LIMITS.list). */
  list(portfolioId: string, limit?: number): Promise<PortfolioRun[]>;
  /** Every live portfolio with its latest run (null when it never ran), most recently run first. */
  overview(): Promise<PortfolioRunOverview[]>;
}

const num = (stats: StatsJson | null | undefined, name: string) => {
  const v = stats?.[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

export function portfolioRunsRepo(ctx: Ctx): PortfolioRunsRepo {
  const { db } = ctx;
  return {
    async record(input) {
      if (input === null || typeof input !== 'object')
        throw badInput('a run needs { portfolioId, version, … }');
      const stats = input.stats ?? null;
      if (stats !== null) rememberJson(stats, toJson(stats, 'stats', LIMITS.json.stats));
      const trades = num(stats, '# Trades');
      const row = {
        id: newId(),
        portfolioId: checkKey(input.portfolioId, 'portfolio id'),
        version: checkInt(input.version, 'version', 1),
        trigger: checkOneOf(input.trigger, 'trigger', RUN_TRIGGERS),
        status: checkOneOf(input.status, 'status', PORTFOLIO_RUN_STATUSES),
        error: input.error == null ? null : truncate(String(input.error), LIMITS.error),
        startedAt: checkTime(input.startedAt, 'startedAt'),
        finishedAt: checkTime(input.finishedAt, 'finishedAt'),
        markets: checkInt(input.markets, 'markets', 0),
        bars: input.bars == null ? null : checkInt(input.bars, 'bars', 0),
        stats,
        returnPct: finiteOrNull(num(stats, 'Return [%]'), 'Return [%]'),
        sharpe: num(stats, 'Sharpe Ratio'),
        maxDrawdownPct: num(stats, 'Max. Drawdown [%]'),
        tradeCount: trades === null ? null : Math.round(trades),
        equityFinal: num(stats, 'Equity Final [$]'),
      };
      const [saved] = await db.insert(portfolioRuns).values(row).returning();
      return saved;
    },

    async list(portfolioId, limit = 100) {
      return db
        .select()
        .from(portfolioRuns)
        .where(eq(portfolioRuns.portfolioId, checkKey(portfolioId, 'portfolio id')))
        .orderBy(desc(portfolioRuns.startedAt), desc(portfolioRuns.seq))
        .limit(checkInt(limit, 'limit', 1, LIMITS.list));
    },

    async overview() {
      // The latest run of each portfolio: the one with the highest seq (runs are recorded as they end).
      const latest = db
        .select({
          portfolioId: portfolioRuns.portfolioId,
          latestSeq: sql<number>`max(${portfolioRuns.seq})`.as('latest_seq'),
        })
        .from(portfolioRuns)
        .groupBy(portfolioRuns.portfolioId)
        .as('latest');
      const rows = await db
        .select({ p: portfolios, run: portfolioRuns })
        .from(portfolios)
        .leftJoin(latest, eq(latest.portfolioId, portfolios.id))
        .leftJoin(
          portfolioRuns,
          and(eq(portfolioRuns.portfolioId, portfolios.id), eq(portfolioRuns.seq, latest.latestSeq)),
        )
        .where(isNull(portfolios.deletedAt))
        .orderBy(desc(sql`coalesce(${portfolioRuns.startedAt}, ${portfolios.updatedAt})`))
        .limit(LIMITS.list);
      return rows.map(({ p, run }) => ({
        portfolioId: p.id,
        name: p.name,
        headVersion: p.headVersion,
        markets: run?.markets ?? 0,
        run: run ?? null,
      }));
    },
  };
}
