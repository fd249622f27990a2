// GET /api/alerts: the alert channels (secrets never shown). POST: add one (webhook, email or telegram).
import { jsonResponse, parseBody, route } from '../../../lib/http';
import { getStore } from '../../../server/services';
import { ALERT_HINT, CreateChannel, channelView, MAX_ALERT_BODY } from './_view';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  const store = await getStore();
  return jsonResponse({ channels: (await store.alerts.listChannels()).map(channelView) });
});

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, CreateChannel, { maxBytes: MAX_ALERT_BODY, hint: ALERT_HINT });
  const store = await getStore();
  const created = await store.alerts.createChannel({
    name: body.name,
    kind: body.kind,
    config: body.config,
    ...(body.events ? { events: body.events } : {}),
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
  });
  return jsonResponse({ channel: channelView(created) }, 201, { Location: `/api/alerts/${created.id}` });
});
