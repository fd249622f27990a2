// When strategies run on their own: cron expressions (optional seconds field) in a timezone.
// The scheduler owns the timing logic; this only stores what it decided (last tick, next run).
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from './context';
import { badInput, notFound } from './errors';
import { schedules, strategies } from './schema';
import {
  checkCron,
  checkInt,
  checkKey,
  checkName,
  checkOptionalTime,
  checkText,
  checkTime,
  checkTimezone,
  newId,
  truncate,
} from './validate';

export type Schedule = typeof schedules.$inferSelect;

export interface ScheduleInput {
  strategyId: string;
  /** 5 fields, or 6 with seconds first (node-cron syntax). */
  cron: string;
  /** IANA timezone the cron is read in; default 'UTC'. */
  timezone?: string;
  /** Human wording, e.g. 'every 6 hours'; default the cron text. */
  label?: string;
  /** Default true. */
  enabled?: boolean;
  nextRunAt?: number | null;
}

export type SchedulePatch = Partial<
  Pick<ScheduleInput, 'cron' | 'timezone' | 'label' | 'enabled' | 'nextRunAt'> & {
    /** Why the scheduler paused it (set together with enabled: false). */
    pausedReason: string | null;
  }
>;

export interface SchedulesRepo {
  create(input: ScheduleInput): Promise<Schedule>;
  /** Oldest first; optionally only one strategy's or only enabled ones. */
  list(filter?: { strategyId?: string; enabled?: boolean }): Promise<Schedule[]>;
  get(id: string): Promise<Schedule | null>;
  update(id: string, patch: SchedulePatch): Promise<Schedule>;
  /** False when there was no such schedule. Past runs keep their schedule_id. */
  remove(id: string): Promise<boolean>;
  /** Records a scheduler tick: when it last fired and when it fires next (never while paused). */
  setTick(id: string, tick: { lastTickAt: number; nextRunAt: number | null }): Promise<Schedule>;
  /**
   * Records how a run of the schedule ended: a success clears the failure streak; a failure lengthens
   * it and, at `pauseAfter` in a row, disables the schedule with the reason. Null if it was removed.
   */
  recordOutcome(id: string, outcome: RunOutcome): Promise<Schedule | null>;
}

export type RunOutcome = { ok: true } | { ok: false; at: number; error: string; pauseAfter: number };

/** Longest cause quoted in a paused schedule's reason. */
const REASON_CHARS = 500;

function checkEnabled(v: unknown): boolean {
  if (typeof v !== 'boolean') throw badInput(`enabled must be true or false, got ${String(v)}`);
  return v;
}

export function schedulesRepo(ctx: Ctx): SchedulesRepo {
  const { conn, db } = ctx;

  async function updateRow(id: string, set: Partial<Schedule>): Promise<Schedule> {
    const [row] = await db
      .update(schedules)
      .set(set)
      .where(eq(schedules.id, checkKey(id, 'schedule id')))
      .returning();
    if (!row) throw notFound('schedule', id);
    return row;
  }

  return {
    async create(input) {
      if (input === null || typeof input !== 'object')
        throw badInput('a schedule needs { strategyId, cron }');
      const cron = checkCron(input.cron);
      const row: Schedule = {
        id: newId(),
        strategyId: checkKey(input.strategyId, 'strategy id'),
        cron,
        timezone: checkTimezone(input.timezone ?? 'UTC'),
        label: input.label === undefined ? cron : checkName(input.label, 'label'),
        enabled: input.enabled === undefined ? true : checkEnabled(input.enabled),
        createdAt: ctx.now(),
        lastTickAt: null,
        nextRunAt: checkOptionalTime(input.nextRunAt, 'nextRunAt'),
        failures: 0,
        lastFailureAt: null,
        pausedReason: null,
      };
      return conn.transaction(async () => {
        const [s] = await db
          .select({ id: strategies.id })
          .from(strategies)
          .where(and(eq(strategies.id, row.strategyId), isNull(strategies.deletedAt)));
        if (!s) throw notFound('strategy', row.strategyId);
        await db.insert(schedules).values(row);
        return row;
      });
    },

    async list(filter = {}) {
      const where: SQL[] = [];
      if (filter.strategyId !== undefined)
        where.push(eq(schedules.strategyId, checkKey(filter.strategyId, 'strategy id')));
      if (filter.enabled !== undefined) where.push(eq(schedules.enabled, checkEnabled(filter.enabled)));
      return db
        .select()
        .from(schedules)
        .where(and(...where))
        .orderBy(asc(schedules.createdAt), asc(schedules.id));
    },

    async get(id) {
      const [row] = await db
        .select()
        .from(schedules)
        .where(eq(schedules.id, checkKey(id, 'schedule id')));
      return row ?? null;
    },

    async update(id, patch) {
      if (patch === null || typeof patch !== 'object')
        throw badInput('update needs an object of fields to change');
      const set: Partial<Schedule> = {};
      if (patch.cron !== undefined) set.cron = checkCron(patch.cron);
      if (patch.timezone !== undefined) set.timezone = checkTimezone(patch.timezone);
      if (patch.label !== undefined) set.label = checkName(patch.label, 'label');
      if (patch.enabled !== undefined) set.enabled = checkEnabled(patch.enabled);
      if (patch.nextRunAt !== undefined) set.nextRunAt = checkOptionalTime(patch.nextRunAt, 'nextRunAt');
      if (patch.pausedReason !== undefined)
        set.pausedReason =
          patch.pausedReason === null
            ? null
            : truncate(checkText(patch.pausedReason, 'pausedReason', Number.MAX_SAFE_INTEGER), REASON_CHARS);
      if (Object.keys(set).length === 0)
        throw badInput('nothing to update', 'pass one of cron, timezone, label, enabled, nextRunAt');
      if (set.enabled === true) {
        // Resuming a paused schedule starts it afresh: no streak, no back-off, no paused reason.
        const wasOff = sql`NOT ${schedules.enabled}`;
        Object.assign(set, {
          failures: sql`CASE WHEN ${wasOff} THEN 0 ELSE ${schedules.failures} END`,
          lastFailureAt: sql`CASE WHEN ${wasOff} THEN NULL ELSE ${schedules.lastFailureAt} END`,
          pausedReason: sql`CASE WHEN ${wasOff} THEN NULL ELSE ${schedules.pausedReason} END`,
        });
      }
      return updateRow(id, set);
    },

    async remove(id) {
      const rows = await db
        .delete(schedules)
        .where(eq(schedules.id, checkKey(id, 'schedule id')))
        .returning({ id: schedules.id });
      return rows.length > 0;
    },

    async setTick(id, tick) {
      if (tick === null || typeof tick !== 'object')
        throw badInput('setTick needs { lastTickAt, nextRunAt }');
      const next = checkOptionalTime(tick.nextRunAt, 'nextRunAt');
      const [row] = await db
        .update(schedules)
        .set({
          lastTickAt: checkTime(tick.lastTickAt, 'lastTickAt'),
          // A tick that races a pause must not give the paused schedule a next run again.
          nextRunAt: next === null ? null : sql`CASE WHEN ${schedules.enabled} THEN ${new Date(next)} END`,
        })
        .where(eq(schedules.id, checkKey(id, 'schedule id')))
        .returning();
      if (!row) throw notFound('schedule', id);
      return row;
    },

    async recordOutcome(id, outcome) {
      checkKey(id, 'schedule id');
      if (outcome?.ok === true) {
        const [row] = await db
          .update(schedules)
          .set({ failures: 0, lastFailureAt: null })
          .where(eq(schedules.id, id))
          .returning();
        return row ?? null;
      }
      if (outcome === null || typeof outcome !== 'object' || outcome.ok !== false)
        throw badInput('recordOutcome needs { ok: true } or { ok: false, at, error, pauseAfter }');
      const at = checkTime(outcome.at, 'at');
      const pauseAfter = checkInt(outcome.pauseAfter, 'pauseAfter', 1, 1000);
      const error = truncate(checkText(outcome.error, 'error', Number.MAX_SAFE_INTEGER, true), REASON_CHARS);
      return conn.transaction(async () => {
        const [row] = await db.select().from(schedules).where(eq(schedules.id, id));
        if (!row) return null;
        const failures = row.failures + 1;
        const set: Partial<Schedule> = { failures, lastFailureAt: at };
        if (row.enabled && failures >= pauseAfter) {
          set.enabled = false;
          set.nextRunAt = null;
          set.pausedReason = `Paused after ${failures} failures in a row: ${error.trim() || 'unknown error'}`;
        }
        return updateRow(id, set);
      });
    },
  };
}
