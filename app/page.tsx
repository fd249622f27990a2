// The chat (/): a new conversation, or the one named by ?c=ID, read from the store on the server so a
// reload shows exactly what was said.
import { randomUUID } from 'node:crypto';
import { ConversationId } from '../lib/chat';
import { understandingPath } from '../lib/nl/server';
import { getStore } from '../server/services';
import ChatView, { type ChatMessage, type ConversationItem } from './_chat/ChatView';

export const dynamic = 'force-dynamic';

export default async function Home({ searchParams }: { searchParams: Promise<{ c?: string | string[] }> }) {
  const { c } = await searchParams;
  const asked = typeof c === 'string' && ConversationId.safeParse(c).success ? c : undefined;
  let conversations: ConversationItem[] = [];
  let initial: ChatMessage[] = [];
  let problem: string | undefined;
  try {
    const store = await getStore();
    conversations = (await store.conversations.list({ limit: 50 })).map((x) => ({
      id: x.id,
      title: x.title,
      updatedAt: x.updatedAt,
    }));
    if (asked)
      initial = ((await store.conversations.get(asked))?.messages ?? []).map(
        (m) => m.content as unknown as ChatMessage,
      );
  } catch (e) {
    // The chat still works without its history (the store may be locked by another process).
    problem = `conversations could not be loaded: ${(e as Error).message}`;
    console.error(`[backtalk] ${problem}`);
  }
  const path = understandingPath();
  const pathText =
    path.path === 'model'
      ? `model: ${path.description}`
      : path.problem
        ? `offline parser (${path.problem})`
        : 'offline parser';
  return (
    <>
      {problem && (
        <p className="page-message is-error" role="alert">
          {problem}
        </p>
      )}
      <ChatView
        key={asked ?? 'new'}
        id={asked ?? randomUUID()}
        initialMessages={initial}
        conversations={conversations}
        path={pathText}
      />
    </>
  );
}
