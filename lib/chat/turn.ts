// One chat turn: the user's text (read together with the open question, or as a revision of the
// pending strategy), the understanding streamed back, and the conversation and its state updated once
// the answer is known. The route is a thin shell around this, so the tests drive it directly.
import {
  MAX_REQUEST_CHARS,
  type ModelRun,
  startUnderstanding,
  toUnderstandingStream,
  type UnderstandInput,
  type Understanding,
  type UnderstandingStream,
  type UnderstandOptions,
  understandingPath,
} from '../nl';
import type { Store } from '../store';
import { type ChatState, loadState, type SessionStore, saveState } from './session';

export interface TurnDeps {
  store: Store;
  session: SessionStore;
  understand?: UnderstandOptions;
  log?: (msg: string) => void;
}

export interface TurnInput {
  conversationId: string;
  /** Client id of the user's message, kept in the stored copy. */
  messageId?: string;
  text: string;
}

export interface Turn extends UnderstandingStream {
  /** Resolves once the conversation and its state are stored (before the stream's answer; never rejects). */
  readonly saved: Promise<void>;
}

/**
 * The inputs to try, best first. After a question the answer alone may be a whole new request ("buy
 * when RSI < 30, sell > 70"), or only make sense with the request it answers ("the 50-day average").
 */
export function candidates(text: string, state: ChatState): UnderstandInput[] {
  const alone: UnderstandInput = { text, pending: state.pending };
  if (!state.question) return [alone];
  const together = `${state.question.request.trim().replace(/[.;,\s]*$/, '')}. ${text.trim()}`;
  if (together.length > MAX_REQUEST_CHARS) return [alone];
  return [alone, { text: together, pending: state.pending }];
}

/** Offline, each candidate is cheap: the first that yields a strategy wins, else the last one's question. */
function offlineFirstOk(inputs: UnderstandInput[], opts: UnderstandOptions): ModelRun {
  const understanding = (async () => {
    let last: { input: UnderstandInput; u: Understanding } | undefined;
    for (const input of inputs) {
      const u = await startUnderstanding(input, { ...opts, offline: true }).understanding;
      last = { input, u };
      if (u.ok) break;
    }
    return (last as { u: Understanding }).u;
  })();
  return { understanding };
}

function nextState(state: ChatState, request: string, u: Understanding): ChatState {
  if (u.ok) return { pending: u.spec, ...(state.confirmed && { confirmed: state.confirmed }) };
  return { ...state, question: { request, question: u.question } };
}

export async function startTurn(input: TurnInput, deps: TurnDeps): Promise<Turn> {
  const { store, session } = deps;
  const log = deps.log ?? ((m: string) => console.log(`[backtalk] chat: ${m}`));
  const state = await loadState(session, input.conversationId);
  const tries = candidates(input.text, state);
  const path = understandingPath(deps.understand);
  // The model reads the combined request once; offline we try the answer alone first.
  const offline = deps.understand?.offline || (path.path === 'offline' && !deps.understand?.model);
  const used = offline ? tries : [tries[tries.length - 1]];
  const run = offline
    ? offlineFirstOk(used, deps.understand ?? {})
    : startUnderstanding(used[0], deps.understand);
  const fail = (e: unknown) => log(`could not store the turn: ${(e as Error).message}`);
  const userStored = (async () => {
    if (!(await store.conversations.get(input.conversationId)))
      await store.conversations.create({ id: input.conversationId, title: titleOf(input.text) });
    await store.conversations.append(input.conversationId, {
      role: 'user',
      content: {
        id: input.messageId ?? `u-${Date.now()}`,
        role: 'user',
        parts: [{ type: 'text', text: input.text }],
      },
    });
  })().catch(fail);
  // The turn is stored before the browser sees its answer: a reply typed right after it must find the
  // pending strategy or the open question in the session store.
  const understanding = run.understanding.then(async (u) => {
    try {
      // After a question, the text that led to it (with its earlier context) is what the next answer joins.
      await saveState(session, input.conversationId, nextState(state, used[used.length - 1].text, u));
      await userStored;
      await store.conversations.append(input.conversationId, {
        role: 'assistant',
        content: assistantMessage(u),
      });
    } catch (e) {
      fail(e);
    }
    return u;
  });
  const stream = toUnderstandingStream({ ...run, understanding });
  const saved = understanding.then(() => undefined);

  return { ...stream, saved };
}

/** The stored form of an answer: the same parts the live stream produced. */
export function assistantMessage(u: Understanding) {
  return {
    id: `a-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    role: 'assistant',
    parts: [
      ...(u.reply ? [{ type: 'text', text: u.reply }] : []),
      { type: 'data-understanding', id: 'understanding', data: u },
    ],
  };
}

function titleOf(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= 80 ? t || 'New conversation' : `${t.slice(0, 79)}…`;
}
