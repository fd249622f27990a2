// Chat conversations and their messages, numbered 1, 2, … within a conversation. Message content is
// whatever JSON the chat layer uses (e.g. AI SDK message parts).
import { asc, count, desc, eq, max } from 'drizzle-orm';
import type { Ctx } from './context';
import { badInput, notFound } from './errors';
import { ID_PATTERN } from './ids';
import { conversations, type JsonValue, messages, ROLES, type Role, rememberJson } from './schema';
import { checkInt, checkKey, checkName, checkOneOf, LIMITS, newId, toJson } from './validate';

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;

export interface ConversationListItem extends Conversation {
  messageCount: number;
}

export interface ConversationDetail extends Conversation {
  messages: Message[];
}

export interface ConversationsRepo {
  /** Title default 'New conversation'; id generated unless the caller names one (the chat's own id). */
  create(input?: { id?: string; title?: string }): Promise<Conversation>;
  /** Appends a message (next seq) and touches the conversation's updatedAt. */
  append(conversationId: string, message: { role: Role; content: unknown }): Promise<Message>;
  rename(id: string, title: string): Promise<Conversation>;
  /** Most recently updated first; limit default 100, at most 1000. */
  list(options?: { limit?: number }): Promise<ConversationListItem[]>;
  /** With its messages in order; null when the id is unknown. */
  get(id: string): Promise<ConversationDetail | null>;
}

/** A caller-chosen conversation id: the chat client's id (letters, digits, - and _). */
function checkConversationId(value: unknown): string {
  const id = checkKey(value, 'conversation id');
  if (!ID_PATTERN.test(id)) throw badInput('a conversation id has 1 to 64 letters, digits, - or _');
  return id;
}

export function conversationsRepo(ctx: Ctx): ConversationsRepo {
  const { conn, db } = ctx;

  return {
    async create(input = {}) {
      const now = ctx.now();
      const row: Conversation = {
        id: input.id === undefined ? newId() : checkConversationId(input.id),
        title: input.title === undefined ? 'New conversation' : checkName(input.title, 'title'),
        createdAt: now,
        updatedAt: now,
      };
      await db.insert(conversations).values(row);
      return row;
    },

    async append(conversationId, message) {
      const id = checkKey(conversationId, 'conversation id');
      if (message === null || typeof message !== 'object')
        throw badInput('a message needs { role, content }');
      const role = checkOneOf(message.role, 'role', ROLES);
      if (message.content === undefined) throw badInput('a message needs content');
      rememberJson(message.content, toJson(message.content, 'message content', LIMITS.json.content));
      return conn.transaction(async () => {
        const now = ctx.now();
        const touched = await db
          .update(conversations)
          .set({ updatedAt: now })
          .where(eq(conversations.id, id))
          .returning({ id: conversations.id });
        if (touched.length === 0) throw notFound('conversation', id);
        const [last] = await db
          .select({ seq: max(messages.seq) })
          .from(messages)
          .where(eq(messages.conversationId, id));
        const row: Message = {
          conversationId: id,
          seq: (last?.seq ?? 0) + 1,
          role,
          content: message.content as JsonValue,
          createdAt: now,
        };
        await db.insert(messages).values(row);
        return row;
      });
    },

    async rename(id, title) {
      const [row] = await db
        .update(conversations)
        .set({ title: checkName(title, 'title'), updatedAt: ctx.now() })
        .where(eq(conversations.id, checkKey(id, 'conversation id')))
        .returning();
      if (!row) throw notFound('conversation', id);
      return row;
    },

    async list(options = {}) {
      const limit = options.limit === undefined ? 100 : checkInt(options.limit, 'limit', 1, LIMITS.list);
      const counts = db
        .select({ conversationId: messages.conversationId, n: count().as('n') })
        .from(messages)
        .groupBy(messages.conversationId)
        .as('counts');
      const rows = await db
        .select({ conversation: conversations, n: counts.n })
        .from(conversations)
        .leftJoin(counts, eq(counts.conversationId, conversations.id))
        .orderBy(desc(conversations.updatedAt), asc(conversations.id))
        .limit(limit);
      return rows.map((r) => ({ ...r.conversation, messageCount: r.n ?? 0 }));
    },

    async get(id) {
      checkKey(id, 'conversation id');
      return conn.transaction(async () => {
        const [conversation] = await db.select().from(conversations).where(eq(conversations.id, id));
        if (!conversation) return null;
        const list = await db
          .select()
          .from(messages)
          .where(eq(messages.conversationId, id))
          .orderBy(asc(messages.seq));
        return { ...conversation, messages: list };
      });
    },
  };
}
