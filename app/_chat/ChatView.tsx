'use client';
// The chat: describe a strategy, read back what Backtalk understood, confirm it and land in the
// workspace with the run. The browser sends only its new text; history and the pending strategy live on
// the server, so a reload (or another tab) shows the same conversation.
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, type UIMessage } from 'ai';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { Understanding } from '../../lib/nl';
import styles from './chat.module.css';
import UnderstandingCard, { type CardState } from './UnderstandingCard';

export interface Confirmed {
  strategyId: string;
  name: string;
}
export type ChatMessage = UIMessage<unknown, { understanding: Understanding; confirmed: Confirmed }>;

export interface ConversationItem {
  id: string;
  title: string;
  updatedAt: number;
}

interface Props {
  id: string;
  initialMessages: ChatMessage[];
  conversations: ConversationItem[];
  /** "offline parser" or the model's description. */
  path: string;
}

export const SUGGESTIONS = [
  'Buy AAPL when RSI(14) drops below 30, sell when it rises above 70, 3% stop',
  'Buy when the 50-day moving average crosses above the 200-day, sell when it crosses back below',
  'MACD on BTC/USDT 4h: buy when MACD crosses above its signal line, sell when it crosses below, 0.1% fee',
  'Buy when the close breaks above the upper Bollinger band (20, 2), exit below the middle band',
];

const MAX_INPUT = 4000;

function textOf(m: ChatMessage): string {
  return m.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** What the live region says of a finished reply: its words, the card's name, or its question. */
export function spokenReply(m: ChatMessage): string {
  const out: string[] = [];
  for (const p of m.parts) {
    if (p.type === 'text') out.push(p.text);
    else if (p.type === 'data-understanding') {
      if (p.data.reply) out.push(p.data.reply);
      out.push(
        p.data.ok
          ? `Understood: ${p.data.spec.name}. Review the card below, then confirm it or say what to change.`
          : p.data.question,
      );
    } else if (p.type === 'data-confirmed') out.push(`Saved as ${p.data.name}. Opening the workspace.`);
  }
  return out.join(' ');
}

/** Which card is still awaiting confirmation: the last strategy, unless a confirmation came after it. */
function cardStates(messages: ChatMessage[]): Map<string, CardState> {
  const states = new Map<string, CardState>();
  let open: string | undefined;
  for (const m of messages)
    for (const p of m.parts) {
      if (p.type === 'data-understanding' && p.data.ok) {
        if (open) states.set(open, 'superseded');
        open = m.id;
        states.set(m.id, 'pending');
      } else if (p.type === 'data-confirmed' && open) {
        states.set(open, 'confirmed');
        open = undefined;
      }
    }
  return states;
}

export default function ChatView({ id, initialMessages, conversations, path }: Props) {
  const router = useRouter();
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: '/api/chat',
        prepareSendMessagesRequest: ({ id: chatId, messages }) => {
          const last = messages[messages.length - 1];
          return { body: { id: chatId, messageId: last?.id, text: last ? textOf(last) : '' } };
        },
      }),
    [],
  );
  const { messages, sendMessage, status, error, stop, setMessages, clearError } = useChat<ChatMessage>({
    id,
    messages: initialMessages,
    transport,
  });
  const streaming = status === 'submitted' || status === 'streaming';
  // Only the last answer's question is still open: it offers its choices as buttons.
  const lastId = messages.at(-1)?.role === 'assistant' ? messages.at(-1)?.id : undefined;
  const states = useMemo(() => cardStates(messages), [messages]);
  // A conversation started on this page is listed as soon as it has a message (the server stores it then).
  const firstText = messages.length > 0 ? textOf(messages[0]) : '';
  const listed = useMemo(
    () =>
      firstText && !conversations.some((c) => c.id === id)
        ? [{ id, title: firstText.slice(0, 80), updatedAt: Date.now() }, ...conversations]
        : conversations,
    [conversations, id, firstText],
  );

  // Each new reply, once finished, is read out once (only it, not the whole thread).
  const [spoken, setSpoken] = useState('');
  const announced = useRef(initialMessages.at(-1)?.id);
  const last = messages.at(-1);
  useEffect(() => {
    if (streaming || !last || last.role !== 'assistant' || announced.current === last.id) return;
    announced.current = last.id;
    setSpoken(spokenReply(last));
  }, [streaming, last]);

  // Follow the thread as messages arrive (the count and the last message's size change).
  const tail = messages.length + (messages.at(-1)?.parts.length ?? 0);
  useEffect(() => {
    if (tail > 0) endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [tail]);

  const send = (text: string) => {
    const t = text.trim();
    if (!t || streaming) return;
    clearError();
    setActionError(null);
    // Keep the conversation in the address bar, so a reload comes back to it.
    if (!window.location.search.includes(id)) window.history.replaceState(null, '', `/?c=${id}`);
    void sendMessage({ text: t.slice(0, MAX_INPUT) });
    setInput('');
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    send(input);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send(input);
    }
  };

  const confirm = async (then: 'run' | 'edit' | 'paper') => {
    setBusy(true);
    setActionError(null);
    try {
      const r = await fetch('/api/chat/confirm', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id }),
      });
      const body = await r.json();
      if (!r.ok)
        throw new Error(
          `${body.error ?? `confirm failed (${r.status})`}${body.hint ? ` — ${body.hint}` : ''}`,
        );
      const confirmed: Confirmed = { strategyId: body.strategy.id, name: body.strategy.name };
      setMessages((ms) => [
        ...ms,
        {
          id: `c-${confirmed.strategyId}`,
          role: 'assistant',
          parts: [{ type: 'data-confirmed', id: `confirmed-${confirmed.strategyId}`, data: confirmed }],
        },
      ]);
      if (then === 'paper') {
        // Its own market: live where new bars come, its recorded bars replayed otherwise (the server picks).
        const p = await fetch('/api/paper', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ strategyId: confirmed.strategyId }),
        });
        const pb = await p.json();
        if (!p.ok)
          throw new Error(
            `saved as ${confirmed.name}, but it could not start on paper: ${pb.error ?? p.status}${pb.hint ? ` — ${pb.hint}` : ''}`,
          );
        router.push('/dashboard');
        return;
      }
      router.push(`/strategies/${confirmed.strategyId}${then === 'edit' ? '?focus=editor' : ''}`);
    } catch (e) {
      setActionError((e as Error).message);
      setBusy(false);
    }
  };

  const changeSomething = () => {
    setInput('');
    inputRef.current?.focus();
  };

  return (
    <div className={styles.layout}>
      <aside className={styles.sidebar} aria-label="Conversations">
        <a href="/" className="btn btn-primary btn-sm" data-testid="new-chat">
          + New chat
        </a>
        <ul className={styles.convList}>
          {listed.map((c) => (
            <li key={c.id}>
              <a href={`/?c=${c.id}`} aria-current={c.id === id ? 'page' : undefined} title={c.title}>
                {c.title}
              </a>
            </li>
          ))}
          {listed.length === 0 && <li className="muted">No conversations yet.</li>}
        </ul>
      </aside>
      <main className={styles.main} id="main" tabIndex={-1}>
        {messages.length > 0 && <h1 className="visually-hidden">Chat</h1>}
        <div className="visually-hidden" role="status" aria-atomic="true" data-testid="chat-announcer">
          {spoken}
        </div>
        <div className={styles.thread} data-testid="thread">
          {messages.length === 0 && (
            <div className={styles.welcome}>
              <h1>Describe a strategy</h1>
              <p className="muted">
                Say when to buy and when to sell, in your own words. Backtalk states back what it understood
                and every assumption it made, shows the program it wrote and a quick preview, and runs it once
                you confirm.
              </p>
              <div className={styles.suggestions}>
                {SUGGESTIONS.map((s) => (
                  <button
                    key={s}
                    type="button"
                    className={styles.suggestion}
                    onClick={() => send(s)}
                    data-testid="suggestion"
                  >
                    {s}
                  </button>
                ))}
              </div>
            </div>
          )}
          {messages.map((m) => (
            <div key={m.id} className={m.role === 'user' ? styles.userMsg : styles.botMsg} data-role={m.role}>
              {m.parts.map((p, i) => {
                const key = `${m.id}-${i}`;
                if (p.type === 'text')
                  return m.role === 'user' ? (
                    <div key={key} className={styles.bubble}>
                      {p.text}
                    </div>
                  ) : (
                    <p key={key} className={styles.prose}>
                      {p.text}
                    </p>
                  );
                if (p.type === 'data-understanding')
                  return (
                    <UnderstandingCard
                      key={key}
                      u={p.data}
                      showReply={!m.parts.some((q) => q.type === 'text')}
                      state={states.get(m.id) ?? 'superseded'}
                      busy={busy || streaming}
                      onConfirm={confirm}
                      onChange={changeSomething}
                      onAnswer={m.id === lastId && !streaming ? send : undefined}
                    />
                  );
                if (p.type === 'data-confirmed')
                  return (
                    <p key={key} className={styles.confirmed} data-testid="confirmed">
                      Saved as <Link href={`/strategies/${p.data.strategyId}`}>{p.data.name}</Link>. Opening
                      the workspace…
                    </p>
                  );
                return null;
              })}
            </div>
          ))}
          {status === 'submitted' && <p className="muted">Reading your strategy…</p>}
          {error && (
            <div className={styles.error} role="alert">
              The request failed: {error.message}.{' '}
              <button type="button" className="btn btn-sm" onClick={() => clearError()}>
                Dismiss
              </button>
            </div>
          )}
          {actionError && (
            <div className={styles.error} role="alert" data-testid="action-error">
              {actionError}
            </div>
          )}
          <div ref={endRef} />
        </div>
        <form className={styles.composer} onSubmit={onSubmit}>
          <textarea
            ref={inputRef}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={onKeyDown}
            maxLength={MAX_INPUT}
            rows={2}
            placeholder={
              states.size > 0
                ? 'Describe a strategy, or a change: “make the stop 5%”, “use EMA instead”, “add a 0.1% fee”'
                : 'e.g. buy AAPL when RSI(14) drops below 30, sell above 70, 3% stop'
            }
            aria-label="Message"
            data-skip-target
            data-testid="chat-input"
          />
          <div className={styles.composerSide}>
            {streaming ? (
              <button type="button" className="btn" onClick={() => void stop()}>
                Stop
              </button>
            ) : (
              <button type="submit" className="btn btn-primary" disabled={!input.trim()} data-testid="send">
                Send
              </button>
            )}
            <span className={styles.path} title="Which reader answers">
              {path}
            </span>
          </div>
        </form>
      </main>
    </div>
  );
}
