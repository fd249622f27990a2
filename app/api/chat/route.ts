// POST /api/chat: one turn of the conversation, streamed as AI SDK UI message chunks (the model's prose,
// then a `data-understanding` part). The browser sends only its new text; the server keeps the history
// (DuckDB) and the pending strategy (session store), so a client cannot rewrite either.
import { createUIMessageStreamResponse } from 'ai';
import { z } from 'zod';
import { ConversationId } from '../../../lib/chat';
import { startTurn } from '../../../lib/chat/server';
import { parseBody, route } from '../../../lib/http';
import { getCache, getStore } from '../../../server/services';

export const dynamic = 'force-dynamic';

/** The cap on this route's body. */
const CHAT_BODY_BYTES = 256 * 1024;

// Text longer than the parser reads is still accepted here, so that it gets a question, not a 400.
const ChatRequest = z.strictObject({
  id: ConversationId,
  messageId: z.string().max(128).optional(),
  text: z.string().max(100_000),
});

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, ChatRequest, {
    maxBytes: CHAT_BODY_BYTES,
    hint: 'send JSON like { "id": "conversation-id", "text": "buy when …" }',
  });
  const [store, session] = await Promise.all([getStore(), getCache()]);
  const turn = await startTurn(
    { conversationId: body.id, messageId: body.messageId, text: body.text },
    {
      store,
      session,
      understand: {
        abortSignal: req.signal,
        onError: (e) => console.error('[backtalk] chat: the model failed:', e),
      },
    },
  );
  return createUIMessageStreamResponse({ stream: turn.stream });
});
