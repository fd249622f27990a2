// The workspace socket wired as server/main.ts wires it (createDataLoader → /ws) against files on disk:
// `csv:` sources are read only from the data folder (BACKTALK_DATA_DIR), and errors never echo a file.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../lib/transport';
import { type SocketFactory, WorkspaceClient } from '../lib/transport';
import { requireShared } from '../testing/shared';
import { closeServices, createDataLoader, type DataLoader } from './services';
import { attachWorkspaceSocket } from './ws';

// Fails with what to do when ../shared is missing (testing/shared.ts), never skips.
const GOOG = requireShared('data/GOOG.csv');
const PROGRAM = 'if crossover(sma(close, 5), sma(close, 20)):\n    buy(market, 100%)\n';
const saved = {
  db: process.env.BACKTALK_DB,
  dir: process.env.BACKTALK_DATA_DIR,
  redis: process.env.REDIS_URL,
};

let tmp: string;
let dataDir: string;
let outsideCsv: string;
let server: Server;
let url: string;
let loader: DataLoader;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'bt-sandbox-ws-'));
  dataDir = join(tmp, 'data');
  mkdirSync(dataDir);
  mkdirSync(join(tmp, 'elsewhere'));
  copyFileSync(GOOG, join(dataDir, 'GOOG.csv'));
  outsideCsv = join(tmp, 'elsewhere', 'SECRET.csv');
  copyFileSync(GOOG, outsideCsv);
  symlinkSync(outsideCsv, join(dataDir, 'link.csv'));
  process.env.BACKTALK_DB = join(tmp, 'ws.duckdb');
  process.env.BACKTALK_DATA_DIR = dataDir;
  delete process.env.REDIS_URL; // the in-process cache
  loader = await createDataLoader(() => {});
  server = createServer();
  attachWorkspaceSocket(server, { load: loader.load, cacheKind: loader.cacheKind });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await closeServices();
  for (const [key, value] of [
    ['BACKTALK_DB', saved.db],
    ['BACKTALK_DATA_DIR', saved.dir],
    ['REDIS_URL', saved.redis],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(tmp, { recursive: true, force: true });
});

type Answer =
  | { kind: 'bars'; length: number }
  | { kind: 'error'; error: Extract<ServerMessage, { type: 'error' }> };

/** Opens a workspace on `source` and answers with the first bars or error the server sends. */
function openOn(source: string, ms = 5000): Promise<Answer> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      client.close();
      fail(new Error(`no answer for ${source} within ${ms} ms`));
    }, ms);
    const finish = (a: Answer) => {
      clearTimeout(timer);
      client.close();
      done(a);
    };
    const client = new WorkspaceClient(
      url,
      {
        onReady: () => client.open(PROGRAM, { source }),
        onBars: (bars) => finish({ kind: 'bars', length: bars.close.length }),
        onError: (error) => finish({ kind: 'error', error }),
      },
      ((u: string) => new WebSocket(u)) as unknown as SocketFactory,
    );
  });
}

function expectRefused(a: Answer): string {
  expect(a.kind).toBe('error');
  const { message, hint } = (a as Extract<Answer, { kind: 'error' }>).error;
  const text = `${message}\n${hint ?? ''}`;
  expect(text).not.toMatch(/root:|:0:0:|\/bin\/(ba)?sh/);
  return text;
}

describe('the workspace socket reads csv: files only from the data folder', () => {
  it('refuses /etc/passwd by absolute and by relative path without quoting it', async () => {
    for (const source of [
      'csv:/etc/passwd',
      'csv:../../../etc/passwd',
      `csv:${'../'.repeat(30)}etc/passwd`,
    ]) {
      const text = expectRefused(await openOn(source));
      expect(text, source).toMatch(/data folder/);
    }
  });

  it('refuses a real CSV outside the folder, and a link inside it that leads out', async () => {
    expect(expectRefused(await openOn(`csv:${outsideCsv}`))).toMatch(/outside the data folder/);
    expect(expectRefused(await openOn('csv:link.csv'))).toMatch(/outside the data folder/);
  });

  it('answers csv:/dev/zero with an error at once instead of reading forever', async () => {
    expectRefused(await openOn('csv:/dev/zero'));
    // A device inside the folder is refused too: it is not a regular file.
    symlinkSync('/dev/zero', join(dataDir, 'zero.csv'));
    expectRefused(await openOn('csv:zero.csv'));
  });

  it('serves a CSV in the folder, by name or by absolute path', async () => {
    expect(await openOn('csv:GOOG.csv')).toEqual({ kind: 'bars', length: expect.any(Number) });
    const byPath = await openOn(`csv:${join(dataDir, 'GOOG.csv')}`);
    expect(byPath.kind).toBe('bars');
  });
});
