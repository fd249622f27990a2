// Helpers for the tests that talk to a real Redis: probing, a private redis-server process, cleanup.
// Test-only; not exported from the module.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import type { Redis } from 'ioredis';

/** True when something at host:port answers PING with PONG within waitMs. */
export function redisAnswers(port: number, host = '127.0.0.1', waitMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.once('error', () => finish(false));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
    socket.connect(port, host, () => socket.write('PING\r\n'));
  });
}

export function hasRedisServer(): boolean {
  const r = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function until(check: () => boolean | Promise<boolean>, waitMs: number, what: string): Promise<void> {
  const end = Date.now() + waitMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${waitMs} ms waiting for ${what}`);
}

export { until };

/** A throwaway redis-server without persistence, on a port of the caller's choosing. */
export class RedisProcess {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  static async start(port: number): Promise<RedisProcess> {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await until(() => redisAnswers(port, '127.0.0.1', 200), 5000, `redis-server on port ${port}`);
    return new RedisProcess(port, child, exited);
  }

  /** Sends a signal; for SIGKILL/SIGTERM also waits until the process is gone. */
  async signal(sig: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(sig);
    if (sig === 'SIGKILL' || sig === 'SIGTERM') await this.exited;
  }

  stop(): Promise<void> {
    return this.signal('SIGKILL');
  }
}

/** A namespace unique to one test, so tests never see each other's keys. */
export function testNamespace(): string {
  return `bttest-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key of a namespace. */
export async function dropNamespace(client: Redis, ns: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${ns}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
}
