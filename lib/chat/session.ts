// A conversation's live state in the session store (Redis, or memory without it): the strategy awaiting
// confirmation and the request behind an open question. The conversation's messages live in DuckDB;
// this is only what the next turn needs, and it expires when a conversation is left alone.
import { z } from 'zod';
import type { StrategySpec } from '../schema';
import { validateSpec } from '../schema';

export interface ChatState {
  /** The strategy on the last card, awaiting confirmation (or revision). */
  pending?: StrategySpec;
  /** The request that ended in a question, so that the answer can be read together with it. */
  question?: { request: string; question: string };
  /** The strategy the last confirmation saved. */
  confirmed?: { strategyId: string; name: string };
}

/** The part of the cache the chat uses (tests pass the real cache, in Redis or memory mode). */
export interface SessionStore {
  getJson<T = unknown>(key: string): Promise<T | null>;
  setJson(key: string, value: unknown, ttlSeconds: number): Promise<void>;
}

export const ConversationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a conversation id');

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
  if (raw.question && typeof raw.question.request === 'string' && typeof raw.question.question === 'string')
    state.question = raw.question;
  if (raw.confirmed && typeof raw.confirmed.strategyId === 'string') state.confirmed = raw.confirmed;
  return state;
}

export function saveState(session: SessionStore, conversationId: string, state: ChatState): Promise<void> {
  return session.setJson(stateKey(conversationId), state, STATE_TTL_SECONDS);
}
