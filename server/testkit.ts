// Test harness for the /ws socket (ws.test.ts, ws-work.test.ts): a real `ws` server on a free port, a
// 'synthetic:SEED:BARS' loader, and a workspace client whose events can be awaited by kind.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { synthetic } from '../lib/data';
import { type SocketFactory, WorkspaceClient } from '../lib/transport';
import { attachWorkspaceSocket, type SocketOptions } from './ws';

/** Loads 'synthetic:SEED' (2,000 bars) or 'synthetic:SEED:BARS'; `cache` hands out one copy per source. */
export function syntheticLoad(cache = false): SocketOptions['load'] {
  const made = new Map<string, ReturnType<typeof synthetic>>();
  return async (req) => {
    const [, seed = '1', count = '2000'] = req.source.split(':');
    let bars = cache ? made.get(req.source) : undefined;
    if (!bars) bars = synthetic({ seed: Number(seed), bars: Number(count) });
    if (cache) made.set(req.source, bars);
    return { bars, source: req.source, symbol: 'SYNTH', timeframe: '1d', issues: [] };
  };
}

/** An HTTP server with the workspace socket attached, listening on 127.0.0.1, and its /ws url. */
export async function listenWorkspace(opts: SocketOptions): Promise<[Server, string]> {
  const s = createServer();
  attachWorkspaceSocket(s, opts);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return [s, `ws://127.0.0.1:${(s.address() as AddressInfo).port}/ws`];
}

export const wsFactory: SocketFactory = (u) => new WebSocket(u) as never;

/** A client whose events are queued by kind, and `next(kind)` to wait for one (`defaultMs` at most). */
export function connectWorkspace(url: string, defaultMs = 5000) {
  const events: { kind: string; value: unknown }[] = [];
  const waiters: { kind: string; resolve: (v: unknown) => void }[] = [];
  const push = (kind: string) => (value: unknown) => {
    const i = waiters.findIndex((w) => w.kind === kind);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(value);
    else events.push({ kind, value });
  };
  const client = new WorkspaceClient(
    url,
    {
      onBars: push('bars'),
      // Previews and the full data completing them are results too; tests that look for them wait for
      // these kinds.
      onResult: (r) => push(r.preview ? 'preview' : r.completes ? 'completion' : 'result')(r),
      onDiagnostics: push('diagnostics'),
      onError: push('error'),
      onReady: push('ready'),
      onTiming: push('timing'),
    },
    wsFactory,
  );
  const next = <T>(kind: string, ms = defaultMs): Promise<T> => {
    const i = events.findIndex((e) => e.kind === kind);
    if (i >= 0) return Promise.resolve(events.splice(i, 1)[0].value as T);
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${kind} within ${ms} ms`)), ms);
      waiters.push({
        kind,
        resolve: (v) => {
          clearTimeout(t);
          resolve(v as T);
        },
      });
    });
  };
  return { client, next, events };
}
