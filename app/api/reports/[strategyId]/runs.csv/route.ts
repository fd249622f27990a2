// GET /api/reports/[strategyId]/runs.csv[?limit=1000&download=0]: the runs table as CSV, newest first.

import { route } from '../../../../../lib/http';
import { runsCsv } from '../../../../../lib/report';
import { exportData, exportHeaders } from '../../_lib/exports';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ strategyId: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const data = await exportData(req, ctx.params);
  return new Response(runsCsv(data.rows), { headers: exportHeaders('text/csv; charset=utf-8', data, 'csv') });
});
