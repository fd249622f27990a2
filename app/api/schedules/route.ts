// GET /api/schedules[?strategyId=]: the schedules with their next run times.
// POST /api/schedules { strategyId, schedule | cron, timezone?, enabled? }: add one.
import { ApiError, checkId, jsonResponse, parseBody, route } from '../../../lib/http';
import { getScheduler, getStore } from '../../../server/services';
import {
  CREATE_HINT,
  CreateSchedule,
  liveStrategy,
  MAX_SCHEDULE_BODY,
  resolveSchedule,
  scheduleView,
} from './_lib/input';

export const dynamic = 'force-dynamic';

/** More schedules than this on one strategy is a mistake, not a plan. */
const MAX_PER_STRATEGY = 20;

export const GET = route(async (req: Request) => {
  const url = new URL(req.url);
  const raw = url.searchParams.get('strategyId');
  const strategyId = raw === null ? undefined : checkId(raw, 'strategy');
  const store = await getStore();
  const list = await store.schedules.list(strategyId === undefined ? undefined : { strategyId });
  return jsonResponse({ schedules: list.map(scheduleView) });
});

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, CreateSchedule, { maxBytes: MAX_SCHEDULE_BODY, hint: CREATE_HINT });
  const strategyId = checkId(body.strategyId, 'strategy');
  const spec = resolveSchedule(body);
  const store = await getStore();
  await liveStrategy(store, strategyId);
  const existing = await store.schedules.list({ strategyId });
  if (existing.length >= MAX_PER_STRATEGY)
    throw new ApiError(
      409,
      `this strategy already has ${existing.length} schedules`,
      'remove one before adding another',
    );
  if (existing.some((s) => s.cron === spec.cron && s.timezone === spec.timezone))
    throw new ApiError(
      409,
      `this strategy already runs ${spec.label}`,
      'enable that schedule instead of adding it again',
    );
  const enabled = body.enabled ?? true;
  const created = await store.schedules.create({
    strategyId,
    cron: spec.cron,
    timezone: spec.timezone,
    label: spec.label,
    enabled,
    nextRunAt: enabled ? (spec.nextRuns[0] ?? null) : null,
  });
  await getScheduler()?.refresh();
  return jsonResponse({ schedule: scheduleView(created) }, 201, { Location: `/api/schedules/${created.id}` });
});
