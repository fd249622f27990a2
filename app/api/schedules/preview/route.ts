// GET /api/schedules/preview?schedule=…&timezone=…: how a schedule reads and when it would run, without
// saving it (the schedule form's live validation).
import { jsonResponse, route } from '../../../../lib/http';
import { resolveSchedule } from '../_lib/input';

export const dynamic = 'force-dynamic';

const param = (url: URL, name: string) => {
  const v = url.searchParams.get(name)?.trim();
  return v ? v.slice(0, 256) : undefined;
};

export const GET = route(async (req: Request) => {
  const url = new URL(req.url);
  const spec = resolveSchedule({
    schedule: param(url, 'schedule'),
    cron: param(url, 'cron'),
    timezone: param(url, 'timezone'),
  });
  return jsonResponse(spec);
});
