// GET /api/health: is this a Backtalk app, which process is it, does it run the schedules? Needs neither
// DuckDB nor the network. The CLI asks it when the database is held by another process: only the app
// whose PID DuckDB names as the holder may answer for the database.
import { jsonResponse, route } from '../../../lib/http';
import { getScheduler } from '../../../server/services';

export const dynamic = 'force-dynamic';

export const GET = route(async () =>
  jsonResponse({ app: 'backtalk', pid: process.pid, scheduler: getScheduler() !== undefined }),
);
