// GET /api/chat/conversations: the conversations, most recent first, for the chat's sidebar.

import { jsonResponse, route } from '../../../../lib/http';
import { getStore } from '../../../../server/services';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  const store = await getStore();
  const list = await store.conversations.list({ limit: 50 });
  return jsonResponse({
    conversations: list.map((c) => ({
      id: c.id,
      title: c.title,
      updatedAt: c.updatedAt,
      messages: c.messageCount,
    })),
  });
});
