// Shared by the browser tests: a production build of the app (made once, when missing or older than the
// sources), the real server on a free port with its own DuckDB file, and Debian's Chromium driven by
// playwright-core. Screenshots go to artifacts/e2e/ so a failing run can be looked at.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = join(import.meta.dirname, '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');
/** Why browser tests cannot run here, or null when they can. */
export const skipReason: string | null = existsSync(CHROMIUM)
  ? null
  : `browser tests skipped: no Chromium at ${CHROMIUM} (apt install chromium, or set CHROMIUM_PATH)`;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

function buildIsFresh(): boolean {
  const buildId = join(ROOT, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  const sources = ['app', 'lib', 'server', 'next.config.ts', 'package.json'].map((p) => join(ROOT, p));
  return sources.every((p) => !existsSync(p) || newestMtime(p) < built);
}

const LOCK = join(ROOT, '.next-build.lock');

/** Runs `next build` unless .next holds a build newer than every source it is made from. */
export function ensureBuild(): void {
  if (buildIsFresh()) return;
  // Two test runs at once must not build into the same .next: the second waits for the first.
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const stale = existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 15 * 60_000;
      if (stale) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`gave up waiting for ${LOCK} (another build)`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  try {
    if (!buildIsFresh()) build();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function build(): void {
  const r = spawnSync('npx', ['next', 'build'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (r.status !== 0)
    throw new Error(
      `next build failed (exit ${r.status}):\n${r.stdout?.slice(-4000)}\n${r.stderr?.slice(-4000)}`,
    );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface App {
  readonly url: string;
  readonly dbPath: string;
  /** Everything the server printed, for assertions and for failure messages. */
  readonly log: () => string;
  stop(): Promise<void>;
}

/** Starts `npm start`'s server (production mode) on a free port with a fresh DuckDB file. */
export async function startApp(env: Record<string, string> = {}): Promise<App> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'backtalk-e2e-'));
  const dbPath = join(dir, 'backtalk.duckdb');
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      BACKTALK_DB: dbPath,
      BACKTALK_SCHEDULER: 'off',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (!out.includes('ready on')) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, dbPath, log: () => out, stop };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page that fails the test on any uncaught page error, and collects console errors. */
export async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export interface Session {
  readonly app: App;
  readonly browser: Browser;
}

/** Starts the app and a browser before the file's tests and stops both after; read them inside tests. */
export function useSession(env: Record<string, string> = {}): Session {
  let app: App | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  const missing = (what: string) => new Error(`${what} is not started: use the session inside a test`);
  return {
    get app() {
      if (!app) throw missing('the app');
      return app;
    },
    get browser() {
      if (!browser) throw missing('the browser');
      return browser;
    },
  };
}
