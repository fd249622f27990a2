// GET, PATCH { name?, events?, enabled?, config? } and DELETE /api/alerts/[id].
import { channelSchema } from '../../../../lib/alerts';
import { ApiError, checkId, describeIssues, jsonResponse, parseBody, route } from '../../../../lib/http';
import type { Store } from '../../../../lib/store';
import { getStore } from '../../../../server/services';
import { channelView, MAX_ALERT_BODY, PatchChannel } from '../_view';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

async function found(store: Store, id: string) {
  const c = await store.alerts.getChannel(id);
  if (!c) throw new ApiError(404, `alert channel '${id}' not found`, 'GET /api/alerts lists the channels');
  return c;
}

export const GET = route(async (_req: Request, ctx: Ctx) => {
  const id = checkId((await ctx.params).id, 'alert channel');
  return jsonResponse({ channel: channelView(await found(await getStore(), id)) });
});

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const id = checkId((await ctx.params).id, 'alert channel');
  const body = await parseBody(req, PatchChannel, {
    maxBytes: MAX_ALERT_BODY,
    hint: 'send JSON like { "enabled": false } or { "events": ["fill"] }',
  });
  const store = await getStore();
  const current = await found(store, id);
  if (body.config !== undefined) {
    const r = channelSchema.safeParse({ kind: current.kind, config: body.config });
    if (!r.success)
      throw new ApiError(
        400,
        `invalid config: ${describeIssues(r.error)}`,
        'send the whole config, secrets included',
      );
  }
  const updated = await store.alerts.updateChannel(id, body);
  return jsonResponse({ channel: channelView(updated) });
});

export const DELETE = route(async (_req: Request, ctx: Ctx) => {
  const id = checkId((await ctx.params).id, 'alert channel');
  const store = await getStore();
  await found(store, id);
  await store.alerts.removeChannel(id);
  return new Response(null, { status: 204 });
});
