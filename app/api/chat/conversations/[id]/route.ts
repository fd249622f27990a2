// GET /api/chat/conversations/:id: a conversation's messages (as the chat renders them) and its state.

import { ConversationId, loadState } from '../../../../../lib/chat';
import { ApiError, jsonResponse, route } from '../../../../../lib/http';
import { getCache, getStore } from '../../../../../server/services';

export const dynamic = 'force-dynamic';

export const GET = route(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const id = ConversationId.safeParse((await ctx.params).id);
  if (!id.success)
    throw new ApiError(400, 'that is not a conversation id', 'open a conversation from the list');
  const [store, session] = await Promise.all([getStore(), getCache()]);
  const c = await store.conversations.get(id.data);
  if (!c) throw new ApiError(404, `no conversation ${id.data}`, 'start a new one, or pick one from the list');
  const state = await loadState(session, id.data);
  return jsonResponse({
    conversation: { id: c.id, title: c.title, updatedAt: c.updatedAt },
    messages: c.messages.map((m) => m.content),
    pending: state.pending ?? null,
    confirmed: state.confirmed ?? null,
  });
});
