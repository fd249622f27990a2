// POST /api/chat/confirm { id }: saves the conversation's pending strategy and returns it; the browser
// then opens it in the workspace, on the bars the card's preview used.
import { z } from 'zod';
import { ConversationId, confirmPending } from '../../../../lib/chat';
import { getCache, getDataLoader, getStore } from '../../../../server/services';
import { json, parseBody, route } from '../../strategies/_lib/http';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request) => {
  const body = await parseBody(
    req,
    z.strictObject({ id: ConversationId }),
    'send JSON like { "id": "conversation-id" }',
  );
  const [store, session, loader] = await Promise.all([getStore(), getCache(), getDataLoader()]);
  const strategy = await confirmPending(body.id, { store, session, load: loader.load });
  return json({ strategy: { id: strategy.id, name: strategy.name } }, 201);
});
