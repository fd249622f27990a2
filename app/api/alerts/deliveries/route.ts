// GET /api/alerts/deliveries[?channelId=&runId=&limit=]: recent deliveries and their outcomes, newest first.
import { checkId, intParam, jsonResponse, route } from '../../../../lib/http';
import { getStore } from '../../../../server/services';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request) => {
  const url = new URL(req.url);
  const channelId = url.searchParams.get('channelId');
  const runId = url.searchParams.get('runId');
  const store = await getStore();
  const deliveries = await store.alerts.deliveries({
    ...(channelId === null ? {} : { channelId: checkId(channelId, 'alert channel') }),
    ...(runId === null ? {} : { runId: checkId(runId, 'paper run') }),
    limit: intParam(url, 'limit', 100, 1, 1000),
  });
  return jsonResponse({ deliveries });
});
