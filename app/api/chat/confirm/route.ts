// POST /api/chat/confirm { id }: saves the conversation's pending strategy and returns it; the browser
// then opens it in the workspace, on the bars the card's preview used.
import { z } from 'zod';
import { ConversationId } from '../../../../lib/chat';
import { confirmPending } from '../../../../lib/chat/server';
import { jsonResponse, parseBody, route } from '../../../../lib/http';
import { getCache, getDataLoader, getStore } from '../../../../server/services';

export const dynamic = 'force-dynamic';

/** The cap on this route's body. */
const CHAT_BODY_BYTES = 256 * 1024;

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, z.strictObject({ id: ConversationId }), {
    maxBytes: CHAT_BODY_BYTES,
    hint: 'send JSON like { "id": "conversation-id" }',
  });
  const [store, session, loader] = await Promise.all([getStore(), getCache(), getDataLoader()]);
  const strategy = await confirmPending(body.id, { store, session, load: loader.load });
  return jsonResponse({ strategy: { id: strategy.id, name: strategy.name } }, 201);
});
