// lib/http/gate's decision applied to Node's requests and socket upgrades, in front of Next and /ws,
// plus the session endpoint the sign-in page talks to (it needs the token, which stays here).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, readNodeText } from '../lib/http';
import {
  authenticated,
  clearedSessionCookie,
  decide,
  type GateConfig,
  type GateDecision,
  type GateRequest,
  issueSession,
  SESSION_PATH,
  sessionCookie,
  tokenMatches,
} from '../lib/http/server';

/** Failed sign-ins allowed per minute (all clients together) before the endpoint answers 429. */
const MAX_FAILED_LOGINS = 10;
const MAX_LOGIN_BODY = 4096;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The facts the gate decides on, as the client sent them. */
export function gateRequest(req: IncomingMessage, upgrade = false): GateRequest {
  const length = Number(header(req, 'content-length') ?? '0');
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    host: header(req, 'host'),
    origin: header(req, 'origin'),
    referer: header(req, 'referer'),
    contentType: header(req, 'content-type'),
    hasBody: header(req, 'transfer-encoding') !== undefined || !(length === 0),
    authorization: header(req, 'authorization'),
    cookie: header(req, 'cookie'),
    upgrade,
  };
}

/** Whether the client reached us over https (directly, or through a proxy that says so). */
function secure(req: IncomingMessage): boolean {
  return (
    (req.socket as { encrypted?: boolean }).encrypted === true ||
    header(req, 'x-forwarded-proto')?.split(',')[0].trim() === 'https'
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export interface Gate {
  /** Answers the request itself (refusal, redirect, session endpoint) and returns true, or returns false. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Refuses the upgrade on the socket and returns true, or returns false to let it through. */
  refuseUpgrade(req: IncomingMessage, socket: Duplex): boolean;
}

export function createGate(config: GateConfig, log: (msg: string) => void = () => {}): Gate {
  let failures: number[] = [];

  async function session(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { token } = config;
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET')
      return sendJson(res, 200, {
        required: token !== null,
        signedIn: token === null || authenticated(gateRequest(req), token, Date.now()),
      });
    if (method === 'DELETE')
      return sendJson(res, 200, { signedIn: false }, { 'Set-Cookie': clearedSessionCookie(secure(req)) });
    if (method !== 'POST')
      return sendJson(res, 405, { error: `${method} is not allowed here`, hint: 'use GET, POST or DELETE' });
    if (token === null)
      return sendJson(res, 404, {
        error: 'sign-in is off: this server has no BACKTALK_TOKEN',
        hint: 'nothing to do; the app is open on this machine',
      });
    const now = Date.now();
    failures = failures.filter((t) => now - t < 60_000);
    if (failures.length >= MAX_FAILED_LOGINS)
      return sendJson(
        res,
        429,
        { error: 'too many wrong tokens in the last minute', hint: 'wait a minute, then try again' },
        { 'Retry-After': '60' },
      );
    if (Number(header(req, 'content-length') ?? '0') > MAX_LOGIN_BODY)
      return sendJson(
        res,
        413,
        { error: 'the request body is too large', hint: 'send only {"token": "…"}' },
        {
          Connection: 'close',
        },
      );
    let text: string;
    try {
      text = await readNodeText(req, MAX_LOGIN_BODY);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 413)) throw e;
      return sendJson(res, 413, { error: 'the request body is too large', hint: 'send only {"token": "…"}' });
    }
    let given: unknown;
    try {
      given = (JSON.parse(text) as { token?: unknown } | null)?.token;
    } catch {}
    if (typeof given !== 'string' || given === '')
      return sendJson(res, 400, { error: 'the request has no token', hint: 'send JSON like {"token": "…"}' });
    if (!tokenMatches(given, token)) {
      failures.push(now);
      log(`sign-in refused (wrong token) from ${req.socket.remoteAddress ?? 'unknown'}`);
      return sendJson(res, 401, {
        error: 'that is not the token',
        hint: 'enter the value of BACKTALK_TOKEN set on the server',
      });
    }
    sendJson(
      res,
      200,
      { signedIn: true },
      { 'Set-Cookie': sessionCookie(issueSession(token, now), secure(req)) },
    );
  }

  function answer(res: ServerResponse, d: Exclude<GateDecision, { action: 'pass' }>): void {
    if (d.action === 'redirect') {
      res.writeHead(303, { Location: d.location, 'Cache-Control': 'no-store', 'Content-Length': 0 });
      res.end();
    } else sendJson(res, d.status, { error: d.error, hint: d.hint });
  }

  return {
    async handle(req, res) {
      const d = decide(gateRequest(req), config, Date.now());
      if (d.action !== 'pass') {
        if (d.action === 'refuse' && d.status !== 401) log(`refused ${req.method} ${req.url}: ${d.error}`);
        answer(res, d);
        return true;
      }
      if ((req.url ?? '').split('?')[0] === SESSION_PATH) {
        await session(req, res);
        return true;
      }
      return false;
    },
    refuseUpgrade(req, socket) {
      const d = decide(gateRequest(req, true), config, Date.now());
      if (d.action === 'pass') return false;
      const status = d.action === 'refuse' ? d.status : 401;
      const body = JSON.stringify(d.action === 'refuse' ? { error: d.error, hint: d.hint } : {});
      if (status !== 401) log(`refused an upgrade of ${req.url}: ${d.action === 'refuse' ? d.error : ''}`);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return true;
    },
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
};
