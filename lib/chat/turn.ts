// One chat turn: the user's text (read together with the open question, or as a revision of the
// pending strategy), the understanding streamed back, and the conversation and its state updated once
// the answer is known. The route is a thin shell around this, so the tests drive it directly.
import {
  type Ask,
  answerIn,
  askAgain,
  isShortReply,
  MAX_REQUEST_CHARS,
  type ModelRun,
  openQuestion,
  type UnderstandInput,
  type Understanding,
  type UnderstandingStream,
  type UnderstandOptions,
} from '../nl';
import { startUnderstanding, toUnderstandingStream, understandingPath } from '../nl/server';
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

/** What a turn reads: the inputs to try, best first, and whether the first is the reply read as an answer. */
export interface Plan {
  readonly tries: UnderstandInput[];
  readonly framed: boolean;
}

/**
 * The inputs to try, best first. After a question, a reply that fits it is worked into the request it
 * answers ("ETH/USDT" picks the market); one that does not may be a whole new request or a revision
 * ("buy when RSI < 30, sell > 70"), or only make sense after the request ("on the cross back").
 */
export function plan(text: string, state: ChatState): Plan {
  const alone: UnderstandInput = { text, pending: state.pending };
  const q = state.question;
  if (!q) return { tries: [alone], framed: false };
  const framed = answerIn(q, text);
  if (framed !== undefined && framed.length <= MAX_REQUEST_CHARS)
    return { tries: [{ text: framed, pending: state.pending }, alone], framed: true };
  const together = `${q.request.trim().replace(/[.;,\s]*$/, '')}. ${text.trim()}`;
  if (together.length > MAX_REQUEST_CHARS) return { tries: [alone], framed: false };
  return { tries: [alone, { text: together, pending: state.pending }], framed: false };
}

/** The inputs to try, best first (see plan). */
export function candidates(text: string, state: ChatState): UnderstandInput[] {
  return plan(text, state).tries;
}

interface Answered {
  readonly u: Understanding;
  /** The text the answer came from: what the next reply is read together with, if it is a question. */
  readonly request: string;
  /** How many times this question has now been asked. */
  readonly asked: number;
}

const sameAsk = (a: Ask | undefined, b: Ask | undefined) =>
  !!a && !!b && a.kind === b.kind && JSON.stringify(a.phrases) === JSON.stringify(b.phrases);

/**
 * Offline, each input is cheap: the first that yields a strategy wins. Otherwise the question is the
 * one the answer leaves open; a short reply that does not fit gets the same question in other words.
 */
async function offlineAnswer(
  text: string,
  state: ChatState,
  p: Plan,
  opts: UnderstandOptions,
): Promise<Answered> {
  const got: { u: Understanding; request: string }[] = [];
  for (const input of p.tries) {
    const u = await startUnderstanding(input, { ...opts, offline: true }).understanding;
    if (u.ok) return { u, request: input.text, asked: 1 };
    got.push({ u, request: input.text });
  }
  const q = state.question;
  const chosen = p.framed ? got[0] : got[got.length - 1];
  // Worked in, the reply left the same words open; not worked in, it was too short to be a new request.
  const left = chosen.u.ok ? undefined : chosen.u.ask;
  if (q && (p.framed ? sameAsk(left, q.ask) : q.ask && isShortReply(text)))
    return { u: askAgain(q, text), request: q.request, asked: q.asked + 1 };
  return { ...chosen, asked: 1 };
}

function nextState(state: ChatState, a: Answered): ChatState {
  if (a.u.ok) return { pending: a.u.spec, ...(state.confirmed && { confirmed: state.confirmed }) };
  const { question: _, ...rest } = state;
  const question = openQuestion(a.request, a.u, a.asked);
  return { ...rest, ...(question && { question }) };
}

export async function startTurn(input: TurnInput, deps: TurnDeps): Promise<Turn> {
  const { store, session } = deps;
  const log = deps.log ?? ((m: string) => console.log(`[backtalk] chat: ${m}`));
  const state = await loadState(session, input.conversationId);
  const p = plan(input.text, state);
  const path = understandingPath(deps.understand);
  // The model reads one input: the reply worked into the request, or joined to it; offline we try each.
  const offline = deps.understand?.offline || (path.path === 'offline' && !deps.understand?.model);
  const single = p.framed ? p.tries[0] : p.tries[p.tries.length - 1];
  let run: ModelRun;
  let answered: Promise<Answered>;
  if (offline) {
    answered = offlineAnswer(input.text, state, p, deps.understand ?? {});
    run = { understanding: answered.then((a) => a.u) };
  } else {
    run = startUnderstanding(single, deps.understand);
    answered = run.understanding.then((u) => ({ u, request: single.text, asked: 1 }));
  }
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
  const understanding = run.understanding.then(async (read) => {
    // The card marks the words each line was read from: it needs the text the spans index into.
    const { request } = await answered;
    const u: Understanding = read.ok && read.request === undefined ? { ...read, request } : read;
    try {
      // After a question, the text that led to it (with its earlier answers) is what the next reply answers.
      await saveState(session, input.conversationId, nextState(state, await answered));
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
