// POST /api/schedules/[id]/run: runs the schedule's strategy now ("Run now"), through the scheduler so
// the run takes the schedule's lock like any tick. Waits up to RUN_WAIT_MS for it to finish (200 with
// the run); a longer run goes on in the background (202) and shows up in the runs list when done.

import { freshLoader } from '../../../../../jobs/load';
import { Scheduler } from '../../../../../jobs/scheduler';
import { ApiError, checkId, jsonResponse, route } from '../../../../../lib/http';
import { getCache, getScheduler, getStore } from '../../../../../server/services';
import { liveStrategy } from '../../_lib/input';

export const dynamic = 'force-dynamic';

const RUN_WAIT_MS = 20_000;

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (_req: Request, ctx: Ctx) => {
  const id = checkId((await ctx.params).id, 'schedule');
  const store = await getStore();
  const schedule = await store.schedules.get(id);
  if (!schedule)
    throw new ApiError(404, `schedule '${id}' not found`, 'GET /api/schedules lists the schedules');
  await liveStrategy(store, schedule.strategyId);
  // Without a scheduler in this process (BACKTALK_SCHEDULER=off, or a separate `npm run jobs` worker),
  // a one-off scheduler runs it with the same lock, shared through Redis when REDIS_URL is set.
  const scheduler =
    getScheduler() ??
    new Scheduler({
      store,
      cache: await getCache(),
      load: freshLoader(store),
      retry: { attempts: 1 },
      log: (m) => console.log(`[backtalk] run now: ${m}`),
    });
  const startedAfter = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finished = await Promise.race([
    scheduler.runNow(schedule).then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), RUN_WAIT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  const [latest] = await store.runs.list(schedule.strategyId, { limit: 1 });
  const run = latest && latest.startedAt >= startedAfter - 1000 ? latest : null;
  return jsonResponse({ finished, run }, finished ? 200 : 202);
});
