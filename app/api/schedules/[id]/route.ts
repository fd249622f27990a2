// GET, PATCH { enabled?, schedule | cron?, timezone? } and DELETE /api/schedules/[id].
import { ApiError, checkId, jsonResponse, parseBody, route } from '../../../../lib/http';
import type { SchedulePatch, Store } from '../../../../lib/store';
import { getScheduler, getStore } from '../../../../server/services';
import {
  liveStrategy,
  MAX_SCHEDULE_BODY,
  PatchSchedule,
  resolveSchedule,
  SCHEDULE_HINT,
  scheduleView,
} from '../_lib/input';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

async function found(store: Store, id: string) {
  const s = await store.schedules.get(id);
  if (!s) throw new ApiError(404, `schedule '${id}' not found`, 'GET /api/schedules lists the schedules');
  return s;
}

export const GET = route(async (_req: Request, ctx: Ctx) => {
  const id = checkId((await ctx.params).id, 'schedule');
  const store = await getStore();
  return jsonResponse({ schedule: scheduleView(await found(store, id)) });
});

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const id = checkId((await ctx.params).id, 'schedule');
  const body = await parseBody(req, PatchSchedule, {
    maxBytes: MAX_SCHEDULE_BODY,
    hint: `send JSON like { "enabled": false } or { "schedule": "every hour", "timezone": "UTC" }`,
  });
  const changesWhen = body.schedule !== undefined || body.cron !== undefined || body.timezone !== undefined;
  if (!changesWhen && body.enabled === undefined)
    throw new ApiError(400, 'nothing to change', `send enabled, or a new schedule: ${SCHEDULE_HINT}`);
  const store = await getStore();
  const current = await found(store, id);
  const enabled = body.enabled ?? current.enabled;
  if (enabled && !current.enabled) {
    await liveStrategy(store, current.strategyId);
    // Resuming re-checks the stored cron (a row saved before today's limits may break them).
    if (!changesWhen) resolveSchedule({ cron: current.cron, timezone: current.timezone });
  }
  const patch: SchedulePatch = { enabled };
  let cron = current.cron;
  let timezone = current.timezone;
  if (changesWhen) {
    // A new zone alone re-reads the stored cron in it; a new schedule text replaces both.
    const spec = resolveSchedule(
      body.schedule === undefined && body.cron === undefined
        ? { cron: current.cron, timezone: body.timezone }
        : { schedule: body.schedule, cron: body.cron, timezone: body.timezone ?? current.timezone },
    );
    cron = patch.cron = spec.cron;
    timezone = patch.timezone = spec.timezone;
    patch.label = spec.label;
  }
  patch.nextRunAt = enabled
    ? (scheduleView({ ...current, cron, timezone, enabled }).nextRuns[0] ?? null)
    : null;
  const updated = await store.schedules.update(id, patch);
  await getScheduler()?.refresh();
  return jsonResponse({ schedule: scheduleView(updated) });
});

export const DELETE = route(async (_req: Request, ctx: Ctx) => {
  const id = checkId((await ctx.params).id, 'schedule');
  const store = await getStore();
  if (!(await store.schedules.remove(id)))
    throw new ApiError(404, `schedule '${id}' not found`, 'it may have been removed already');
  await getScheduler()?.refresh();
  return jsonResponse({ removed: id });
});
