// POST /api/chat/confirm { id }: saves the conversation's pending strategy and returns it; the browser
// then opens it in the workspace.
import { z } from 'zod';
import { ConversationId, confirmPending } from '../../../../lib/chat';
import { getCache, getStore } from '../../../../server/services';
import { json, parseBody, route } from '../../strategies/_lib/http';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request) => {
  const body = await parseBody(
    req,
    z.strictObject({ id: ConversationId }),
    'send JSON like { "id": "conversation-id" }',
  );
  const [store, session] = await Promise.all([getStore(), getCache()]);
  const strategy = await confirmPending(body.id, { store, session });
  return json({ strategy: { id: strategy.id, name: strategy.name } }, 201);
});
