// A message for the workspace client as a frame, or, when it cannot be encoded (too large for the
// limit, or a failing encoder), the error message that says so: an answer is never silence.

import type { ServerMessage } from '../../lib/transport';
import { encodeFrame, FrameTooLargeError } from '../../lib/transport';

export type Encoded =
  | { readonly frame: Uint8Array; readonly encodeMs: number }
  | { readonly frame?: undefined; readonly error: Extract<ServerMessage, { type: 'error' }> };

export function encodeAnswer(msg: ServerMessage, maxBytes?: number): Encoded {
  const started = performance.now();
  try {
    return { frame: encodeFrame(msg, { maxBytes }), encodeMs: performance.now() - started };
  } catch (e) {
    const err = e as Error;
    const tooLarge = e instanceof FrameTooLargeError;
    const what = msg.type === 'bars' || msg.type === 'diagnostics' ? msg.type : 'result';
    return {
      error: {
        type: 'error',
        seq: 'seq' in msg ? msg.seq : undefined,
        code: tooLarge ? 'too-large' : 'encode',
        message: `the ${what} could not be sent: ${err.message}`,
        hint: tooLarge
          ? 'use fewer bars (a date range) or fewer series'
          : 'try again; if it happens again, please report it with the program',
      },
    };
  }
}
