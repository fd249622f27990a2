// GET /api/runs/[runId]/report.html[?download=0]: the run as one self-contained HTML file (chart
// rendered to SVG on the server, figures, trades, program, data range), as a download by default.

import { ApiError, checkId, route } from '../../../../../lib/http';
import { formatDate, slug } from '../../../../../lib/report';
import { loadRunReport, runReportHtml } from '../../../../../lib/report/server';
import { getStore } from '../../../../../server/services';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ runId: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const runId = checkId((await ctx.params).runId, 'run');
  const store = await getStore();
  const data = await loadRunReport(store, runId);
  if (!data) throw new ApiError(404, `run '${runId}' not found`, 'GET /api/runs?strategyId=… lists the runs');
  const html = runReportHtml({
    strategy: data.strategy,
    run: data.run,
    version: data.version,
    previous: data.previous,
    generatedAt: Date.now(),
  });
  const name = `backtalk-${slug(data.strategy.name)}-${formatDate(data.run.startedAt)}-${runId}.html`;
  const download = new URL(req.url).searchParams.get('download') !== '0';
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="${name}"`,
      // The report needs nothing but its inline styles: no scripts, no fetches, no external assets.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
});
