// GET /api/reports/[strategyId]/runs.json[?limit=1000&download=0]: the runs table as JSON, newest first.

import { route } from '../../../../../lib/http';
import { runsJson } from '../../../../../lib/report';
import { exportData, exportHeaders } from '../../_lib/exports';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ strategyId: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const data = await exportData(req, ctx.params);
  const body = JSON.stringify(runsJson(data.strategy, data.rows, Date.now()), null, 2);
  return new Response(body, { headers: exportHeaders('application/json; charset=utf-8', data, 'json') });
});
