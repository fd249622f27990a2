// The /ws endpoint: MessagePack frames, bounded in size, never able to take the server down. Every
// upgrade passes the gate first (Host, Origin, sign-in: server/gate.ts); other paths (Next's dev HMR
// socket) then go to Next.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { OPEN_GATE_DEFAULTS } from '../lib/http/server';
import {
  decodeFrame,
  encodeFrame,
  LAB_TYPES,
  MAX_CLIENT_FRAME,
  MAX_PRICES,
  MAX_SOURCE_CHARS,
  MAX_STEP_EVENTS,
  PROTOCOL_VERSION,
  parseClientMessage,
  type ServerMessage,
} from '../lib/transport';
import { encodeAnswer, processCompute, type SessionCompute } from './compute';
import { createGate, type Gate } from './gate';
import type { MarketPrice, PaperUpdate } from './paper';
import { type SessionDeps, WorkspaceSession } from './workspace';

export interface SocketOptions {
  load: SessionDeps['load'];
  cacheKind: () => 'redis' | 'memory';
  /** Who may upgrade; default: localhost names and same-origin only, no sign-in. */
  gate?: Pick<Gate, 'refuseUpgrade'>;
  /** Upgrade requests for other paths. */
  fallbackUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  log?: (msg: string) => void;
  /** Quiet time after a preview before its full series are sent (SessionDeps.settleMs). */
  settleMs?: number;
  /** Where backtests run; default: the process's worker pool (server/compute), created on first use. */
  compute?: SessionCompute;
  /** Largest frame the server sends (default MAX_FRAME_BYTES); a larger answer becomes an error. */
  maxFrameBytes?: number;
  /** Paper updates a client may subscribe to (server/paper.ts's hub); absent: subscriptions are refused. */
  paper?: PaperFeed;
}

/** What the socket needs of the paper hub. */
export interface PaperFeed {
  subscribe(fn: (u: PaperUpdate) => void): () => void;
  prices(): MarketPrice[];
}

/** A committed step as its frame: bounded events, the latest prices. */
export function paperStepMessage(u: PaperUpdate, prices: readonly MarketPrice[]): ServerMessage {
  const { id, name, market, timeframe, status, lastBarTime } = u.run;
  const kept = u.events.slice(-MAX_STEP_EVENTS);
  return {
    type: 'paper-step',
    run: { id, name, market, timeframe, status, lastBarTime },
    account: { ...u.account },
    events: kept.map((e) => ({ seq: e.seq, kind: e.kind, time: e.time, body: e.body })),
    dropped: u.events.length - kept.length,
    prices: prices.slice(0, MAX_PRICES).map((p) => ({ ...p })),
  };
}

const MAX_BAD_FRAMES = 20;
const CLIENT_TYPES: readonly string[] = ['open', 'source', 'params', 'data', 'ping', 'paper', ...LAB_TYPES];

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachWorkspaceSocket(server: Server, opts: SocketOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME, perMessageDeflate: false });
  const log = opts.log ?? (() => {});
  const gate = opts.gate ?? createGate(OPEN_GATE_DEFAULTS, log);
  const compute = opts.compute ?? processCompute(log);

  server.on('upgrade', (req, socket, head) => {
    if (gate.refuseUpgrade(req, socket)) return;
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') {
      if (opts.fallbackUpgrade) opts.fallbackUpgrade(req, socket, head);
      else reject(socket, 404, 'Not Found');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    let bad = 0;
    let unsubscribe: (() => void) | undefined;
    const sendFrame = (
      frame: Uint8Array,
      info: { type: ServerMessage['type']; seq?: number; encodeMs: number },
    ) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(frame, { binary: true });
      if (info.type === 'result' || info.type === 'preview' || info.type === 'full') {
        const timing: ServerMessage = {
          type: 'timing',
          seq: info.seq as number,
          of: info.type,
          encodeMs: info.encodeMs,
          bytes: frame.length,
        };
        ws.send(encodeFrame(timing));
      }
    };
    const send = (msg: ServerMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      const enc = encodeAnswer(msg, opts.maxFrameBytes);
      if (enc.frame) {
        const seq = 'seq' in msg ? msg.seq : undefined;
        sendFrame(enc.frame, { type: msg.type, seq, encodeMs: enc.encodeMs });
        return;
      }
      // Never silence: say why the answer cannot come (an error frame is small enough to encode).
      log(`ws: a '${msg.type}' frame could not be encoded: ${enc.error.message}`);
      if (msg.type !== 'error') send(enc.error);
    };
    const session = new WorkspaceSession({
      load: opts.load,
      send,
      sendFrame,
      maxFrameBytes: opts.maxFrameBytes,
      settleMs: opts.settleMs,
      compute,
    });
    const complain = (code: string, message: string, seq?: number) => {
      send({ type: 'error', seq, code, message });
      if (++bad >= MAX_BAD_FRAMES) ws.close(1008, 'too many malformed frames');
    };
    send({
      type: 'ready',
      version: PROTOCOL_VERSION,
      cache: opts.cacheKind(),
      limits: { maxFrame: MAX_CLIENT_FRAME, maxSource: MAX_SOURCE_CHARS },
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return complain('bad-frame', 'text frames are not accepted: send MessagePack as binary');
      let value: unknown;
      try {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        value = decodeFrame(buf, { maxBytes: MAX_CLIENT_FRAME, maxDepth: 8 });
      } catch (e) {
        return complain('bad-frame', (e as Error).message);
      }
      const parsed = parseClientMessage(value);
      if (!parsed.ok) {
        const seq = (value as { seq?: unknown })?.seq;
        const type = (value as { type?: unknown })?.type;
        const code =
          typeof type === 'string' && ![...CLIENT_TYPES].includes(type) ? 'unknown-type' : 'bad-message';
        return complain(
          code,
          code === 'unknown-type' ? `unknown message type '${type}'` : parsed.error,
          typeof seq === 'number' ? seq : undefined,
        );
      }
      bad = 0;
      const msg = parsed.message;
      if (msg.type === 'paper') {
        if (!opts.paper)
          return send({
            type: 'error',
            seq: msg.seq,
            code: 'no-paper',
            message: 'this server runs no paper trading',
          });
        unsubscribe?.();
        unsubscribe = undefined;
        const feed = opts.paper;
        if (msg.subscribe) unsubscribe = feed.subscribe((u) => send(paperStepMessage(u, feed.prices())));
        send({
          type: 'paper-subscribed',
          seq: msg.seq,
          subscribed: msg.subscribe,
          prices: feed.prices().slice(0, MAX_PRICES),
        });
        return;
      }
      session.receive(msg);
    });
    ws.on('close', () => {
      unsubscribe?.();
      session.close();
    });
    ws.on('error', (e) => log(`ws: socket error: ${e.message}`));
  });
  return wss;
}
