// The server's side of a slider move, measured from Node over the real /ws socket with the app's own
// WorkspaceClient: compute (evaluate + simulate + stats, as the server reports it in the result) and
// encode (MessagePack, from the `timing` message that follows each result). Moves are sent one at a time,
// each after the previous answer, so none is coalesced away. With a view, moves are answered with
// previews: compute then includes decimating the changed series (previewMs).
import { WebSocket } from 'ws';
import type { DataRequest, ViewRequest } from '../../lib/transport';
import { type SocketFactory, WorkspaceClient, type WorkspaceResult } from '../../lib/transport';

export interface ServerTimes {
  computeMs: number[];
  encodeMs: number[];
  /** Result frame sizes of the moves. */
  bytes: number[];
  cache: 'redis' | 'memory' | 'unknown';
}

const factory: SocketFactory = (url) => {
  const ws = new WebSocket(url, { maxPayload: 1024 * 1024 * 1024 });
  ws.binaryType = 'arraybuffer';
  return ws as unknown as ReturnType<SocketFactory>;
};

export async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function serverTimes(
  url: string,
  source: string,
  data: DataRequest,
  param: string,
  values: number[],
  view?: ViewRequest,
  timeoutMs = 120_000,
): Promise<ServerTimes> {
  let cache: ServerTimes['cache'] = 'unknown';
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => {
    ready = r;
  });
  let onResult: ((r: WorkspaceResult) => void) | null = null;
  let onTiming: ((m: { seq: number; of: string; encodeMs: number; bytes: number }) => void) | null = null;
  let failure: ((e: Error) => void) | null = null;
  const client = new WorkspaceClient(
    `${url.replace(/^http/, 'ws')}/ws`,
    {
      onReady: (m) => {
        cache = m.cache;
        ready();
      },
      onResult: (r) => onResult?.(r),
      onTiming: (m) => onTiming?.(m),
      onError: (m) => failure?.(new Error(`the server answered error ${m.code}: ${m.message}`)),
      onDiagnostics: (m) =>
        failure?.(new Error(`the program did not run: ${m.diagnostics.map((d) => d.message).join('; ')}`)),
    },
    factory,
  );
  /** Sends a request and resolves with its result's compute time and its frame's encode time and size. */
  const answer = (send: () => number) =>
    new Promise<{ computeMs: number; encodeMs: number; bytes: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      let seq = -1;
      let computeMs = 0;
      failure = (e) => {
        clearTimeout(timer);
        reject(e);
      };
      onResult = (r) => {
        if (r.seq === seq && !r.completes) computeMs = r.timing.computeMs + (r.timing.previewMs ?? 0);
      };
      onTiming = (m) => {
        if (m.seq !== seq || m.of === 'full') return;
        clearTimeout(timer);
        resolve({ computeMs, encodeMs: m.encodeMs, bytes: m.bytes });
      };
      seq = send();
    });
  try {
    // Requests made before the socket is open are replayed under a new seq: wait for the server first.
    await withTimeout(isReady, timeoutMs, `no 'ready' from ${url}/ws within ${timeoutMs} ms`);
    await answer(() => client.open(source, data, {}));
    if (view) client.setView(view);
    const out: ServerTimes = { computeMs: [], encodeMs: [], bytes: [], cache };
    for (const v of values) {
      const t = await answer(() => client.setParams({ [param]: v }));
      out.computeMs.push(t.computeMs);
      out.encodeMs.push(t.encodeMs);
      out.bytes.push(t.bytes);
    }
    out.cache = cache;
    return out;
  } finally {
    client.close();
  }
}
