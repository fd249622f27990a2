// Strategies and their append-only versions. A strategy row carries the head version number; saving
// appends version head+1 and moves the head, in one transaction; nothing is ever overwritten.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { checkSource as checkProgram } from '../dsl';
import type { Ctx } from './context';
import { badInput, notFound } from './errors';
import {
  type DataRef,
  type JsonValue,
  rememberJson,
  STRATEGY_KINDS,
  type StrategyKind,
  schedules,
  strategies,
  strategyVersions,
} from './schema';
import {
  checkKey,
  checkName,
  checkOneOf,
  checkOptionalTime,
  checkSource,
  checkText,
  LIMITS,
  newId,
  toJson,
} from './validate';

export type Strategy = typeof strategies.$inferSelect;
export type StrategyVersion = typeof strategyVersions.$inferSelect;

export interface VersionInput {
  /** The .bt text (at most 64 KiB). */
  source: string;
  /** Structured spec when the strategy came from the chat (any JSON-serializable value; read back as JsonValue). */
  spec?: unknown;
  /** Input values by name (JSON-serializable). */
  params?: Readonly<Record<string, unknown>>;
  data?: DataRef | null;
  note?: string | null;
}

export interface StrategyInput extends VersionInput {
  name: string;
  kind: StrategyKind;
}

/** A strategy with a summary of its head version (no source or spec). */
export interface StrategyListItem extends Strategy {
  head: Pick<StrategyVersion, 'version' | 'note' | 'data' | 'params' | 'createdAt'>;
}

export interface StrategyDetail extends Strategy {
  head: StrategyVersion;
}

export interface StrategiesRepo {
  create(input: StrategyInput): Promise<StrategyDetail>;
  /** Not deleted, most recently updated first. */
  list(): Promise<StrategyListItem[]>;
  /** Also returns soft-deleted strategies (their `deletedAt` is set); null when the id is unknown. */
  get(id: string): Promise<StrategyDetail | null>;
  rename(id: string, name: string): Promise<Strategy>;
  /** New strategy whose version 1 copies the head version of `id`. */
  duplicate(id: string, name?: string): Promise<StrategyDetail>;
  /** Hides the strategy from list and disables its schedules; false when it was already deleted. */
  softDelete(id: string): Promise<boolean>;
  /** Undoes softDelete (schedules stay disabled); false when it was not deleted. */
  restore(id: string): Promise<boolean>;
  /** Appends a version and makes it the head; returns its number. */
  saveVersion(id: string, input: VersionInput): Promise<number>;
  getVersion(id: string, version: number): Promise<StrategyVersion | null>;
  /** Newest first. */
  listVersions(id: string): Promise<StrategyVersion[]>;
  /**
   * The version that runs (schedules, reruns): the newest one saved without errors, so saving a
   * broken edit never stops what ran before; the head when no version is free of errors (its run then
   * fails and says why). Null when the id is unknown.
   */
  runnableVersion(id: string): Promise<StrategyVersion | null>;
}

/** How many errors the language's checker finds in a program (what a version's `errors` stores). */
function countErrors(source: string): number {
  let n = 0;
  for (const d of checkProgram(source).diagnostics) if (d.severity === 'error') n++;
  return n;
}

type VersionRow = Omit<StrategyVersion, 'strategyId' | 'version' | 'createdAt'>;

function checkVersion(input: VersionInput): VersionRow {
  if (input === null || typeof input !== 'object') throw badInput('a version needs at least { source }');
  const source = checkSource(input.source);
  const spec = (input.spec ?? null) as JsonValue | null;
  if (spec !== null) rememberJson(spec, toJson(spec, 'spec', LIMITS.json.spec));
  const params = (input.params ?? {}) as Record<string, JsonValue>;
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw badInput('params must be an object of input values by name, e.g. { "fast": 10 }');
  rememberJson(params, toJson(params, 'params', LIMITS.json.params));
  const data = input.data == null ? null : checkData(input.data);
  const note = input.note == null ? null : checkText(input.note, 'note', LIMITS.note, true);
  return { source, spec, params, data, note, errors: countErrors(source) };
}

export function checkData(d: DataRef): DataRef {
  if (d === null || typeof d !== 'object')
    throw badInput('data must be { source, symbol, timeframe, from?, to? }');
  const out: DataRef = {
    source: checkKey(d.source, 'data.source'),
    symbol: checkKey(d.symbol, 'data.symbol'),
    timeframe: checkKey(d.timeframe, 'data.timeframe'),
    from: checkOptionalTime(d.from, 'data.from'),
    to: checkOptionalTime(d.to, 'data.to'),
  };
  if (d.fallback != null) {
    if (typeof d.fallback !== 'object') throw badInput('data.fallback must be { source, reason }');
    out.fallback = {
      source: checkKey(d.fallback.source, 'data.fallback.source'),
      reason: checkText(d.fallback.reason, 'data.fallback.reason', LIMITS.note),
    };
  }
  if (out.from != null && out.to != null && out.from > out.to)
    throw badInput(`data.from (${out.from}) is after data.to (${out.to})`, 'swap them or drop one');
  rememberJson(out, toJson(out, 'data', LIMITS.json.data));
  return out;
}

export function strategiesRepo(ctx: Ctx): StrategiesRepo {
  const { conn, db } = ctx;

  async function live(id: string): Promise<Strategy> {
    const [row] = await db
      .select()
      .from(strategies)
      .where(and(eq(strategies.id, checkKey(id, 'strategy id')), isNull(strategies.deletedAt)));
    if (!row) throw notFound('strategy', id);
    return row;
  }

  async function insertNew(name: string, kind: StrategyKind, version: VersionRow): Promise<StrategyDetail> {
    const now = ctx.now();
    const strategy: Strategy = {
      id: newId(),
      name,
      kind,
      createdAt: now,
      updatedAt: now,
      headVersion: 1,
      deletedAt: null,
    };
    const head: StrategyVersion = { strategyId: strategy.id, version: 1, createdAt: now, ...version };
    await conn.transaction(async () => {
      await db.insert(strategies).values(strategy);
      await db.insert(strategyVersions).values(head);
    });
    return { ...strategy, head };
  }

  async function getVersion(id: string, version: number): Promise<StrategyVersion | null> {
    const [row] = await db
      .select()
      .from(strategyVersions)
      .where(and(eq(strategyVersions.strategyId, id), eq(strategyVersions.version, version)));
    return row ?? null;
  }

  return {
    async create(input) {
      const name = checkName(input?.name);
      const kind = checkOneOf(input?.kind, 'kind', STRATEGY_KINDS);
      return insertNew(name, kind, checkVersion(input));
    },

    async list() {
      const rows = await db
        .select({
          strategy: strategies,
          version: strategyVersions.version,
          note: strategyVersions.note,
          data: strategyVersions.data,
          params: strategyVersions.params,
          createdAt: strategyVersions.createdAt,
        })
        .from(strategies)
        .innerJoin(
          strategyVersions,
          and(
            eq(strategyVersions.strategyId, strategies.id),
            eq(strategyVersions.version, strategies.headVersion),
          ),
        )
        .where(isNull(strategies.deletedAt))
        .orderBy(desc(strategies.updatedAt), asc(strategies.name));
      return rows.map(({ strategy, ...head }) => ({ ...strategy, head }));
    },

    async get(id) {
      checkKey(id, 'strategy id');
      const [row] = await db
        .select({ strategy: strategies, head: strategyVersions })
        .from(strategies)
        .innerJoin(
          strategyVersions,
          and(
            eq(strategyVersions.strategyId, strategies.id),
            eq(strategyVersions.version, strategies.headVersion),
          ),
        )
        .where(eq(strategies.id, id));
      return row ? { ...row.strategy, head: row.head } : null;
    },

    async rename(id, name) {
      const clean = checkName(name);
      const [row] = await db
        .update(strategies)
        .set({ name: clean, updatedAt: ctx.now() })
        .where(and(eq(strategies.id, checkKey(id, 'strategy id')), isNull(strategies.deletedAt)))
        .returning();
      if (!row) throw notFound('strategy', id);
      return row;
    },

    async duplicate(id, name) {
      return conn.transaction(async () => {
        const from = await live(id);
        const head = (await getVersion(from.id, from.headVersion))!;
        const copyName = name === undefined ? `${from.name} (copy)`.slice(0, LIMITS.name) : checkName(name);
        const note = `copied from '${from.name}' v${head.version}`.slice(0, LIMITS.note);
        const { source, spec, params, data, errors } = head;
        return insertNew(copyName, from.kind, { source, spec, params, data, note, errors });
      });
    },

    async softDelete(id) {
      return conn.transaction(async () => {
        const [row] = await db
          .select()
          .from(strategies)
          .where(eq(strategies.id, checkKey(id, 'strategy id')));
        if (!row) throw notFound('strategy', id);
        if (row.deletedAt !== null) return false;
        const now = ctx.now();
        await db.update(strategies).set({ deletedAt: now, updatedAt: now }).where(eq(strategies.id, id));
        await db.update(schedules).set({ enabled: false }).where(eq(schedules.strategyId, id));
        return true;
      });
    },

    async restore(id) {
      return conn.transaction(async () => {
        const [row] = await db
          .select()
          .from(strategies)
          .where(eq(strategies.id, checkKey(id, 'strategy id')));
        if (!row) throw notFound('strategy', id);
        if (row.deletedAt === null) return false;
        await db
          .update(strategies)
          .set({ deletedAt: null, updatedAt: ctx.now() })
          .where(eq(strategies.id, id));
        return true;
      });
    },

    async saveVersion(id, input) {
      const row = checkVersion(input);
      return conn.transaction(async () => {
        const strategy = await live(id);
        const version = strategy.headVersion + 1;
        const now = ctx.now();
        await db
          .insert(strategyVersions)
          .values({ strategyId: strategy.id, version, createdAt: now, ...row });
        await db
          .update(strategies)
          .set({ headVersion: version, updatedAt: now })
          .where(eq(strategies.id, strategy.id));
        return version;
      });
    },

    async getVersion(id, version) {
      checkKey(id, 'strategy id');
      if (!Number.isInteger(version) || version < 1) return null;
      return getVersion(id, version);
    },

    async listVersions(id) {
      return db
        .select()
        .from(strategyVersions)
        .where(eq(strategyVersions.strategyId, checkKey(id, 'strategy id')))
        .orderBy(desc(strategyVersions.version));
    },

    async runnableVersion(id) {
      checkKey(id, 'strategy id');
      const [good] = await db
        .select()
        .from(strategyVersions)
        .where(and(eq(strategyVersions.strategyId, id), eq(strategyVersions.errors, 0)))
        .orderBy(desc(strategyVersions.version))
        .limit(1);
      if (good) return good;
      const [row] = await db.select().from(strategies).where(eq(strategies.id, id));
      return row ? getVersion(id, row.headVersion) : null;
    },
  };
}
