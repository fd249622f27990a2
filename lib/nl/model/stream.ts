// The chat route's stream: the model's prose as it is written, then one `data-understanding` part with
// the final Understanding. Tool traffic stays on the server (a hostile tool call could be megabytes, and
// the browser only needs the outcome). The stream never errors: failures arrive as the Understanding.
import { createUIMessageStream, type InferUIMessageChunk, type UIMessage } from 'ai';
import type { Understanding } from '../types';
import type { ModelRun } from './understand-model';

/** The chat's message type: `useChat<BacktalkUIMessage>()` on the client. */
export type BacktalkUIMessage = UIMessage<unknown, { understanding: Understanding }>;
export type BacktalkUIChunk = InferUIMessageChunk<BacktalkUIMessage>;

export interface UnderstandingStream {
  /** For `createUIMessageStreamResponse({ stream })`. */
  readonly stream: ReadableStream<BacktalkUIChunk>;
  /** The same Understanding as the stream's data part, for the server (store the pending spec). Never rejects. */
  readonly understanding: Promise<Understanding>;
}

const FORWARD = new Set(['text-start', 'text-delta', 'text-end', 'start-step', 'finish-step']);
/** Prose forwarded to the browser; the rest of a runaway answer is dropped. */
const MAX_STREAMED_TEXT = 8000;

export function toUnderstandingStream(run: ModelRun): UnderstandingStream {
  const stream = createUIMessageStream<BacktalkUIMessage>({
    execute: async ({ writer }) => {
      writer.write({ type: 'start' });
      if (run.result) {
        let sent = 0;
        try {
          const ui = run.result.toUIMessageStream<BacktalkUIMessage>({
            sendStart: false,
            sendFinish: false,
            sendReasoning: false,
            onError: () => '',
          });
          for await (const chunk of ui) {
            if (!FORWARD.has(chunk.type)) continue;
            if (chunk.type === 'text-delta') {
              const room = MAX_STREAMED_TEXT - sent;
              if (room <= 0) continue;
              const delta = chunk.delta.length > room ? chunk.delta.slice(0, room) : chunk.delta;
              sent += delta.length;
              writer.write({ ...chunk, delta });
            } else writer.write(chunk);
          }
        } catch {
          // The run's own failure is reported in the Understanding below; the prose simply ends here.
        }
      }
      writer.write({ type: 'data-understanding', id: 'understanding', data: await run.understanding });
      writer.write({ type: 'finish' });
    },
    onError: () => 'The request could not be understood; please try again.',
  });
  return { stream, understanding: run.understanding };
}
