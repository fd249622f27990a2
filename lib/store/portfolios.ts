// Portfolios and their append-only versions, like strategies (strategies.ts): a portfolio row carries
// the head version number; saving appends version head+1 and moves the head in one transaction.
// A version is the whole definition: the program (its own source, or a strategy reference), the markets
// with their weights and conversion rates, the allocation rule, the account currency, inputs and range.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Ctx } from './context';
import { badInput, notFound } from './errors';
import {
  type JsonValue,
  type PortfolioAllocation,
  type PortfolioMarket,
  type PortfolioRange,
  portfolios,
  portfolioVersions,
  REBALANCE_PERIODS,
  rememberJson,
  strategies,
  strategyVersions,
} from './schema';
import {
  checkInt,
  checkKey,
  checkName,
  checkOneOf,
  checkSource,
  checkText,
  describe,
  LIMITS,
  newId,
  toJson,
} from './validate';

export type Portfolio = typeof portfolios.$inferSelect;
export type PortfolioVersion = typeof portfolioVersions.$inferSelect;

export const PORTFOLIO_LIMITS = {
  /** Markets of one portfolio. */
  markets: 100,
} as const;

export interface PortfolioDefinition {
  /** The program's own .bt text; give this or `strategyId`. */
  source?: string | null;
  /** A saved strategy whose program runs (its runnable version, or `strategyVersion`). */
  strategyId?: string | null;
  strategyVersion?: number | null;
  markets: PortfolioMarket[];
  allocation?: Partial<PortfolioAllocation>;
  /** Account currency label, e.g. 'USD' (default). */
  currency?: string;
  params?: Readonly<Record<string, unknown>>;
  range?: PortfolioRange | null;
  note?: string | null;
}

export interface PortfolioInput extends PortfolioDefinition {
  name: string;
}

export interface PortfolioListItem extends Portfolio {
  head: Pick<
    PortfolioVersion,
    'version' | 'note' | 'markets' | 'allocation' | 'currency' | 'strategyId' | 'createdAt'
  >;
}

export interface PortfolioDetail extends Portfolio {
  head: PortfolioVersion;
}

export interface PortfoliosRepo {
  create(input: PortfolioInput): Promise<PortfolioDetail>;
  /** Not deleted, most recently updated first. */
  list(): Promise<PortfolioListItem[]>;
  /** Also soft-deleted ones (`deletedAt` set); null when the id is unknown. */
  get(id: string): Promise<PortfolioDetail | null>;
  rename(id: string, name: string): Promise<Portfolio>;
  /** Appends a version and makes it the head; returns its number. */
  saveVersion(id: string, input: PortfolioDefinition): Promise<number>;
  getVersion(id: string, version: number): Promise<PortfolioVersion | null>;
  /** Newest first. */
  listVersions(id: string): Promise<PortfolioVersion[]>;
  /** Hides it from list; false when it was already deleted. */
  softDelete(id: string): Promise<boolean>;
}

type VersionRow = Omit<PortfolioVersion, 'portfolioId' | 'version' | 'createdAt'>;

const CURRENCY = /^[A-Za-z0-9]{2,12}$/;
const SERIES_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkMarkets(value: unknown, weighting: 'equal' | 'weights'): PortfolioMarket[] {
  if (!Array.isArray(value) || value.length === 0)
    throw badInput('markets must be a list of at least one { source }', "e.g. [{ source: 'yahoo:AAPL' }]");
  if (value.length > PORTFOLIO_LIMITS.markets)
    throw badInput(
      `a portfolio has at most ${PORTFOLIO_LIMITS.markets} markets, got ${value.length}`,
      'split it into smaller portfolios',
    );
  const seen = new Set<string>();
  let sum = 0;
  const out = value.map((m: unknown, i): PortfolioMarket => {
    const what = `markets[${i}]`;
    if (m === null || typeof m !== 'object' || Array.isArray(m))
      throw badInput(`${what} must be { source, weight?, rate? }, got ${describe(m)}`);
    const r = m as Record<string, unknown>;
    const source = checkKey(r.source, `${what}.source`).trim();
    if (seen.has(source)) throw badInput(`${what}: '${source}' is listed twice`, 'list each market once');
    seen.add(source);
    let weight: number | null = null;
    if (r.weight != null) {
      if (typeof r.weight !== 'number' || !Number.isFinite(r.weight) || r.weight < 0 || r.weight > 1)
        throw badInput(
          `${what}.weight must be a number from 0 to 1 (a fraction of the equity), got ${describe(r.weight)}`,
        );
      weight = r.weight;
    }
    if (weighting === 'weights') {
      if (weight === null)
        throw badInput(`${what} (${source}) has no weight`, "give every market a weight, or use 'equal'");
      sum += weight;
    }
    const rate = r.rate == null || r.rate === '' ? null : checkKey(r.rate, `${what}.rate`).trim();
    return { source, weight, rate };
  });
  if (sum > 1 + 1e-9)
    throw badInput(
      `the weights add up to ${Math.round(sum * 1e4) / 100}%: at most 100% (no leverage)`,
      'lower some weights so they sum to 1 or less',
    );
  return out;
}

function checkAllocation(value: unknown, markets: number): PortfolioAllocation {
  const a = (value ?? {}) as Record<string, unknown>;
  if (typeof a !== 'object' || Array.isArray(a))
    throw badInput('allocation must be { weighting, maxPositions?, rankBy?, rebalance? }');
  const weighting = checkOneOf(a.weighting ?? 'equal', 'allocation.weighting', ['equal', 'weights'] as const);
  const maxPositions =
    a.maxPositions == null ? null : checkInt(a.maxPositions, 'allocation.maxPositions', 1, markets);
  let rankBy: string | null = null;
  if (a.rankBy != null && a.rankBy !== '') {
    rankBy = checkText(a.rankBy, 'allocation.rankBy', 64).trim();
    if (!SERIES_NAME.test(rankBy))
      throw badInput(
        `allocation.rankBy '${rankBy}' is not a series name`,
        'name a line of the program, e.g. momentum',
      );
  }
  const rebalance = checkOneOf(a.rebalance ?? 'none', 'allocation.rebalance', REBALANCE_PERIODS);
  return { weighting, maxPositions, rankBy, rebalance };
}

function checkRange(value: unknown): PortfolioRange | null {
  if (value == null) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    throw badInput('range must be { timeframe?, from?, to? }');
  const r = value as Record<string, unknown>;
  const day = (v: unknown, what: string) => {
    if (v == null || v === '') return null;
    if (typeof v !== 'string' || !DAY.test(v) || Number.isNaN(Date.parse(v)))
      throw badInput(`${what} must be a date as YYYY-MM-DD, got ${describe(v)}`);
    return v;
  };
  const out: PortfolioRange = {
    timeframe:
      r.timeframe == null || r.timeframe === '' ? null : checkText(r.timeframe, 'range.timeframe', 8),
    from: day(r.from, 'range.from'),
    to: day(r.to, 'range.to'),
  };
  if (out.from && out.to && out.from > out.to)
    throw badInput(`range.from (${out.from}) is after range.to (${out.to})`, 'swap them or drop one');
  return out;
}

function checkDefinition(input: PortfolioDefinition): VersionRow {
  if (input === null || typeof input !== 'object')
    throw badInput('a portfolio needs { source or strategyId, markets }');
  const hasSource = input.source != null;
  const hasStrategy = input.strategyId != null;
  if (hasSource === hasStrategy)
    throw badInput(
      hasSource ? 'give either source or strategyId, not both' : 'a portfolio needs a program',
      'give the program as source (.bt text) or as strategyId (a saved strategy)',
    );
  const source = hasSource ? checkSource(input.source) : null;
  const strategyId = hasStrategy ? checkKey(input.strategyId, 'strategyId') : null;
  const strategyVersion =
    hasStrategy && input.strategyVersion != null
      ? checkInt(input.strategyVersion, 'strategyVersion', 1)
      : null;
  const weighting = (input.allocation?.weighting ?? 'equal') as 'equal' | 'weights';
  const markets = checkMarkets(input.markets, weighting === 'weights' ? 'weights' : 'equal');
  const allocation = checkAllocation(input.allocation, markets.length);
  const currency = (input.currency ?? 'USD').toString().trim();
  if (!CURRENCY.test(currency))
    throw badInput(
      `currency '${currency.slice(0, 20)}' is not a currency code`,
      "use a code such as 'USD' or 'EUR'",
    );
  const params = (input.params ?? {}) as Record<string, JsonValue>;
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw badInput('params must be an object of input values by name, e.g. { "fast": 10 }');
  rememberJson(params, toJson(params, 'params', LIMITS.json.params));
  rememberJson(markets, toJson(markets, 'markets', LIMITS.json.data * 8));
  const note = input.note == null ? null : checkText(input.note, 'note', LIMITS.note, true);
  return {
    source,
    strategyId,
    strategyVersion,
    markets,
    allocation,
    currency: currency.toUpperCase(),
    params,
    range: checkRange(input.range),
    note,
  };
}

export function portfoliosRepo(ctx: Ctx): PortfoliosRepo {
  const { conn, db } = ctx;

  async function live(id: string): Promise<Portfolio> {
    const [row] = await db
      .select()
      .from(portfolios)
      .where(and(eq(portfolios.id, checkKey(id, 'portfolio id')), isNull(portfolios.deletedAt)));
    if (!row) throw notFound('portfolio', id);
    return row;
  }

  /** The referenced strategy exists, is live, and has the pinned version (no foreign keys: see migrations.ts). */
  async function checkStrategy(row: VersionRow): Promise<void> {
    if (row.strategyId === null) return;
    const [s] = await db
      .select()
      .from(strategies)
      .where(and(eq(strategies.id, row.strategyId), isNull(strategies.deletedAt)));
    if (!s)
      throw badInput(
        `strategy '${row.strategyId}' not found`,
        'pick a saved strategy, or give the program as source',
      );
    if (row.strategyVersion === null) return;
    const [v] = await db
      .select({ version: strategyVersions.version })
      .from(strategyVersions)
      .where(and(eq(strategyVersions.strategyId, s.id), eq(strategyVersions.version, row.strategyVersion)));
    if (!v)
      throw badInput(
        `strategy '${s.name}' has no version ${row.strategyVersion}`,
        `its versions are 1 to ${s.headVersion}`,
      );
  }

  async function getVersion(id: string, version: number): Promise<PortfolioVersion | null> {
    const [row] = await db
      .select()
      .from(portfolioVersions)
      .where(and(eq(portfolioVersions.portfolioId, id), eq(portfolioVersions.version, version)));
    return row ?? null;
  }

  return {
    async create(input) {
      const name = checkName(input?.name);
      const row = checkDefinition(input);
      return conn.transaction(async () => {
        await checkStrategy(row);
        const now = ctx.now();
        const p: Portfolio = {
          id: newId(),
          name,
          createdAt: now,
          updatedAt: now,
          headVersion: 1,
          deletedAt: null,
        };
        const head: PortfolioVersion = { portfolioId: p.id, version: 1, createdAt: now, ...row };
        await db.insert(portfolios).values(p);
        await db.insert(portfolioVersions).values(head);
        return { ...p, head };
      });
    },

    async list() {
      const rows = await db
        .select({
          portfolio: portfolios,
          version: portfolioVersions.version,
          note: portfolioVersions.note,
          markets: portfolioVersions.markets,
          allocation: portfolioVersions.allocation,
          currency: portfolioVersions.currency,
          strategyId: portfolioVersions.strategyId,
          createdAt: portfolioVersions.createdAt,
        })
        .from(portfolios)
        .innerJoin(
          portfolioVersions,
          and(
            eq(portfolioVersions.portfolioId, portfolios.id),
            eq(portfolioVersions.version, portfolios.headVersion),
          ),
        )
        .where(isNull(portfolios.deletedAt))
        .orderBy(desc(portfolios.updatedAt), asc(portfolios.name))
        .limit(LIMITS.list);
      return rows.map(({ portfolio, ...head }) => ({ ...portfolio, head }));
    },

    async get(id) {
      checkKey(id, 'portfolio id');
      const [row] = await db
        .select({ portfolio: portfolios, head: portfolioVersions })
        .from(portfolios)
        .innerJoin(
          portfolioVersions,
          and(
            eq(portfolioVersions.portfolioId, portfolios.id),
            eq(portfolioVersions.version, portfolios.headVersion),
          ),
        )
        .where(eq(portfolios.id, id));
      return row ? { ...row.portfolio, head: row.head } : null;
    },

    async rename(id, name) {
      const clean = checkName(name);
      const [row] = await db
        .update(portfolios)
        .set({ name: clean, updatedAt: ctx.now() })
        .where(and(eq(portfolios.id, checkKey(id, 'portfolio id')), isNull(portfolios.deletedAt)))
        .returning();
      if (!row) throw notFound('portfolio', id);
      return row;
    },

    async saveVersion(id, input) {
      const row = checkDefinition(input);
      return conn.transaction(async () => {
        const p = await live(id);
        await checkStrategy(row);
        const version = p.headVersion + 1;
        const now = ctx.now();
        await db.insert(portfolioVersions).values({ portfolioId: p.id, version, createdAt: now, ...row });
        await db
          .update(portfolios)
          .set({ headVersion: version, updatedAt: now })
          .where(eq(portfolios.id, p.id));
        return version;
      });
    },

    async getVersion(id, version) {
      checkKey(id, 'portfolio id');
      if (!Number.isInteger(version) || version < 1) return null;
      return getVersion(id, version);
    },

    async listVersions(id) {
      return db
        .select()
        .from(portfolioVersions)
        .where(eq(portfolioVersions.portfolioId, checkKey(id, 'portfolio id')))
        .orderBy(desc(portfolioVersions.version));
    },

    async softDelete(id) {
      return conn.transaction(async () => {
        const [row] = await db
          .select()
          .from(portfolios)
          .where(eq(portfolios.id, checkKey(id, 'portfolio id')));
        if (!row) throw notFound('portfolio', id);
        if (row.deletedAt !== null) return false;
        const now = ctx.now();
        await db.update(portfolios).set({ deletedAt: now, updatedAt: now }).where(eq(portfolios.id, id));
        return true;
      });
    },
  };
}
