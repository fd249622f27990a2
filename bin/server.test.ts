// The CLI beside a running app. This test process plays the app: it holds the database (DuckDB lets one
// process open a file) and serves the real route handlers behind the real gate (Host, JSON bodies,
// BACKTALK_TOKEN) over node:http. The CLI runs in a child process, as a user would run it: the commands
// must answer through the app's API, and print exactly what they print when they open the database
// themselves (run again, in this process, once the "app" has let go of the file).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as health from '../app/api/health/route';
import * as runsRoute from '../app/api/runs/route';
import * as scheduleOne from '../app/api/schedules/[id]/route';
import * as schedulesRoute from '../app/api/schedules/route';
import * as strategiesRoute from '../app/api/strategies/route';
import { EXAMPLES } from '../lib/examples';
import { planListen } from '../lib/http/server';
import { createGate } from '../server/gate';
import { closeServices, getStore } from '../server/services';
import { main } from './cli';
import { type Io, processIo } from './io';

const TOKEN = 'cli-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'bt-cli-app-'));
const DB = join(dir, 'app.duckdb');
const saved = { db: process.env.BACKTALK_DB, redis: process.env.REDIS_URL };

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, Record<string, unknown>][] = [
  [/^\/api\/health$/, health],
  [/^\/api\/strategies$/, strategiesRoute],
  [/^\/api\/runs$/, runsRoute],
  [/^\/api\/schedules$/, schedulesRoute],
  [/^\/api\/schedules\/(?<id>[^/]+)$/, scheduleOne],
];

/** What reached the app: method, path and the headers the gate looks at. */
const seen: { method: string; url: string; auth?: string; type?: string; host?: string }[] = [];
let app: Server;
let appPort = 0;

async function serve(req: IncomingMessage, res: import('node:http').ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const path = (req.url ?? '/').split('?')[0];
  for (const [pattern, mod] of ROUTES) {
    const m = pattern.exec(path);
    const handler = m && (mod[req.method ?? 'GET'] as Handler | undefined);
    if (!handler) continue;
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body,
    });
    const answer = await handler(request, { params: Promise.resolve({ ...m.groups }) });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"no such route"}');
}

/** The app: the real gate with a token, then the route handlers. */
async function startApp(): Promise<void> {
  const plan = planListen({ BACKTALK_TOKEN: TOKEN });
  if (!plan.ok) throw new Error(plan.message);
  const gate = createGate(plan.gate);
  app = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      auth: req.headers.authorization,
      type: req.headers['content-type'],
      host: req.headers.host,
    });
    void gate
      .handle(req, res)
      .then((answered) => (answered ? undefined : serve(req, res)))
      .catch((e: Error) => res.writeHead(500).end(e.message));
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  appPort = (app.address() as AddressInfo).port;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}
type Command = { argv: string[]; env?: Record<string, string | undefined> };

// One child process runs a list of commands through the CLI's main (one start-up instead of one each).
const RUNNER = join(dir, 'run-cli.mts');
writeFileSync(
  RUNNER,
  `import { main } from ${JSON.stringify(resolve('bin/cli.ts'))};
import { processIo } from ${JSON.stringify(resolve('bin/io.ts'))};
const out = [];
let id = '';
for (const { argv, env = {} } of JSON.parse(process.argv[2])) {
  const o = [], e = [];
  const io = { ...processIo(), out: (t) => o.push(t), err: (t) => e.push(t), env: { ...process.env, ...env } };
  const code = await main(argv.map((a) => (a === '$ID' ? id : a)), io);
  id = /— id (\\S+)/.exec(o.join(''))?.[1] ?? id;
  out.push({ code, stdout: o.join(''), stderr: e.join('') });
}
process.stdout.write(JSON.stringify(out));
`,
);

/** The app's configuration, as the user's shell would have it. */
const userEnv = () => ({
  ...process.env,
  BACKTALK_DB: DB,
  HOST: '127.0.0.1',
  PORT: String(appPort),
  BACKTALK_TOKEN: TOKEN,
  BACKTALK_URL: '',
  BACKTALK_DEBUG: '',
  REDIS_URL: '',
});

async function inChild(commands: Command[]): Promise<Outcome[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', RUNNER, JSON.stringify(commands)],
    { cwd: process.cwd(), env: userEnv(), maxBuffer: 16 << 20 },
  );
  return JSON.parse(stdout);
}

/** The same commands in this process (the runner's loop; '$ID' is the schedule the last add made). */
async function inProcess(commands: Command[]): Promise<Outcome[]> {
  const results: Outcome[] = [];
  let id = '';
  for (const { argv, env } of commands) {
    const o: string[] = [];
    const e: string[] = [];
    const io: Io = {
      ...processIo(),
      out: (t) => o.push(t),
      err: (t) => e.push(t),
      env: { ...userEnv(), ...env },
    };
    const code = await main(
      argv.map((a) => (a === '$ID' ? id : a)),
      io,
    );
    id = addedId(o.join('')) ?? id;
    results.push({ code, stdout: o.join(''), stderr: e.join('') });
  }
  return results;
}

let alpha: { id: string };
const T0 = Date.UTC(2025, 0, 6, 16, 30);
const MIN = 60_000;

beforeAll(async () => {
  process.env.BACKTALK_DB = DB;
  delete process.env.REDIS_URL;
  const store = await getStore();
  alpha = await store.strategies.create({ name: 'Alpha', kind: 'hand', source: EXAMPLES[0].source });
  const beta = await store.strategies.create({ name: 'Beta', kind: 'hand', source: EXAMPLES[1].source });
  const stats = (r: number, s: number, dd: number, n: number) => ({
    'Return [%]': r,
    'Sharpe Ratio': s,
    'Max. Drawdown [%]': dd,
    '# Trades': n,
  });
  for (const [id, startedAt, status, extra] of [
    [alpha.id, T0, 'ok', { stats: stats(12.5, 1.2345, -8.1, 7), signal: 'enter' as const }],
    [alpha.id, T0 + MIN, 'ok', { stats: stats(13.25, 1.3, -7.9, 8), signal: 'hold' as const }],
    [beta.id, T0 + 2 * MIN, 'failed', { error: 'boom: data source down\nsecond line' }],
    [beta.id, T0 + 3 * MIN, 'ok', { stats: stats(-3, -0.2, -15.5, 2), signal: 'exit' as const }],
  ] as const)
    await store.runs.insert({
      strategyId: id,
      version: 1,
      trigger: 'schedule',
      startedAt,
      finishedAt: startedAt + 1000,
      status,
      ...extra,
    });
  await store.schedules.create({
    strategyId: alpha.id,
    cron: '0 18 * * *',
    timezone: 'UTC',
    label: 'daily at 18:00',
    nextRunAt: T0 + 90 * MIN,
  });
  await startApp();
});

afterAll(async () => {
  await new Promise<void>((r) => (app ? app.close(() => r()) : r()));
  await closeServices();
  for (const [k, v] of [
    ['BACKTALK_DB', saved.db],
    ['REDIS_URL', saved.redis],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

const addedId = (stdout: string) => /— id (\S+)/.exec(stdout)?.[1];
/** Schedule ids are made fresh by each path: the same output with the id in its place. */
function sameIds(results: Outcome[]): Outcome[] {
  const id = results.map((r) => addedId(r.stdout)).find(Boolean);
  return id
    ? results.map((r) => ({
        ...r,
        stdout: r.stdout.replaceAll(id, 'ID'),
        stderr: r.stderr.replaceAll(id, 'ID'),
      }))
    : results;
}

// Every command that needs the database, reads and writes, with failures a user meets; the last ones
// undo the add, so both paths start from the same data.
const COMMANDS: Command[] = [
  { argv: ['runs', 'ls'] },
  { argv: ['runs', 'ls', '--json'] },
  { argv: ['runs', 'ls', 'beta', '--limit', '1'] },
  { argv: ['runs', 'ls', 'nope'] },
  { argv: ['schedule', 'ls'] },
  { argv: ['schedule', 'ls', 'alpha', '--json'] },
  // Already scheduled: refused with the same words either way.
  { argv: ['schedule', 'add', 'Alpha', 'daily at 18:00'] },
  // Yearly, so the next run times cannot move between the two runs of the test.
  { argv: ['schedule', 'add', 'Beta', '0 0 1 1 *', '--tz', 'Europe/London'] },
  { argv: ['schedule', 'ls'] },
  { argv: ['schedule', 'rm', '$ID'] },
  { argv: ['schedule', 'rm', '$ID'] },
  { argv: ['schedule', 'ls', '--json'] },
];
/** Said on stderr only through the app, whose scheduler is off (this test's app runs none). */
const NOTE = /^note: the app at \S+ runs without its scheduler .*\n/m;

// Each test starts a CLI process on a shared machine: many seconds when it is busy.
describe('backtalk beside the running app', { timeout: 180_000 }, () => {
  let viaApp: Outcome[] = [];

  it('answers through the app while it holds the database (before: "the database … is in use")', async () => {
    viaApp = sameIds(await inChild(COMMANDS));
    const [ls, json, beta, nope, sched, , dup, add, sched2, rm, rmAgain, after] = viaApp;
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(
      /2025-01-06T16:33:00Z\s+Beta\s+v1\s+schedule\s+ok\s+-3\.00\s+-0\.200\s+-15\.50\s+2\s+exit\n/,
    );
    expect(ls.stdout).toMatch(/Beta\s+v1\s+schedule\s+failed(\s+—){5}\s+boom: data source down\n/);
    expect(JSON.parse(json.stdout).map((r: { name: string }) => r.name)).toEqual([
      'Beta',
      'Beta',
      'Alpha',
      'Alpha',
    ]);
    expect(beta.stdout.trim().split('\n')).toHaveLength(3);
    expect(nope).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no strategy 'nope'[\s\S]*Beta \(/),
    });
    expect(sched.stdout).toMatch(/Alpha\s+daily at 18:00\s+0 18 \* \* \*\s+yes\s+—\s+2025-01-06T18:00:00Z/);
    expect(dup).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Alpha already runs daily at 18:00'),
    });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(
      /^scheduled Beta: .* \(cron 0 0 1 1 \*, Europe\/London\) — id ID\nnext runs: /,
    );
    expect(add.stderr).toMatch(NOTE);
    expect(sched2.stdout).toMatch(/ID\s+Beta\s+.*0 0 1 1 \*\s+yes/);
    expect(rm).toMatchObject({ code: 0, stdout: 'removed schedule ID (its past runs are kept)\n' });
    expect(rmAgain).toMatchObject({ code: 1, stderr: expect.stringContaining("no schedule 'ID'") });
    expect(JSON.parse(after.stdout)).toHaveLength(1);
    // Through the gate: the token as a bearer header, JSON bodies, a localhost Host.
    const writes = seen.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.url.replace(/\/[^/]+\/?$/, '/…')}`)).toEqual([
      'POST /api/…',
      'DELETE /api/schedules/…',
      'DELETE /api/schedules/…',
    ]);
    expect(writes[0].type).toBe('application/json');
    expect(seen.every((r) => r.auth === `Bearer ${TOKEN}` && r.host === `127.0.0.1:${appPort}`)).toBe(true);
  });

  it('prints the same as when it opens the database itself', async () => {
    expect(viaApp).toHaveLength(COMMANDS.length);
    await closeServices(); // the app lets go of the file
    const direct = sameIds(await inProcess(COMMANDS));
    expect(direct).toEqual(viaApp.map((r) => ({ ...r, stderr: r.stderr.replace(NOTE, '') })));
    await getStore(); // and holds it again
  });

  it('explains what to do when the app is not where the configuration says, or refuses the token', async () => {
    const port = await closedPort();
    // Another Backtalk app (not the process that holds the database) must not answer for it.
    const other = createServer((_req, res) =>
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ app: 'backtalk', pid: 1, scheduler: true })),
    );
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const [away, noToken, wrongToken, badUrl, jobs, chat, another, advice, undo] = await inChild([
      { argv: ['runs', 'ls'], env: { PORT: String(port) } },
      { argv: ['schedule', 'ls'], env: { BACKTALK_TOKEN: '' } },
      { argv: ['schedule', 'ls'], env: { BACKTALK_TOKEN: 'not-the-token-at-all' } },
      { argv: ['runs', 'ls'], env: { BACKTALK_URL: 'ftp://example' } },
      // The app runs no scheduler here: `jobs` says so and ends instead of waiting for Ctrl-C.
      { argv: ['jobs'] },
      { argv: ['chat', '--offline'] },
      { argv: ['runs', 'ls'], env: { BACKTALK_URL: otherUrl } },
      // What the Reports page shows when nothing is scheduled yet, with the app running.
      { argv: ['schedule', 'add', alpha.id, 'weekdays at 16:30 New York'] },
      { argv: ['schedule', 'rm', '$ID'] },
    ]).finally(() => new Promise<void>((r) => other.close(() => r())));
    expect(away.code).toBe(1);
    expect(away.stderr).toContain(
      `the database ${DB} is in use by another process (PID ${process.pid}), and no Backtalk app answers at http://127.0.0.1:${port}`,
    );
    expect(away.stderr).toMatch(
      /hint: if it is the app, say where it listens: BACKTALK_URL=.*otherwise stop that process/,
    );
    expect(noToken).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/needs its sign-in token\n.*set BACKTALK_TOKEN/),
    });
    expect(wrongToken).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('does not accept BACKTALK_TOKEN'),
    });
    expect(badUrl).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("BACKTALK_URL is 'ftp://example'"),
    });
    expect(jobs).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `the app at http://127.0.0.1:${appPort} holds the database and runs without its scheduler`,
      ),
    });
    expect(chat).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/holds the database[\s\S]*chat in the app at/),
    });
    expect(another).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`(PID ${process.pid}), not by the app at ${otherUrl} (PID 1)`),
    });
    expect(advice.code, advice.stderr).toBe(0);
    expect(advice.stdout).toContain('scheduled Alpha: weekdays at 16:30 America/New_York');
    expect(undo.code).toBe(0);
  });

  it('runs from the installed command too', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/backtalk.mjs', 'runs', 'ls', 'alpha'],
      {
        cwd: process.cwd(),
        env: userEnv(),
      },
    );
    expect(stdout).toMatch(/Alpha\s+v1\s+schedule\s+ok\s+13\.25\s+1\.300\s+-7\.90\s+8\s+hold/);
  });
});
