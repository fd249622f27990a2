// A conversation's live state in the session store (Redis, or memory without it): the strategy awaiting
// confirmation and the open question (what it asks, as data, and the request it belongs to). The
// conversation's messages live in DuckDB; this is only what the next turn needs, and it expires when a
// conversation is left alone.
import { z } from 'zod';
import { pathIdSchema } from '../http';
import { MAX_REQUEST_CHARS, type OpenQuestion } from '../nl';
import type { StrategySpec } from '../schema';
import { validateSpec } from '../schema';

export interface ChatState {
  /** The strategy on the last card, awaiting confirmation (or revision). */
  pending?: StrategySpec;
  /** The open question: the next message is read as its answer first. */
  question?: OpenQuestion;
  /** The strategy the last confirmation saved. */
  confirmed?: { strategyId: string; name: string };
}

/** The part of the cache the chat uses (tests pass the real cache, in Redis or memory mode). */
export interface SessionStore {
  getJson<T = unknown>(key: string): Promise<T | null>;
  setJson(key: string, value: unknown, ttlSeconds: number): Promise<void>;
}

const Text = (max: number) => z.string().max(max);
const OpenQuestionSchema = z.object({
  // Answers worked into a request make it a little longer than any one message.
  request: Text(MAX_REQUEST_CHARS + 1000),
  question: Text(4000),
  asked: z.number().int().min(1).max(1000).default(1),
  ask: z
    .object({
      kind: z.enum(['market', 'band', 'lengths', 'exit', 'entry', 'yes-no', 'unknown-word']),
      phrases: z.array(Text(1000)).max(50),
      choices: z.array(Text(1000)).max(50),
      choiceOf: z.array(z.number().int().min(0).max(50)).max(50).optional(),
      action: z.enum(['buy', 'sell', 'short', 'cover']).optional(),
    })
    .optional(),
});

export const ConversationId = pathIdSchema('conversation');

export const STATE_TTL_SECONDS = 30 * 24 * 3600;
export const stateKey = (conversationId: string) => `chat:${conversationId}`;

/** The stored state, with anything that no longer validates dropped (a schema change, a tampered store). */
export async function loadState(session: SessionStore, conversationId: string): Promise<ChatState> {
  const raw = await session.getJson<ChatState>(stateKey(conversationId));
  if (!raw || typeof raw !== 'object') return {};
  const state: ChatState = {};
  if (raw.pending !== undefined) {
    const v = validateSpec(raw.pending);
    if (v.ok) state.pending = v.spec;
  }
  const q = OpenQuestionSchema.safeParse(raw.question);
  if (q.success) state.question = q.data;
  if (raw.confirmed && typeof raw.confirmed.strategyId === 'string') state.confirmed = raw.confirmed;
  return state;
}

export function saveState(session: SessionStore, conversationId: string, state: ChatState): Promise<void> {
  return session.setJson(stateKey(conversationId), state, STATE_TTL_SECONDS);
}
